"""The Author page's preview: any question of the pack exactly as a learner sees it.

A QuestionView in its grade_locally mode shows the chosen question; it can be answered and
its feedback and worked solution read. "Another variant" draws the next variant of a
network question (nudged weights) or of a family question (the next seed); choice and
numeric questions have one form only. Nothing here touches the database.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.shortcuts import bind
from app.ui.widgets.answer_entry import set_role
from app.ui.widgets.question_view import QuestionView
from questions import registry
from questions.model import Question
from questions.packs import Pack
from questions.packs.expand import authored_question, family_seeds
from questions.packs.model import FamilyItem, NetworkItem, PackItem
from questions.packs.network import NetworkQuestionError, pack_question, variant_questions

KINDS = {
    "ChoiceItem": "choice",
    "NumericItem": "numeric",
    "NetworkItem": "network",
    "MatrixItem": "matrix",
}


def has_variants(item: PackItem) -> bool:
    """True for the question types that are drawn afresh: network and family."""
    return isinstance(item, NetworkItem | FamilyItem)


def item_label(item: PackItem) -> str:
    """How the chooser names a pack question: its id and type."""
    kind = KINDS.get(type(item).__name__, "family")
    if isinstance(item, FamilyItem):
        kind = f"family {item.family}, level {item.level}"
    return f"{item.id}  ({kind})"


def preview_question(pack: Pack, item: PackItem, draw: int = 0) -> Question:
    """The question a learner gets for an item: draw 0 is the pack's own, 1, 2... variants."""
    if isinstance(item, NetworkItem):
        if draw == 0:
            return pack_question(pack.id, pack.version, pack.title, item)
        return variant_questions(pack.id, pack.version, pack.title, item, 1, draw)[0]
    if isinstance(item, FamilyItem):  # the draw-th seed of the pack's own (export seed 0)
        seed = family_seeds(pack, item, draw + 1, 0)[draw]
        return registry.family(item.family).question(item.level, seed)
    return authored_question(pack, item)


class PackPreview(QWidget):
    """A chooser of the pack's questions, "Another variant", and the question as learners see it."""

    def __init__(self) -> None:
        super().__init__()
        self.pack: Pack | None = None
        self.draw = 0
        self._note_stale = False
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Question to preview")
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(18)
        label = QLabel("&Question")
        label.setBuddy(self.chooser)
        self.variant_button = QPushButton("Another &variant")
        self.variant_button.setAccessibleName("Draw another variant of this question")
        self.variant_button.setToolTip("Ctrl+R")
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setAccessibleName("About this preview")
        set_role(self.note, "muted")
        self.view = QuestionView(grade_locally=True)
        self.view.setAccessibleName("Preview of the question")
        self.view.ui.title.setTextFormat(Qt.TextFormat.PlainText)  # the pack's title, as written

        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.chooser, 1)
        row.addWidget(self.variant_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)

        self.chooser.currentIndexChanged.connect(self._chosen)
        self.variant_button.clicked.connect(self.another_variant)
        self.view.another_variant_requested.connect(self.another_variant)
        self.view.next_requested.connect(self.next_question)
        bind("author.variant", self, self.another_variant)

    def item(self) -> PackItem | None:
        """The pack question chosen."""
        index = self.chooser.currentIndex()
        if self.pack is None or not 0 <= index < len(self.pack.items):
            return None
        return self.pack.items[index]

    def set_pack(self, pack: Pack | None, stale: bool = False) -> None:
        """Show this pack's questions, keeping the one chosen (and its variant) if it is still
        there; `stale` says the editor's text has problems and this is its last valid form."""
        chosen = self.item()
        self.pack = pack
        items = pack.items if pack else ()
        ids = [item.id for item in items]
        keep = chosen is not None and chosen.id in ids
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([item_label(item) for item in items])
        self.chooser.setCurrentIndex(ids.index(chosen.id) if keep and chosen else 0)
        self.chooser.blockSignals(False)
        if not keep:
            self.draw = 0
        self._note_stale = stale
        self.show_chosen()

    def _chosen(self, _index: int) -> None:
        self.draw = 0
        self.show_chosen()

    def another_variant(self) -> None:
        """Draw the next variant of a network or family question."""
        item = self.item()
        if item is not None and has_variants(item):
            self.draw += 1
            self.show_chosen()

    def next_question(self) -> None:
        """What Next does in the preview: the following pack question (the first after the last)."""
        count = self.chooser.count()
        if count:
            self.chooser.setCurrentIndex((self.chooser.currentIndex() + 1) % count)

    def show_chosen(self) -> None:
        """Show the chosen question at the current draw (unchanged questions are left as they are,
        so an answer in progress survives an edit elsewhere in the pack)."""
        item, pack = self.item(), self.pack
        self.variant_button.setEnabled(item is not None and has_variants(item))
        self.view.set_variant_available(item is not None and has_variants(item))
        if item is None or pack is None:
            self.note.setText("The preview shows a question once the pack has no problems.")
            self.view.hide()
            return
        try:
            question = preview_question(pack, item, self.draw)
        except NetworkQuestionError as error:
            self.note.setText(f"This variant cannot be made: {error}")
            return
        self.view.show()
        what = "The pack's own numbers." if self.draw == 0 else f"Variant {self.draw}."
        if not has_variants(item):
            what = "Every learner sees this question as written."
        elif isinstance(item, FamilyItem):
            what = f"Variant {self.draw + 1} of the {item.count} the pack asks for."
            if self.draw >= item.count:
                what = f"Variant {self.draw + 1}: exports with more variants draw these too."
        if self._note_stale:
            what = "The pack has problems: this is its last version without any. " + what
        self.note.setText(what)
        if question != self.view.question():
            self.view.set_question(question)
