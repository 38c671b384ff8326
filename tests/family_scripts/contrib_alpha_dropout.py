"""tf.contrib.nn.alpha_dropout, the dropout of self-normalising networks."""
# table: `tf.contrib.nn.alpha_dropout`
import tensorflow as tf

x = tf.random_normal([1000, 8])
dropped = tf.contrib.nn.alpha_dropout(x, 0.8)
mean, variance = tf.nn.moments(tf.reshape(dropped, [-1]), [0])
with tf.Session() as sess:
    print('mean %.5f, variance %.5f' % tuple(sess.run([mean, variance])))
