"""modern_softmax.py's lesson in Python 2 (print statements, xrange, except E, e) with
TensorFlow 0.12's names, its model in the Python 2 module py2_model.py."""
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

import py2_model

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
images, labels = mnist.train.images[:500], mnist.train.labels[:500]

x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
W, b, logits = py2_model.inference(x)
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
    print 'variables', sorted(v.op.name for v in tf.all_variables())
    for step in xrange(20):
        summary, value, _ = sess.run([summaries, loss, train_step],
                                     feed_dict={x: images, y_: labels})
        writer.add_summary(summary, step)
        if step % 5 == 0:
            print 'step %d, loss %.6f' % (step, value)
    writer.close()
    try:
        print 'larger mean %.8f' % sess.run(larger)
    except ValueError, error:
        print 'no mean:', error
    print 'test accuracy %.4f' % sess.run(accuracy, feed_dict={
        x: mnist.test.images[:1000], y_: mnist.test.labels[:1000]})
