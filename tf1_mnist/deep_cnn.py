"""The "Deep MNIST for Experts" lesson: a two-layer convolutional network, about 99.2 %.

conv 5x5x32 -> max-pool -> conv 5x5x64 -> max-pool -> dense 1024 ReLU -> dropout -> dense 10,
trained with Adam (1e-4) on the mean softmax cross-entropy, 20000 steps of 50 examples with
``keep_prob`` 0.5, printing ``step %d, training accuracy %g`` every 100 steps and
``test accuracy %g`` at the end, as the TF1 lesson (and its ``mnist_deep.py``). Run it with::

    python -m tf1_mnist.deep_cnn [--max_steps 20000] [--checkpoint_dir DIR] [--log_dir DIR]

Beyond the lesson, and never changing its graph or its lines: the test accuracy is computed in
batches (same figure, a fraction of the memory), checkpoints with resume, ``--eval_only``,
``--predict N``, TensorBoard summaries, ``--plot FILE.png``, a timing line at the end,
``--bf16`` (automatic mixed precision where the hardware has it) and ``--recipe fast``: the
same network trained with larger batches, a warm-up + cosine learning-rate schedule and
He-scaled initial weights, to the same accuracy in a fraction of the time.

With the TF1 cluster flags (``--ps_hosts``, ``--worker_hosts``, ``--job_name``,
``--task_index``, or ``TF_CONFIG``) the process is one task of a between-graph replicated run
(``tf1_mnist.distributed``; ``python -m tf1_mnist.cluster`` starts one on this machine); the
steps printed are global steps.
"""

import collections
import math
import sys

import numpy as np

from tf1_mnist import cli, distributed, evaluation, input_data, plots, runtime

DeepGraph = collections.namedtuple(
    'DeepGraph', 'x y_ keep_prob y_conv cross_entropy train_step correct_prediction accuracy')
TrainResult = collections.namedtuple(
    'TrainResult', 'test_accuracy steps start_step seconds history')

# The lesson's hyperparameters.
MAX_STEPS = 20000
BATCH_SIZE = 50
LEARNING_RATE = 1e-4
KEEP_PROB = 0.5
LOG_EVERY = 100
SAVE_EVERY = 1000

# A training recipe: its steps, batch, peak learning rate, keep_prob, schedule (None: the
# lesson's constant rate; else the warm-up fraction of a warm-up + cosine schedule) and weight
# initialisation. 'lesson' is the tutorial's. 'fast' trains the same network for 3 epochs of
# 256 instead of 18 of 50, with He-scaled initial weights (the lesson's stddev of 0.1 is ~4x too
# large for the 3136-input dense layer, which costs the first epochs); it was tuned on the
# validation split, never on the test set.
Recipe = collections.namedtuple(
    'Recipe', 'max_steps batch_size learning_rate keep_prob warmup_fraction init')
RECIPES = {
    'lesson': Recipe(MAX_STEPS, BATCH_SIZE, LEARNING_RATE, KEEP_PROB, None, 'lesson'),
    'fast': Recipe(645, 256, 3e-3, 0.75, 0.1, 'he'),
}


def warmup_cosine(peak, max_steps, warmup_fraction):
    """Learning rate at each step: a linear warm-up to ``peak``, then a cosine decay to 0."""
    warmup = max(1, int(warmup_fraction * max_steps))

    def learning_rate(step):
        if step < warmup:
            return peak * (step + 1) / warmup
        progress = (step - warmup) / max(1, max_steps - warmup)
        return peak * 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))
    return learning_rate


def weight_variable(tf, shape, init='lesson'):
    """A weight Variable with a little noise, to break symmetry.

    ``init='he'`` scales the noise to the layer's fan-in (stddev sqrt(2 / fan_in)), for the
    fast recipe; the lesson's is a stddev of 0.1 everywhere.
    """
    stddev = 0.1 if init == 'lesson' else math.sqrt(2.0 / math.prod(shape[:-1]))
    initial = tf.truncated_normal(shape, stddev=stddev)
    return tf.Variable(initial)


