"""The course's four fully-connected MNIST lessons, in TF1 graph mode.

The lessons were written for TF2 (GradientTape, Keras); each is ported here to placeholders,
Variables and a Session, keeping its architecture, initialisation, loss, optimizer, batch size,
epochs, batch order and printed lines. Run one with::

    python -m tf1_mnist.mlp --lesson NAME [--epochs N] [--checkpoint_dir DIR] [--plot FILE.png]
    python -m tf1_mnist.mlp --list

All four train on the 60,000 training images Keras's ``mnist.load_data()`` gives (not TF1's
55,000 plus 5,000 for validation) and are tested on the 10,000 test images.

``dense-512`` (seed lesson 000, "the TF low-level API"): 784 -> 512 ReLU -> 10 softmax, every
weight drawn from U(0, 0.1), biases 0; plain gradient descent (1e-3) on the mean sparse
cross-entropy of the softmax *output*, computed as Keras computes it for probabilities; 10 epochs
of 128 images in file order, the last batch of each epoch the 96 left over. Prints ``Epoch N``
(from 0), ``loss at batch N: %.2f`` every 100 batches and ``accuracy: %.2f``. The lesson gives
no figure; expect about 0.82. Not copied: its ``fit(batch_size=...)`` is never passed on to
the batch generator (which always uses 128); here ``--batch_size`` is honoured.

``dense-256-128-64-32`` (seed lesson 001, Keras ``Sequential``): 784 -> 256 -> 128 -> 64 -> 32
ReLU -> 10 softmax, Keras's default initialisation (Glorot-uniform weights, zero biases); Adam
(0.01) on the categorical cross-entropy of one-hot labels; 5 epochs of 128, shuffled afresh each
epoch, validated on the test set after each, as the lesson does. Prints Keras's ``Epoch 1/5``
and ``469/469 - loss ... - val_accuracy ...`` lines and its evaluation line. The lesson
reports val accuracy 0.9542, 0.9654, 0.9702, 0.9690, 0.9676; expect about 0.97. Its
``Adam(lr=0.01)`` is old Keras's spelling of the learning rate.

``dense-100`` (seed lesson 002, a ``tf.keras.Model`` and GradientTape): flatten -> 100 ReLU -> 10,
softmax, Keras's default initialisation; Adam (1e-3) on the sparse cross-entropy of the softmax
output; 6,000 batches of 50 drawn at random with replacement (``60000 // 50 * 5``, five epochs'
worth). Prints ``batch %d: loss %f`` after every batch and ``test accuracy: %f``. The lesson
reports 0.9479; expect about 0.975. Its batches come from the global NumPy generator, unseeded;
here from a generator of the run's own, seeded by ``--seed``.

``dense-512-256-mse`` (seed lesson 003): 784 -> 512 ReLU -> 256 ReLU -> 10 linear, Keras's default
initialisation; gradient descent (1e-3) on the sum of squared errors against one-hot labels
divided by the batch size; 30 epochs of 200 in file order. Prints ``epoch step loss: value``
every 100 steps. The lesson gives no figure; expect about 0.92. Ported from its evident intent,
not its text: ``td.data`` and ``tf.kearas`` are typos, the loop body of its first listing is
indented out of the loop (one update after the loop; its full listing has it right), the
optimizer is assigned over the ``optimizers`` module, and ``train()`` is defined but never
called, nor the model evaluated; here it trains and reports its test accuracy.

Two places use Keras's formulas rather than TF1's, because the lessons ran on Keras: the sparse
cross-entropy of softmax outputs clips them to [1e-7, 1 - 1e-7] before the log (lessons 000 and
002, which call the loss eagerly on probabilities), and Adam's epsilon is Keras's 1e-7. Lesson
001's loss is computed from the logits, as Keras does for a softmax layer inside ``fit``: the
same cross-entropy without the clipping.

Every lesson also has the Keras lesson's workflow: a line per epoch with ``loss``, ``accuracy``
(running means over the epoch's batches, taken before each update, as Keras reports them),
``val_loss`` and ``val_accuracy`` (the test set); ``--checkpoint_dir`` (saved after every epoch
and at the end, resumed exactly where it stopped), ``--eval_only``, ``--predict N`` and
``--plot FILE.png`` (accuracy and loss per epoch).
"""

