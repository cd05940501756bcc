"""The PDF exam and answer key as an export format, registered from the Qt side.

This module is Qt-free so that registering costs nothing: app.cli imports it before it builds
the `--format` choices, the Author page imports it for its chooser, and Qt (app.ui.pdf_export)
is loaded only when a PDF is written.
"""

from __future__ import annotations

from questions.export.registry import Exporter, ExportJob, Progress, Stages, Written, register
from questions.packs import student_exams


def _stages(job: ExportJob) -> Stages:
    return (("preparing exams", job.students), ("writing PDFs", 2))


def _write(job: ExportJob, progress: Progress) -> Written:
    """One exam per student (variant set n mod --variants, choices in the student's own
    order), then the exam and its key as PDF."""
    from app.ui.pdf_export import write_exam  # Qt only when a PDF is written

    exams = student_exams(
        job.pack,
        job.variants,
        job.seed,
        job.students,
        lambda done, total: progress("preparing exams", done, total),
    )
    pdf = write_exam(
        job.pack.title,
        exams,
        job.path,
        lambda done, total: progress("writing PDFs", done, total),
        sets=min(job.variants, job.students),
    )
    whom = f"for {job.students} student(s)"
    return Written(
        ((pdf.exam, f"{pdf.exam_pages} pages {whom}"), (pdf.key, f"{pdf.key_pages} pages {whom}"))
    )


PDF_EXAM = register(
    Exporter(
        "pdf",
        "PDF exam and answer key",
        "pdf",
        _write,
        _stages,
        per_student=True,
        file_only="a PDF exam comes with its answer key beside it, so OUT must be a file name",
    )
)
