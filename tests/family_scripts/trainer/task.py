"""A script inside a package that imports its own package, started as python -m trainer.task."""
# table: A script inside a package
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data
from trainer import model

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
y = model.logits(x)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(12):
        xs, ys = mnist.train.next_batch(50)
        _, value = sess.run([train, loss], {x: xs, y_: ys})
        if step % 4 == 0:
            print('step %d, loss %.5f' % (step, value))
