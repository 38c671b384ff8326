# A stacked LSTM written as TensorFlow 1.0 tutorials wrote it: one cell object, repeated.
import sys

import numpy as np
import tensorflow as tf

num_layers = 3
num_units = 8
n_input = 5
n_steps = 4
out_file = sys.argv[1]

rng = np.random.RandomState(0)
x_data = rng.normal(size=(32, n_steps, n_input)).astype(np.float32)
y_data = (x_data.sum(axis=(1, 2)) > 0).astype(np.int64)
saved = {'x': x_data}

for family in ('contrib', 'nn'):
    tf.reset_default_graph()
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, n_steps, n_input])
    y = tf.placeholder(tf.int64, [None])
    if family == 'contrib':
        cell = tf.contrib.rnn.BasicLSTMCell(num_units)
        cell = tf.contrib.rnn.MultiRNNCell([cell] * num_layers)
    else:
        cell = tf.nn.rnn_cell.BasicLSTMCell(num_units)
        cell = tf.nn.rnn_cell.MultiRNNCell([cell] * num_layers)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    w = tf.Variable(tf.truncated_normal([num_units, 2], stddev=0.1))
    b = tf.Variable(tf.zeros([2]))
    logits = tf.matmul(outputs[:, -1], w) + b
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    rnn_variables = [v for v in tf.trainable_variables() if 'rnn' in v.name]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values, first_outputs = sess.run([rnn_variables, outputs], {x: x_data})
        for v, value in zip(rnn_variables, values):
            saved['%s|%s' % (family, v.name)] = value
        saved[family + '|outputs'] = first_outputs
        losses = []
        for step in range(40):
            _, l = sess.run([train, loss], {x: x_data, y: y_data})
            losses.append(l)
    print('%s layers %d variables %d first loss %.4f last loss %.4f'
          % (family, len(state), len(rnn_variables), losses[0], losses[-1]))
np.savez(out_file, **saved)
