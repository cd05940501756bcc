"""The Author form: a question as fields beside its TOML, each side following the other."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.ui.context import UiContext
from app.ui.pages.author import TEMPLATE, AuthorPage
from app.ui.pages.author_form_fields import NumberGrid
from questions.packs import read_pack
from tests.questions.packs.test_matrix_item import ASKED as ASKED_PACK
from tests.questions.packs.test_matrix_item import HEAD

EXAMPLE = Path(__file__).parents[3] / "examples" / "packs" / "backprop-basics.toml"
MATRIX = """
[[question]]
id = "dw"
type = "matrix"
topic = "batches"
prompt = "What is $\\\\partial L / \\\\partial W$?"
value = [[0.125, -0.5, 1.25], [2.0, 0.0, -0.0375]]
sigfigs = 3

  [[question.mistake]]
  mistake = "transposed"
  value = [[0.125, 2.0], [-0.5, 0.0], [1.25, -0.0375]]
"""
IDS = {
    "choice": "what-it-computes",
    "numeric": "sigmoid-slope-max",
    "network": "mazur-w5",
    "family": "practice-output-gradients",
    "matrix": "dw",
}


@pytest.fixture
def page(qtbot, themed) -> AuthorPage:
    widget = AuthorPage(UiContext(None, None, {}))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.files.set_text(EXAMPLE.read_text(encoding="utf-8") + MATRIX, None)
    widget.validate_now()
    assert not widget.problems
    return widget


def pick(page: AuthorPage, question_id: str) -> QWidget:
    """Choose a question in the form's list; its fields."""
    ids = [item.id for item in page.pack.items]
    page.form.picker.setCurrentRow(ids.index(question_id))
    assert page.form.fields is not None
    return page.form.fields


def retype(qtbot, field: QLineEdit, text: str) -> None:
    """Replace a line's text as a person does: select it all and type."""
    field.selectAll()
    qtbot.keyClicks(field, text)


def named(fields: QWidget, name: str) -> QWidget:
    return next(w for w in fields.findChildren(QWidget) if w.accessibleName() == name)


def test_the_form_is_the_first_tab_beside_the_toml(page) -> None:
    assert page.tabs.widget(0) is page.form
    assert page.tabs.tabText(0) == "For&m"
    assert page.form.picker.count() == 7
    assert page.form.picker.item(3).text() == "mazur-w5  (network)"


def test_a_form_edit_rewrites_just_that_question_and_the_pack_validates(page, qtbot) -> None:
    before = page.editor.toPlainText()
    fields = pick(page, "sigmoid-slope-max")
    retype(qtbot, fields.value, "0.5")
    text = page.editor.toPlainText()
    assert "value = 0.5\n" in text and "value = 0.25" not in text
    start = before.index('[[question]]\nid = "sigmoid-slope-max"')
    assert text[:start] == before[:start]
    assert text.endswith(before[before.index('[[question]]\nid = "mazur-w5"') :])
    page.validate_now()
    assert not page.problems
    assert page.pack.items[2].value == 0.5


def test_a_form_edit_is_one_undoable_edit(page, qtbot) -> None:
    before = page.editor.toPlainText()
    fields = pick(page, "mazur-w5")
    named(fields, "Layer 2 activation").setCurrentText("tanh")
    assert 'activation = "tanh"' in page.editor.toPlainText()
    page.editor.undo()
    assert page.editor.toPlainText() == before


def test_a_toml_edit_updates_the_form(page) -> None:
    fields = pick(page, "sigmoid-slope-max")
    text = page.editor.toPlainText().replace("sigfigs = 2\n", "sigfigs = 4\n", 1)
    text = text.replace("What is the largest value", "Which value is the largest", 1)
    page.editor.setPlainText(text)
    page.validate_now()
    fields = page.form.fields
    assert fields.prompt.box.toPlainText().startswith("Which value is the largest")
    assert named(fields, "Significant figures").value() == 4


