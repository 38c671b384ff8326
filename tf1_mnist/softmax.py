"""The "MNIST for ML beginners" lesson: softmax regression, about 92 % test accuracy.

A single linear layer ``y = xW + b`` trained with the mean softmax cross-entropy and plain
gradient descent (0.5), 1000 steps of 100 examples, exactly as the TF1 lesson (the first half
of "Deep MNIST for Experts"); the lesson's ``InteractiveSession`` loop is the runtime's loop
here, the same steps in the same order. Run it with::

    python -m tf1_mnist.softmax [--max_steps 1000] [--batch_size 100] [--learning_rate 0.5]

It prints the lesson's single line, the test accuracy (about 0.92), then a timing line.

With the TF1 cluster flags (``--ps_hosts``, ``--worker_hosts``, ``--job_name``,
``--task_index``, or ``TF_CONFIG``) the process is one task of a between-graph replicated run
(``tf1_mnist.distributed``; ``python -m tf1_mnist.cluster`` starts one on this machine).
"""

import collections

from tf1_mnist import cli, distributed, input_data, runtime

SoftmaxGraph = collections.namedtuple(
    'SoftmaxGraph', 'x y_ W b y cross_entropy train_step correct_prediction accuracy')
SoftmaxResult = collections.namedtuple('SoftmaxResult', 'test_accuracy steps seconds')


def build_graph(tf, learning_rate=0.5, replicate=None):
    """Add the lesson's ops to the default graph and return their handles.

    ``replicate`` (a replicated run's, see ``tf1_mnist.distributed``) wraps the optimizer and
    gives the global step its updates count.
    """
    # names kept as in the tutorial
    x = tf.placeholder(tf.float32, shape=[None, 784], name='x')
    y_ = tf.placeholder(tf.float32, shape=[None, 10], name='y_')
    W = tf.Variable(tf.zeros([784, 10]), name='W')
    b = tf.Variable(tf.zeros([10]), name='b')
    y = tf.matmul(x, W) + b
    cross_entropy = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
    optimizer, global_step = tf.train.GradientDescentOptimizer(learning_rate), None
    if replicate is not None:
        optimizer, global_step = replicate(optimizer)
    train_step = optimizer.minimize(cross_entropy, global_step=global_step)
    correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    return SoftmaxGraph(x, y_, W, b, y, cross_entropy, train_step, correct_prediction, accuracy)


class Softmax(object):
    """The lesson's side of the training loop (see ``tf1_mnist.runtime``)."""

    def __init__(self, data_dir='MNIST_data', max_steps=1000, batch_size=100, learning_rate=0.5,
                 seed=None, mnist=None):
        self.data_dir, self.max_steps, self.batch_size = data_dir, max_steps, batch_size
        self.learning_rate, self.seed, self.mnist = learning_rate, seed, mnist

    def read_data(self):
        if self.mnist is None:
            self.mnist = input_data.read_data_sets(self.data_dir, one_hot=True, seed=self.seed)
        return self.mnist

    def build(self, tf, replicate=None):
        self.g = build_graph(tf, self.learning_rate, replicate)
        return self.g.train_step

    def scalars(self):
        return {}

    def data_position(self):
        return self.mnist

    def state(self):
        return None

    def checkpoint_check(self, training):
        return None

    def resumed(self, step, state, session):
        return 'resumed from step %d' % step

    def step(self, run, i):
        batch = self.mnist.train.next_batch(self.batch_size)
        run.train({self.g.x: batch[0], self.g.y_: batch[1]})
        return False

    def evaluate(self, sess, state=None, out=print):
        """The lesson evaluates the whole test set in one feed and prints the bare number."""
        test = self.mnist.test
        test_accuracy = sess.run(self.g.accuracy, {self.g.x: test.images, self.g.y_: test.labels})
        out(test_accuracy)
        return float(test_accuracy)

    def finish(self, run):
        return self.evaluate(run.session, out=run.out)

    def timing_line(self, steps, seconds):
        return 'trained %d steps in %.2f s (%.0f steps/s)' % (steps, seconds,
                                                                steps / max(seconds, 1e-9))


def train(data_dir='MNIST_data', max_steps=1000, batch_size=100, learning_rate=0.5, seed=None,
          bf16=False, verbose=False, mnist=None, out=print):
    """Train the lesson's model and return its test accuracy.

    ``mnist`` may be a ``Datasets`` already read (one-hot); otherwise it is read from
    ``data_dir``. ``out`` receives the printed lines.
    """
    result = runtime.train(Softmax(data_dir, max_steps, batch_size, learning_rate, seed, mnist),
                           runtime.RunSettings(seed=seed, bf16=bf16, verbose=verbose), out)
    return SoftmaxResult(result.lesson, result.steps, result.seconds)


def main(argv=None):
    parser = cli.ArgumentParser(
        prog='python -m tf1_mnist.softmax',
        description='MNIST for ML beginners: softmax regression in TF1 graph mode.')
    cli.add_common_flags(parser, max_steps=1000, batch_size=100, learning_rate=0.5)
    cli.add_bf16_flag(parser)
    cli.add_checkpoint_flags(parser, save_every=None)
    distributed.add_cluster_flags(parser)
    args = parser.parse_args(argv)
    lesson = Softmax(args.data_dir, args.max_steps, args.batch_size, args.learning_rate,
                     args.seed)
    cluster = distributed.config_from_args(parser, args)
    if cluster is not None:
        return distributed.run_command(parser, args, lesson,
                                       runtime.RunSettings.from_args(args), cluster)
    return runtime.run_command(parser, args, lesson, runtime.RunSettings.from_args(args))


if __name__ == '__main__':
    raise SystemExit(main())
