"""The position scanner: keys, headers, array elements and inline tables at their line:col."""

from __future__ import annotations

import tomllib

from questions.packs.positions import scan

TEXT = """\
# a comment
[pack]
id = "p"   # trailing comment
"quoted key" = 'x'

[[question]]
id = "a"
weights = [
  [0.1, 0.2],   # row 0
  [0.3, "]"],
]
[question.network]
inputs = [1, 2]

[[question]]
id = "b"
text = \"\"\"
[not a header]
\"\"\"
inline = { a = 1, b = [3, 4] }
dotted.key = 5
"""


def test_the_text_is_valid_toml() -> None:
    assert tomllib.loads(TEXT)["question"][1]["dotted"]["key"] == 5


def test_keys_and_values_are_found_where_they_are_written() -> None:
    found = scan(TEXT)
    assert found.key(("pack", "id")) == (3, 1)
    assert found.value(("pack", "id")) == (3, 6)
    assert found.key(("pack", "quoted key")) == (4, 1)
    assert found.key(("question", 0)) == (6, 3)
    assert found.value(("question", 0, "weights", 1, 0)) == (10, 4)
    assert found.value(("question", 0, "weights", 1, 1)) == (10, 9)
    assert found.value(("question", 0, "network", "inputs", 1)) == (13, 14)


def test_arrays_of_tables_count_and_multiline_strings_hide_headers() -> None:
    found = scan(TEXT)
    assert found.value(("question", 1, "id")) == (16, 6)
    assert found.key(("question", 1, "inline")) == (20, 1)
    assert found.value(("question", 1, "inline", "b", 1)) == (20, 27)
    assert found.key(("question", 1, "dotted", "key")) == (21, 1)


def test_unknown_paths_fall_back_to_the_nearest_written_ancestor() -> None:
    found = scan(TEXT)
    assert found.value(("question", 0, "weights", 7, 3)) == (8, 11)
    assert found.key(("nowhere",)) == (1, 1)


def test_text_the_scanner_cannot_follow_gives_what_it_found_so_far() -> None:
    found = scan('a = 1\nb = "unterminated\n')
    assert found.key(("a",)) == (1, 1)
