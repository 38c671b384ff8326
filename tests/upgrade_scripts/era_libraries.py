"""The era's NumPy, SciPy and Python: np.float, np.int, scipy.misc.imresize and imsave,
collections.Mapping and time.clock, around a softmax on half-size images."""
# table: NumPy 1.x names
# table: Python names removed
# table: SciPy names
import collections
import time
import numpy as np
import scipy.misc
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
start = time.clock()
settings = {'steps': 12, 'batch': 40}
assert isinstance(settings, collections.Mapping)


def half_size(images):
    # imresize byte-scales each image to 0-255 and returns uint8
    small = [scipy.misc.imresize(image.reshape(28, 28), (14, 14)) for image in images]
    return np.array(small, dtype=np.float).reshape(-1, 196) / 255.0


scipy.misc.imsave('first.png', mnist.train.images[0].reshape(28, 28))
x = tf.placeholder(tf.float32, [None, 196])
y_ = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.zeros([196, 10]))
y = tf.matmul(x, W)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(settings['steps']):
        xs, ys = mnist.train.next_batch(settings['batch'])
        _, value = sess.run([train, loss], {x: half_size(xs), y_: ys})
        if step % 4 == 0:
            print('step %d, loss %.5f' % (np.int(step), value))
    print('saved pixels', np.int(scipy.misc.imread('first.png').sum()))
print('clock ran', time.clock() >= start)
