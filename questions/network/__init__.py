"""The network-question kernel: any dense network drawn, solved once, asked, and explained.

A network family is its shape, its `Ask` and its mistakes: `draw` gives the numbers,
`solve` runs every variant through engine.nn in one batched pass and checks the asked
quantity with a separate numpy oracle, the mistakes are objects computing their own value,
and the text comes from the same activation and loss descriptors as every other surface.
"""
