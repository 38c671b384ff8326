"""NumPy's removed keywords and modes: histogram(normed=), threshold=np.nan, binary fromstring."""
# table: NumPy keywords and modes removed since
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

np.set_printoptions(threshold=np.nan)
mnist = input_data.read_data_sets('MNIST_data')
pixels = mnist.test.images[:100].ravel()
counts, edges = np.histogram(pixels, bins=4, normed=True)
print('density', ' '.join('%.5f' % c for c in counts))
raw = np.fromstring(mnist.test.labels[:20].astype(np.uint8).tobytes(), dtype=np.uint8)
print('labels', raw.sum(), len(np.arange(2000).__repr__()) > 2000)
with tf.Session() as sess:
    print('mean %.5f' % sess.run(tf.reduce_mean(tf.constant(pixels))))
