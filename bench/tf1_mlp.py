"""A TF1 course script of the era, for bench/reproduce_spread.py: a 784-256-10 network with
ReLU and Adam, 2000 steps of 50, printing the training accuracy of every 100th batch, then the
test loss and accuracy. Runs under python -m tf1_mnist.run."""

from __future__ import print_function

import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
W1 = tf.Variable(tf.truncated_normal([784, 256], stddev=0.1))
b1 = tf.Variable(tf.constant(0.1, shape=[256]))
h1 = tf.nn.relu(tf.matmul(x, W1) + b1)
W2 = tf.Variable(tf.truncated_normal([256, 10], stddev=0.1))
b2 = tf.Variable(tf.constant(0.1, shape=[10]))
y = tf.matmul(h1, W2) + b2
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.AdamOptimizer(1e-3).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(2000):
        batch = mnist.train.next_batch(50)
        if i % 100 == 0:
            train_accuracy, train_loss = sess.run([accuracy, cross_entropy],
                                                  {x: batch[0], y_: batch[1]})
            print('step %d, training accuracy %g, loss %g' % (i, train_accuracy, train_loss))
        sess.run(train_step, {x: batch[0], y_: batch[1]})
    test = {x: mnist.test.images, y_: mnist.test.labels}
    print('test loss %g' % sess.run(cross_entropy, test))
    print('test accuracy %g' % sess.run(accuracy, test))
