"""A convolutional MNIST classifier as a tf.estimator.Estimator, TensorFlow 1.4-1.15 style.

The network and the training of TensorFlow's layers tutorial (two 5x5 convolutions with 32 and
64 filters, each followed by 2x2 max pooling, a 1024-unit dense layer with dropout 0.4,
plain gradient descent at 0.001 for 20000 steps of 100 images, about 97 % test accuracy),
the data from tf.contrib.learn, the input from tf.estimator.inputs.numpy_input_fn, and the
predicted probabilities logged every 50 steps. Flags shorten the run for a laptop.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import argparse
import sys

import numpy as np
import tensorflow as tf

FLAGS = None


def model_fn(features, labels, mode, params):
  """Builds the network for `mode` and returns its EstimatorSpec."""
  images = tf.reshape(features["x"], [-1, 28, 28, 1])
  net = tf.layers.conv2d(images, 32, [5, 5], padding="same", activation=tf.nn.relu)
  net = tf.layers.max_pooling2d(net, [2, 2], 2)
  net = tf.layers.conv2d(net, 64, [5, 5], padding="same", activation=tf.nn.relu)
  net = tf.layers.max_pooling2d(net, [2, 2], 2)
  # Two poolings leave 7x7 maps of 64 channels.
  net = tf.reshape(net, [-1, 7 * 7 * 64])
  net = tf.layers.dense(net, 1024, activation=tf.nn.relu)
  net = tf.layers.dropout(net, rate=0.4, training=mode == tf.estimator.ModeKeys.TRAIN)
  logits = tf.layers.dense(net, 10)

  predictions = {
      "classes": tf.argmax(logits, axis=1),
      "probabilities": tf.nn.softmax(logits, name="softmax_tensor"),
  }
  if mode == tf.estimator.ModeKeys.PREDICT:
    return tf.estimator.EstimatorSpec(mode=mode, predictions=predictions)

  loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
  if mode == tf.estimator.ModeKeys.TRAIN:
    optimizer = tf.train.GradientDescentOptimizer(params["learning_rate"])
    train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode=mode, loss=loss, train_op=train_op)

  metrics = {"accuracy": tf.metrics.accuracy(labels=labels,
                                             predictions=predictions["classes"])}
  return tf.estimator.EstimatorSpec(mode=mode, loss=loss, eval_metric_ops=metrics)


def main(unused_argv):
  mnist = tf.contrib.learn.datasets.load_dataset("mnist")
  train_images = mnist.train.images
  train_labels = np.asarray(mnist.train.labels, dtype=np.int32)
  test_images = mnist.test.images[:FLAGS.eval_examples]
  test_labels = np.asarray(mnist.test.labels, dtype=np.int32)[:FLAGS.eval_examples]

  classifier = tf.estimator.Estimator(
      model_fn=model_fn, model_dir=FLAGS.model_dir,
      params={"learning_rate": FLAGS.learning_rate})

  logging_hook = tf.train.LoggingTensorHook(
      tensors={"probabilities": "softmax_tensor"}, every_n_iter=50)
  train_input_fn = tf.estimator.inputs.numpy_input_fn(
      x={"x": train_images}, y=train_labels, batch_size=FLAGS.batch_size,
      num_epochs=None, shuffle=True)
  classifier.train(input_fn=train_input_fn, steps=FLAGS.steps,
                   hooks=[logging_hook] if FLAGS.log_probabilities else None)

  eval_input_fn = tf.estimator.inputs.numpy_input_fn(
      x={"x": test_images}, y=test_labels, num_epochs=1, shuffle=False)
  eval_results = classifier.evaluate(input_fn=eval_input_fn)
  print(eval_results)

  predictions = classifier.predict(input_fn=tf.estimator.inputs.numpy_input_fn(
      x={"x": test_images[:5]}, num_epochs=1, shuffle=False))
  print("predicted classes", [int(p["classes"]) for p in predictions])
  print("true classes", [int(label) for label in test_labels[:5]])


if __name__ == "__main__":
  parser = argparse.ArgumentParser()
  parser.add_argument("--model_dir", default="/tmp/mnist_convnet_model",
                      help="Where checkpoints are written and read")
  parser.add_argument("--steps", type=int, default=20000, help="Training steps to add")
  parser.add_argument("--batch_size", type=int, default=100, help="Images per step")
  parser.add_argument("--learning_rate", type=float, default=0.001,
                      help="Gradient descent step size")
  parser.add_argument("--eval_examples", type=int, default=10000,
                      help="Test images to evaluate on")
  parser.add_argument("--log_probabilities", action="store_true",
                      help="Log the predicted probabilities every 50 steps")
  FLAGS, unparsed = parser.parse_known_args()
  tf.logging.set_verbosity(tf.logging.INFO)
  tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)
