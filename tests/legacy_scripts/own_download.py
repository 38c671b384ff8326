import gzip
import os
import urllib.request

import numpy as np
import tensorflow as tf

SOURCE = 'https://storage.googleapis.com/cvdf-datasets/mnist/'
FOLDER = 'data'


def fetch(name):
    path = os.path.join(FOLDER, name)
    if not os.path.exists(path):
        os.makedirs(FOLDER, exist_ok=True)
        urllib.request.urlretrieve(SOURCE + name, path)
    return path


with gzip.open(fetch('t10k-labels-idx1-ubyte.gz')) as f:
    labels = np.frombuffer(f.read(), np.uint8, offset=8)
with urllib.request.urlopen('http://yann.lecun.com/exdb/mnist/t10k-images-idx3-ubyte.gz') as r:
    images = np.frombuffer(gzip.decompress(r.read()), np.uint8, offset=16).reshape(-1, 784)
print('labels', labels.shape, 'images', images.shape)

x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.int64, [None])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
logits = tf.matmul(x, W) + b
loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(20):
        sess.run(train, {x: images[:500] / 255.0, y: labels[:500]})
    print('trained')
