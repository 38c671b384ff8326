"""The course's four fully-connected MNIST lessons, in TF1 graph mode.

The lessons were written for TF2 (GradientTape, Keras); each is ported here to placeholders,
Variables and a Session, keeping its architecture, initialisation, loss, optimizer, batch size,
epochs, batch order and printed lines. Run one with::

    python -m tf1_mnist.mlp --lesson NAME [--epochs N] [--checkpoint_dir DIR] [--plot FILE.png]
    python -m tf1_mnist.mlp --list

All four train on the 60,000 training images Keras's ``mnist.load_data()`` gives (not TF1's
55,000 plus 5,000 for validation) and are tested on the 10,000 test images.

``dense-512`` (course lesson 000, "the TF low-level API"): 784 -> 512 ReLU -> 10 softmax, every
weight drawn from U(0, 0.1), biases 0; plain gradient descent (1e-3) on the mean sparse
cross-entropy of the softmax *output*, computed as Keras computes it for probabilities; 10 epochs
of 128 images in file order, the last batch of each epoch the 96 left over. Prints ``Epoch N``
(from 0), ``loss at batch N: %.2f`` every 100 batches and ``accuracy: %.2f``. The lesson gives
no figure; expect about 0.82. Not copied: its ``fit(batch_size=...)`` is never passed on to
the batch generator (which always uses 128); here ``--batch_size`` is honoured.

``dense-256-128-64-32`` (course lesson 001, Keras ``Sequential``): 784 -> 256 -> 128 -> 64 -> 32
ReLU -> 10 softmax, Keras's default initialisation (Glorot-uniform weights, zero biases); Adam
(0.01) on the categorical cross-entropy of one-hot labels; 5 epochs of 128, shuffled afresh each
epoch, validated on the test set after each, as the lesson does. Prints Keras's ``Epoch 1/5``
and ``469/469 - loss ... - val_accuracy ...`` lines and its evaluation line. The lesson
reports val accuracy 0.9542, 0.9654, 0.9702, 0.9690, 0.9676; expect about 0.97. Its
``Adam(lr=0.01)`` is old Keras's spelling of the learning rate.

``dense-100`` (course lesson 002, a ``tf.keras.Model`` and GradientTape): flatten -> 100 ReLU ->
10, softmax, Keras's default initialisation; Adam (1e-3) on the sparse cross-entropy of the softmax
output; 6,000 batches of 50 drawn at random with replacement (``60000 // 50 * 5``, five epochs'
worth). Prints ``batch %d: loss %f`` after every batch and ``test accuracy: %f``. The lesson
reports 0.9479; expect about 0.975. Its batches come from the global NumPy generator, unseeded;
here from a generator of the run's own, seeded by ``--seed``.

``dense-512-256-mse`` (course lesson 003): 784 -> 512 ReLU -> 256 ReLU -> 10 linear, Keras's
default initialisation; gradient descent (1e-3) on the sum of squared errors against one-hot labels
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

import numpy as np

from tf1_mnist import cli, distributed, evaluation, input_data, plots, runtime
from tf1_mnist.checkpoints import CheckpointError

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
    'name',
    'number',        # the lesson's number in the course, '000' to '003'
    'network',
    'hidden',        # units of each ReLU hidden layer
    'init',          # weight initialiser; biases start at 0 in every lesson
    'softmax',       # whether the output layer ends in a softmax
    'loss', 'optimizer', 'learning_rate', 'batch_size', 'epochs',
    'batch_order',   # 'in order', 'shuffled' (each epoch) or 'with replacement'
    'log_every',     # batches between the lesson's own progress lines; 0 for none
    'epoch_header', 'batch_line', 'final_line',
    'reported',      # the test accuracy the lesson reports, or None
    'expected',      # the test accuracy a full run of the port reaches, about
])

# Lines are format strings. Fields: epoch (from 0), epoch1 (from 1), epochs, batch (within the
# epoch, from 0), batch1, batches (per epoch), step (over all epochs, from 0), loss (of the
# batch, float32), running_loss, running_accuracy; the final line has loss, accuracy (test set)
# and test_batches (the test set in batches of the training batch size, as Keras counts them).
LESSONS = collections.OrderedDict((lesson.name, lesson) for lesson in [
    Lesson(name='dense-512', number='000', reported=None, expected=0.82,
           network='784 -> 512 ReLU -> 10 softmax, weights ~ U(0, 0.1)',
           hidden=(512,), init=uniform_0_to_0_1, softmax=True,
           loss=sparse_crossentropy_of_softmax, optimizer=gradient_descent, learning_rate=1e-3,
           batch_size=128, epochs=10, batch_order='in order', log_every=100,
           epoch_header='Epoch {epoch}', batch_line='loss at batch {batch}: {loss:.2f}',
           final_line='accuracy: {accuracy:.2f}'),
    Lesson(name='dense-256-128-64-32', number='001', reported=0.9676, expected=0.97,
           network='784 -> 256 -> 128 -> 64 -> 32 ReLU -> 10 softmax',
           hidden=(256, 128, 64, 32), init=glorot_uniform, softmax=True,
           loss=categorical_crossentropy, optimizer=adam, learning_rate=0.01,
           batch_size=128, epochs=5, batch_order='shuffled', log_every=0,
           epoch_header='Epoch {epoch1}/{epochs}',
           batch_line='{batch1}/{batches} - loss: {running_loss:.4f} - '
                      'accuracy: {running_accuracy:.4f}',
           final_line='{test_batches}/{test_batches} - loss: {loss:.4f} - '
                      'accuracy: {accuracy:.4f}'),
    # Its batches are drawn with replacement, 60000 // 50 of them an epoch.
    Lesson(name='dense-100', number='002', reported=0.9479, expected=0.975,
           network='784 -> 100 ReLU -> 10 softmax', hidden=(100,), init=glorot_uniform,
           softmax=True, loss=sparse_crossentropy_of_softmax, optimizer=adam,
           learning_rate=1e-3, batch_size=50, epochs=5, batch_order='with replacement',
           log_every=1, epoch_header='Epoch {epoch1}/{epochs}',
           batch_line='batch {step}: loss {loss:f}', final_line='test accuracy: {accuracy:f}'),
    # Its loss line prints the float32 loss in full, as the lesson's print(loss.numpy()) did.
    Lesson(name='dense-512-256-mse', number='003', reported=None, expected=0.92,
           network='784 -> 512 ReLU -> 256 ReLU -> 10 linear', hidden=(512, 256),
           init=glorot_uniform, softmax=False, loss=squared_error_per_example,
           optimizer=gradient_descent, learning_rate=1e-3, batch_size=200, epochs=30,
           batch_order='in order', log_every=100, epoch_header='Epoch {epoch1}/{epochs}',
           batch_line='{epoch} {batch} loss: {loss!s}', final_line='test accuracy: {accuracy:f}'),
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


def build_graph(tf, lesson, learning_rate=None, replicate=None):
    """Add the lesson's network, loss, training op and accuracy to the default graph.

    ``replicate`` (a replicated run's, see ``tf1_mnist.distributed``) wraps the optimizer and
    gives the global step its updates count.

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
        global_step = None
        if replicate is not None:
            optimizer, global_step = replicate(optimizer)
        train_op = optimizer.minimize(loss, global_step=global_step)

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
    """A ``Checkpointer.restore`` check: the checkpoint must be this lesson's, with a whole
    record of where it stood, and to resume training, of the same batch size (the batch reached
    counts in those batches)."""
    def check(path, state):
        if not isinstance(state, dict) or 'lesson' not in state:
            raise CheckpointError('checkpoint %s holds no record of its lesson' % path)
        if state['lesson'] != lesson.name:
            raise CheckpointError('checkpoint %s is of lesson %s, not %s'
                                  % (path, state['lesson'], lesson.name))
        missing = {'batch_size', 'epoch', 'batch', 'rng', 'sums', 'history'} - set(state)
        if missing:
            raise CheckpointError('checkpoint %s: its record of where training stood lacks %s'
                                  % (path, ', '.join(sorted(missing))))
        if batch_size is not None and state['batch_size'] != batch_size:
            raise CheckpointError(
                'checkpoint %s was trained in batches of %d; resume with --batch_size %d'
                % (path, state['batch_size'], state['batch_size']), status=2)
    return check


def read_mnist(data_dir='MNIST_data', seed=None):
    """MNIST as the lessons load it: all 60,000 training images, class labels."""
    return input_data.read_data_sets(data_dir, one_hot=False, validation_size=0, seed=seed)


def _class_labels(labels):
    labels = np.asarray(labels)
    return (labels.argmax(axis=1) if labels.ndim == 2 else labels).astype(np.int64)


def _evaluate(sess, g, images, labels):
    """(mean loss, accuracy) of the whole set."""
    return evaluation.means_in_batches(sess, [g.per_example_loss, g.correct_prediction],
                                     {'x': g.x, 'y_': g.y_}, images, labels)


def _final_line(lesson, loss, accuracy, num_test, batch_size):
    return lesson.final_line.format(loss=loss, accuracy=accuracy,
                                    test_batches=-(-num_test // batch_size))


class LessonRun(object):
    """One run of a ``Lesson``: its side of the training loop (see ``tf1_mnist.runtime``).

    None for a hyperparameter means the lesson's own; ``max_steps`` caps the batches trained
    over all epochs; ``mnist`` may be data already read (``read_mnist``). The run prints the
    lesson's lines: a header per epoch, its progress lines, Keras's epoch line, its final line.
    """

    def __init__(self, lesson, data_dir='MNIST_data', epochs=None, batch_size=None,
                 learning_rate=None, max_steps=None, log_every=None, seed=None, mnist=None):
        self.lesson = lesson = get_lesson(lesson)
        self.name = lesson.name
        self.data_dir, self.seed, self.mnist = data_dir, seed, mnist
        self.epochs = lesson.epochs if epochs is None else epochs
        self.batch_size = batch_size or lesson.batch_size
        self.learning_rate = learning_rate or lesson.learning_rate
        self.log_every = lesson.log_every if log_every is None else log_every
        self.requested_steps = max_steps
        self.rng = self.progress = None
        self.start_step, self.plan, self.partial = 0, None, None

    def read_data(self):
        if self.progress is None:  # seeded here: a cluster worker's seed is offset by its task
            self.rng = np.random.default_rng(self.seed)
            self.progress = Progress(self.rng.bit_generator.state)
        if self.mnist is None:
            self.mnist = read_mnist(self.data_dir, self.seed)
        self.images, self.labels = self.mnist.train.images, _class_labels(self.mnist.train.labels)
        self.test_images = self.mnist.test.images
        self.test_labels = _class_labels(self.mnist.test.labels)
        self.batches = batches_per_epoch(self.lesson.batch_order, len(self.images),
                                         self.batch_size)
        self.max_steps = self.epochs * self.batches
        if self.requested_steps is not None:
            self.max_steps = min(self.requested_steps, self.max_steps)
        return self.mnist

    def build(self, tf, replicate=None):
        self.g = build_graph(tf, self.lesson, self.learning_rate, replicate)
        return self.g.train_op

    def scalars(self):
        return {'loss': self.g.loss, 'accuracy': self.g.accuracy}

    def data_position(self):
        return None  # the batch plan is drawn from the run's own generator, saved in state()

    def state(self):
        return self.progress.to_state(self.lesson, self.batch_size)

    def checkpoint_check(self, training):
        return _checkpoint_check(self.lesson, self.batch_size if training else None)

    def resumed(self, step, state, session):
        self.progress = Progress.from_state(state, step)
        self.start_step = step
        return 'resumed from step %d (epoch %d, batch %d)' % (step, self.progress.epoch + 1,
                                                              self.progress.batch)

    def step(self, run, i):
        """Train the next batch of the epoch (drawing the epoch's batches and printing its
        header first when it starts); True when the batch ended the epoch."""
        progress, lesson, g = self.progress, self.lesson, self.g
        if progress.batch == 0 or self.plan is None:
            self.rng.bit_generator.state = progress.rng_state
            self.plan = epoch_plan(lesson.batch_order, len(self.images), self.batch_size,
                                   self.rng)
            self.fields = dict(epoch=progress.epoch, epoch1=progress.epoch + 1,
                               epochs=self.epochs, batches=self.batches)
            run.out(lesson.epoch_header.format(**self.fields))
        b = progress.batch
        logged = self.log_every and b % self.log_every == 0
        fetches = [g.loss, g.correct_prediction]
        if logged and run.summaries.merged is not None:
            fetches.append(run.summaries.merged)
        got = run.train({g.x: self.images[self.plan[b]], g.y_: self.labels[self.plan[b]]},
                        fetches)
        progress.add(got[0], got[1])
        if logged:
            running_loss, running_accuracy = progress.running()
            run.out(lesson.batch_line.format(batch=b, batch1=b + 1, step=i, loss=got[0],
                                             running_loss=running_loss,
                                             running_accuracy=running_accuracy, **self.fields))
            if len(got) > 2:
                run.summaries.add(got[2], i)
        if progress.batch < self.batches:
            return False
        progress.next_epoch(self._epoch_line(run), self.rng.bit_generator.state)
        return True

    def _epoch_line(self, run):
        """Keras's line for the epoch so far, with the test set as validation data."""
        progress = self.progress
        loss, accuracy = progress.running()
        val_loss, val_accuracy = _evaluate(run.session, self.g, self.test_images,
                                           self.test_labels)
        metrics = EpochMetrics(progress.epoch + 1, progress.batch, self.batches, loss, accuracy,
                               val_loss, val_accuracy)
        run.out(EPOCH_LINE.format(**metrics._asdict()))
        run.summaries.add_values({'epoch/loss': loss, 'epoch/accuracy': accuracy,
                                  'epoch/val_loss': val_loss,
                                  'epoch/val_accuracy': val_accuracy}, progress.step)
        return metrics

    def evaluate(self, sess, state, out=print):
        loss, accuracy = _evaluate(sess, self.g, self.test_images, self.test_labels)
        out(_final_line(self.lesson, loss, accuracy, len(self.test_images),
                        state['batch_size']))
        return accuracy

    def finish(self, run):
        """An epoch cut short by max_steps gets its line; then the lesson's final line."""
        if self.progress.batch and self.progress.step > self.start_step:
            self.partial = self._epoch_line(run)
        test_loss, test_accuracy = _evaluate(run.session, self.g, self.test_images,
                                             self.test_labels)
        run.out(_final_line(self.lesson, test_loss, test_accuracy, len(self.test_images),
                            self.batch_size))
        return test_accuracy, test_loss

    def history(self):
        return self.progress.history + ([self.partial] if self.partial else [])

    def prediction_inputs(self, count):
        return (self.g.logits, self.g.x, None, self.test_images[:count],
                self.test_labels[:count])

    def timing_line(self, steps, seconds):
        return runtime.summary_line(steps, seconds, self.batch_size)


def train(lesson, data_dir='MNIST_data', epochs=None, batch_size=None, learning_rate=None,
          max_steps=None, log_every=None, seed=None, checkpoint_dir=None, log_dir=None,
          bf16=False, verbose=False, mnist=None, out=print):
    """Train ``lesson`` (a name or a ``Lesson``), resuming from ``checkpoint_dir`` if it holds
    a checkpoint (one is saved after every epoch and at the end). See ``LessonRun``.

    Returns a ``TrainResult``: test accuracy and loss, the step reached and started from, the
    training seconds and the history of ``EpochMetrics``. Lines go to ``out``.
    """
    run = LessonRun(lesson, data_dir, epochs, batch_size, learning_rate, max_steps, log_every,
                    seed, mnist)
    result = runtime.train(run, runtime.RunSettings(seed, checkpoint_dir, None, log_dir, bf16,
                                                    verbose), out)
    test_accuracy, test_loss = result.lesson
    return TrainResult(run.name, test_accuracy, test_loss, result.steps, result.start_step,
                       result.seconds, run.history())


def describe(lesson):
    """Lines for ``--list``: the network, the training with its defaults, the accuracy."""
    reported = ('%.4f' % lesson.reported) if lesson.reported else 'no figure'
    return ['%-20s lesson %s: %s' % (lesson.name, lesson.number, lesson.network),
            '%-20s %s %g on %s, %d epochs of %d %s'
            % ('', lesson.optimizer.__name__.replace('_', ' '), lesson.learning_rate,
               lesson.loss.__name__.replace('_', ' '), lesson.epochs, lesson.batch_size,
               lesson.batch_order),
            '%-20s test accuracy: lesson reports %s, expect about %g'
            % ('', reported, lesson.expected)]


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
    distributed.add_cluster_flags(parser)
    args = parser.parse_args(argv)
    cluster = distributed.config_from_args(parser, args)

    if args.list:
        for lesson in LESSONS.values():
            print('\n'.join(describe(lesson)))
        return 0
    if args.lesson is None:
        parser.error('--lesson NAME is needed, one of: %s (or --list)' % ', '.join(LESSONS))
    run = LessonRun(args.lesson, args.data_dir, args.epochs, args.batch_size,
                    args.learning_rate, args.max_steps, args.log_every, args.seed)
    if cluster is not None:
        return distributed.run_command(parser, args, run, runtime.RunSettings.from_args(args),
                                       cluster)
    return runtime.run_command(parser, args, run, runtime.RunSettings.from_args(args),
                               lambda path, result: _plot(path, run.history()))


def _plot(path, history):
    positions = [m.epoch - 1 + m.batches / m.of for m in history]
    plots.epoch_curves(path, positions, [m.accuracy for m in history],
                       [m.val_accuracy for m in history], [m.loss for m in history],
                       [m.val_loss for m in history])


if __name__ == '__main__':
    sys.exit(main())
