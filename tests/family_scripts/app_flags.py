"""tf.app.flags read before tf.app.run parses them, a name absl owns today, and tf.app.run."""
# table: `tf.app.run`, `tf.app.flags`
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

flags = tf.app.flags
flags.DEFINE_integer('steps', 15, 'training steps')
flags.DEFINE_float('learning_rate', 0.5, 'learning rate')
flags.DEFINE_string('log_dir', 'logs', 'where summaries would go')
FLAGS = flags.FLAGS


def main(_):
    mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
    x = tf.placeholder(tf.float32, [None, 784])
    y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([784, 10]))
    y = tf.matmul(x, W)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
    train = tf.train.GradientDescentOptimizer(FLAGS.learning_rate).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(FLAGS.steps):
            xs, ys = mnist.train.next_batch(50)
            _, value = sess.run([train, loss], {x: xs, y_: ys})
            if step % 5 == 0:
                print('step %d, loss %.5f (log_dir %s)' % (step, value, FLAGS.log_dir))


if __name__ == '__main__':
    tf.app.run()
