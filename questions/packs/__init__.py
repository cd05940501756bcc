"""Instructor packs: TOML files of questions, validated with positions, expanded to Questions.

`load_pack(path)` / `read_pack(text, source)` give a Pack or raise PackError listing every
problem as FILE:LINE:COL: message; `pack_questions(pack)` is the pack's own set and
`expand(pack, variants, seed)` the verified variants exports use.
"""

from questions.packs.checker import PackError, Problem
from questions.packs.expand import expand, pack_questions, student_exams
from questions.packs.limits import MAX_VARIANTS, PackLimitError
from questions.packs.load import check_pack, load_pack, pack_text, read_pack
from questions.packs.model import Pack

__all__ = [
    "MAX_VARIANTS",
    "Pack",
    "PackError",
    "PackLimitError",
    "Problem",
    "check_pack",
    "expand",
    "load_pack",
    "pack_questions",
    "pack_text",
    "read_pack",
    "student_exams",
]
