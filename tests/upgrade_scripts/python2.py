# A Python 2 lesson: print statements, xrange and dict.iteritems.
# table: Python 2 code
import tensorflow as tf
import numpy as np
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=False)
x = tf.placeholder(tf.float32, [None, 784])
labels = tf.placeholder(tf.int64, [None])
hidden = tf.nn.relu(tf.matmul(x, tf.Variable(tf.truncated_normal([784, 32], stddev=0.1))))
logits = tf.matmul(hidden, tf.Variable(tf.truncated_normal([32, 10], stddev=0.1)))
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits, labels))
train = tf.train.AdamOptimizer(1e-3).minimize(loss)
settings = {'steps': 20, 'batch': 64}
for key, value in sorted(settings.iteritems()):
    print "%s = %d" % (key, value)
with tf.Session() as sess:
    sess.run(tf.initialize_all_variables())
    for step in xrange(settings['steps']):
        xs, ys = mnist.train.next_batch(settings['batch'])
        _, value = sess.run([train, loss], {x: xs, labels: ys})
        if step % 5 == 0:
            print "step %d loss %.6f" % (step, value)
    print "mean weight", np.mean(sess.run(tf.trainable_variables()[0]))
