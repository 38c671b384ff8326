"""``tf.contrib.rnn`` for legacy scripts: the RNN cells and the static RNN functions that
TensorFlow 1.x exported there and under ``tf.nn``.

In TensorFlow 1.x ``tf.contrib.rnn.BasicLSTMCell`` and its like were the very classes of
``tf.nn.rnn_cell``, and ``tf.contrib.rnn.static_rnn`` was ``tf.nn.static_rnn``; they are the
same here, so the variables keep their TF1 names (``rnn/basic_lstm_cell/kernel``,
``.../bias``) and checkpoints load; only ``MultiRNNCell`` is a subclass, which gives a cell
object repeated in its list separate weights per layer as TensorFlow 1.0 did
(``multi_rnn_cell``). ``tf.compat.v1.nn.rnn_cell`` is built on Keras 2 layers: with Keras 3 it
exists only through tf-keras (the ``legacy-layers`` extra), which the runner routes
``tf.compat.v1`` to.

Of the cells and wrappers that were only in contrib, the projection and embedding wrappers
and the stacked bidirectional RNNs are provided (``contrib_rnn_wrappers``); the others
(``LayerNormBasicLSTMCell``, ``LSTMBlockCell``, ...) are not.
"""

import importlib

__all__ = [
    'BasicLSTMCell', 'BasicRNNCell', 'DeviceWrapper', 'DropoutWrapper', 'EmbeddingWrapper',
    'GRUCell', 'InputProjectionWrapper', 'LSTMCell', 'LSTMStateTuple', 'MultiRNNCell',
    'OutputProjectionWrapper', 'RNNCell', 'ResidualWrapper', 'stack_bidirectional_dynamic_rnn',
    'stack_bidirectional_rnn', 'static_bidirectional_rnn', 'static_rnn',
    'static_state_saving_rnn',
]

REQUIRES = ('tf_keras',)
EXTRA = 'tf1_mnist[legacy-layers]'

# The names that live in tf.nn rather than tf.nn.rnn_cell.
FUNCTIONS = ('static_bidirectional_rnn', 'static_rnn', 'static_state_saving_rnn')
# TensorFlow 1.0's MultiRNNCell: a repeated cell object gets separate weights per layer.
MULTI_RNN_CELL = 'tf1_mnist.runner.engine.replacements.multi_rnn_cell'
# The wrappers that were only in contrib, as TensorFlow 1.15 wrote them.
WRAPPERS = 'tf1_mnist.runner.engine.replacements.contrib_rnn_wrappers'
CONTRIB_ONLY = ('EmbeddingWrapper', 'InputProjectionWrapper', 'OutputProjectionWrapper',
                'stack_bidirectional_dynamic_rnn', 'stack_bidirectional_rnn')


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    nn = importlib.import_module('tensorflow.compat.v1').nn
    try:
        if name == 'MultiRNNCell' or name in CONTRIB_ONLY:
            nn.rnn_cell.RNNCell  # noqa: B018 (fails as the other cells do without tf-keras)
            module = MULTI_RNN_CELL if name == 'MultiRNNCell' else WRAPPERS
            value = getattr(importlib.import_module(module), name)
        else:
            value = getattr(nn if name in FUNCTIONS else nn.rnn_cell, name)
    except AttributeError as error:
        # Keras 3 refuses the cells: tf-keras was not routed in before TensorFlow was imported.
        raise AttributeError('tf.contrib.rnn.%s needs tf.compat.v1.nn.rnn_cell from tf-keras '
                             '(TF_USE_LEGACY_KERAS=1 before TensorFlow is imported, as the '
                             'runner does): %s' % (name, error)) from None
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
