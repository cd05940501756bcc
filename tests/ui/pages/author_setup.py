"""What the Author page tests share: Ada's own services and the page shown at desktop size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.services import open_services
from app.ui.context import UiContext
from app.ui.pages.author import AuthorPage

EXAMPLE = Path(__file__).parents[3] / "examples" / "packs" / "backprop-basics.toml"


@contextmanager
def author_context(folder: Path) -> Iterator[UiContext]:
    """Ada's services on a database in `folder`, with the study pool as packs fill it."""
    services = open_services(f"sqlite:///{folder / 'p.sqlite3'}")
    yield UiContext(services, services.create_profile("Ada"), {})
    services.close()


def shown_page(qtbot, context: UiContext) -> AuthorPage:
    """The Author page on screen at 1280 x 800, refreshed as the window does on showing it."""
    page = AuthorPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    return page
