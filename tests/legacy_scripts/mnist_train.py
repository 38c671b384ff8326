"""Train the network of mnist_inference.py with a decaying learning rate, L2 regularisation
and moving averages of the weights, then report the test accuracy of the averaged model.

The model lives in the sibling module mnist_inference, which imports tensorflow itself.
"""
import os

import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

import mnist_inference

BATCH_SIZE = 100
LEARNING_RATE_BASE = 0.8
LEARNING_RATE_DECAY = 0.99
REGULARIZATION_RATE = 0.0001
MOVING_AVERAGE_DECAY = 0.99

tf.app.flags.DEFINE_integer('training_steps', 30000, 'Number of training steps.')
tf.app.flags.DEFINE_string('model_save_path', 'model/', 'Where to save the model.')
FLAGS = tf.app.flags.FLAGS


def l2_regularizer(scale):
  return lambda weights: scale * tf.nn.l2_loss(weights)


def train(mnist):
  x = tf.placeholder(tf.float32, [None, mnist_inference.INPUT_NODE], name='x-input')
  y_ = tf.placeholder(tf.float32, [None, mnist_inference.OUTPUT_NODE], name='y-input')

  y = mnist_inference.inference(x, l2_regularizer(REGULARIZATION_RATE))
  global_step = tf.Variable(0, trainable=False)

  variable_averages = tf.train.ExponentialMovingAverage(MOVING_AVERAGE_DECAY, global_step)
  variables_averages_op = variable_averages.apply(tf.trainable_variables())
  average_y = mnist_inference.inference(x, None, variable_averages, reuse=True)

  cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(
      logits=y, labels=tf.argmax(y_, 1))
  loss = tf.reduce_mean(cross_entropy) + tf.add_n(tf.get_collection('losses'))
  learning_rate = tf.train.exponential_decay(
      LEARNING_RATE_BASE, global_step, mnist.train.num_examples / BATCH_SIZE,
      LEARNING_RATE_DECAY)
  train_step = tf.train.GradientDescentOptimizer(learning_rate).minimize(
      loss, global_step=global_step)
  with tf.control_dependencies([train_step, variables_averages_op]):
    train_op = tf.no_op(name='train')

  correct_prediction = tf.equal(tf.argmax(average_y, 1), tf.argmax(y_, 1))
  accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

  saver = tf.train.Saver()
  with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for i in range(FLAGS.training_steps):
      xs, ys = mnist.train.next_batch(BATCH_SIZE)
      _, loss_value, step = sess.run([train_op, loss, global_step], feed_dict={x: xs, y_: ys})
      if i % 1000 == 0:
        print('After %d training step(s), loss on training batch is %g.' % (step, loss_value))
    saver.save(sess, os.path.join(FLAGS.model_save_path, 'model.ckpt'), global_step=global_step)
    test_acc = sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels})
    print('After %d training step(s), test accuracy using average model is %g'
          % (FLAGS.training_steps, test_acc))


def main(argv=None):
  mnist = input_data.read_data_sets('/tmp/data', one_hot=True)
  train(mnist)


if __name__ == '__main__':
  tf.app.run()
