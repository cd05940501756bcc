"""One page per module: `XPage(context)` with `page_id`, `title` and `refresh()`."""

from app.ui import context as _context  # noqa: F401  (applies the PySide refcount guard first)
