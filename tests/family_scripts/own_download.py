"""MNIST's four files fetched with urlretrieve and parsed by hand, as many courses did."""
# table: `urlretrieve` / `urlopen` of MNIST's four files
import gzip
import os
import numpy as np
import tensorflow as tf
from six.moves.urllib.request import urlretrieve

SOURCE = os.environ.get('MNIST_SOURCE', 'http://yann.lecun.com/exdb/mnist/')


def fetch(name):
    if not os.path.exists(name):
        urlretrieve(SOURCE + name, name)
    with gzip.open(name, 'rb') as f:
        return f.read()


images = np.frombuffer(fetch('t10k-images-idx3-ubyte.gz'), np.uint8, offset=16)
labels = np.frombuffer(fetch('t10k-labels-idx1-ubyte.gz'), np.uint8, offset=8)
images = images.reshape(-1, 784)[:1000].astype(np.float32) / 255.0
labels = labels[:1000].astype(np.int64)
print('images', images.shape, 'first labels', list(labels[:5]))
x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.int64, [None])
W = tf.Variable(tf.zeros([784, 10]))
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                     logits=tf.matmul(x, W)))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(10):
        part = slice(100 * step, 100 * step + 100)
        _, value = sess.run([train, loss], {x: images[part], y: labels[part]})
        print('step %d, loss %.5f' % (step, value))