import argparse
import collections
import math
import sys
import time

import numpy as np

from tf1_mnist import cli, input_data, plots, training
from tf1_mnist.quiet import import_v1

PROG = 'python -m tf1_mnist.mlp'
NUM_CLASSES = 10
# Keras's backend.epsilon(): the clip of probabilities before a log, and Adam's epsilon.
KERAS_EPSILON = 1e-7


def uniform_0_to_0_1(tf, shape):
    """Lesson 000's initialisation: tf.random.uniform(shape, minval=0, maxval=1e-1)."""
    return tf.random_uniform(shape, minval=0.0, maxval=0.1)


def glorot_uniform(tf, shape):
    """Keras's default kernel initialiser: U(-limit, limit), limit = sqrt(6 / (fan_in +
    fan_out))."""
    limit = math.sqrt(6.0 / (shape[0] + shape[1]))
    return tf.random_uniform(shape, minval=-limit, maxval=limit)


def sparse_crossentropy_of_softmax(tf, logits, y, y_):
    """Keras's sparse_categorical_crossentropy called on softmax outputs ``y``: the outputs are
    clipped to [1e-7, 1 - 1e-7], their log taken as logits of a softmax cross-entropy."""
    clipped = tf.clip_by_value(y, KERAS_EPSILON, 1.0 - KERAS_EPSILON)
    per_example = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_,
                                                                 logits=tf.log(clipped))
    return per_example, tf.reduce_mean(per_example)


def categorical_crossentropy(tf, logits, y, y_):
    """Cross-entropy of the softmax against one-hot labels, from the logits (numerically the
    safe form of -sum(one_hot * log(softmax)))."""
    one_hot = tf.one_hot(y_, NUM_CLASSES)
    per_example = tf.nn.softmax_cross_entropy_with_logits_v2(labels=one_hot, logits=logits)
    return per_example, tf.reduce_mean(per_example)


def squared_error_per_example(tf, logits, y, y_):
    """Lesson 003's loss: tf.reduce_sum(tf.square(out - y)) / x.shape[0], y one-hot."""
    one_hot = tf.one_hot(y_, NUM_CLASSES)
    per_example = tf.reduce_sum(tf.square(y - one_hot), axis=1)
    batch = tf.cast(tf.shape(per_example)[0], tf.float32)
    return per_example, tf.reduce_sum(per_example) / batch


def gradient_descent(tf, learning_rate):
    return tf.train.GradientDescentOptimizer(learning_rate)


def adam(tf, learning_rate):
    """Keras's Adam: TF1's update with Keras's defaults (epsilon 1e-7, not 1e-8)."""
    return tf.train.AdamOptimizer(learning_rate, beta1=0.9, beta2=0.999, epsilon=KERAS_EPSILON)


Lesson = collections.namedtuple('Lesson', [
    'name', 'seed', 'network',
    'hidden',        # units of each ReLU hidden layer
    'init',          # weight initialiser; biases start at 0 in every lesson
    'softmax',       # whether the output layer ends in a softmax
    'loss', 'optimizer', 'learning_rate', 'batch_size', 'epochs',
    'batch_order',   # 'in order', 'shuffled' (each epoch) or 'with replacement'
    'log_every',     # batches between the lesson's own progress lines; 0 for none
    'epoch_header', 'batch_line', 'final_line',
    'seed_result',   # the test accuracy the lesson reports, or None
    'expected',      # the test accuracy a full run of the port reaches, about
])