def test_typing_in_a_field_keeps_the_field_when_the_toml_is_validated(page, qtbot) -> None:
    fields = pick(page, "what-it-computes")
    fields.prompt.box.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(fields.prompt.box, " Really?")
    page.validate_now()
    assert page.form.fields is fields
    assert page.pack.items[0].prompt == "What does backpropagation compute? Really?"


def test_the_prompt_preview_typesets_its_math(page, qtbot) -> None:
    fields = pick(page, "sigmoid-slope-max")
    fields.prompt.box.setPlainText("Take $\\frac{a}{b}$ now")
    assert "Take" in fields.prompt.preview.text() and "$" not in fields.prompt.preview.text()
    assert page.pack is not None


@pytest.mark.parametrize("kind", list(IDS))
def test_each_question_type_round_trips_through_the_form(page, qtbot, kind: str) -> None:
    """load -> form -> write -> load: the same question (the id retyped forces a write)."""
    qid = IDS[kind]
    index = [item.id for item in page.pack.items].index(qid)
    original = page.pack.items[index]
    fields = pick(page, qid)
    retype(qtbot, fields.id_edit, qid)
    assert page.editor.document().isUndoAvailable()
    page.validate_now()
    assert not page.problems
    assert page.pack.items[index] == original


def test_choices_are_added_filled_in_and_removed(page, qtbot) -> None:
    fields = pick(page, "what-it-computes")
    fields.add_button.click()
    fields = page.form.fields
    qtbot.keyClicks(named(fields, "Text of choice 4"), "The learning rate")
    qtbot.keyClicks(named(fields, "Why choice 4 is right or wrong"), "That is chosen by hand.")
    page.validate_now()
    choices = page.pack.items[0].choices
    assert len(choices) == 4 and choices[3].text == "The learning rate"
    assert choices[3].explanation == "That is chosen by hand." and not choices[3].correct
    named(fields, "Remove choice 2").click()
    page.validate_now()
    assert not page.problems
    assert [c.text for c in page.pack.items[0].choices][1:] == [
        "The loss of the network on one example",
        "The learning rate",
    ]


def test_marking_a_second_right_choice_asks_for_multiple(page) -> None:
    fields = pick(page, "what-it-computes")
    named(fields, "Choice 2 is right").setChecked(True)
    page.validate_now()
    assert "set multiple = true" in page.problems[0].message
    next(c for c in fields.findChildren(QCheckBox) if "Several" in c.text()).setChecked(True)
    page.validate_now()
    assert not page.problems and page.pack.items[0].multiple


def test_the_network_tables_reshape_with_the_units(page) -> None:
    fields = pick(page, "mazur-w5")
    named(fields, "Number of inputs").setValue(3)
    named(fields, "Units in layer 2").setValue(1)
    page.validate_now()
    assert not page.problems, page.problems
    spec = page.pack.items[3].spec
    assert spec.layer_sizes == (3, 2, 1)
    assert spec.layers[0].weights[0] == (0.15, 0.2, 0.0) and spec.targets == (0.01,)


def test_a_layer_is_added_and_removed(page) -> None:
    fields = pick(page, "mazur-w5")
    named(fields, "Add a layer").click()
    page.validate_now()
    assert not page.problems and len(page.pack.items[3].spec.layers) == 3
    named(page.form.fields, "Remove the last layer").click()
    page.validate_now()
    assert page.pack.items[3].spec.layers[1].weights == ((0.4, 0.45), (0.5, 0.55))


def test_family_and_level_are_chosen_from_the_registry(page) -> None:
    fields = pick(page, "practice-output-gradients")
    family = named(fields, "Family")
    assert isinstance(family, QComboBox) and family.currentData() == "output-weight-gradient"
    family.setCurrentIndex(family.findData("neuron-gradient"))
    named(fields, "Level").setCurrentIndex(0)
    named(fields, "How many variants").setValue(5)
    page.validate_now()
    item = page.pack.items[5]
    assert (item.family, item.level, item.count) == ("neuron-gradient", 1, 5)


