"""Descriptor text kept as a table: one row per entry, cells between `|`, the first row a header.

The activation and loss descriptors keep their words and mathtext this way, so adding an entry
is one row, and its cells line up with the other entries' for review. A table too wide for a
line is written as several column groups, each with the entries' names in its first column.
"""

from __future__ import annotations


def read_table(*groups: str, **fill: object) -> dict[str, tuple[str, ...]]:
    """Each entry's cells by its name (the first cell), across the column groups in order.

    Cells are stripped; `{key}` in a cell is replaced by `fill[key]` (other braces are left for
    the templates' own fields)."""
    rows: dict[str, tuple[str, ...]] = {}
    for text in groups:
        for line in text.strip().splitlines()[1:]:
            name, *cells = (cell.strip() for cell in line.split("|"))
            for key, value in fill.items():
                cells = [cell.replace("{" + key + "}", f"{value}") for cell in cells]
            rows[name] = rows.get(name, ()) + tuple(cells)
    return rows
