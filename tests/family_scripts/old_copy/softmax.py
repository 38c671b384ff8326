"""The first tutorial as released: an old copy of input_data.py beside the script."""
# table: An old copy of the tutorial's `input_data.py`
import input_data
import tensorflow as tf

mnist = input_data.read_data_sets('MNIST_data/', one_hot=True)
x = tf.placeholder('float', [None, 784])
y_ = tf.placeholder('float', [None, 10])
W = tf.Variable(tf.zeros([784, 10]))
y = tf.nn.softmax(tf.matmul(x, W))
cross_entropy = -tf.reduce_sum(y_ * tf.log(y))
train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy)
sess = tf.Session()
sess.run(tf.initialize_all_variables())
for i in range(20):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    _, value = sess.run([train_step, cross_entropy], feed_dict={x: batch_xs, y_: batch_ys})
    if i % 5 == 0:
        print('step %d, cross entropy %.4f' % (i, value))
correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct, 'float'))
print('accuracy', sess.run(accuracy, feed_dict={x: mnist.test.images[:500],
                                                y_: mnist.test.labels[:500]}))
