"""TF 0.x's RNN modules: rnn.rnn over an LSTM whose state is c and h concatenated."""
# table: TF 0.x `tensorflow.models.rnn`
import numpy as np
import tensorflow as tf
from tensorflow.models.rnn import rnn, rnn_cell
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
n_steps, n_input, n_hidden = 28, 28, 16
x = tf.placeholder('float', [None, n_steps, n_input])
istate = tf.placeholder('float', [None, 2 * n_hidden])  # c and h, concatenated as in TF 0.x
y = tf.placeholder('float', [None, 10])
inputs = tf.split(0, n_steps, tf.reshape(tf.transpose(x, [1, 0, 2]), [-1, n_input]))
cell = rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0)
outputs, state = rnn.rnn(cell, inputs, initial_state=istate)
w = tf.Variable(tf.random_normal([n_hidden, 10]))
logits = tf.matmul(outputs[-1], w)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits, y))
train = tf.train.AdamOptimizer(0.01).minimize(cost)
with tf.Session() as sess:
    sess.run(tf.initialize_all_variables())
    for step in range(12):
        xs, ys = mnist.train.next_batch(32)
        feed = {x: xs.reshape(-1, n_steps, n_input), y: ys, istate: np.zeros((32, 2 * n_hidden))}
        _, value = sess.run([train, cost], feed)
        if step % 4 == 0:
            print('step %d, cost %.5f' % (step, value))
    print('state width', sess.run(state, feed).shape[1])
