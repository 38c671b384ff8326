"""A NumPy number as a flag's default: absl of the era took it, absl today refuses it."""
# table: `tf.app.flags.DEFINE_integer('batch_size', np.power(2, 7)
import numpy as np
import tensorflow as tf

tf.app.flags.DEFINE_integer('batch_size', np.power(2, 5), 'examples per step')
tf.app.flags.DEFINE_float('scale', np.float32(0.5), 'a factor')
FLAGS = tf.app.flags.FLAGS


def main(_):
    x = tf.random_normal([FLAGS.batch_size, 4])
    with tf.Session() as sess:
        print('batch %d, mean %.5f' % (FLAGS.batch_size, sess.run(tf.reduce_mean(x) * FLAGS.scale)))


if __name__ == '__main__':
    tf.app.run()
