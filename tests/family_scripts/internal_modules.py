"""TensorFlow's internal modules imported directly, as 1.x scripts often did."""
# table: `from tensorflow.python.framework import dtypes`
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import dtypes
from tensorflow.python.ops import math_ops

x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
y = math_ops.cast(x, dtypes.int32)
with tf.Session() as sess:
    print('sum %d, dtype %s' % (sess.run(tf.reduce_sum(y)), y.dtype.name))
