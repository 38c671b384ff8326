"""A convolutional network for MNIST built with tf.layers, trained in a plain tf.Session.

TensorFlow 1.4-1.15 course style: tf.layers.conv2d / max_pooling2d / flatten / dense /
dropout, the data read through tf.contrib.learn's MNIST module, integer labels and
tf.losses.sparse_softmax_cross_entropy. Needs tf-keras on TensorFlow 2 (the legacy-layers
extra of tf1_mnist).
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import argparse

import numpy as np
import tensorflow as tf
from tensorflow.contrib.learn.python.learn.datasets import mnist as mnist_data


def cnn_model(images, training):
  """Logits for a batch of flat 784-pixel images."""
  input_layer = tf.reshape(images, [-1, 28, 28, 1])
  conv1 = tf.layers.conv2d(input_layer, filters=32, kernel_size=[5, 5], padding='same',
                           activation=tf.nn.relu, name='conv1')
  pool1 = tf.layers.max_pooling2d(conv1, pool_size=[2, 2], strides=2, name='pool1')
  conv2 = tf.layers.conv2d(pool1, filters=64, kernel_size=[5, 5], padding='same',
                           activation=tf.nn.relu, name='conv2')
  pool2 = tf.layers.max_pooling2d(conv2, pool_size=[2, 2], strides=2, name='pool2')
  pool2_flat = tf.layers.flatten(pool2)
  dense = tf.layers.dense(pool2_flat, units=1024, activation=tf.nn.relu, name='dense')
  dropout = tf.layers.dropout(dense, rate=0.4, training=training)
  return tf.layers.dense(dropout, units=10, name='logits')


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument('--data_dir', default='MNIST_data', help='Directory for the MNIST files')
  parser.add_argument('--steps', type=int, default=2000, help='Training steps')
  parser.add_argument('--batch_size', type=int, default=100, help='Images per step')
  args = parser.parse_args()

  mnist = mnist_data.read_data_sets(args.data_dir)

  images = tf.placeholder(tf.float32, [None, 784], name='images')
  labels = tf.placeholder(tf.int32, [None], name='labels')
  training = tf.placeholder_with_default(False, shape=(), name='training')
  logits = cnn_model(images, training)

  loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
  global_step = tf.train.get_or_create_global_step()
  train_op = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=global_step)
  predictions = tf.argmax(logits, axis=1, output_type=tf.int32)
  accuracy = tf.reduce_mean(tf.cast(tf.equal(predictions, labels), tf.float32))

  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(args.steps):
      batch_images, batch_labels = mnist.train.next_batch(args.batch_size)
      _, loss_value = sess.run([train_op, loss], feed_dict={
          images: batch_images, labels: batch_labels, training: True})
      if step % 100 == 0:
        print('step %d, loss %.3f' % (step, loss_value))
    # Evaluated in slices of 1000 to keep the activations small.
    correct = []
    for start in range(0, mnist.test.num_examples, 1000):
      correct.append(sess.run(accuracy, feed_dict={
          images: mnist.test.images[start:start + 1000],
          labels: mnist.test.labels[start:start + 1000]}))
    print('test accuracy %g' % np.mean(correct))


if __name__ == '__main__':
  main()