def bias_variable(tf, shape):
    """A slightly positive bias, to keep the ReLUs alive at the start."""
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)


def conv2d(tf, x, W):
    """A stride-1 convolution whose output has the input's size."""
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding='SAME')


def max_pool_2x2(tf, x):
    """Halves the feature map."""
    return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')


def deepnn(tf, x, init='lesson'):
    """The network: returns (y_conv logits, keep_prob placeholder). Names as in the tutorial."""
    with tf.name_scope('reshape'):
        x_image = tf.reshape(x, [-1, 28, 28, 1])

    with tf.name_scope('conv1'):
        W_conv1 = weight_variable(tf, [5, 5, 1, 32], init)
        b_conv1 = bias_variable(tf, [32])
        h_conv1 = tf.nn.relu(conv2d(tf, x_image, W_conv1) + b_conv1)

    with tf.name_scope('pool1'):
        h_pool1 = max_pool_2x2(tf, h_conv1)  # 14x14x32

    with tf.name_scope('conv2'):
        W_conv2 = weight_variable(tf, [5, 5, 32, 64], init)
        b_conv2 = bias_variable(tf, [64])
        h_conv2 = tf.nn.relu(conv2d(tf, h_pool1, W_conv2) + b_conv2)

    with tf.name_scope('pool2'):
        h_pool2 = max_pool_2x2(tf, h_conv2)  # after two poolings the 28x28 image is 7x7x64

    with tf.name_scope('fc1'):
        W_fc1 = weight_variable(tf, [7 * 7 * 64, 1024], init)
        b_fc1 = bias_variable(tf, [1024])
        h_pool2_flat = tf.reshape(h_pool2, [-1, 7 * 7 * 64])
        h_fc1 = tf.nn.relu(tf.matmul(h_pool2_flat, W_fc1) + b_fc1)

    with tf.name_scope('dropout'):
        keep_prob = tf.placeholder(tf.float32, name='keep_prob')
        h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)

    with tf.name_scope('fc2'):
        W_fc2 = weight_variable(tf, [1024, 10], init)
        b_fc2 = bias_variable(tf, [10])
        y_conv = tf.matmul(h_fc1_drop, W_fc2) + b_fc2
    return y_conv, keep_prob


def build_graph(tf, learning_rate=LEARNING_RATE, init='lesson', replicate=None):
    """Add the lesson's ops to the default graph and return their handles.

    ``learning_rate`` is the lesson's constant, or a scalar tensor for a schedule.
    ``replicate`` (a replicated run's, see ``tf1_mnist.distributed``) wraps the optimizer and
    gives the global step its updates count.
    """
    x = tf.placeholder(tf.float32, [None, 784], name='x')
    y_ = tf.placeholder(tf.float32, [None, 10], name='y_')
    y_conv, keep_prob = deepnn(tf, x, init)

    with tf.name_scope('loss'):
        cross_entropy = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv))

    with tf.name_scope('adam_optimizer'):
        optimizer, global_step = tf.train.AdamOptimizer(learning_rate), None
        if replicate is not None:
            optimizer, global_step = replicate(optimizer)
        train_step = optimizer.minimize(cross_entropy, global_step=global_step)

    with tf.name_scope('accuracy'):
        correct_prediction = tf.cast(tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1)),
                                     tf.float32)
        accuracy = tf.reduce_mean(correct_prediction)
    return DeepGraph(x, y_, keep_prob, y_conv, cross_entropy, train_step, correct_prediction,
                     accuracy)


