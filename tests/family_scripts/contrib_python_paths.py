"""contrib's module paths below python: batch_norm, arg_scope and an initializer imported from
where TF 1.x kept them."""
# table: Module paths below `python`
import tensorflow as tf
from tensorflow.contrib.layers.python.layers import batch_norm
from tensorflow.contrib.layers.python.layers import initializers
from tensorflow.contrib.framework.python.ops import arg_scope
from tensorflow.contrib.layers.python.layers.layers import fully_connected

x = tf.random_normal([16, 8])
with arg_scope([fully_connected], weights_initializer=initializers.xavier_initializer()):
    h = fully_connected(x, 4)
h = batch_norm(h, is_training=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print('mean %.5f, variables %d' % (sess.run(tf.reduce_mean(h)),
                                       len(tf.global_variables())))
