"""Softmax regression written for TensorFlow 0.12: names and argument orders of before 1.0."""
# table: Arguments TensorFlow 1.0 reordered
# table: Keywords TensorFlow 1.0 renamed
# table: Names TensorFlow 1.0 renamed
# table: `from tensorflow.examples.tutorials.mnist import input_data`
from tensorflow.examples.tutorials.mnist import input_data
import tensorflow as tf

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
W = tf.Variable(tf.truncated_normal([784, 10], stddev=0.1))
b = tf.Variable(tf.zeros([10]))
y = tf.add(tf.matmul(x, W), b)  # logits
y_ = tf.placeholder(tf.float32, [None, 10])
# TF 0.x order: logits first, then labels
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(y, y_))
pair = tf.concat(1, [y, y_])
halves = tf.split(1, 2, pair)
tf.scalar_summary('loss', cross_entropy)
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(tf.mul(cross_entropy, 1.0))
correct = tf.equal(tf.argmax(halves[0], dimension=1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32), reduction_indices=[0])
sess = tf.Session()
sess.run(tf.initialize_all_variables())
for i in range(30):
    batch_xs, batch_ys = mnist.train.next_batch(50)
    _, loss = sess.run([train_step, cross_entropy], feed_dict={x: batch_xs, y_: batch_ys})
    if i % 10 == 0:
        print('step %d, loss %g' % (i, loss))
print('test accuracy %g' % sess.run(accuracy, feed_dict={x: mnist.test.images[:1000],
                                                           y_: mnist.test.labels[:1000]}))
