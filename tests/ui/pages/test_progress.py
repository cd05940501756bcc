"""Progress: plots drawn from the statistics, loaded off the GUI thread, updated after answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services import open_services
from app.services.statistics import ProgressStats, Series
from app.ui.context import UiContext
from app.ui.pages.progress import ProgressPage
from app.ui.pages.progress_topic import skill_name
from questions.model import TOPICS
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
    titles = [ax.get_title() or ax.get_title(loc="right") for ax in page.figure.axes]
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


@pytest.mark.parametrize("size", [(1100, 760), (820, 660)])  # 820x660: a 1024x700 window
def test_topic_names_sit_above_their_bars_never_over_them(qtbot, page, context, size) -> None:
    page.resize(*size)
    answer(context, True)
    load(qtbot, page)
    mastery = page.figure.axes[1]
    renderer = page.figure.canvas.get_renderer()
    names = [t for t in mastery.texts if t.get_visible()]
    bars = [bar.get_window_extent(renderer) for bar in mastery.patches]
    assert len(names) == len(bars) == len(TOPICS)
    for name in names:
        box = name.get_window_extent(renderer)
        assert not any(box.overlaps(bar) for bar in bars), name.get_text()


def stats_over(days: int) -> ProgressStats:
    """Statistics with one answer a day over `days` days, a few mistakes and reviews due."""
    first = date(2026, 1, 1)
    span = [first + timedelta(days=k) for k in range(days)]
    return ProgressStats(
        accuracy=Series(span, [0.5] * days, "day", "share right", {"attempts": [2] * days}),
        mastery=Series(list(TOPICS), [0.4] * len(TOPICS), "topic", "mastery"),
        due=Series(list(range(31)), [k % 3 for k in range(31)], "day", "reviews due"),
        time_per_question=Series(
            list(range(5)),
            [12.0, 30.0, 8.0, 50.0, 20.0],
            "answered at",
            "seconds",
            {"correct": [True, False, True, True, False], "topic": ["losses"] * 5},
        ),
        mistakes=Series(["sign flipped", "slope left out"], [3, 1], "mistake", "times made"),
    )


@pytest.mark.parametrize("days", [1, 7, 365])
def test_date_labels_never_repeat_at_any_span(qtbot, page, days) -> None:
    page._ensure_canvas()
    page.show_stats(stats_over(days))
    accuracy = page.figure.axes[0]
    low, high = accuracy.get_xlim()
    labels = [
        tick.get_text()
        for tick, place in zip(accuracy.get_xticklabels(), accuracy.get_xticks(), strict=True)
        if low <= place <= high
    ]
    assert labels and len(labels) == len(set(labels))


def test_counts_have_whole_number_ticks_and_colours_a_legend(qtbot, page) -> None:
    page._ensure_canvas()
    page.show_stats(stats_over(7))
    due, times, mistakes = page.figure.axes[2], page.figure.axes[3], page.figure.axes[4]
    for ticks in (due.get_yticks(), mistakes.get_xticks(), times.get_xticks()):
        assert all(float(t).is_integer() for t in ticks)
    legend = times.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["right", "wrong"]


def test_no_label_is_clipped_at_1024_wide(qtbot, page) -> None:
    page.resize(1024 - 206, 640)
    page._ensure_canvas()
    page.show_stats(stats_over(30))
    qtbot.wait(50)
    page.canvas.draw()
    renderer = page.canvas.get_renderer()
    box = page.figure.bbox
    texts = [*page.figure.texts]
    for ax in page.figure.axes:
        drawn = [*ax.xaxis._update_ticks(), *ax.yaxis._update_ticks()]  # ticks in view only
        texts += [tick.label1 for tick in drawn]
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        if ax.get_legend():
            texts += ax.get_legend().get_texts()
    texts = [t for t in texts if t.get_visible() and t.get_text()]
    clipped = [
        t.get_text()
        for t in texts
        if not (
            box.x0 - 1 <= t.get_window_extent(renderer).x0
            and t.get_window_extent(renderer).x1 <= box.x1 + 1
            and box.y0 - 1 <= t.get_window_extent(renderer).y0
            and t.get_window_extent(renderer).y1 <= box.y1 + 1
        )
    ]
    assert clipped == []


def test_a_topic_drill_down_shows_its_skills_and_latest_answers(qtbot, page, context) -> None:
    answer(context, True)
    answer(context, False)
    load(qtbot, page)
    attempted = next(t for t, d in page.stats.topics.items() if d.recent)
    page.drill.show_topic(attempted)
    text = page.drill.view.toPlainText()
    detail = page.stats.topics[attempted]
    assert "Recall now" in text
    assert all(skill_name(s.skill) in text for s in detail.skills)
    assert "right" in text and "wrong" in text
