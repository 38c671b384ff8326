"""tf.contrib.framework.nest: flatten, map_structure and pack_sequence_as on a state tuple."""
# table: `tf.contrib.framework.nest`
import tensorflow as tf
from tensorflow.contrib.framework import nest

state = (tf.constant([1.0, 2.0]), (tf.constant(3.0), tf.constant([4.0])))
doubled = nest.map_structure(lambda t: t * 2, state)
flat = nest.flatten(doubled)
again = nest.pack_sequence_as(state, flat)
with tf.Session() as sess:
    print('parts %d, sum %.1f' % (len(flat), sess.run(tf.add_n([tf.reduce_sum(t) for t in flat]))))
    print('inner', sess.run(again[1][0]))
