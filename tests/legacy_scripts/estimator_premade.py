"""MNIST with TensorFlow 1.x's premade estimators: a DNNClassifier (or, with --linear, a
LinearClassifier) on one numeric feature column of 784 pixels, fed by numpy_input_fn.
"""
from __future__ import print_function

import argparse

import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

parser = argparse.ArgumentParser()
parser.add_argument('--model_dir', default='/tmp/mnist_dnn', help='Checkpoint directory')
parser.add_argument('--steps', type=int, default=2000, help='Training steps')
parser.add_argument('--linear', action='store_true', help='A LinearClassifier instead')
args = parser.parse_args()

tf.logging.set_verbosity(tf.logging.INFO)
mnist = input_data.read_data_sets('MNIST_data')

feature_columns = [tf.feature_column.numeric_column('x', shape=[28 * 28])]
if args.linear:
  classifier = tf.estimator.LinearClassifier(
      feature_columns=feature_columns, n_classes=10, model_dir=args.model_dir)
else:
  classifier = tf.estimator.DNNClassifier(
      feature_columns=feature_columns, hidden_units=[256, 32], n_classes=10,
      optimizer=tf.train.AdamOptimizer(1e-3), dropout=0.1, model_dir=args.model_dir)

train_input_fn = tf.estimator.inputs.numpy_input_fn(
    x={'x': mnist.train.images}, y=mnist.train.labels.astype(np.int32),
    batch_size=100, num_epochs=None, shuffle=True)
classifier.train(input_fn=train_input_fn, steps=args.steps)

test_input_fn = tf.compat.v1.estimator.inputs.numpy_input_fn(
    x={'x': mnist.test.images}, y=mnist.test.labels.astype(np.int32),
    num_epochs=1, shuffle=False)
metrics = classifier.evaluate(input_fn=test_input_fn)
print('metrics', sorted(metrics))
print('Test accuracy: {accuracy:0.4f}'.format(**metrics))
print('average loss %g, global step %d' % (metrics['average_loss'], metrics['global_step']))
