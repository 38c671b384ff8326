"""Softmax regression written for TensorFlow 1.x, the reference that pre_1_0_softmax.py and
py2_softmax.py (the same lesson in older spellings) must reproduce number for number."""
from __future__ import print_function

import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
images, labels = mnist.train.images[:500], mnist.train.labels[:500]

x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.zeros([784, 10]), name='W')
b = tf.Variable(tf.zeros([10]), name='b')
halves = tf.split(x, 2, axis=1)
logits = tf.matmul(tf.concat(halves, 1), W) + b
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_,
                                                                       logits=logits))
penalty = tf.multiply(0.001, tf.reduce_sum(tf.square(W), axis=[0, 1], keepdims=True))
loss = tf.subtract(cross_entropy, tf.negative(tf.squeeze(penalty)))
tf.summary.scalar('loss', loss)
summaries = tf.summary.merge_all()
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
correct = tf.equal(tf.argmax(logits, axis=1), tf.argmax(y_, axis=1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
stacked = tf.stack([tf.reduce_mean(W), tf.reduce_mean(b)])
first, second = tf.unstack(stacked)
larger = tf.where(tf.greater(first, second), first, second)

with tf.Session() as sess:
    writer = tf.summary.FileWriter('logs', sess.graph)
    sess.run(tf.global_variables_initializer())
    print('variables', sorted(v.op.name for v in tf.global_variables()))
    for step in range(20):
        summary, value, _ = sess.run([summaries, loss, train_step],
                                     feed_dict={x: images, y_: labels})
        writer.add_summary(summary, step)
        if step % 5 == 0:
            print('step %d, loss %.6f' % (step, value))
    writer.close()
    print('larger mean %.8f' % sess.run(larger))
    print('test accuracy %.4f' % sess.run(accuracy, feed_dict={
        x: mnist.test.images[:1000], y_: mnist.test.labels[:1000]}))