# Lines are format strings. Fields: epoch (from 0), epoch1 (from 1), epochs, batch (within the
# epoch, from 0), batch1, batches (per epoch), step (over all epochs, from 0), loss (of the
# batch, float32), running_loss, running_accuracy; the final line has loss, accuracy (test set)
# and test_batches (the test set in batches of the training batch size, as Keras counts them).
LESSONS = collections.OrderedDict((lesson.name, lesson) for lesson in [
    Lesson(name='dense-512', seed='000',
           network='784 -> 512 ReLU -> 10 softmax, weights ~ U(0, 0.1)',
           hidden=(512,), init=uniform_0_to_0_1, softmax=True,
           loss=sparse_crossentropy_of_softmax, optimizer=gradient_descent,
           learning_rate=1e-3, batch_size=128, epochs=10, batch_order='in order',
           log_every=100, epoch_header='Epoch {epoch}',
           batch_line='loss at batch {batch}: {loss:.2f}',
           final_line='accuracy: {accuracy:.2f}', seed_result=None, expected=0.82),
    Lesson(name='dense-256-128-64-32', seed='001',
           network='784 -> 256 -> 128 -> 64 -> 32 ReLU -> 10 softmax',
           hidden=(256, 128, 64, 32), init=glorot_uniform, softmax=True,
           loss=categorical_crossentropy, optimizer=adam,
           learning_rate=0.01, batch_size=128, epochs=5, batch_order='shuffled',
           log_every=0, epoch_header='Epoch {epoch1}/{epochs}',
           batch_line='{batch1}/{batches} - loss: {running_loss:.4f} - '
                      'accuracy: {running_accuracy:.4f}',
           final_line='{test_batches}/{test_batches} - loss: {loss:.4f} - '
                      'accuracy: {accuracy:.4f}',
           seed_result=0.9676, expected=0.97),
    Lesson(name='dense-100', seed='002',
           network='784 -> 100 ReLU -> 10 softmax',
           hidden=(100,), init=glorot_uniform, softmax=True,
           loss=sparse_crossentropy_of_softmax, optimizer=adam,
           learning_rate=1e-3, batch_size=50, epochs=5, batch_order='with replacement',
           log_every=1, epoch_header='Epoch {epoch1}/{epochs}',
           batch_line='batch {step}: loss {loss:f}',
           final_line='test accuracy: {accuracy:f}', seed_result=0.9479,
           expected=0.975),
    Lesson(name='dense-512-256-mse', seed='003',
           network='784 -> 512 ReLU -> 256 ReLU -> 10 linear',
           hidden=(512, 256), init=glorot_uniform, softmax=False,
           loss=squared_error_per_example, optimizer=gradient_descent,
           learning_rate=1e-3, batch_size=200, epochs=30, batch_order='in order',
           log_every=100, epoch_header='Epoch {epoch1}/{epochs}',
           batch_line='{epoch} {batch} loss: {loss!s}',
           final_line='test accuracy: {accuracy:f}', seed_result=None, expected=0.92),
])

EPOCH_LINE = ('{batches}/{of} - loss: {loss:.4f} - accuracy: {accuracy:.4f} - '
              'val_loss: {val_loss:.4f} - val_accuracy: {val_accuracy:.4f}')

MLPGraph = collections.namedtuple(
    'MLPGraph', 'x y_ logits y per_example_loss loss train_op correct_prediction accuracy')
# One line of Keras's history: ``epoch`` from 1; ``batches`` of ``of`` were trained (fewer
# only for an epoch cut short by --max_steps).
EpochMetrics = collections.namedtuple(
    'EpochMetrics', 'epoch batches of loss accuracy val_loss val_accuracy')
TrainResult = collections.namedtuple(
    'TrainResult', 'lesson test_accuracy test_loss steps start_step seconds history')


def get_lesson(lesson):
    """The ``Lesson`` named ``lesson`` (a ``Lesson`` is returned as it is)."""
    if isinstance(lesson, Lesson):
        return lesson
    try:
        return LESSONS[lesson]
    except KeyError:
        raise ValueError('unknown lesson %r; the lessons are: %s'
                         % (lesson, ', '.join(LESSONS))) from None


def dense_layer(tf, inputs, units, init, name):
    """``inputs W + b`` of a fully-connected layer, in its own name scope."""
    with tf.name_scope(name):
        weights = tf.Variable(init(tf, [int(inputs.shape[1]), units]), name='weights')
        biases = tf.Variable(tf.zeros([units]), name='biases')
        return tf.matmul(inputs, weights) + biases


