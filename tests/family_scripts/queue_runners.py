"""Queue runners: slice_input_producer and shuffle_batch over MNIST, with a Coordinator."""
# table: Input pipelines: queue runners
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data')
image, label = tf.train.slice_input_producer(
    [mnist.train.images[:500], mnist.train.labels[:500].astype(np.int64)], shuffle=False)
images, labels = tf.train.batch([image, label], batch_size=50, num_threads=1)
with tf.Session() as sess:
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    for step in range(3):
        xs, ys = sess.run([images, labels])
        print('batch %d: mean %.5f, labels %s' % (step, xs.mean(), ys[:5].tolist()))
    coord.request_stop()
    coord.join(threads)
