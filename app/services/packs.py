"""Instructor packs in a learner's study pool: import, list, and the questions they add.

An imported pack's text is kept in the store, one row per version. The newest version of
each pack (by its version label, "1.10" after "1.9") joins the study content under the
pack's title. Its skills are version-free (`pack:PACK/QUESTION`), so review states and
attempts carry over to a new version; a question the new version drops simply stops being
served. A pack's family questions are already in the pool as family skills, so only its
choice, numeric and network questions are added. Packs are shared by every learner of a
database (the store keeps them per database, not per profile).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.services.context import Context
from app.store.records import Pack as PackRecord
from app.store.repository import Repository
from questions.bank import BANK_PACK
from questions.model import AuthoredKey, Question
from questions.packs import Pack, PackError, Problem, pack_questions, pack_text, read_pack
from questions.packs.model import FamilyItem
from questions.packs.network import NetworkQuestionError
from questions.packs.positions import scan

_PART = re.compile(r"(\d+)")


@dataclass(frozen=True)
class PackImport:
    """What one import did; `problems` (FILE:LINE:COL: message) means nothing was imported."""

    pack_id: str = ""
    title: str = ""
    version: str = ""
    imported: bool = False  # False for problems, or this very version and text already there
    served_version: str = ""  # the version in the study pool now (a newer one stays)
    questions: int = 0  # questions of the pack in the study pool now
    added: tuple[str, ...] = ()  # skills new to the pool
    removed: tuple[str, ...] = ()  # skills the pool no longer serves (their progress is kept)
    kept: tuple[str, ...] = ()  # skills served before and after, progress and all
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the pack was valid (imported now, or already there)."""
        return not self.problems

    def summary(self) -> str:
        """One sentence for the learner: what joined the pool, or why nothing did."""
        if self.problems:
            count = len(self.problems)
            return f"Nothing imported: the pack has {count} problem{'s' * (count != 1)}."
        name = f"“{self.title}” version {self.version}"
        if not self.imported:
            return f"{name} is already in your study pool; nothing changed."
        if self.served_version != self.version:
            return f"Stored {name}; your study pool keeps the newer version {self.served_version}."
        parts = [f"Imported {name}: {self.questions} questions in your study pool"]
        if self.kept:
            parts.append(f"{len(self.kept)} keep their progress")
        if self.removed:
            parts.append(f"{len(self.removed)} no longer served")
        return ", ".join(parts) + "."


@dataclass(frozen=True)
class ImportedPack:
    """A pack in the study pool: the version served and every version stored."""

    pack_id: str
    title: str
    version: str
    versions: tuple[str, ...]
    questions: int
    imported_at: datetime


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order version labels naturally: digits as numbers, so "1.10" comes after "1.9"."""
    parts = [p for p in _PART.split(version) if p]
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def newest_versions(records: Iterable[PackRecord]) -> dict[str, PackRecord]:
    """The newest stored version of each pack, by pack id."""
    newest: dict[str, PackRecord] = {}
    for record in records:
        best = newest.get(record.pack_id)
        if best is None or version_key(record.version) > version_key(best.version):
            newest[record.pack_id] = record
    return newest


def study_questions(pack: Pack) -> list[Question]:
    """The pack's questions that join the pool: authored ones (families are there already)."""
    return [q for q in pack_questions(pack) if isinstance(q.key, AuthoredKey)]


def pool_questions(repo: Repository) -> list[Question]:
    """The questions of the newest version of every stored pack, by pack id.

    A stored pack that no longer reads (say, an engine update now refuses one of its
    networks) is left out rather than stopping the app.
    """
    out: list[Question] = []
    for record in sorted(newest_versions(repo.list_packs()).values(), key=lambda r: r.pack_id):
        try:
            out.extend(study_questions(read_pack(record.source, record.pack_id)))
        except (PackError, NetworkQuestionError):
            continue
    return out


def refresh_content(ctx: Context) -> None:
    """Serve the stored packs' questions in the context's content from now on."""
    questions = pool_questions(ctx.repo)
    if questions or ctx.content.packs:
        ctx.content = ctx.content.with_packs(questions)


def list_packs(repo: Repository) -> list[ImportedPack]:
    """Every pack in the study pool with its served version, by pack id."""
    records = repo.list_packs()
    out = []
    for pack_id, record in sorted(newest_versions(records).items()):
        versions = sorted((r.version for r in records if r.pack_id == pack_id), key=version_key)
        try:
            count = len(study_questions(read_pack(record.source, pack_id)))
        except (PackError, NetworkQuestionError):
            count = 0
        out.append(
            ImportedPack(
                pack_id, record.title, record.version, tuple(versions), count, record.imported_at
            )
        )
    return out


def served_questions(ctx: Context, pack_id: str) -> list[Question]:
    """The questions of one pack the study pool serves now."""
    return [
        q for q in ctx.content.packs if isinstance(q.key, AuthoredKey) and q.key.pack == pack_id
    ]


