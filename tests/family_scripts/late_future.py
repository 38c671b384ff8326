"""A script exported from a notebook: each cell's from __future__ import lands mid-file."""
# table: `from __future__ import ...` after
import tensorflow as tf

x = tf.constant([3.0, 4.0])
from __future__ import print_function
from __future__ import division
with tf.Session() as sess:
    norm = sess.run(tf.norm(x))
print('norm', norm, 'half', 7 / 2)