def build_graph(tf, lesson, learning_rate=None):
    """Add the lesson's network, loss, training op and accuracy to the default graph.

    ``y_`` takes class labels; lessons trained on one-hot labels encode them in the graph, as
    their own preprocessing did.
    """
    lesson = get_lesson(lesson)
    x = tf.placeholder(tf.float32, [None, 784], name='x')
    y_ = tf.placeholder(tf.int64, [None], name='y_')
    hidden = x
    for i, units in enumerate(lesson.hidden, 1):
        hidden = tf.nn.relu(dense_layer(tf, hidden, units, lesson.init, 'hidden%d' % i))
    logits = dense_layer(tf, hidden, NUM_CLASSES, lesson.init, 'output')
    y = tf.nn.softmax(logits, name='softmax') if lesson.softmax else logits

    with tf.name_scope('loss'):
        per_example_loss, loss = lesson.loss(tf, logits, y, y_)

    with tf.name_scope('train'):
        optimizer = lesson.optimizer(tf, learning_rate or lesson.learning_rate)
        train_op = optimizer.minimize(loss)

    with tf.name_scope('accuracy'):
        correct_prediction = tf.cast(tf.equal(tf.argmax(y, 1), y_), tf.float32)
        accuracy = tf.reduce_mean(correct_prediction)
    return MLPGraph(x, y_, logits, y, per_example_loss, loss, train_op, correct_prediction,
                    accuracy)


