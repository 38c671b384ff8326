"""A two-layer network written with tf.contrib.layers, as TensorFlow 1.0-era courses did.

tf.contrib was removed in TensorFlow 2.0: this script cannot run there as it is, and the
runner says so, naming the first tf.contrib.layers line.
"""
from __future__ import print_function

import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)

x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
hidden = tf.contrib.layers.fully_connected(x, 256, activation_fn=tf.nn.relu)
logits = tf.contrib.layers.fully_connected(hidden, 10, activation_fn=None)
regularizer = tf.contrib.layers.l2_regularizer(1e-4)

loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
loss += tf.contrib.layers.apply_regularization(regularizer, tf.trainable_variables())
train_step = tf.train.AdamOptimizer(1e-3).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1)), tf.float32))

with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  for _ in range(1000):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
  print(sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))
