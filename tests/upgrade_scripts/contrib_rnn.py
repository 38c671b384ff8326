"""An LSTM over the rows of the image, with tf.contrib.rnn."""
# table: `tf.contrib.rnn` (
import tensorflow as tf
from tensorflow.contrib import rnn
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 28, 28])
y_ = tf.placeholder(tf.float32, [None, 10])
rows = tf.unstack(x, 28, 1)
cell = rnn.BasicLSTMCell(16, forget_bias=1.0)
outputs, _ = rnn.static_rnn(cell, rows, dtype=tf.float32)
gru = tf.contrib.rnn.GRUCell(8)
W = tf.Variable(tf.random_normal([16, 10]))
logits = tf.matmul(outputs[-1], W)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
train = tf.train.AdamOptimizer(0.01).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(10):
        xs, ys = mnist.train.next_batch(32)
        _, value = sess.run([train, loss], {x: xs.reshape(-1, 28, 28), y_: ys})
        print('step %d, loss %g' % (i, value))