def batches_per_epoch(batch_order, num_examples, batch_size):
    """Batches in an epoch: a short last one for 'in order' and 'shuffled' (as the lessons'
    generators and tf.data's ``batch`` give); only whole batches when drawn with replacement."""
    if batch_order == 'with replacement':
        return max(1, num_examples // batch_size)
    return -(-num_examples // batch_size)


def epoch_plan(batch_order, num_examples, batch_size, rng):
    """The example indices of each batch of one epoch; ``rng`` is drawn from only as needed."""
    batches = batches_per_epoch(batch_order, num_examples, batch_size)
    if batch_order == 'with replacement':
        return rng.integers(0, num_examples, size=(batches, batch_size))
    order = np.arange(num_examples)
    if batch_order == 'shuffled':
        order = rng.permutation(num_examples)
    elif batch_order != 'in order':
        raise ValueError('unknown batch order %r' % batch_order)
    return [order[start:start + batch_size] for start in range(0, num_examples, batch_size)]


class Progress(object):
    """Where training stands: the step (batches trained in all), the epoch and batch reached,
    the generator's state at the start of the epoch (to draw its batches again), the epoch's
    running sums and the history of finished epochs. Saved with each checkpoint, so that a run
    resumes exactly."""

    def __init__(self, rng_state, step=0):
        self.step = step
        self.epoch = 0
        self.batch = 0
        self.rng_state = rng_state
        self.loss_sum = 0.0
        self.correct = 0
        self.seen = 0
        self.history = []

    def add(self, loss, correct):
        """Count one trained batch: its loss and its 0/1 correct predictions."""
        self.loss_sum += float(loss) * len(correct)
        self.correct += int(np.sum(correct))
        self.seen += len(correct)
        self.step += 1
        self.batch += 1

    def running(self):
        """Keras's running means: loss weighted by batch size, accuracy over examples seen."""
        if not self.seen:
            return float('nan'), float('nan')
        return self.loss_sum / self.seen, self.correct / self.seen

    def next_epoch(self, metrics, rng_state):
        self.history.append(metrics)
        self.epoch += 1
        self.batch = 0
        self.rng_state = rng_state
        self.loss_sum, self.correct, self.seen = 0.0, 0, 0

    def to_state(self, lesson, batch_size):
        return {'lesson': lesson.name, 'batch_size': batch_size, 'epoch': self.epoch,
                'batch': self.batch, 'rng': self.rng_state,
                'sums': [self.loss_sum, self.correct, self.seen],
                'history': [m._asdict() for m in self.history]}

    @classmethod
    def from_state(cls, state, step):
        progress = cls(state['rng'], step)
        progress.epoch, progress.batch = state['epoch'], state['batch']
        progress.loss_sum, progress.correct, progress.seen = state['sums']
        progress.history = [EpochMetrics(**m) for m in state['history']]
        return progress


def _checkpoint_check(lesson, batch_size=None):
    """A ``Checkpointer.restore_state`` check: the checkpoint must be this lesson's, and to
    resume training, of the same batch size (the batch reached counts in those batches)."""
    def check(path, state):
        if state is None or 'lesson' not in state:
            raise training.CheckpointError('checkpoint %s holds no record of its lesson' % path)
        if state['lesson'] != lesson.name:
            raise training.CheckpointError('checkpoint %s is of lesson %s, not %s'
                                           % (path, state['lesson'], lesson.name))
        if batch_size is not None and state['batch_size'] != batch_size:
            raise training.CheckpointError(
                'checkpoint %s was trained in batches of %d; resume with --batch_size %d'
                % (path, state['batch_size'], state['batch_size']))
    return check


def read_mnist(data_dir='MNIST_data', seed=None):
    """MNIST as the lessons load it: all 60,000 training images, class labels."""
    return input_data.read_data_sets(data_dir, one_hot=False, validation_size=0, seed=seed)


def _class_labels(labels):
    labels = np.asarray(labels)
    return (labels.argmax(axis=1) if labels.ndim == 2 else labels).astype(np.int64)


def _evaluate(sess, g, images, labels):
    """(mean loss, accuracy) of the whole set."""
    return training.means_in_batches(sess, [g.per_example_loss, g.correct_prediction],
                                     {'x': g.x, 'y_': g.y_}, images, labels)


def _final_line(lesson, loss, accuracy, num_test, batch_size):
    return lesson.final_line.format(loss=loss, accuracy=accuracy,
                                    test_batches=-(-num_test // batch_size))


def _train_batches(sess, g, lesson, images, labels, plan, progress, stop, log_every,
                   fields, summaries, out):
    """Train the epoch's batches from ``progress.batch`` on, until the epoch ends or ``stop``
    steps are done, printing the lesson's progress lines."""
    for b in range(progress.batch, len(plan)):
        if progress.step >= stop:
            return
        logged = log_every and b % log_every == 0
        fetches = [g.train_op, g.loss, g.correct_prediction]
        if logged and summaries.merged is not None:
            fetches.append(summaries.merged)
        got = sess.run(fetches, {g.x: images[plan[b]], g.y_: labels[plan[b]]})
        step = progress.step
        progress.add(got[1], got[2])
        if logged:
            running_loss, running_accuracy = progress.running()
            out(lesson.batch_line.format(batch=b, batch1=b + 1, step=step, loss=got[1],
                                         running_loss=running_loss,
                                         running_accuracy=running_accuracy, **fields))
            if len(got) > 3:
                summaries.add(got[3], step)


def train(lesson, data_dir='MNIST_data', epochs=None, batch_size=None, learning_rate=None,
          max_steps=None, log_every=None, seed=None, checkpoint_dir=None, log_dir=None,
          bf16=False, verbose=False, mnist=None, out=print):
    """Train ``lesson`` (a name or a ``Lesson``), resuming from ``checkpoint_dir`` if it holds
    a checkpoint; None for a hyperparameter means the lesson's own. ``max_steps`` caps the
    batches trained over all epochs. ``mnist`` may be data already read (``read_mnist``).

    Returns a ``TrainResult``: test accuracy and loss, the step reached and started from, the
    training seconds and the history of ``EpochMetrics``. Lines go to ``out``.
    """
    lesson = get_lesson(lesson)
    epochs = lesson.epochs if epochs is None else epochs
    batch_size = batch_size or lesson.batch_size
    learning_rate = learning_rate or lesson.learning_rate
    log_every = lesson.log_every if log_every is None else log_every
    tf = import_v1(verbose)
    config = training.lesson_session_config(tf, bf16)
    if mnist is None:
        mnist = read_mnist(data_dir, seed)
    images, labels = mnist.train.images, _class_labels(mnist.train.labels)
    test_images, test_labels = mnist.test.images, _class_labels(mnist.test.labels)
    batches = batches_per_epoch(lesson.batch_order, len(images), batch_size)
    stop = epochs * batches if max_steps is None else min(max_steps, epochs * batches)
    rng = np.random.default_rng(seed)

    with tf.Graph().as_default() as graph:
        if seed is not None:
            tf.set_random_seed(seed)
        g = build_graph(tf, lesson, learning_rate)
        summaries = training.Summaries(tf, log_dir, graph,
                                       {'loss': g.loss, 'accuracy': g.accuracy})
        checkpointer = (training.Checkpointer(tf, checkpoint_dir, save_every=1)
                        if checkpoint_dir else None)
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            progress = Progress(rng.bit_generator.state)
            if checkpointer:
                step, state = checkpointer.restore_state(
                    sess, check=_checkpoint_check(lesson, batch_size))
                if step:
                    progress = Progress.from_state(state, step)
                    out('resumed from step %d (epoch %d, batch %d)'
                        % (step, progress.epoch + 1, progress.batch))

            def save():
                checkpointer.save(sess, progress.step, state=progress.to_state(lesson, batch_size))
                return progress.step

            start_step = saved_step = progress.step
            partial = None
            started = time.perf_counter()
            try:
                while progress.epoch < epochs and progress.step < stop:
                    rng.bit_generator.state = progress.rng_state
                    plan = epoch_plan(lesson.batch_order, len(images), batch_size, rng)
                    fields = dict(epoch=progress.epoch, epoch1=progress.epoch + 1,
                                  epochs=epochs, batches=batches)
                    out(lesson.epoch_header.format(**fields))
                    _train_batches(sess, g, lesson, images, labels, plan, progress, stop,
                                   log_every, fields, summaries, out)
                    loss, accuracy = progress.running()
                    val_loss, val_accuracy = _evaluate(sess, g, test_images, test_labels)
                    metrics = EpochMetrics(progress.epoch + 1, progress.batch, batches, loss,
                                           accuracy, val_loss, val_accuracy)
                    out(EPOCH_LINE.format(**metrics._asdict()))
                    summaries.add_values({'epoch/loss': loss, 'epoch/accuracy': accuracy,
                                          'epoch/val_loss': val_loss,
                                          'epoch/val_accuracy': val_accuracy}, progress.step)
                    if progress.batch < batches:
                        partial = metrics  # cut short by max_steps
                        break
                    progress.next_epoch(metrics, rng.bit_generator.state)
                    if checkpointer:
                        saved_step = save()
            except KeyboardInterrupt:
                if checkpointer and progress.step > saved_step:
                    save()
                    out('interrupted at step %d; checkpoint saved, run again to resume'
                        % progress.step)
                raise
            seconds = time.perf_counter() - started
            if checkpointer and (progress.step > saved_step or training.latest_checkpoint(
                    tf, checkpoint_dir) is None):
                save()
            test_loss, test_accuracy = _evaluate(sess, g, test_images, test_labels)
            out(_final_line(lesson, test_loss, test_accuracy, len(test_images), batch_size))
        summaries.close()
    history = progress.history + ([partial] if partial else [])
    return TrainResult(lesson.name, test_accuracy, test_loss, progress.step, start_step,
                       seconds, history)


def restore_and_run(lesson, checkpoint_dir, data_dir='MNIST_data', predict=0, evaluate=True,
                    verbose=False, mnist=None, out=print):
    """Without training: restore the newest checkpoint of ``lesson``, print its test accuracy
    (the lesson's final line) and/or the first ``predict`` predictions. Returns (test accuracy
    or None, predicted labels)."""
    lesson = get_lesson(lesson)
    tf = import_v1(verbose)
    if training.latest_checkpoint(tf, checkpoint_dir) is None:
        raise training.CheckpointError('no checkpoint in %s' % checkpoint_dir)
    if mnist is None:
        mnist = read_mnist(data_dir)
    test_images, test_labels = mnist.test.images, _class_labels(mnist.test.labels)
    with tf.Graph().as_default():
        g = build_graph(tf, lesson)
        with tf.Session(config=training.session_config(tf)) as sess:
            step, state = training.Checkpointer(tf, checkpoint_dir, save_every=1).restore_state(
                sess, check=_checkpoint_check(lesson))
            out('restored step %d from %s' % (step, checkpoint_dir))
            accuracy = None
            if evaluate:
                loss, accuracy = _evaluate(sess, g, test_images, test_labels)
                out(_final_line(lesson, loss, accuracy, len(test_images), state['batch_size']))
            predicted = training.predict_in_batches(sess, g.logits, g.x, test_images[:predict])
            for line in training.format_predictions(predicted, test_labels[:predict]):
                out(line)
    return accuracy, predicted


def describe(lesson):
    """Lines for ``--list``: the network, the training with its defaults, the accuracy."""
    seed_result = ('%.4f' % lesson.seed_result) if lesson.seed_result else 'no figure'
    return ['%-20s seed %s: %s' % (lesson.name, lesson.seed, lesson.network),
            '%-20s %s %g on %s, %d epochs of %d %s'
            % ('', lesson.optimizer.__name__.replace('_', ' '), lesson.learning_rate,
               lesson.loss.__name__.replace('_', ' '), lesson.epochs, lesson.batch_size,
               lesson.batch_order),
            '%-20s test accuracy: lesson reports %s, expect about %g'
            % ('', seed_result, lesson.expected)]


def _lesson_name(text):
    if text not in LESSONS:
        raise argparse.ArgumentTypeError('unknown lesson %r; the lessons are: %s'
                                             % (text, ', '.join(LESSONS)))
    return text


def main(argv=None):
    parser = cli.ArgumentParser(
        prog=PROG,
        description="The course's fully-connected MNIST lessons in TF1 graph mode.")
    parser.add_argument('--lesson', type=_lesson_name, metavar='NAME',
                        help='the lesson to run: %s' % ', '.join(LESSONS))
    parser.add_argument('--list', action='store_true',
                        help='list the lessons and their settings, and exit')
    cli.add_common_flags(parser, max_steps=None, batch_size=None, learning_rate=None)
    parser.add_argument('--epochs', type=cli.positive_int, default=None,
                        help="passes over the training set (default: the lesson's, see --list)")
    parser.add_argument('--log_every', type=cli.non_negative_int, default=None,
                        help="batches between the lesson's progress lines, 0 for none "
                             "(default: the lesson's)")
    parser.add_argument('--checkpoint_dir', default=None,
                        help='save a checkpoint after every epoch and at the end, and resume '
                             'from the newest one (default: none, no checkpoints)')
    cli.add_restore_flags(parser)
    cli.add_plot_flag(parser, 'the training and validation accuracy and loss per epoch')
    cli.add_bf16_flag(parser)
    args = parser.parse_args(argv)

    if args.list:
        for lesson in LESSONS.values():
            print('\n'.join(describe(lesson)))
        return 0
    if args.lesson is None:
        parser.error('--lesson NAME is needed, one of: %s (or --list)' % ', '.join(LESSONS))
    cli.check_data_dir(parser, args.data_dir)
    restore_only = cli.restore_only(parser, args)
    cli.check_plot(parser, args.plot)

    try:
        if restore_only:
            restore_and_run(args.lesson, args.checkpoint_dir, args.data_dir,
                            predict=args.predict, evaluate=args.eval_only, verbose=args.verbose)
            return 0
        result = train(args.lesson, args.data_dir, args.epochs, args.batch_size,
                       args.learning_rate, args.max_steps, args.log_every, args.seed,
                       args.checkpoint_dir, args.log_dir, args.bf16, args.verbose)
    except training.CheckpointError as e:
        parser.error('--checkpoint_dir: %s' % e)
    except KeyboardInterrupt:
        return 130
    if args.plot:
        positions = [m.epoch - 1 + m.batches / m.of for m in result.history]
        plots.epoch_curves(args.plot, positions, [m.accuracy for m in result.history],
                           [m.val_accuracy for m in result.history],
                           [m.loss for m in result.history],
                           [m.val_loss for m in result.history])
        print('wrote %s' % args.plot)
    done = result.steps - result.start_step
    print(training.summary_line(done, result.seconds,
                                args.batch_size or get_lesson(args.lesson).batch_size))
    return 0


if __name__ == '__main__':
    sys.exit(main())
