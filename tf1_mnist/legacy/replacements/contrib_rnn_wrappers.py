"""The cell wrappers that TensorFlow 1.x had in ``tf.contrib.rnn`` only:
``OutputProjectionWrapper``, ``InputProjectionWrapper`` and ``EmbeddingWrapper``, as
TensorFlow 1.15 wrote them.

Each wraps a cell and adds one variable set in the wrapper's scope: a projection ``kernel`` (the
default initializer of ``tf.get_variable``) and a zero ``bias``, or an ``embedding`` matrix
(uniform in +-sqrt(3) unless an initializer is given); the wrapped cell's variables sit below
it (``rnn/output_projection_wrapper/basic_lstm_cell/kernel``), as in TensorFlow 1.x.
"""

import math

import tensorflow as tf

__all__ = ['EmbeddingWrapper', 'InputProjectionWrapper', 'OutputProjectionWrapper']

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