def test_the_matrix_answer_is_a_grid_that_reshapes(page, qtbot) -> None:
    fields = pick(page, "dw")
    grid = fields.findChild(NumberGrid)
    assert grid.shape() == (2, 3) and grid.cells[1][2].text() == "-0.0375"
    retype(qtbot, grid.cells[0][0], "9.5")
    named(fields, "Rows").setValue(3)
    page.validate_now()
    assert page.pack.items[6].value == ((9.5, -0.5, 1.25), (2.0, 0.0, -0.0375), (0.0, 0.0, 0.0))


def test_a_cell_that_is_not_a_number_is_named_and_not_written(page, qtbot) -> None:
    fields = pick(page, "dw")
    before = page.editor.toPlainText()
    retype(qtbot, fields.findChild(NumberGrid).cells[1][0], "two")
    assert page.editor.toPlainText() == before
    assert page.form.note.text() == "Answer: row 2, column 1 is not a number ('two')"


def test_toml_that_cannot_be_read_pauses_the_form(page) -> None:
    page.editor.setPlainText(page.editor.toPlainText() + "\n[[question]\n")
    page.validate_now()
    assert not page.form.scroll_area.isEnabled()
    assert page.form.note.text().startswith("The TOML cannot be read")


def test_every_field_is_in_the_tab_order_and_labelled(page) -> None:
    for qid in IDS.values():
        fields = pick(page, qid)
        inputs = [
            w
            for w in fields.findChildren(QWidget)
            if isinstance(w, QLineEdit | QPlainTextEdit | QSpinBox | QComboBox | QCheckBox)
            and not isinstance(w.parentWidget(), QSpinBox | QComboBox)
        ]
        chain, widget = [], fields.id_edit
        for _ in range(500):
            chain.append(widget)
            widget = widget.nextInFocusChain()
        for field in inputs:
            assert field in chain, field.accessibleName()
            assert field.focusPolicy() & Qt.FocusPolicy.TabFocus, field.accessibleName()
            assert field.accessibleName(), type(field).__name__


def test_the_new_pack_template_validates_as_written() -> None:
    pack = read_pack(TEMPLATE)
    assert pack.id == "my-pack" and len(pack.items) == 1


ASKED = ASKED_PACK[len(HEAD) :].replace(
    'id = "dw"', 'id = "grad-w"'
)  # a matrix question whose answer a tensor script computes


def test_a_matrix_the_engine_computes_edits_its_node_and_script(page, qtbot) -> None:
    page.files.set_text(page.editor.toPlainText() + ASKED, None)
    page.validate_now()
    original = page.pack.items[7]
    fields = pick(page, "grad-w")
    assert named(fields, "Asked node of the script").text() == "W"
    retype(qtbot, fields.id_edit, "grad-w")
    page.validate_now()
    assert not page.problems and page.pack.items[7] == original
    assert "\n  [question.script]\n" in page.editor.toPlainText()
    named(fields, "Script text").setPlainText("loss = ((X @ W) ** 2).sum()")
    page.validate_now()
    assert not page.problems
    assert page.pack.items[7].value[0][0] == pytest.approx(4 * original.value[0][0])


MENUS_AND_TABS = set("fghmpikq")
"""Alt+ letters taken: File, Go, Help; the Form, Preview, Import and Pack tabs; Question."""


def test_no_two_mnemonics_of_a_form_share_a_letter(page) -> None:
    page.files.set_text(page.editor.toPlainText() + ASKED, None)
    page.validate_now()
    for qid in [*IDS.values(), "grad-w"]:
        fields = pick(page, qid)
        widgets = [*fields.findChildren(QLabel), *fields.findChildren(QAbstractButton)]
        texts = [w.text() for w in widgets if "&" in w.text()]
        letters = [text[text.index("&") + 1].lower() for text in texts]
        assert len(set(letters)) == len(letters), (qid, texts)
        assert not set(letters) & MENUS_AND_TABS, (qid, texts)
