"""tf.contrib.learn.ModeKeys choosing what a model function builds."""
# table: `tf.contrib.learn.ModeKeys`
import tensorflow as tf
from tensorflow.contrib.learn import ModeKeys


def model(x, mode):
    h = tf.layers.dense(x, 4, kernel_initializer=tf.ones_initializer())
    if mode == ModeKeys.TRAIN:
        h = tf.nn.dropout(h, 0.5)
    return h


x = tf.constant([[1.0, 2.0]])
with tf.variable_scope('m'):
    out = model(x, ModeKeys.INFER)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print('modes', ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.INFER)
    print('out %.1f' % sess.run(tf.reduce_sum(out)))
