"""The "MNIST for ML beginners" lesson: softmax regression, about 92 % test accuracy.

A single linear layer ``y = xW + b`` trained with the mean softmax cross-entropy and plain
gradient descent (0.5), 1000 steps of 100 examples, in an ``InteractiveSession``, exactly as the
TF1 lesson (the first half of "Deep MNIST for Experts"). Run it with::

    python -m tf1_mnist.softmax [--max_steps 1000] [--batch_size 100] [--learning_rate 0.5]

It prints the lesson's single line, the test accuracy (about 0.92), then a timing line.

With the TF1 cluster flags (``--ps_hosts``, ``--worker_hosts``, ``--job_name``,
``--task_index``, or ``TF_CONFIG``) it is one task of a between-graph replicated run (see
``tf1_mnist.distributed``; ``python -m tf1_mnist.cluster`` starts one on this machine): the
``--max_steps`` are global steps, the chief (worker 0) prints the test accuracy, every worker
its timing line.
"""

import collections
import time

from tf1_mnist import cli, distributed, input_data, training
from tf1_mnist.quiet import import_v1

SoftmaxGraph = collections.namedtuple(
    'SoftmaxGraph', 'x y_ W b y cross_entropy train_step correct_prediction accuracy')
SoftmaxResult = collections.namedtuple('SoftmaxResult', 'test_accuracy steps seconds')


def build_graph(tf, learning_rate=0.5, replicate=None):
    """Add the lesson's ops to the default graph and return their handles.

    ``replicate`` (a replicated run's, see ``tf1_mnist.distributed.train_replicated``) wraps the
    optimizer and gives the global step its updates count.
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


def train(data_dir='MNIST_data', max_steps=1000, batch_size=100, learning_rate=0.5, seed=None,
          bf16=False, verbose=False, mnist=None, out=print):
    """Train the lesson's model and return its test accuracy.

    ``mnist`` may be a ``Datasets`` already read (one-hot); otherwise it is read from
    ``data_dir``. ``out`` receives the printed lines.
    """
    tf = import_v1(verbose)
    config = training.lesson_session_config(tf, bf16)
    if mnist is None:
        mnist = input_data.read_data_sets(data_dir, one_hot=True, seed=seed)
    with tf.Graph().as_default() as graph:
        if seed is not None:
            tf.set_random_seed(seed)
        g = build_graph(tf, learning_rate)
        sess = tf.InteractiveSession(graph=graph, config=config)
        try:
            sess.run(tf.global_variables_initializer())
            start = time.perf_counter()
            for _ in range(max_steps):
                batch = mnist.train.next_batch(batch_size)
                g.train_step.run(feed_dict={g.x: batch[0], g.y_: batch[1]})
            seconds = time.perf_counter() - start
            test_accuracy = g.accuracy.eval(
                feed_dict={g.x: mnist.test.images, g.y_: mnist.test.labels})
        finally:
            sess.close()
    out(test_accuracy)
    return SoftmaxResult(float(test_accuracy), max_steps, seconds)


def train_on_cluster(config, data_dir='MNIST_data', max_steps=1000, batch_size=100,
                     learning_rate=0.5, seed=None, checkpoint_dir=None, save_every=None,
                     startup_timeout=60.0, verbose=False, out=print):
    """One task of a replicated run (``config``, a ``distributed.ClusterConfig``); returns a
    ``SoftmaxResult`` (test accuracy None except on the chief), or None for a ps task."""
    tf = import_v1(verbose)
    if config.job_name == 'ps':
        distributed.run_parameter_server(tf, config, startup_timeout)
        return None
    server = distributed.start(tf, config, startup_timeout)
    # Each worker draws its own batches.
    mnist = input_data.read_data_sets(data_dir, one_hot=True,
                                      seed=None if seed is None else seed + config.task_index)
    if seed is not None:
        tf.set_random_seed(seed)

    def next_feed(g):
        batch = mnist.train.next_batch(batch_size)
        return {g.x: batch[0], g.y_: batch[1]}

    def evaluate(sess, g):
        return sess.run(g.accuracy, {g.x: mnist.test.images, g.y_: mnist.test.labels})

    result = distributed.train_replicated(
        tf, config, server, lambda replicate: build_graph(tf, learning_rate, replicate),
        next_feed, max_steps, evaluate, checkpoint_dir, save_every,
        training.lesson_session_config(tf))
    if config.is_chief:
        out(result.evaluation)
    accuracy = None if result.evaluation is None else float(result.evaluation)
    return SoftmaxResult(accuracy, result.local_steps, result.seconds)


def main(argv=None):
    parser = cli.ArgumentParser(
        prog='python -m tf1_mnist.softmax',
        description='MNIST for ML beginners: softmax regression in TF1 graph mode.')
    cli.add_common_flags(parser, max_steps=1000, batch_size=100, learning_rate=0.5)
    cli.add_bf16_flag(parser)
    distributed.add_cluster_flags(parser)
    parser.add_argument('--checkpoint_dir', default=None,
                        help='with the cluster flags: the chief saves checkpoints here and a '
                             'restarted cluster resumes from the newest (default: none)')
    parser.add_argument('--save_every', type=cli.positive_int, default=100,
                        help='with --checkpoint_dir: global steps between checkpoints '
                             '(default: %(default)s)')
    args = parser.parse_args(argv)
    cli.check_data_dir(parser, args.data_dir)
    cluster = distributed.config_from_args(parser, args)
    if cluster is not None:
        try:
            result = train_on_cluster(cluster, args.data_dir, args.max_steps, args.batch_size,
                                      args.learning_rate, args.seed, args.checkpoint_dir,
                                      args.save_every, args.startup_timeout, args.verbose)
        except distributed.ClusterError as error:
            parser.error(str(error))
        if result is not None:
            print('trained %d steps in %.2f s (%.0f steps/s)'
                  % (result.steps, result.seconds, result.steps / max(result.seconds, 1e-9)))
        return 0
    if args.checkpoint_dir:
        parser.error('--checkpoint_dir goes with the cluster flags in this lesson')
    result = train(args.data_dir, args.max_steps, args.batch_size, args.learning_rate,
                   args.seed, args.bf16, args.verbose)
    print('trained %d steps in %.2f s (%.0f steps/s)'
          % (result.steps, result.seconds, result.steps / max(result.seconds, 1e-9)))
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
