"""Shared export fixtures: the example pack's variants, and a pack of hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest

from questions.model import Question
from questions.packs import Pack, expand, load_pack, read_pack

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "packs" / "backprop-basics.toml"

HOSTILE = r"""
[pack]
id = "hostile"
title = "Escapes / <all> & sundry"
author = "Tester"
version = "1"

[[question]]
id = "markup"
type = "choice"
prompt = "Is <script>alert(1)</script> & {x} = ~y #z: \\ $a<b$ right?\u0007"

  [[question.choice]]
  text = "Yes: {=~#}"
  correct = true
  explanation = "Because <b>bold</b> & co."

  [[question.choice]]
  text = "No <i>way</i>"
  correct = false
  explanation = "Not: ~ = # { } :"

  [[question.choice]]
  text = "=SUM(A1) ]]> [sound:x.mp3]"
  correct = false
  explanation = "-1 ]]> <![CDATA[ [latex]x[/latex]"
"""


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack(EXAMPLE)


@pytest.fixture(scope="session")
def questions(pack: Pack) -> list[Question]:
    return expand(pack, 3, seed=1)


@pytest.fixture(scope="session")
def hostile() -> Pack:
    return read_pack(HOSTILE, "hostile.toml")
