"""Whatever a file holds, `pack import` ends in a pack or in problems, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from questions.packs.checker import PackError
from questions.packs.importers import FORMATS, pack_toml, read_questions

PIECES = {
    "moodle": [
        "<quiz>",
        "</quiz>",
        "<question type='numerical'>",
        "<question type='calculated'>",
        "<question type='multichoice'>",
        "</question>",
        "<answer fraction='100'>",
        "<answer fraction='x'>",
        "</answer>",
        "<text>",
        "</text>",
        "0.5",
        "abc",
        "{x}",
        "<tolerance>",
        "</tolerance>",
        "<dataset_definitions><dataset_definition><name><text>x"
        "</text></name><dataset_items><dataset_item><number>1</number><value>2</value>"
        "</dataset_item></dataset_items></dataset_definition></dataset_definitions>",
        "<single>false</single>",
        "&amp;",
        "<![CDATA[<p>$</p>]]>",
        "<idnumber>pack:a/b@1</idnumber>",
    ],
    "gift": [
        "::t::",
        "{",
        "}",
        "=",
        "~",
        "#",
        "%50%",
        "%x%",
        "#",
        ":",
        "..",
        "->",
        "\\",
        "\n\n",
        "0.5",
        "T",
        "[html]",
        "<b>",
        "// [id:x]",
        "$CATEGORY: a/b",
        "####",
        "1e999",
    ],
    "aiken": [
        "Q?",
        "\n",
        "A. a",
        "B) b",
        "ANSWER: A",
        "Answer: c",
        "Select one: a. x b. y",
        "The correct answer is: x",
        "\n\n",
        "Select one or more:",
    ],
    "csv": [
        "key,type,prompt,answer,sigfigs,choices,mistakes",
        "\n",
        "k",
        ",",
        "numeric",
        "single",
        '"[{""text"": 1}]"',
        "0.5",
        "x",
        "1e999",
        '"',
        "✓ a: b",
        "✗",
        "nan",
    ],
}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_mix_of_format_pieces_imports_or_is_refused_with_problems(data) -> None:
    fmt = data.draw(st.sampled_from(FORMATS))
    text = "".join(data.draw(st.lists(st.sampled_from(PIECES[fmt]), max_size=40)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"in.{fmt}"
        path.write_text(text, encoding="utf-8")
        try:
            imported = read_questions(path, fmt)
            pack_toml(imported)
        except PackError as error:
            assert error.problems  # each problem at a line and column