class DeepCNN(object):
    """The lesson's side of the training loop (see ``tf1_mnist.runtime``): its graph, how a step
    is fed, the lines it prints. ``learning_rate`` is a number (the lesson's constant) or a
    function of the step (a schedule, fed through a placeholder); ``init`` is 'lesson' or 'he'
    (see ``weight_variable``). ``history`` collects the (step, training accuracy) pairs logged.
    """

    def __init__(self, data_dir='MNIST_data', max_steps=MAX_STEPS, batch_size=BATCH_SIZE,
                 learning_rate=LEARNING_RATE, keep_prob=KEEP_PROB, log_every=LOG_EVERY,
                 init='lesson', seed=None, mnist=None):
        self.data_dir, self.max_steps, self.batch_size = data_dir, max_steps, batch_size
        self.learning_rate, self.keep_prob, self.log_every = learning_rate, keep_prob, log_every
        self.init, self.seed, self.mnist = init, seed, mnist
        self.history = []
        self.draws = []  # [batch size, runs] of the dropout's random op, in order

    def read_data(self):
        if self.mnist is None:
            self.mnist = input_data.read_data_sets(self.data_dir, one_hot=True, seed=self.seed)
        return self.mnist

    def build(self, tf, replicate=None):
        self.schedule = self.learning_rate if callable(self.learning_rate) else None
        rate = self.learning_rate
        if self.schedule:
            rate = self.rate = tf.placeholder(tf.float32, [], name='learning_rate')
        self.g = build_graph(tf, rate, self.init, replicate)
        graph = tf.get_default_graph()
        [self.noise] = [op.outputs[0] for op in graph.get_operations()
                        if op.type == 'RandomUniform' and op.name.startswith('dropout/')]
        self.h_fc1 = graph.get_tensor_by_name('fc1/Relu:0')
        return self.g.train_step

    def scalars(self):
        return {'cross_entropy': self.g.cross_entropy, 'training_accuracy': self.g.accuracy}

    def data_position(self):
        return self.mnist

    def state(self):
        return {'dropout_draws': self.draws}

    def checkpoint_check(self, training):
        return None

    def resumed(self, step, state, session):
        """Resume the dropout's random numbers where they stood: TensorFlow keeps a random op's
        generator in the session, not in checkpoints, so its draws are replayed (the op alone,
        fed a zero activation of the saved shape; a fraction of a millisecond each)."""
        self.draws = [list(d) for d in (state or {}).get('dropout_draws', [])]
        for batch, runs in self.draws:
            zeros = np.zeros([batch, int(self.h_fc1.shape[1])], np.float32)
            for _ in range(runs):
                session.run(self.noise, {self.h_fc1: zeros})
        return 'resumed from step %d' % step

    def _drew(self, batch):
        if self.draws and self.draws[-1][0] == len(batch):
            self.draws[-1][1] += 1
        else:
            self.draws.append([len(batch), 1])

    def step(self, run, i):
        """One step of the lesson's loop: every ``log_every`` steps, the training accuracy of
        the batch with dropout off, then one Adam step on it."""
        g, summaries = self.g, run.summaries
        batch = self.mnist.train.next_batch(self.batch_size)
        # A cluster worker can see the same global step again (a synchronous update still
        # waiting for gradients); its line is printed once.
        if self.log_every and i % self.log_every == 0 and not (
                self.history and self.history[-1][0] == i):
            fetches = [g.accuracy] + ([g.cross_entropy, summaries.merged]
                                      if summaries.merged is not None else [])
            got = run.run(fetches, {g.x: batch[0], g.y_: batch[1], g.keep_prob: 1.0})
            self._drew(batch[0])
            if summaries.merged is not None:
                summaries.add(got[2], i)
            self.history.append((i, float(got[0])))
            run.out('step %d, training accuracy %g' % (i, got[0]))
        feed = {g.x: batch[0], g.y_: batch[1], g.keep_prob: self.keep_prob}
        if self.schedule:
            feed[self.rate] = self.schedule(i)
        run.train(feed)
        self._drew(batch[0])
        return False

    def evaluate(self, sess, state=None, out=print):
        test = self.mnist.test
        accuracy = evaluation.evaluate_in_batches(
            sess, self.g.correct_prediction, {'x': self.g.x, 'y_': self.g.y_,
                                              self.g.keep_prob: 1.0}, test.images, test.labels)
        out('test accuracy %g' % accuracy)
        return float(accuracy)

    def finish(self, run):
        return self.evaluate(run.session, out=run.out)

    def prediction_inputs(self, count):
        test = self.mnist.test
        return (self.g.y_conv, self.g.x, {self.g.keep_prob: 1.0}, test.images[:count],
                test.labels[:count])

    def timing_line(self, steps, seconds):
        return runtime.summary_line(steps, seconds, self.batch_size)


