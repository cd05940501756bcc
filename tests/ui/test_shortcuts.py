"""The one table of shortcuts: ids, binding, and the sheet made from it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from app.ui.shortcuts import SHORTCUTS, bind, page_shortcuts, sheet_rows, shortcut


def test_ids_are_unique_and_every_row_says_where_and_what() -> None:
    ids = [row.id for row in SHORTCUTS]
    assert len(ids) == len(set(ids))
    assert all(row.keys and row.where and row.what for row in SHORTCUTS)


def test_the_sheet_lists_the_keys_learners_asked_about() -> None:
    keys = {(keys, where) for keys, where, _what in sheet_rows([("home", "Home")])}
    for wanted in [
        ("Ctrl+1", "Everywhere"),
        ("PgUp", "Exam"),
        ("PgDn", "Exam"),
        ("Ctrl+F", "Exam"),
        ("Ctrl+Enter", "Exam"),
        ("F8", "Workbench"),
        ("Ctrl+R", "Author"),
        ("A", "Study guide"),
        ("H", "A question"),
        ("S", "After answering"),
        ("V", "After answering"),
        ("1–9", "A question"),
        ("1–4", "After answering"),
        ("Ctrl+K", "Everywhere"),
        ("Enter", "Practice setup"),
    ]:
        assert wanted in keys


def test_rows_are_grouped_by_where_they_work() -> None:
    wheres = [where for _keys, where, _what in sheet_rows([("home", "Home")])]
    groups = [w for i, w in enumerate(wheres) if i == 0 or wheres[i - 1] != w]
    assert len(groups) == len(set(groups))


def test_bind_makes_one_shortcut_per_key_sequence_named_by_its_id(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    made = bind("exam.submit", widget, lambda: None)
    assert [m.key().toString() for m in made] == ["Ctrl+Return", "Ctrl+Enter"]
    assert {m.objectName() for m in made} == {"exam.submit"}


def test_keys_read_by_a_key_handler_cannot_be_bound_twice(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    with pytest.raises(ValueError, match="read by a key handler"):
        bind("question.hint", widget, lambda: None)
    with pytest.raises(KeyError, match="no shortcut 'nothing'"):
        shortcut("nothing")


def test_pages_get_ctrl_1_to_9_in_navigation_order() -> None:
    pages = [(f"p{i}", f"Page {i}") for i in range(11)]
    rows = page_shortcuts(pages)
    assert [r.keys[0] for r in rows] == [f"Ctrl+{i}" for i in range(1, 10)]
    assert rows[0].what == "Open Page 0"