def _failed(error: PackError) -> PackImport:
    lines = tuple(f"{error.source}:{p.line}:{p.col}: {p.message}" for p in error.problems)
    return PackImport(problems=lines)


_PACK_LIMITS = (("id", 100), ("version", 50), ("title", 200))
"""The longest pack id, version and title the store holds."""

KEY_LIMIT = 200
"""The longest question key the store holds: pack:ID/QUESTION@VERSION."""


def _too_long(pack: Pack, text: str) -> list[Problem]:
    """A problem for each name longer than the store can hold, at the value in the file."""
    where = scan(text)
    problems = [
        Problem(
            *where.value(("pack", name)),
            f"the pack {name} has at most {limit} characters, not {len(getattr(pack, name))}",
        )
        for name, limit in _PACK_LIMITS
        if len(getattr(pack, name)) > limit
    ]
    for i, item in enumerate(pack.items):
        key = str(AuthoredKey(pack=pack.id, question=item.id, version=pack.version))
        if not isinstance(item, FamilyItem) and len(key) > KEY_LIMIT:
            message = (
                f"the question id is too long: {key!r} has {len(key)} characters, and a "
                f"question's pack id, id and version together have at most {KEY_LIMIT - 7}"
            )
            problems.append(Problem(*where.value(("question", i, "id")), message))
    return problems


def _check(text: str, source: str) -> Pack:
    """The valid pack, or PackError; the bank's own id is refused so skills cannot clash."""
    pack = read_pack(text, source)
    problems = _too_long(pack, text)
    if pack.id == BANK_PACK:
        line, col = scan(text).value(("pack", "id"))
        message = f"the pack id {BANK_PACK!r} is the app's own question bank; choose another id"
        problems.append(Problem(line, col, message))
    if problems:
        raise PackError(source, problems)
    return pack


def import_pack(ctx: Context, text: str, source: str = "PACK") -> PackImport:
    """Validate a pack's text and add it to the study pool; a broken pack imports nothing."""
    try:
        pack = _check(text, source)
    except PackError as error:
        return _failed(error)
    records = ctx.repo.list_packs()
    same = [r for r in records if r.pack_id == pack.id and r.version == pack.version]
    before = {q.key.skill for q in served_questions(ctx, pack.id)}
    if same and same[0].source == text and same[0].title == pack.title:
        return _result(ctx, pack, before, imported=False)
    ctx.repo.record_pack(pack.id, pack.version, pack.title, text)
    refresh_content(ctx)
    return _result(ctx, pack, before, imported=True)


def _result(ctx: Context, pack: Pack, before: set[str], imported: bool) -> PackImport:
    served = served_questions(ctx, pack.id)
    after = {q.key.skill for q in served}
    record = newest_versions(ctx.repo.list_packs()).get(pack.id)
    return PackImport(
        pack_id=pack.id,
        title=pack.title,
        version=pack.version,
        imported=imported,
        served_version=record.version if record else "",
        questions=len(served),
        added=tuple(sorted(after - before)),
        removed=tuple(sorted(before - after)),
        kept=tuple(sorted(before & after)),
    )


def import_pack_file(ctx: Context, path: str | Path) -> PackImport:
    """Import a pack file (problems name the file, e.g. ``basics.toml:12:3: ...``)."""
    try:
        text = pack_text(path)  # read errors (missing, not UTF-8) come back as problems
    except PackError as error:
        return _failed(error)
    return import_pack(ctx, text, str(path))


@dataclass(frozen=True)
class PackRemoval:
    """What removing a pack from the study pool did."""

    pack_id: str
    title: str
    versions: int  # stored versions removed (0: there was no such pack)
    questions: int  # questions the pool no longer serves
    kept: bool  # whether learners' progress on its questions was kept
    answers: int = 0  # answers forgotten (0 when progress was kept)
    states: int = 0  # review states forgotten

    def summary(self) -> str:
        """One sentence for the learner."""
        if not self.versions:
            return f"There is no pack {self.pack_id!r} in the study pool; nothing changed."
        said = f"Removed “{self.title}” from the study pool: {self.questions} questions"
        if not self.kept:
            return (
                f"{said}; progress on them is forgotten ({self.answers} answers and "
                f"{self.states} review states)."
            )
        return f"{said}; progress on them is kept, and comes back if the pack is imported again."


def remove_pack(ctx: Context, pack_id: str, keep_progress: bool) -> PackRemoval:
    """Take a pack out of the study pool, every version; its learners' progress is kept
    (skills are version-free, so importing it again brings that progress back) or, when
    `keep_progress` is False, forgotten with it."""
    newest = newest_versions(ctx.repo.list_packs()).get(pack_id)
    title = newest.title if newest is not None else pack_id
    served = len(served_questions(ctx, pack_id))
    versions, answers, states = ctx.repo.remove_pack(pack_id, forget_progress=not keep_progress)
    refresh_content(ctx)
    return PackRemoval(pack_id, title, versions, served, keep_progress, answers, states)
