"""MNIST read row by row by an LSTM, written with tf.contrib.rnn as TensorFlow 1.x courses did.

Each 28x28 image is a sequence of 28 rows of 28 pixels; a BasicLSTMCell of 128 units reads
them with static_rnn and a linear layer classifies the last output. With --bidirectional, a
forward and a backward cell read the rows (static_bidirectional_rnn).
"""
from __future__ import print_function

import argparse

import tensorflow as tf
from tensorflow.contrib import rnn
from tensorflow.examples.tutorials.mnist import input_data

parser = argparse.ArgumentParser()
parser.add_argument('--steps', type=int, default=2000, help='Training steps')
parser.add_argument('--batch_size', type=int, default=128, help='Images per step')
parser.add_argument('--bidirectional', action='store_true', help='Read the rows both ways')
args = parser.parse_args()

mnist = input_data.read_data_sets('/tmp/data/', one_hot=True)

timesteps, num_input, num_hidden, num_classes = 28, 28, 128, 10
X = tf.placeholder(tf.float32, [None, timesteps, num_input])
Y = tf.placeholder(tf.float32, [None, num_classes])

out_size = 2 * num_hidden if args.bidirectional else num_hidden
weights = tf.Variable(tf.random_normal([out_size, num_classes]))
biases = tf.Variable(tf.random_normal([num_classes]))

# static_rnn wants a list of `timesteps` tensors of shape [batch, num_input].
rows = tf.unstack(X, timesteps, 1)
if args.bidirectional:
  forward = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
  backward = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
  outputs, _, _ = rnn.static_bidirectional_rnn(forward, backward, rows, dtype=tf.float32)
else:
  cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
  outputs, states = rnn.static_rnn(cell, rows, dtype=tf.float32)
logits = tf.matmul(outputs[-1], weights) + biases

loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
train_op = tf.train.AdamOptimizer(learning_rate=0.001).minimize(loss)
correct = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  print('variables', ' '.join(v.name for v in tf.trainable_variables()))
  for step in range(1, args.steps + 1):
    batch_x, batch_y = mnist.train.next_batch(args.batch_size)
    batch_x = batch_x.reshape((args.batch_size, timesteps, num_input))
    sess.run(train_op, feed_dict={X: batch_x, Y: batch_y})
    if step % 100 == 0 or step == 1:
      l, acc = sess.run([loss, accuracy], feed_dict={X: batch_x, Y: batch_y})
      print('Step %d, Minibatch Loss= %.4f, Training Accuracy= %.3f' % (step, l, acc))
  test_x = mnist.test.images[:2000].reshape((-1, timesteps, num_input))
  print('Testing Accuracy:', sess.run(accuracy, feed_dict={X: test_x,
                                                          Y: mnist.test.labels[:2000]}))
