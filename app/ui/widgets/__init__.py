"""Reusable widgets: QuestionView (question_view) and the parts it is built from.

math_label (text with $...$ math), diagram_view (networks and graphs with QPainter),
answer_entry / guided_entry (ways to answer), feedback (verdict and rating),
solution_view (worked solution step by step), script_editor and solve_view (the workbench).
"""

from app.ui import context as _context  # noqa: F401  (applies the PySide refcount guard first)
