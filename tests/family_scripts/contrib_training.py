"""tf.contrib.training.create_train_op with gradient clipping, in a TF1 loop."""
# table: `tf.contrib.training`
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.zeros([784, 10]))
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=tf.matmul(x, W)))
tf.train.create_global_step()
train_op = tf.contrib.training.create_train_op(
    loss, tf.train.GradientDescentOptimizer(0.5), transform_grads_fn=lambda gv: [
        (tf.clip_by_norm(g, 1.0), v) for g, v in gv])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(10):
        xs, ys = mnist.train.next_batch(50)
        print('step %d, loss %.5f' % (step, sess.run(train_op, {x: xs, y_: ys})))
