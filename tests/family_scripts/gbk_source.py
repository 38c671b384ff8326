"""A course script saved in GBK with no coding line: its comments and messages are Chinese."""
# table: Source saved as GBK
import tensorflow as tf

# 定义一个常量并求和
x = tf.constant([1.0, 2.0, 3.0])
with tf.Session() as sess:
    print("总和 %.1f" % sess.run(tf.reduce_sum(x)))
