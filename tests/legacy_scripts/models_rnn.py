import numpy as np
import tensorflow as tf
from tensorflow.models.rnn import rnn, rnn_cell

n_steps, n_input, n_hidden = 4, 3, 5
rng = np.random.RandomState(0)
batch = rng.rand(2, n_steps, n_input)


def build(rnn_function, make_cell):
    x = tf.placeholder('float', [None, n_steps, n_input])
    istate = tf.placeholder('float', [None, 2 * n_hidden])  # c and h concatenated
    inputs = tf.split(0, n_steps, tf.reshape(tf.transpose(x, [1, 0, 2]), [-1, n_input]))
    outputs, state = rnn_function(make_cell(), inputs, initial_state=istate)
    return x, istate, outputs, state


def run(rnn_function, make_cell):
    """The outputs after one training step, in a graph of its own with a fixed seed."""
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x, istate, outputs, state = build(rnn_function, make_cell)
        loss = tf.reduce_mean(tf.square(outputs[-1]))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        feed = {x: batch, istate: np.zeros((2, 2 * n_hidden))}
        with tf.Session() as sess:
            sess.run(tf.initialize_all_variables())
            before = sess.run(loss, feed)
            sess.run(train, feed)
            names = sorted(v.name for v in tf.trainable_variables())
            return state.get_shape().as_list(), names, before, sess.run(outputs, feed)


old = run(rnn.rnn, lambda: rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0))
new = run(tf.nn.static_rnn,
          lambda: tf.nn.rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0, state_is_tuple=False))
print('state', old[0], 'outputs', len(old[3]))
print('variables', old[1])
print('same as tf.nn.static_rnn', old[1] == new[1] and old[2] == new[2]
      and all(np.array_equal(a, b) for a, b in zip(old[3], new[3])))
