"""``MultiRNNCell`` as TensorFlow 1.0 built it: one cell object listed for several layers
(``MultiRNNCell([cell] * num_layers)``) gets separate weights in each layer.

In TensorFlow 1.0 a cell held no variables: each call created its own under the layer's scope
(``cell_0``, ``cell_1``, ...), so a list of one object repeated built ``num_layers`` weight sets,
and course scripts wrote it that way. From 1.2 a cell owns its weights, so the repeated object
shares one set across the layers, and a second layer whose input is ``num_units`` wide while the
first layer's was not fails with "Dimensions must be equal". Here each repetition after the first
is a fresh copy of the cell (made before it is built), which is what 1.0 did; the variables keep
the names TensorFlow 1.x gives a list of distinct cells (``multi_rnn_cell/cell_1/...``).
"""

import copy

import tensorflow as tf

from tf1_mnist.runner.engine.replacements.mnist_downloads import note_once

__all__ = ['MultiRNNCell', 'separate_layers']

_cells = tf.compat.v1.nn.rnn_cell


def separate_layers(cells):
    """``cells`` with each object met again replaced by a copy, so that no two layers share a
    cell (and its weights)."""
    cells = list(cells)
    seen = set()
    repeated = 0
    for index, cell in enumerate(cells):
        if id(cell) in seen:
            cells[index] = copy.deepcopy(cell)
            repeated += 1
        seen.add(id(cells[index]))
    if repeated:
        note_once('multi_rnn_cell', 'MultiRNNCell got one cell object for several layers; as in '
                  'TensorFlow 1.0, each layer gets its own weights')
    return cells


class MultiRNNCell(_cells.MultiRNNCell):
    """``tf.nn.rnn_cell.MultiRNNCell``, with TensorFlow 1.0's separate weights per layer for a
    repeated cell object."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__(separate_layers(cells), state_is_tuple=state_is_tuple)