def train(data_dir='MNIST_data', max_steps=MAX_STEPS, batch_size=BATCH_SIZE,
          learning_rate=LEARNING_RATE, keep_prob=KEEP_PROB, log_every=LOG_EVERY, seed=None,
          checkpoint_dir=None, save_every=SAVE_EVERY, log_dir=None, bf16=False, init='lesson',
          verbose=False, mnist=None, out=print):
    """Train the lesson's network (resuming from ``checkpoint_dir`` if it holds a checkpoint).

    Returns a ``TrainResult``: the final test accuracy, the step reached, the step it started
    from, the training seconds and the (step, training accuracy) history. Lines go to ``out``.
    """
    lesson = DeepCNN(data_dir, max_steps, batch_size, learning_rate, keep_prob, log_every,
                     init, seed, mnist)
    result = runtime.train(lesson, runtime.RunSettings(seed, checkpoint_dir, save_every,
                                                       log_dir, bf16, verbose), out)
    return TrainResult(result.lesson, result.steps, result.start_step, result.seconds,
                       lesson.history)


def _recipe_help(field):
    return ', '.join('%s %s' % (name, getattr(r, field)) for name, r in RECIPES.items())


def main(argv=None):
    parser = cli.ArgumentParser(
        prog='python -m tf1_mnist.deep_cnn',
        description='Deep MNIST for Experts: a convolutional network in TF1 graph mode.')
    cli.add_common_flags(parser, max_steps=_recipe_help('max_steps'),
                         batch_size=_recipe_help('batch_size'),
                         learning_rate=_recipe_help('learning_rate'))
    parser.add_argument('--keep_prob', type=cli.probability, default=None,
                        help='dropout keep probability while training (default: %s)'
                             % _recipe_help('keep_prob'))
    parser.add_argument('--recipe', choices=sorted(RECIPES), default='lesson',
                        help="'lesson': the tutorial's training, constant learning rate; "
                             "'fast': same network, larger batches, warm-up + cosine learning "
                             'rate, >= 99.2%% in a fraction of the time (default: %(default)s)')
    cli.add_bf16_flag(parser)
    parser.add_argument('--log_every', type=cli.positive_int, default=LOG_EVERY,
                        help='print the training accuracy every N steps (default: %(default)s)')
    cli.add_checkpoint_flags(parser, save_every=SAVE_EVERY)
    cli.add_restore_flags(parser)
    cli.add_plot_flag(parser, 'the training accuracy every --log_every steps and the final '
                              'test accuracy')
    distributed.add_cluster_flags(parser)
    args = parser.parse_args(argv)
    cluster = distributed.config_from_args(parser, args)
    recipe = RECIPES[args.recipe]
    for field in ('max_steps', 'batch_size', 'learning_rate', 'keep_prob'):
        if getattr(args, field) is None:
            setattr(args, field, getattr(recipe, field))
    learning_rate = args.learning_rate
    if recipe.warmup_fraction is not None:
        learning_rate = warmup_cosine(args.learning_rate, args.max_steps, recipe.warmup_fraction)
    lesson = DeepCNN(args.data_dir, args.max_steps, args.batch_size, learning_rate,
                     args.keep_prob, args.log_every, recipe.init, args.seed)
    if cluster is not None:
        return distributed.run_command(parser, args, lesson,
                                       runtime.RunSettings.from_args(args), cluster)
    return runtime.run_command(parser, args, lesson, runtime.RunSettings.from_args(args),
                               lambda path, result: plots.step_curve(
                                   path, lesson.history, result.lesson, result.steps))


if __name__ == '__main__':
    sys.exit(main())
