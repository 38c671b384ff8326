"""tf.layers: a small CNN with conv2d, max_pooling2d, flatten, dense and dropout."""
# table: `tf.layers.*`
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
training = tf.placeholder(tf.bool)
net = tf.reshape(x, [-1, 28, 28, 1])
net = tf.layers.conv2d(net, 8, 5, padding='same', activation=tf.nn.relu)
net = tf.layers.max_pooling2d(net, 2, 2)
net = tf.layers.flatten(net)
net = tf.layers.dense(net, 32, activation=tf.nn.relu)
net = tf.layers.dropout(net, 0.4, training=training)
y = tf.layers.dense(net, 10)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train = tf.train.AdamOptimizer(1e-3).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(10):
        xs, ys = mnist.train.next_batch(50)
        _, value = sess.run([train, loss], {x: xs, y_: ys, training: True})
        if step % 3 == 0:
            print('step %d, loss %.5f' % (step, value))
