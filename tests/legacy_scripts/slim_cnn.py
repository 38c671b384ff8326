"""A small convolutional MNIST classifier written with TF-Slim, as TensorFlow 1.x courses did:
`import tensorflow.contrib.slim as slim`, one arg_scope for the weight decay and the batch
norm, and the batch-norm moving averages updated through UPDATE_OPS.

With --compare, it instead builds one tf.contrib.layers.fully_connected layer next to a
tf.layers.dense layer with ReLU, gives the dense layer the same weights, and prints the
variables and the largest difference of their outputs.
"""
from __future__ import print_function

import argparse
import json

import numpy as np
import tensorflow as tf
import tensorflow.contrib.slim as slim
from tensorflow.examples.tutorials.mnist import input_data


def network(images, is_training):
  with slim.arg_scope([slim.conv2d, slim.fully_connected],
                      weights_regularizer=slim.l2_regularizer(0.0005),
                      normalizer_fn=slim.batch_norm,
                      normalizer_params={'is_training': is_training, 'decay': 0.9}):
    net = tf.reshape(images, [-1, 28, 28, 1])
    net = slim.conv2d(net, 16, [5, 5], scope='conv1')
    net = slim.max_pool2d(net, [2, 2], scope='pool1')
    net = slim.conv2d(net, 32, [5, 5], scope='conv2')
    net = slim.max_pool2d(net, [2, 2], scope='pool2')
    net = slim.flatten(net)
    net = slim.fully_connected(net, 256, scope='fc3')
    net = slim.dropout(net, 0.5, is_training=is_training, scope='dropout3')
    return slim.fully_connected(net, 10, activation_fn=None, normalizer_fn=None,
                                scope='fc4')


def train(steps):
  mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
  images = tf.placeholder(tf.float32, [None, 784])
  labels = tf.placeholder(tf.float32, [None, 10])
  is_training = tf.placeholder(tf.bool, [])
  logits = network(images, is_training)

  tf.losses.softmax_cross_entropy(labels, logits)
  total_loss = tf.losses.get_total_loss()  # with the weight decay slim collected
  global_step = tf.contrib.framework.get_or_create_global_step()
  optimizer = tf.train.AdamOptimizer(1e-3)
  train_op = slim.learning.create_train_op(total_loss, optimizer, global_step=global_step)
  correct = tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1))
  accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

  print('model variables', len(slim.get_model_variables()),
        'regularization losses', len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)),
        'update ops', len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(steps):
      batch_images, batch_labels = mnist.train.next_batch(50)
      loss = sess.run(train_op, feed_dict={images: batch_images, labels: batch_labels,
                                           is_training: True})
      if step % 100 == 0:
        print('step %d, total loss %g' % (step, loss))
    print('test accuracy %g' % sess.run(accuracy, feed_dict={
        images: mnist.test.images[:2000], labels: mnist.test.labels[:2000],
        is_training: False}))


def compare():
  tf.set_random_seed(0)
  inputs = tf.placeholder(tf.float32, [None, 30])
  contrib = tf.contrib.layers.fully_connected(inputs, 20)
  dense = tf.layers.dense(inputs, 20, activation=tf.nn.relu)
  weights, biases = slim.get_variables('fully_connected')
  kernel, bias = tf.trainable_variables()[2:]
  shift_biases = biases.assign(tf.fill([20], 0.1))  # so that the biases count
  copy = [kernel.assign(weights), bias.assign(biases)]
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(shift_biases)
    sess.run(copy)
    values = np.random.RandomState(0).normal(size=(8, 30))
    a, b = sess.run([contrib, dense], feed_dict={inputs: values})
  print(json.dumps({
      'variables': [(v.name, v.shape.as_list()) for v in tf.global_variables()],
      'model_variables': [v.name for v in tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)],
      'max_difference': float(np.abs(a - b).max()),
      'zeros': int((a == 0).sum()),
  }))


if __name__ == '__main__':
  parser = argparse.ArgumentParser()
  parser.add_argument('--steps', type=int, default=1000, help='Training steps')
  parser.add_argument('--compare', action='store_true',
                      help='Compare fully_connected with tf.layers.dense and stop')
  args = parser.parse_args()
  if args.compare:
    compare()
  else:
    train(args.steps)
