"""The cell wrappers and stacked RNNs that TensorFlow 1.x had in ``tf.contrib.rnn`` only:
``OutputProjectionWrapper``, ``InputProjectionWrapper`` and ``EmbeddingWrapper``, as
TensorFlow 1.15 wrote them.

Each wraps a cell and adds one variable set in the wrapper's scope: a projection ``kernel`` (the
default initializer of ``tf.get_variable``) and a zero ``bias``, or an ``embedding`` matrix
(uniform in +-sqrt(3) unless an initializer is given); the wrapped cell's variables sit below
it (``rnn/output_projection_wrapper/basic_lstm_cell/kernel``), as in TensorFlow 1.x. The
stacked bidirectional RNNs (``stack_bidirectional_rnn``, ``stack_bidirectional_dynamic_rnn``)
run a bidirectional RNN per layer under ``stack_bidirectional_rnn/cell_<i>``.
"""

import math

import tensorflow as tf

__all__ = ['EmbeddingWrapper', 'InputProjectionWrapper', 'OutputProjectionWrapper',
           'stack_bidirectional_dynamic_rnn', 'stack_bidirectional_rnn']

v1 = tf.compat.v1
RNNCell = v1.nn.rnn_cell.RNNCell


def _linear(args, output_size):
    """``args @ kernel + bias`` with TF 1.x's ``_Linear`` variables in the current scope."""
    kernel = v1.get_variable('kernel', [args.shape[-1], output_size], dtype=args.dtype)
    bias = v1.get_variable('bias', [output_size], dtype=args.dtype,
                           initializer=v1.constant_initializer(0.0, dtype=args.dtype))
    return v1.nn.bias_add(v1.matmul(args, kernel), bias)


class _Wrapper(RNNCell):
    @property
    def state_size(self):
        return self._cell.state_size

    def zero_state(self, batch_size, dtype):
        with v1.name_scope(type(self).__name__ + 'ZeroState', values=[batch_size]):
            return self._cell.zero_state(batch_size, dtype)


class OutputProjectionWrapper(_Wrapper):
    """Operator adding an output projection to the given cell."""

    def __init__(self, cell, output_size, activation=None, reuse=None):
        super().__init__(_reuse=reuse)
        if output_size < 1:
            raise ValueError('Parameter output_size must be > 0: %d.' % output_size)
        self._cell = cell
        self._output_size = output_size
        self._activation = activation

    @property
    def output_size(self):
        return self._output_size

    def call(self, inputs, state):
        output, res_state = self._cell(inputs, state)
        projected = _linear(output, self._output_size)
        if self._activation:
            projected = self._activation(projected)
        return projected, res_state


class InputProjectionWrapper(_Wrapper):
    """Operator adding an input projection to the given cell."""

    def __init__(self, cell, num_proj, activation=None, input_size=None, reuse=None):
        super().__init__(_reuse=reuse)
        self._cell = cell
        self._num_proj = num_proj
        self._activation = activation

    @property
    def output_size(self):
        return self._cell.output_size

    def call(self, inputs, state):
        projected = _linear(inputs, self._num_proj)
        if self._activation:
            projected = self._activation(projected)
        return self._cell(projected, state)


class EmbeddingWrapper(_Wrapper):
    """Operator adding input embedding to the given cell."""

    def __init__(self, cell, embedding_classes, embedding_size, initializer=None, reuse=None):
        super().__init__(_reuse=reuse)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError('Both embedding_classes and embedding_size must be > 0: %d, %d.'
                             % (embedding_classes, embedding_size))
        self._cell = cell
        self._embedding_classes = embedding_classes
        self._embedding_size = embedding_size
        self._initializer = initializer

    @property
    def output_size(self):
        return self._cell.output_size

    def call(self, inputs, state):
        with tf.device('/cpu:0'):
            if self._initializer:
                initializer = self._initializer
            elif v1.get_variable_scope().initializer:
                initializer = v1.get_variable_scope().initializer
            else:
                initializer = v1.random_uniform_initializer(-math.sqrt(3), math.sqrt(3))
            data_type = state[0].dtype if isinstance(state, tuple) else state.dtype
            embedding = v1.get_variable('embedding',
                                        [self._embedding_classes, self._embedding_size],
                                        initializer=initializer, dtype=data_type)
            embedded = v1.nn.embedding_lookup(embedding, v1.reshape(inputs, [-1]))
        return self._cell(embedded, state)


def _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
    if not cells_fw:
        raise ValueError('Must specify at least one fw cell for BidirectionalRNN.')
    if not cells_bw:
        raise ValueError('Must specify at least one bw cell for BidirectionalRNN.')
    if not isinstance(cells_fw, list):
        raise ValueError('cells_fw must be a list of RNNCells (one per layer).')
    if not isinstance(cells_bw, list):
        raise ValueError('cells_bw must be a list of RNNCells (one per layer).')
    if len(cells_fw) != len(cells_bw):
        raise ValueError('Forward and Backward cells must have the same depth.')
    for states, cells in ((initial_states_fw, cells_fw), (initial_states_bw, cells_bw)):
        if states is not None and (not isinstance(states, list) or len(states) != len(cells)):
            raise ValueError('initial_states must be a list of state tensors (one per layer).')


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None,
                            initial_states_bw=None, dtype=None, sequence_length=None,
                            scope=None):
    """Stacked bidirectional static RNNs, each layer's concatenated outputs the next layer's
    inputs (TensorFlow 1.15)."""
    _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with v1.variable_scope(scope or 'stack_bidirectional_rnn'):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            initial_state_fw = initial_states_fw[i] if initial_states_fw else None
            initial_state_bw = initial_states_bw[i] if initial_states_bw else None
            with v1.variable_scope('cell_%d' % i):
                prev_layer, state_fw, state_bw = v1.nn.static_bidirectional_rnn(
                    cell_fw, cell_bw, prev_layer, initial_state_fw=initial_state_fw,
                    initial_state_bw=initial_state_bw, sequence_length=sequence_length,
                    dtype=dtype)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None,
                                    initial_states_bw=None, dtype=None, sequence_length=None,
                                    parallel_iterations=None, time_major=False, scope=None,
                                    swap_memory=False):
    """Stacked bidirectional dynamic RNNs, each layer's outputs concatenated on the last axis
    for the next layer (TensorFlow 1.15)."""
    _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with v1.variable_scope(scope or 'stack_bidirectional_rnn'):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            initial_state_fw = initial_states_fw[i] if initial_states_fw else None
            initial_state_bw = initial_states_bw[i] if initial_states_bw else None
            with v1.variable_scope('cell_%d' % i):
                outputs, (state_fw, state_bw) = v1.nn.bidirectional_dynamic_rnn(
                    cell_fw, cell_bw, prev_layer, initial_state_fw=initial_state_fw,
                    initial_state_bw=initial_state_bw, sequence_length=sequence_length,
                    parallel_iterations=parallel_iterations, dtype=dtype,
                    swap_memory=swap_memory, time_major=time_major)
                prev_layer = v1.concat(outputs, 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)
