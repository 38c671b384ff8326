"""Graph building, an InteractiveSession with .eval(), tf.train's optimizers, global_step,
exponential_decay, a moving average and a Saver: a softmax on MNIST."""
# table: Graph building
# table: `tf.Session`
# table: `tf.train` optimizers
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
with tf.name_scope('input'):
    x = tf.placeholder(tf.float32, [None, 784], name='x')
    y_ = tf.placeholder(tf.float32, [None, 10], name='y_')
with tf.variable_scope('softmax'):
    W = tf.get_variable('W', [784, 10], initializer=tf.truncated_normal_initializer(stddev=0.1))
    b = tf.get_variable('b', [10], initializer=tf.constant_initializer(0.1))
y = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
global_step = tf.Variable(0, trainable=False, name='global_step')
rate = tf.train.exponential_decay(0.5, global_step, 10, 0.9, staircase=True)
train = tf.train.MomentumOptimizer(rate, 0.9).minimize(loss, global_step=global_step)
average = tf.train.ExponentialMovingAverage(0.9, global_step)
with tf.control_dependencies([train]):
    train_op = average.apply([W, b])
correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
saver = tf.train.Saver()
for i in range(20):
    xs, ys = mnist.train.next_batch(50)
    train_op.run({x: xs, y_: ys})
    if i % 5 == 0:
        print('step %d, rate %.4f, loss %.5f' % (global_step.eval(), rate.eval(),
                                                 loss.eval({x: xs, y_: ys})))
path = saver.save(sess, './model.ckpt', global_step=global_step)
saver.restore(sess, path)
print('test accuracy %.4f' % accuracy.eval({x: mnist.test.images[:500],
                                             y_: mnist.test.labels[:500]}))
sess.close()
