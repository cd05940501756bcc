"""The Workbench examples that search finds and opens: scripts with values, and networks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services.search import Example

EXAMPLES_FOLDER = Path(__file__).resolve().parents[2] / "examples"
"""The checkout's examples folder (absent in an installed copy; then only the built-in ones)."""


@dataclass(frozen=True)
class WorkbenchExample:
    """An example the Workbench can load: a script and its values, or a network in TOML."""

    id: str
    title: str
    text: str
    values: str = ""

    @property
    def is_network(self) -> bool:
        """True for a network specification, False for a script."""
        return "[network]" in self.text

    def as_search_entry(self) -> Example:
        """What the search index reads."""
        return Example(self.id, self.title, f"{self.text} {self.values}")


def workbench_examples() -> list[WorkbenchExample]:
    """The Workbench's own starting examples, a few more, and the checkout's networks."""
    from app.ui.pages import workbench

    found = [
        WorkbenchExample(
            "script-circuit",
            "Script: the circuit f = (x + y) z, backward",
            workbench.EXAMPLE_SCRIPT,
            workbench.EXAMPLE_VALUES,
        ),
        WorkbenchExample(
            "script-sigmoid-neuron",
            "Script: one sigmoid neuron with a squared error loss",
            "z = w * x + b\na = sigmoid(z)\nloss = (a - t) ** 2 / 2\n",
            "w=0.5, x=1.5, b=-0.2, t=1",
        ),
        WorkbenchExample(
            "script-tanh-relu",
            "Script: tanh and relu units in a chain",
            "h = tanh(w1 * x)\nr = relu(w2 * h - 0.1)\nloss = (r - t) ** 2\n",
            "x=0.8, w1=1.2, w2=-0.7, t=0.3",
        ),
        WorkbenchExample(
            "network-sigmoid",
            "Network: two sigmoid layers, half squared error",
            workbench.EXAMPLE_NETWORK,
        ),
    ]
    if EXAMPLES_FOLDER.is_dir():
        for path in sorted(EXAMPLES_FOLDER.glob("*.toml")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            first = text.splitlines()[0].lstrip("# ").strip() if text else path.stem
            found.append(WorkbenchExample(f"file-{path.stem}", f"Network: {first}", text))
    return found
