"""TF 0.x's ``tensorflow.models.rnn.rnn_cell``: the cells of ``tf.nn.rnn_cell``, with TF 0.x's
arguments and defaults.

TF 0.x's LSTM cells and ``MultiRNNCell`` took ``state_is_tuple=False`` by default (the state
is ``c`` and ``h`` concatenated, ``[batch, 2 * num_units]``, which scripts of that time fed
through placeholders of that shape); TensorFlow 1.0 made ``True`` the default. The cells also
took an ``input_size`` argument, second in their argument lists, already unused in TF 0.x.
A cell object repeated in ``MultiRNNCell``'s list gets separate weights per layer, as before
TensorFlow 1.2 (``multi_rnn_cell``). The classes keep their TF 1.x names, so their variables
are named as ``tf.nn.rnn_cell``'s.
"""

import tensorflow as tf

from tf1_mnist.runner.engine.replacements import multi_rnn_cell

__all__ = ['RNNCell', 'BasicRNNCell', 'GRUCell', 'BasicLSTMCell', 'LSTMCell', 'LSTMStateTuple',
           'MultiRNNCell', 'DropoutWrapper']

cells = tf.compat.v1.nn.rnn_cell
RNNCell = cells.RNNCell
LSTMStateTuple = cells.LSTMStateTuple
DropoutWrapper = cells.DropoutWrapper


class BasicRNNCell(cells.BasicRNNCell):
    def __init__(self, num_units, input_size=None, activation=None, **kwargs):
        super().__init__(num_units, activation=activation, **kwargs)


class GRUCell(cells.GRUCell):
    def __init__(self, num_units, input_size=None, activation=None, **kwargs):
        super().__init__(num_units, activation=activation, **kwargs)


class BasicLSTMCell(cells.BasicLSTMCell):
    def __init__(self, num_units, forget_bias=1.0, input_size=None, state_is_tuple=False,
                 activation=None, **kwargs):
        super().__init__(num_units, forget_bias=forget_bias, state_is_tuple=state_is_tuple,
                         activation=activation, **kwargs)


class LSTMCell(cells.LSTMCell):
    def __init__(self, num_units, input_size=None, use_peepholes=False, cell_clip=None,
                 initializer=None, num_proj=None, proj_clip=None, num_unit_shards=None,
                 num_proj_shards=None, forget_bias=1.0, state_is_tuple=False, activation=None,
                 **kwargs):
        super().__init__(num_units, use_peepholes=use_peepholes, cell_clip=cell_clip,
                         initializer=initializer, num_proj=num_proj, proj_clip=proj_clip,
                         num_unit_shards=num_unit_shards, num_proj_shards=num_proj_shards,
                         forget_bias=forget_bias, state_is_tuple=state_is_tuple,
                         activation=activation, **kwargs)


class MultiRNNCell(multi_rnn_cell.MultiRNNCell):
    def __init__(self, cells, state_is_tuple=False):
        super().__init__(cells, state_is_tuple=state_is_tuple)
