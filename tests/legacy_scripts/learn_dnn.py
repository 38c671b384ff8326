"""MNIST with TensorFlow 1.x's tf.contrib.learn: a DNNClassifier fitted on numpy arrays, its
feature columns inferred from the images (or, with --linear, a LinearClassifier on a
real_valued_column, behind SKCompat).
"""
from __future__ import print_function

import argparse

import numpy as np
import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument('--model_dir', default=None, help='Checkpoint directory')
parser.add_argument('--steps', type=int, default=2000, help='Training steps')
parser.add_argument('--linear', action='store_true', help='A LinearClassifier with SKCompat')
args = parser.parse_args()

mnist = tf.contrib.learn.datasets.load_dataset('mnist')
train_labels = np.asarray(mnist.train.labels, dtype=np.int32)
test_labels = np.asarray(mnist.test.labels, dtype=np.int32)

if args.linear:
  columns = [tf.contrib.layers.real_valued_column('', dimension=784)]
  config = tf.contrib.learn.RunConfig(tf_random_seed=1, save_checkpoints_secs=None,
                                      save_checkpoints_steps=500)
  classifier = tf.contrib.learn.SKCompat(tf.contrib.learn.LinearClassifier(
      feature_columns=columns, n_classes=10, model_dir=args.model_dir, config=config))
  classifier.fit(mnist.train.images, train_labels, batch_size=100, steps=args.steps)
  score = classifier.score(mnist.test.images, test_labels)
  print('Accuracy: {0:f}'.format(score['accuracy']))
  predicted = classifier.predict(mnist.test.images[:10])
  print('predicted classes', predicted['classes'].tolist())
else:
  feature_columns = tf.contrib.learn.infer_real_valued_columns_from_input(mnist.train.images)
  classifier = tf.contrib.learn.DNNClassifier(hidden_units=[100], n_classes=10,
                                              feature_columns=feature_columns,
                                              model_dir=args.model_dir)
  classifier.fit(mnist.train.images, mnist.train.labels.astype(np.int32), batch_size=100,
                 steps=args.steps)
  # The dataset's own uint8 labels, as contrib.learn took them.
  accuracy_score = classifier.evaluate(mnist.test.images, mnist.test.labels)['accuracy']
  print('Accuracy: {0:f}'.format(accuracy_score))
  predicted = list(classifier.predict(mnist.test.images[:10]))
  print('predicted classes', predicted)
print('true classes', test_labels[:10].tolist())
