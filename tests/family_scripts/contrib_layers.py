"""tf.contrib.layers: fully_connected, conv2d, max_pool2d, flatten, batch_norm, l2 regularizer
and xavier initializer."""
# table: `tf.contrib.layers` (
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
net = tf.reshape(x, [-1, 28, 28, 1])
net = tf.contrib.layers.conv2d(net, 8, [5, 5])
net = tf.contrib.layers.max_pool2d(net, [2, 2])
net = tf.contrib.layers.flatten(net)
net = tf.contrib.layers.fully_connected(
    net, 32, weights_initializer=tf.contrib.layers.xavier_initializer(),
    weights_regularizer=tf.contrib.layers.l2_regularizer(1e-4))
net = tf.contrib.layers.batch_norm(net, is_training=True)
y = tf.contrib.layers.fully_connected(net, 10, activation_fn=None)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
loss += tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
train = tf.train.AdamOptimizer(1e-3).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(10):
        xs, ys = mnist.train.next_batch(50)
        _, value = sess.run([train, loss], {x: xs, y_: ys})
        if step % 3 == 0:
            print('step %d, loss %.5f' % (step, value))
