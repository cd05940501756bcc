"""Progress: plots drawn from the statistics, loaded off the GUI thread, updated after answers."""

from __future__ import annotations

import pytest

from app.services import open_services
from app.ui.context import UiContext
from app.ui.pages.progress import ProgressPage
from tests.services.helpers import START, Clock, right_response, wrong_response


@pytest.fixture
def context(tmp_path, themed):
    services = open_services(f"sqlite:///{tmp_path / 'p.sqlite3'}", now=Clock(START))
    yield UiContext(services, services.create_profile("Ada"), {})
    services.close()


@pytest.fixture
def page(qtbot, context) -> ProgressPage:
    page = ProgressPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def load(qtbot, page: ProgressPage) -> None:
    with qtbot.waitSignal(page.drawn, timeout=20000):
        page.refresh()
        assert page.busy.isVisible()  # loading on a pool thread
    assert not page.busy.isVisible()


def answer(context, right: bool) -> None:
    session = context.services.study(context.profile.id)
    question = session.next()
    session.submit(right_response(question) if right else wrong_response(question))


def test_a_new_learner_sees_empty_plots_and_says_so(qtbot, page) -> None:
    load(qtbot, page)
    assert page.summary.text().startswith("Answer some questions")
    titles = [ax.get_title() for ax in page.figure.axes]
    assert titles == [
        "Share right per day",
        "Mastery per topic",
        "Reviews due (30 days)",
        "Seconds per answer",
        "Top mistakes",
    ]
    assert all(bar.get_width() == 0 for bar in page.figure.axes[1].patches)


def test_the_plots_update_after_answers(qtbot, page, context) -> None:
    load(qtbot, page)
    answer(context, True)
    answer(context, False)
    load(qtbot, page)
    assert page.summary.text().startswith("2 answers over 1 day")
    accuracy = page.figure.axes[0].lines[0]
    assert list(accuracy.get_ydata()) == [0.5]
    assert max(bar.get_width() for bar in page.figure.axes[1].patches) > 0
    assert len(page.figure.axes[3].collections[0].get_offsets()) == 2


def test_the_plots_follow_the_theme(qtbot, page) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui import theme

    theme.apply_theme(QApplication.instance(), dark=True)
    try:
        load(qtbot, page)
        assert page.figure.get_facecolor()[:3] == pytest.approx(
            (0x27 / 255, 0x2B / 255, 0x31 / 255)
        )
    finally:
        theme.apply_theme(QApplication.instance(), dark=False)


def test_a_diagnosed_mistake_gets_a_named_bar(qtbot, tmp_path, themed) -> None:
    from app.services.content import Content
    from questions.mistakes import MISTAKES
    from tests.services.helpers import mistaken_response

    content = Content(authored=[], families=["output-weight-gradient"])
    with open_services(f"sqlite:///{tmp_path / 'm.sqlite3'}", Clock(START), content=content) as s:
        context = UiContext(s, s.create_profile("Ada"), {})
        session = s.study(context.profile.id)
        value, mistake = mistaken_response(session.next())
        session.submit(repr(value))
        page = ProgressPage(context)
        qtbot.addWidget(page)
        page.resize(1100, 760)  # the page at 1280x800, beside the navigation
        page.show()
        load(qtbot, page)
        axes = page.figure.axes[4]
        assert [bar.get_width() for bar in axes.patches] == [1]
        shown = [t.get_text() for t in axes.texts if t.get_visible()]
        assert shown == [MISTAKES[mistake].name]  # above its bar, whole at this size
        assert page.mistakes.text() == f"Most frequent mistakes: {MISTAKES[mistake].name} (1)."


def test_topic_names_sit_above_their_bars_never_over_them(qtbot, page, context) -> None:
    page.resize(1100, 760)
    answer(context, True)
    load(qtbot, page)
    mastery = page.figure.axes[1]
    renderer = page.figure.canvas.get_renderer()
    names = [t for t in mastery.texts if t.get_visible()]
    bars = [bar.get_window_extent(renderer) for bar in mastery.patches]
    assert len(names) == len(bars) == 11
    for name in names:
        box = name.get_window_extent(renderer)
        assert not any(box.overlaps(bar) for bar in bars), name.get_text()
