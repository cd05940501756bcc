"""What the page tests share: a clock they move by hand, and Ada's services on two families."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.services import open_services
from app.services.content import Content
from app.ui.context import UiContext
from tests.services.helpers import START, Clock


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def context(tmp_path, themed, clock) -> Iterator[UiContext]:
    content = Content(authored=[], families=["output-weight-gradient", "neuron-gradient"])
    services = open_services(f"sqlite:///{tmp_path / 'p.sqlite3'}", clock, content=content)
    yield UiContext(services, services.create_profile("Ada"), {})
    services.close()
