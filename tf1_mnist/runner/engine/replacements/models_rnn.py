"""TF 0.x's ``tensorflow.models.rnn.rnn``: its RNN functions, which TensorFlow 1.0 renamed.

``rnn``, ``bidirectional_rnn`` and ``state_saving_rnn`` became ``tf.nn.static_rnn``,
``static_bidirectional_rnn`` and ``static_state_saving_rnn`` with the same arguments in the
same order; ``dynamic_rnn`` kept its name. (Their variables are named as TF 1.x names them,
``rnn/...``, not as TF 0.x did, so checkpoints written by TF 0.x do not load.)
"""

import tensorflow as tf

__all__ = ['rnn', 'bidirectional_rnn', 'dynamic_rnn', 'state_saving_rnn']

rnn = tf.compat.v1.nn.static_rnn
bidirectional_rnn = tf.compat.v1.nn.static_bidirectional_rnn
dynamic_rnn = tf.compat.v1.nn.dynamic_rnn
state_saving_rnn = tf.compat.v1.nn.static_state_saving_rnn
