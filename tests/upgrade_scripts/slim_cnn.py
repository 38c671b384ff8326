"""A small CNN with tf.contrib.layers, tf.contrib.slim (batch_norm too) and
tf.contrib.framework's arg_scope."""
# table: `tf.contrib.slim`
import tensorflow as tf
import tensorflow.contrib.slim as slim
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
images = tf.reshape(x, [-1, 28, 28, 1])
with tf.contrib.framework.arg_scope([slim.conv2d], padding='SAME',
                                    weights_initializer=tf.contrib.layers.xavier_initializer()):
    net = slim.conv2d(images, 8, [5, 5], scope='conv1')
    net = slim.max_pool2d(net, [2, 2], scope='pool1')
net = slim.batch_norm(net, is_training=True)
net = tf.contrib.layers.flatten(net)
logits = tf.contrib.layers.fully_connected(net, 10, activation_fn=None)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
step = tf.contrib.framework.get_or_create_global_step()
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(15):
        xs, ys = mnist.train.next_batch(32)
        _, value = sess.run([train, loss], {x: xs, y_: ys})
        if i % 5 == 0:
            print('step %d, loss %g' % (sess.run(step), value))
