"""Hostile packs are refused in place: huge integers, deep nesting, unsafe MathJax, sizes."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from questions.packs import PackError, check_pack, expand, limits, pack_text, read_pack
from questions.packs.limits import (
    MAX_EXPORT_QUESTIONS,
    MAX_LAYERS,
    MAX_PACK_CHARS,
    MAX_QUESTIONS,
    MAX_TEXT,
    MAX_UNITS,
    MAX_VARIANTS,
    PackLimitError,
)

EXAMPLE = (Path(__file__).resolve().parents[3] / "examples/packs/backprop-basics.toml").read_text(
    encoding="utf-8"
)
HUGE = "1" + "0" * 400  # tomllib reads any integer; a float holds at most ~1.8e308

HEADER = '[pack]\nid = "p"\ntitle = "P"\nauthor = "A"\nversion = "1"\n'
NUMERIC = '[[question]]\nid = "q{n}"\ntype = "numeric"\nprompt = "{prompt}"\nvalue = 0.25\n'


def problems(text: str) -> list[str]:
    """Each problem as 'LINE:COL: message'."""
    with pytest.raises(PackError) as caught:
        read_pack(text, "p.toml")
    return [f"{p.line}:{p.col}: {p.message}" for p in caught.value.problems]


def network_pack(units: int, layers: int) -> str:
    """One network question: `units` inputs and units in each of `layers` sigmoid layers."""
    row = "[" + ", ".join(["0.1"] * units) + "]"
    text = (
        HEADER
        + '[[question]]\nid = "n"\ntype = "network"\nask = "loss"\n[question.network]\n'
        + f'inputs = {row}\ntargets = {row}\nloss = "half_sse"\nlearning_rate = 0.5\n'
    )
    for _ in range(layers):
        weights = "[" + ", ".join([row] * units) + "]"
        text += f"[[question.network.layers]]\nweights = {weights}\nbiases = {row}\n"
        text += 'activation = "sigmoid"\n'
    return text


@pytest.mark.parametrize(
    ("old", "line_col"),
    [
        ("value = 0.25", "62:9"),  # a numeric question's value
        ("value = 1.0", "71:11"),  # a mistake's value
        ("inputs = [0.05", "82:13"),  # an embedded network's input
        ("learning_rate = 0.5", "85:19"),
        ("sigfigs = 2", "63:11"),
    ],
)
def test_an_integer_beyond_float_range_is_a_problem_at_its_place(old: str, line_col: str) -> None:
    key, _, rest = old.partition(" = ")
    new = f"{key} = {'[' if rest.startswith('[') else ''}{HUGE}"
    (problem,) = problems(EXAMPLE.replace(old, new, 1))
    assert problem.startswith(f"{line_col}: ")
    assert "an integer of 401 digits, beyond the range of numbers" in problem


def test_a_number_too_long_to_read_is_a_problem_not_a_value_error() -> None:
    text = EXAMPLE.replace("value = 0.25", "value = " + "7" * 5000, 1)
    assert problems(text) == ["62:9: a bare value or key of 5000 characters; at most 1000 are read"]


@pytest.mark.parametrize("opener", ["[", "{a = "])
def test_deep_nesting_is_refused_at_the_first_bracket_too_deep(opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    text = HEADER + "x = " + opener * 500 + ("" if opener == "[" else "1") + closer * 500 + "\n"
    expected = f"6:{5 + 32 * len(opener)}: arrays and inline tables are nested more than 32"
    (problem,) = problems(text)
    assert problem.startswith(expected)
    assert [p.message for p in check_pack(text)] == [problem.split(": ", 1)[1]]


def test_brackets_inside_strings_and_comments_are_not_nesting() -> None:
    deep_text = "[" * 100
    text = EXAMPLE.replace(
        'prompt = "What does', f'# {deep_text}\nprompt = """{deep_text}""" # \nxprompt = "What does'
    )
    assert all("nested" not in p for p in problems(text))


@pytest.mark.parametrize(
    "command",
    [
        "href{https://x.example}{x}",
        "url{https://x.example}",
        "class{a}{x}",
        "style{color:red}{x}",
        "cssId{a}{x}",
        "unicode{x41}",
        "require{html}",
        "data{a=b}{x}",
        "def\\\\h{y}",
        "bbox[red]{x}",
    ],
)
def test_mathjax_commands_that_make_links_or_html_are_refused(command: str) -> None:
    text = EXAMPLE.replace('"What does backpropagation compute?"', f'"What is $\\\\{command}$?"')
    (problem,) = problems(text)
    name = command.split("{")[0].split("[")[0].split("\\")[0]
    assert problem.startswith(f"17:10: 'prompt' uses \\{name}, which MathJax")


def test_an_unsafe_command_in_a_hint_or_solution_step_is_refused_there() -> None:
    text = EXAMPLE.replace(
        '"s = 1/2 at x = 0', '"$\\\\href{javascript:alert(1)}{s}$ = 1/2 at x = 0', 1
    )
    assert problems(text) == [
        "66:3: 'solution' entry 2 uses \\href, which MathJax in Moodle and Anki would turn "
        "into a link, HTML, CSS or a macro; write the math without it"
    ]


def test_harmless_math_commands_are_kept() -> None:
    prompt = r"$\\frac{\\partial E}{\\partial w}$, $\\hat{y}$, $\\mathrm{url}$, $\\text{href}$"
    text = EXAMPLE.replace('"What does backpropagation compute?"', f'"{prompt}"')
    assert read_pack(text).items[0].prompt.startswith(r"$\frac")


def test_a_text_longer_than_the_limit_is_refused() -> None:
    text = HEADER + NUMERIC.format(n=1, prompt="x" * (MAX_TEXT + 1))
    assert problems(text) == [
        f"9:10: 'prompt' is {MAX_TEXT + 1:,} characters long; a text holds at most {MAX_TEXT:,}"
    ]


def test_a_pack_holds_at_most_the_stated_number_of_questions() -> None:
    text = HEADER + "".join(NUMERIC.format(n=n, prompt="Q") for n in range(MAX_QUESTIONS + 1))
    (problem,) = problems(text)
    assert problem == (
        f"{6 + 5 * MAX_QUESTIONS}:3: a pack holds at most {MAX_QUESTIONS} questions, "
        f"this one has {MAX_QUESTIONS + 1}"
    )


def test_a_network_question_at_the_limits_is_valid() -> None:
    assert read_pack(network_pack(MAX_UNITS, MAX_LAYERS)).items[0].spec.layer_sizes == (
        (MAX_UNITS,) * (MAX_LAYERS + 1)
    )


def test_a_network_beyond_the_unit_limit_is_refused_at_its_inputs() -> None:
    assert problems(network_pack(300, 1)) == [
        f"11:10: a network question has at most {MAX_UNITS} units per layer (inputs included), "
        "this one has 300 inputs"
    ]


def test_a_network_beyond_the_layer_limit_is_refused_at_the_first_layer_too_many() -> None:
    (problem,) = problems(network_pack(2, MAX_LAYERS + 1))
    assert problem.endswith(f"at most {MAX_LAYERS} layers, this one has {MAX_LAYERS + 1}")
    assert problem.startswith(f"{15 + 4 * MAX_LAYERS}:3: ")


def test_expand_refuses_more_variants_than_the_limit_before_any_work() -> None:
    pack = read_pack(EXAMPLE)
    with pytest.raises(PackLimitError, match=f"at most {MAX_VARIANTS} variants"):
        expand(pack, MAX_VARIANTS + 1)


def test_expand_refuses_an_export_beyond_the_question_limit() -> None:
    families = "".join(
        f'[[question]]\nid = "f{n}"\ntype = "family"\nfamily = "chain-rule"\ncount = 100\n'
        for n in range(2)
    )
    pack = read_pack(HEADER + families)
    with pytest.raises(PackLimitError, match=f"at most {MAX_EXPORT_QUESTIONS:,}"):
        expand(pack, MAX_VARIANTS)


def test_an_overflowing_network_is_refused_with_numbers_and_no_runtime_warning() -> None:
    text = EXAMPLE.replace("targets = [0.01, 0.99]", "targets = [0.01, 1e300]", 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = problems(text)
    assert found[0] == (
        "77:7: grad_weights[1][0][0]: the engine's value 0.0821670405642 and central "
        "differences nan disagree"
    )
    assert not any("np.float64" in p for p in found)


def test_a_pack_text_or_file_beyond_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    text = HEADER + "# " + "x" * MAX_PACK_CHARS
    assert problems(text) == [
        f"1:1: the pack has {len(text):,} characters; a pack holds at most {MAX_PACK_CHARS:,}"
    ]
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * (4 * MAX_PACK_CHARS + 10))
    with pytest.raises(PackError, match="a pack is much smaller"):
        pack_text(path)


def test_docs_state_every_limit_the_code_checks() -> None:
    docs = (Path(__file__).resolve().parents[3] / "docs" / "packs.md").read_text(encoding="utf-8")
    section = docs.split("## Limits", 1)[1]
    for name in limits.__all__:
        value = getattr(limits, name)
        if isinstance(value, int):
            assert f"| {value:,}" in section or f"to {value:,}" in section, name
