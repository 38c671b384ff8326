"""tf.contrib.framework: arg_scope, get_or_create_global_step, get_variables and
get_variables_to_restore around a checkpoint."""
# table: `tf.contrib.framework` (
import tensorflow as tf

step = tf.contrib.framework.get_or_create_global_step()
with tf.variable_scope('net'):
    w = tf.get_variable('w', [3], initializer=tf.constant_initializer(2.0))
    v = tf.get_variable('v', [2], initializer=tf.constant_initializer(1.0))
grow = tf.assign_add(w, [1.0, 1.0, 1.0])
names = [var.op.name for var in tf.contrib.framework.get_variables('net')]
restore = tf.contrib.framework.get_variables_to_restore(exclude=['net/v'])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run([grow, tf.assign_add(step, 1)])
    path = tf.train.Saver(restore).save(sess, './net.ckpt')
    print('variables', names, 'restored', sorted(var.op.name for var in restore))
    print('w %.1f, step %d' % (sess.run(tf.reduce_sum(w)), sess.run(step)))
