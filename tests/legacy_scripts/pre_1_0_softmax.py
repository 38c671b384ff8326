"""The softmax lesson of modern_softmax.py as TensorFlow 0.12 spelled it: positional
cross-entropy (logits first), concat and split with the axis first, reduction_indices= and
keep_dims=, and the names 1.0 renamed (mul, sub, neg, pack, unpack, select, *_summary,
SummaryWriter, initialize_all_variables, all_variables)."""
from __future__ import print_function

import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
images, labels = mnist.train.images[:500], mnist.train.labels[:500]

x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.zeros([784, 10]), name='W')
b = tf.Variable(tf.zeros([10]), name='b')
halves = tf.split(1, 2, x)
logits = tf.matmul(tf.concat(1, halves), W) + b
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits, y_))
penalty = tf.mul(0.001, tf.reduce_sum(tf.square(W), reduction_indices=[0, 1], keep_dims=True))
loss = tf.sub(cross_entropy, tf.neg(tf.squeeze(penalty)))
tf.scalar_summary('loss', loss)
summaries = tf.merge_all_summaries()
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
correct = tf.equal(tf.argmax(logits, dimension=1), tf.argmax(y_, dimension=1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
stacked = tf.pack([tf.reduce_mean(W), tf.reduce_mean(b)])
first, second = tf.unpack(stacked)
larger = tf.select(tf.greater(first, second), first, second)

with tf.Session() as sess:
    writer = tf.train.SummaryWriter('logs', sess.graph)
    sess.run(tf.initialize_all_variables())
    print('variables', sorted(v.op.name for v in tf.all_variables()))
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
