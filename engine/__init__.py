"""The numpy backprop engine: graphs of Tensors with a leading variant axis."""

from engine import ops
from engine.tensor import Tensor, as_tensor, topological_order, variable

__all__ = ["Tensor", "as_tensor", "ops", "topological_order", "variable"]
