"""tf.contrib.data of TensorFlow 1.3: a Dataset of MNIST batches through a one-shot iterator."""
# table: `tf.contrib.data`
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data')
dataset = tf.contrib.data.Dataset.from_tensor_slices(
    (mnist.train.images[:200], mnist.train.labels[:200].astype(np.int64)))
dataset = dataset.batch(50)
images, labels = dataset.make_one_shot_iterator().get_next()
with tf.Session() as sess:
    for step in range(4):
        xs, ys = sess.run([images, labels])
        print('batch %d: %d images, mean %.5f, labels sum %d' % (step, len(xs), xs.mean(),
                                                                  ys.sum()))
