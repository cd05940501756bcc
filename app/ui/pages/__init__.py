"""One page per module: `XPage(context)` with `page_id`, `title` and `refresh()`."""
