"""The Progress page's drill-down: pick a topic, see its skills' recall and its latest answers."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from app.ui.models import percent, topic_title
from app.ui.theme import current_colors


def skill_name(skill: str) -> str:
    """A skill as a learner reads it: "chain-rule/L2" is "chain-rule, level 2", a bank
    question "pack:bank/losses-03" is "losses-03", a pack's question names its pack."""
    if skill.startswith("pack:"):
        pack, _, question = skill[5:].partition("/")
        return question if pack == "bank" else f"{question} ({pack})"
    family, _, level = skill.rpartition("/L")
    return f"{family}, level {level}" if family and level.isdigit() else skill


def detail_html(detail: Any) -> str:
    """A topic's skills (recall now, reviews, lapses) and latest answers, as two tables."""
    c = current_colors()
    head = f'style="color:{c.muted}" align="left"'
    skills = "".join(
        f"<tr><td>{escape(skill_name(s.skill))}</td><td align='right'>{percent(s.recall)}</td>"
        f"<td align='right'>{s.reps}</td><td align='right'>{s.lapses}</td></tr>"
        for s in detail.skills
    )
    answers = "".join(
        f"<tr><td>{at:%d %b %H:%M}</td><td>{escape(skill_name(skill))}</td>"
        f"<td style='color:{c.right if right else c.wrong}'>{'right' if right else 'wrong'}</td>"
        f"<td align='right'>{seconds:.0f} s</td></tr>"
        for at, skill, right, seconds in detail.recent
    )
    left = (
        f"<table cellpadding='3'><tr><th {head}>Skill</th><th {head}>Recall now</th>"
        f"<th {head}>Reviews</th><th {head}>Lapses</th></tr>{skills}</table>"
        if skills
        else "<p>No skills on offer in this topic.</p>"
    )
    right_side = (
        f"<table cellpadding='3'><tr><th {head}>Answered</th><th {head}>Skill</th>"
        f"<th {head}>Result</th><th {head}>Time</th></tr>{answers}</table>"
        if answers
        else "<p>No answers in this topic yet.</p>"
    )
    return (
        f"<table width='100%'><tr><td valign='top'>{left}</td>"
        f"<td valign='top'>{right_side}</td></tr></table>"
    )


class TopicDrillDown(QWidget):
    """A topic chooser and the chosen topic's skills and latest answers."""

    def __init__(self) -> None:
        super().__init__()
        self.details: dict[str, Any] = {}
        self.topic_box = QComboBox()
        self.topic_box.setAccessibleName("Topic to look into")
        self.topic_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.topic_box.currentIndexChanged.connect(self._show)
        label = QLabel("&Topic in detail:")
        label.setBuddy(self.topic_box)
        self.view = QTextBrowser()
        self.view.setAccessibleName("Skills and latest answers of the topic")
        self.view.setMaximumHeight(170)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.topic_box)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addLayout(row)
        column.addWidget(self.view)

    def set_details(self, details: dict[str, Any]) -> None:
        """Offer these topics (a services.statistics.TopicDetail each), keeping the choice."""
        chosen = self.topic_box.currentData()
        self.details = details
        self.topic_box.blockSignals(True)
        self.topic_box.clear()
        for topic in details:
            self.topic_box.addItem(topic_title(topic), topic)
        index = self.topic_box.findData(chosen)
        self.topic_box.setCurrentIndex(max(index, 0))
        self.topic_box.blockSignals(False)
        self._show()

    def show_topic(self, topic: str) -> None:
        """Look into one topic."""
        self.topic_box.setCurrentIndex(self.topic_box.findData(topic))

    def _show(self) -> None:
        detail = self.details.get(self.topic_box.currentData())
        self.view.setHtml(detail_html(detail) if detail is not None else "")
