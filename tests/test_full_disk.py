"""Every file the app writes, written onto a full disk: the old file stays as it was, no
temporary file is left behind, the message says what happened, and a command exits 2.

The disk is a 64 KB tmpfs filled to the last byte when the tests run as root on Linux (see
tests/full_disk.py), else every atomic write fails with ENOSPC where it makes its bytes
durable.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.cli import main
from app.services import open_services
from app.ui import theme
from app.ui.app_settings import save_app_settings
from app.ui.pages.author_files import PackFile
from questions.atomic import WriteFailed
from tests.full_disk import FullDisk, full_disk_fixture  # noqa: F401 (the fixture)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "packs" / "backprop-basics.toml")
OLD = b"the good old file\n"


def old_files(disk: FullDisk, *names: str) -> list[Path]:
    """Put an old file under each name, then fill the disk."""
    paths = [disk.folder / name for name in names]
    for path in paths:
        path.write_bytes(OLD)
    disk.fill()
    return paths


def kept(disk: FullDisk, paths: list[Path]) -> None:
    """Each old file byte for byte, and nothing else in the folder."""
    assert [path.read_bytes() for path in paths] == [OLD] * len(paths)
    assert disk.files() == sorted(path.name for path in paths)


def no_space(path: Path) -> str:
    return f"{path}: could not be written (the disk is full); the old file is unchanged"


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("moodle", "quiz.xml"), ("gift", "quiz.gift"), ("csv", "quiz.csv"), ("anki", "deck.apkg")],
)
def test_a_pack_export_onto_a_full_disk_exits_2_and_keeps_the_old_file(
    full_disk: FullDisk, fmt: str, name: str, capsys
) -> None:
    paths = old_files(full_disk, name)
    assert main(["pack", "export", EXAMPLE, "--format", fmt, "-o", str(paths[0])]) == 2
    captured = capsys.readouterr()
    assert f"backprop-quiz pack export: {no_space(paths[0])}" in captured.err
    assert "wrote" not in captured.out
    kept(full_disk, paths)


def test_a_pdf_exam_onto_a_full_disk_is_not_reported_written_and_keeps_both_files(
    full_disk: FullDisk, capsys
) -> None:
    paths = old_files(full_disk, "exam.pdf", "exam-key.pdf")
    args = ["pack", "export", EXAMPLE, "--format", "pdf", "--students", "2", "-o", str(paths[0])]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "backprop-quiz pack export: " in captured.err and "(the disk is full)" in captured.err
    assert "wrote" not in captured.out  # was "wrote exam.pdf: 2 pages", exit 0, on 0 bytes
    kept(full_disk, paths)


def test_a_class_report_csv_onto_a_full_disk_exits_2(
    full_disk: FullDisk, tmp_path: Path, capsys
) -> None:
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    with open_services(url) as services:
        services.create_profile("Ada")
    paths = old_files(full_disk, "class.csv")
    assert main(["class-report", "--db", url, "--csv", str(paths[0])]) == 2
    assert f"class-report: {no_space(paths[0])}" in capsys.readouterr().err
    kept(full_disk, paths)


def test_a_progress_export_onto_a_full_disk_raises_and_keeps_the_old_file(
    full_disk: FullDisk, tmp_path: Path
) -> None:
    with open_services(f"sqlite:///{tmp_path / 'p.sqlite3'}") as services:
        ada = services.create_profile("Ada")
        paths = old_files(full_disk, "ada.json")
        with pytest.raises(WriteFailed, match="the disk is full"):
            services.export_progress(ada.id, paths[0])
    kept(full_disk, paths)


def test_settings_onto_a_full_disk_raise_and_keep_the_old_file(full_disk: FullDisk) -> None:
    paths = old_files(full_disk, "settings.json")
    with pytest.raises(WriteFailed, match="the disk is full"):
        save_app_settings({"config_file": str(paths[0]), "dark": True})
    kept(full_disk, paths)


def test_saving_a_pack_onto_a_full_disk_says_why_and_keeps_the_file(
    full_disk: FullDisk, qtbot
) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    editor = QPlainTextEdit("[pack]\nid = 'new'\n")
    errors: list[tuple[str, ...]] = []
    files = PackFile(editor, page, lambda *text: errors.append(text))
    paths = old_files(full_disk, "pack.toml")
    files.choose_save_path = lambda: str(paths[0])
    assert files.save_as() is False
    assert errors == [
        ("Cannot save the pack", f"{no_space(paths[0])}.", "Choose another place with Save As.")
    ]
    assert files.path is None  # still unsaved: closing the window will ask
    kept(full_disk, paths)


def test_the_check_mark_on_a_full_temporary_folder_costs_only_the_tick(
    full_disk: FullDisk, monkeypatch
) -> None:
    monkeypatch.setattr(theme.tempfile, "tempdir", str(full_disk.folder))
    folder = full_disk.folder / f"backprop-quiz-{theme.os.getuid()}"
    folder.mkdir()
    paths = old_files(full_disk, f"backprop-quiz-{theme.os.getuid()}/check-123456.svg")
    assert theme.check_mark.__wrapped__("#123456") == paths[0].as_posix()  # no exception
    assert paths[0].read_bytes() == OLD and sorted(p.name for p in folder.iterdir()) == [
        "check-123456.svg"
    ]
