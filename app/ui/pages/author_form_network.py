"""The Author form's editor for a network question: what is asked, and the network itself.

Each layer is a small table: its weights (a row per unit, a column per input), its biases
and its activation; the numbers of inputs and of each layer's units are spin boxes that
reshape the tables around them (a layer's units are the next layer's inputs and, at the
top, the number of targets). Layers are added and removed at the top of the network.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.ui.pages.author_form_editor import QuestionEditor
from app.ui.pages.author_form_fields import NumberEdit, NumberGrid, add_row
from app.ui.widgets.answer_entry import set_role
from engine.activations import ACTIVATIONS
from engine.spec import LOSS_NAMES
from questions.packs.limits import MAX_LAYERS, MAX_UNITS

NEW_LAYER = {"weights": [[0.5]], "biases": [0.0], "activation": "sigmoid"}


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _vector(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class NetworkEditor(QuestionEditor):
    """Prompt, asked quantity, answer form, figures; inputs, targets, loss, rate, layers."""

    prompt_required = False

    def __init__(self, raw: dict[str, Any]) -> None:
        super().__init__(raw)
        self.add_topic()
        self.add_prompt()
        ask = QLineEdit(str(self.raw.get("ask", "")))
        ask.setPlaceholderText("e.g. grad_weights[1][0][0]")
        add_row(self.form, "Asked quantit&y", ask)
        ask.textEdited.connect(lambda text: self.set("ask", text))
        form = QComboBox()
        form.addItems(["numeric", "choice"])
        form.setCurrentText(str(self.raw.get("form", "numeric")))
        add_row(self.form, "Ans&wered as", form, "Answered as a number or a choice")
        form.currentTextChanged.connect(lambda text: self.set("form", text))
        self.add_sigfigs()
        self.net = _table(self.raw.get("network"))
        self.raw["network"] = self.net
        layers = [layer for layer in _vector(self.net.get("layers")) if isinstance(layer, dict)]
        self.net["layers"] = layers
        self._heading("Network")
        self.inputs = NumberGrid([_vector(self.net.get("inputs"))], "Inputs")
        self.input_count = self._count(self.inputs.shape()[1], "Number of inputs")
        self._shaped("Inp&uts", self.input_count, self.inputs)
        self.inputs.changed.connect(lambda: self._vector(self.inputs, "inputs", self.net))
        self.input_count.valueChanged.connect(lambda n: self._units(-1, n))
        self.targets = NumberGrid([_vector(self.net.get("targets"))], "Targets")
        add_row(self.form, "T&argets", self.targets).setBuddy(self.targets.first_cell())
        self.targets.changed.connect(lambda: self._vector(self.targets, "targets", self.net))
        loss = QComboBox()
        loss.addItems(LOSS_NAMES)
        loss.setCurrentText(str(self.net.get("loss", LOSS_NAMES[0])))
        add_row(self.form, "L&oss", loss)
        loss.currentTextChanged.connect(lambda text: self._net("loss", text))
        rate = NumberEdit(self.net.get("learning_rate"))
        add_row(self.form, "Learning rat&e", rate)
        rate.edited.connect(lambda n: self._net("learning_rate", n))
        self.weights: list[NumberGrid] = []
        self.biases: list[NumberGrid] = []
        for n, layer in enumerate(layers):
            self._layer(n, layer)
        buttons = QWidget()
        line = QHBoxLayout(buttons)
        line.setContentsMargins(0, 0, 0, 0)
        add = QPushButton("Add a &layer")
        add.setAccessibleName("Add a layer")
        add.setEnabled(len(layers) < MAX_LAYERS)
        add.clicked.connect(self._add_layer)
        remove = QPushButton("Remove the last layer")
        remove.setAccessibleName("Remove the last layer")
        remove.setEnabled(len(layers) > 1)
        remove.clicked.connect(self._remove_layer)
        line.addWidget(add)
        line.addWidget(remove)
        line.addStretch(1)
        self.form.addRow("", buttons)
        self.add_lines("hints", "Hi&nts")

    def _heading(self, text: str) -> None:
        label = QLabel(text)
        set_role(label, "subheading")
        self.form.addRow(label)

    def _count(self, value: int, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(1, MAX_UNITS)
        spin.setValue(max(value, 1))
        spin.setAccessibleName(name)
        return spin

    def _shaped(self, label: str, spin: QSpinBox, grid: NumberGrid) -> None:
        """A row with a count spin box and the grid it shapes; the label's mnemonic: the count."""
        box = QWidget()
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(spin)
        line.addWidget(grid)
        line.addStretch(1)
        add_row(self.form, label, box, f"{label.replace('&', '')} and their values").setBuddy(spin)

    def _layer(self, n: int, layer: dict[str, Any]) -> None:
        self._heading(f"Layer {n + 1}" + (" (output)" if n == len(self.net["layers"]) - 1 else ""))
        weights = NumberGrid(_vector(layer.get("weights")), f"Layer {n + 1} weights")
        units = self._count(weights.shape()[0], f"Units in layer {n + 1}")
        activation = QComboBox()
        activation.addItems(list(ACTIVATIONS))
        activation.setCurrentText(str(layer.get("activation", "sigmoid")))
        activation.setAccessibleName(f"Layer {n + 1} activation")
        box = QWidget()
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(units)
        line.addSpacing(12)
        line.addWidget(QLabel("Activation"))
        line.addWidget(activation)
        line.addStretch(1)
        add_row(self.form, "Units", box, f"Layer {n + 1} units and activation").setBuddy(units)
        add_row(self.form, "Weights", weights).setBuddy(weights.first_cell())
        biases = NumberGrid([_vector(layer.get("biases"))], f"Layer {n + 1} biases")
        add_row(self.form, "Biases", biases).setBuddy(biases.first_cell())
        weights.changed.connect(lambda: self.grid_rows(weights, "weights", layer))
        biases.changed.connect(lambda: self._vector(biases, "biases", layer))
        activation.currentTextChanged.connect(lambda text: self._layer_set(layer, text))
        units.valueChanged.connect(lambda count: self._units(n, count))
        self.weights.append(weights)
        self.biases.append(biases)

    def _net(self, key: str, value: Any) -> None:
        self.net[key] = value
        self.changed.emit()

    def _layer_set(self, layer: dict[str, Any], activation: str) -> None:
        layer["activation"] = activation
        self.changed.emit()

    def _vector(self, grid: NumberGrid, key: str, table: dict[str, Any]) -> None:
        rows = grid.rows()
        if rows is None:
            self.problem.emit(grid.problem())
            return
        table[key] = rows[0]
        self.problem.emit("")
        self.changed.emit()

    def _units(self, n: int, count: int) -> None:
        """Layer n (-1: the inputs) now has `count` units: reshape it and what it feeds."""
        layers = self.net["layers"]
        if n < 0:
            self.inputs.resize_grid(1, count)
        else:
            self.weights[n].resize_grid(count, self.weights[n].shape()[1])
            self.biases[n].resize_grid(1, count)
        grids = [(self.inputs, "inputs", self.net)] if n < 0 else []
        if n >= 0:
            grids += [
                (self.weights[n], "weights", layers[n]),
                (self.biases[n], "biases", layers[n]),
            ]
        if n + 1 < len(layers):
            above = self.weights[n + 1]
            above.resize_grid(above.shape()[0], count)
            grids.append((above, "weights", layers[n + 1]))
        else:
            self.targets.resize_grid(1, count)
            grids.append((self.targets, "targets", self.net))
        for grid, key, table in grids:
            rows = grid.rows()
            if rows is not None:
                table[key] = rows if key == "weights" else rows[0]
        self.changed.emit()

    def _add_layer(self) -> None:
        layers = self.net["layers"]
        below = (
            len(layers[-1].get("biases", [])) if layers else len(_vector(self.net.get("inputs")))
        )
        outputs = max(len(_vector(self.net.get("targets"))), 1)
        layer = dict(NEW_LAYER)
        layer["weights"] = [[0.5] * max(below, 1) for _ in range(outputs)]
        layer["biases"] = [0.0] * outputs
        layers.append(layer)
        self.focus_after = "Add a layer"
        self.changed.emit()
        self.rebuild.emit()

    def _remove_layer(self) -> None:
        layers = self.net["layers"]
        removed = layers.pop()
        units = len(_vector(removed.get("weights"))[0]) if _vector(removed.get("weights")) else 1
        targets = _vector(self.net.get("targets"))
        self.net["targets"] = (targets + [0.0] * units)[:units]
        self.focus_after = "Add a layer"
        self.changed.emit()
        self.rebuild.emit()
