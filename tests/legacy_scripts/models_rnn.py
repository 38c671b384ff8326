import numpy as np
import tensorflow as tf
from tensorflow.models.rnn import rnn, rnn_cell

n_steps, n_input, n_hidden = 4, 3, 5
x = tf.placeholder('float', [None, n_steps, n_input])
istate = tf.placeholder('float', [None, 2 * n_hidden])  # TF 0.x: c and h concatenated
inputs = tf.split(0, n_steps, tf.reshape(tf.transpose(x, [1, 0, 2]), [-1, n_input]))
cell = rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0)
outputs, state = rnn.rnn(cell, inputs, initial_state=istate)
loss = tf.reduce_mean(tf.square(outputs[-1]))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

rng = np.random.RandomState(0)
feed = {x: rng.rand(2, n_steps, n_input), istate: np.zeros((2, 2 * n_hidden))}
with tf.Session() as sess:
    sess.run(tf.initialize_all_variables())
    before = sess.run(loss, feed)
    sess.run(train, feed)
    print('state', state.get_shape().as_list(), 'outputs', len(outputs))
    print('variables', sorted(v.name for v in tf.trainable_variables()))
    print('loss fell', sess.run(loss, feed) < before)
