"""The training runtime: the one loop every lesson runs in.

A lesson module holds what its tutorial holds (the graph, its hyperparameters, its printed lines
and how one step is fed) in a lesson object; this module does the rest, the same for every
lesson: seed, session settings, restore and "resumed from step N", the step loop, when
checkpoints are written, Ctrl-C, timing, the final save, the eval-only and predict runs, and the
command line's tail (one line per error, exit statuses, output paths checked before the first
step).

The engine is TensorFlow's own TF1 machinery: the loop runs in a
``tf.compat.v1.train.MonitoredSession`` with session-run hooks (``StopAtStepHook`` on a
``global_step`` the runtime counts), and the session comes from a *session factory*. A local
run uses ``local_session`` (a ``ChiefSessionCreator``). A between-graph replicated run is the
same loop with another factory (``MonitoredTrainingSession(master=server.target,
is_chief=...)``), its hooks passed in ``hooks``, the graph built under a
``replica_device_setter`` (``train(device_setter=...)``) and the optimizer wrapped
(``SyncReplicasOptimizer``) where the lesson's ``build`` creates it. ``global_step`` is created
after the lesson's ops, so that the lesson's random ops keep the seeds they have in the tutorial
and its graph stays the lesson's.

A lesson object gives the loop: ``max_steps``, ``read_data()``, ``build(tf)`` (adds the graph,
returns the train op), ``scalars()`` (for TensorBoard), ``step(runner, i)`` (feeds and runs one
step, prints the lesson's lines; True when it ended an epoch), ``finish(runner)`` (the final
lines; its return value is the result), ``data_position()`` and ``state()`` (what a checkpoint
saves beside the weights), ``checkpoint_check(training)``, ``resumed(step, state, session)``,
``evaluate(session, state, out)``, ``prediction_inputs(count)`` and ``timing_line(steps,
seconds)``.

What is kept by hand, and why: checkpoints are written by ``checkpoints.Checkpointer`` at step
boundaries, not by ``CheckpointSaverHook``. A lesson's resumable state lives partly outside the
graph (the position in the training data, an MLP lesson's epoch and generator) and is only
consistent once the lesson has done its bookkeeping for the step; a hook's ``after_run`` fires
before that, which is exactly how a checkpoint ends up one update ahead of its label.
``CheckpointSaverHook`` would also save at session creation and write graph files and events
into the checkpoint folder. Summaries are the lesson's own logged values (the deep CNN's are
measured with dropout off, in its logging run), written by ``Summaries`` rather than by
``SummarySaverHook``, which would add the summary to the training run instead. Ctrl-C is
deferred to the end of the step it arrives in (a second one stops at once), so the checkpoint
it saves holds that step's weights under that step's number.
"""

import contextlib
import dataclasses
import signal
import threading
import time
import zlib

from tf1_mnist import evaluation, session_settings
from tf1_mnist import cli
from tf1_mnist.checkpoints import Checkpointer, CheckpointError, resume_point
from tf1_mnist.quiet import import_v1


@dataclasses.dataclass
class RunSettings:
    """What the runtime needs from the command line (or a caller), as one value."""
    seed: int = None
    checkpoint_dir: str = None
    save_every: int = None       # steps between checkpoints; None: after each of the lesson's
    log_dir: str = None          # epochs (a lesson whose step() says when one ends)
    bf16: bool = False
    verbose: bool = False

    @classmethod
    def from_args(cls, args):
        """The settings of a parsed command line; flags a lesson does not have keep their
        defaults."""
        return cls(**{f.name: getattr(args, f.name, f.default) for f in dataclasses.fields(cls)})


RunResult = dataclasses.make_dataclass('RunResult', ['lesson', 'steps', 'start_step', 'seconds'])


class DataError(Exception):
    """The training data could not be read; the message names the file or folder."""


class Summaries(object):
    """Scalar summaries and the graph for TensorBoard; nothing is written without a log_dir."""

    def __init__(self, tf, log_dir, graph, scalars):
        self.tf = tf
        self.writer = None
        self.merged = None
        if not log_dir:
            return
        with tf.name_scope('summaries'):
            self.merged = tf.summary.merge(
                [tf.summary.scalar(name, tensor) for name, tensor in scalars.items()])
        self.writer = tf.summary.FileWriter(log_dir, graph)

    def add(self, summary, step):
        if self.writer is not None:
            self.writer.add_summary(summary, step)

    def add_values(self, values, step):
        """Write plain numbers (per-epoch metrics computed outside the graph) as scalars."""
        if self.writer is not None:
            self.writer.add_summary(self.tf.Summary(value=[
                self.tf.Summary.Value(tag=tag, simple_value=float(value))
                for tag, value in values.items()]), step)

    def close(self):
        if self.writer is not None:
            self.writer.close()


class StepRunner(object):
    """What a lesson's ``step`` gets: ``train(feed, fetches)`` runs one training step (the
    lesson's train op, counted in ``global_step``, through the monitored session and its hooks)
    and returns the values of ``fetches``; ``run`` evaluates without training; ``summaries``
    and ``out`` are the run's."""

    def __init__(self, monitored, session, train_op, summaries, out):
        self.monitored = monitored
        self.session = session
        self.train_op = train_op
        self.summaries = summaries
        self.out = out

    def train(self, feed, fetches=()):
        return self.monitored.run([self.train_op] + list(fetches), feed)[1:]

    def run(self, fetches, feed=None):
        return self.session.run(fetches, feed)


class _SessionCapture(object):
    """A hook that keeps the raw session the monitored session wraps, for restoring and
    evaluating outside the hooks (after a stop has been requested, too)."""

    def __init__(self, tf):
        self.session = None
        self.hook = type('SessionCaptureHook', (tf.train.SessionRunHook,), {
            'after_create_session': lambda hook, session, coord: setattr(
                self, 'session', session)})()


def local_session(tf, scaffold, config, hooks):
    """The session factory of a run on this machine: a MonitoredSession over a chief's
    session (a replicated run passes a factory for ``MonitoredTrainingSession`` instead)."""
    return tf.train.MonitoredSession(
        session_creator=tf.train.ChiefSessionCreator(scaffold=scaffold, config=config),
        hooks=hooks)


@contextlib.contextmanager
def interrupts_deferred():
    """While active, a first SIGINT (Ctrl-C) only sets the returned flag, for the loop to stop at
    the end of the step; a second one raises KeyboardInterrupt at once."""
    flag = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return

    def deferred(signum, frame):
        flag.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, deferred)
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)


# What reading MNIST raises for a damaged or unreadable file (gzip, zlib, decoding, IDX
# parsing, np.load of a cached array).
DATA_ERRORS = (ValueError, OSError, EOFError, zlib.error)


def read_data(lesson, data_dir):
    """The lesson's data, or ``DataError`` in one line naming what could not be read."""
    try:
        return lesson.read_data()
    except DATA_ERRORS as e:
        text = ' '.join(str(e).split()) or type(e).__name__
        if data_dir and data_dir not in text:
            text = 'reading MNIST from %s: %s' % (data_dir, text)
        raise DataError(text) from None


def train(lesson, settings, out=print, session_factory=local_session, hooks=(),
          device_setter=None):
    """Train ``lesson`` with ``settings`` (a ``RunSettings``), resuming from
    ``settings.checkpoint_dir`` when it holds a checkpoint; lines go to ``out``.

    ``session_factory(tf, scaffold, config, hooks)`` makes the monitored session,
    ``hooks`` are added to the runtime's, and ``device_setter`` (a
    ``replica_device_setter``) places the lesson's graph and the step counter.

    Returns a ``RunResult`` whose ``lesson`` is what the lesson's ``finish`` returned. Ctrl-C
    ends the step under way, saves it (with a checkpoint folder), says so and raises
    KeyboardInterrupt.
    """
    tf = import_v1(settings.verbose)
    config = session_settings.lesson_session_config(tf, settings.bf16)
    read_data(lesson, getattr(lesson, 'data_dir', None))
    with tf.Graph().as_default() as graph:
        if settings.seed is not None:
            tf.set_random_seed(settings.seed)
        with tf.device(device_setter):
            train_op = lesson.build(tf)
            checkpointer = (Checkpointer(tf, settings.checkpoint_dir)
                            if settings.checkpoint_dir else None)
            # Created after the lesson's ops, which keep their seeds; not in the checkpoints
            # (the Saver above holds the lesson's variables), whose step is in their name.
            global_step = tf.train.get_or_create_global_step()
            with tf.control_dependencies([train_op]):
                counted = tf.assign_add(global_step, 1, name='count_step')
        summaries = Summaries(tf, settings.log_dir, graph, lesson.scalars())
        capture = _SessionCapture(tf)
        stop = tf.train.StopAtStepHook(last_step=lesson.max_steps)
        scaffold = tf.train.Scaffold(saver=checkpointer.saver if checkpointer else None)
        try:
            with session_factory(tf, scaffold, config,
                                 [capture.hook, stop] + list(hooks)) as monitored:
                sess = capture.session
                start = _restore(checkpointer, sess, lesson, out) if checkpointer else 0
                global_step.load(start, sess)
                runner = StepRunner(monitored, sess, counted, summaries, out)
                step, saved, seconds, interrupted = _loop(lesson, settings, runner,
                                                          checkpointer, start)
                if checkpointer and step > saved:
                    checkpointer.save(sess, step, lesson.data_position(), lesson.state())
                if interrupted:
                    if checkpointer and step > start:
                        out('interrupted at step %d; checkpoint saved, run again to resume'
                            % step)
                    raise KeyboardInterrupt
                finished = lesson.finish(runner)
        finally:
            summaries.close()
    return RunResult(finished, step, start, seconds)


def _restore(checkpointer, sess, lesson, out):
    path, note = checkpointer.find(training=True)
    if note:
        out(note)
    if path is None:
        return 0
    step, state = checkpointer.restore(sess, path, lesson.data_position(),
                                       lesson.checkpoint_check(training=True))
    out(lesson.resumed(step, state, sess))
    return step


def _loop(lesson, settings, runner, checkpointer, start):
    """Run steps from ``start`` to the lesson's last; (step, last saved, seconds, interrupted)."""
    step = saved = start
    started = time.perf_counter()
    with interrupts_deferred() as interrupt:
        while step < lesson.max_steps and not runner.monitored.should_stop():
            unit_ended = lesson.step(runner, step)
            step += 1
            due = (step % settings.save_every == 0 if settings.save_every else unit_ended)
            if checkpointer and due and step < lesson.max_steps:
                checkpointer.save(runner.session, step, lesson.data_position(), lesson.state())
                saved = step
            if interrupt.is_set():
                break
    return step, saved, time.perf_counter() - started, interrupt.is_set()


def restore_and_run(lesson, settings, predict=0, evaluate=True, out=print):
    """Without training: restore the newest checkpoint of ``settings.checkpoint_dir``, print
    the lesson's test accuracy line and/or the first ``predict`` predictions. Returns (test
    accuracy or None, predicted labels)."""
    tf = import_v1(settings.verbose)
    path, note = resume_point(tf, settings.checkpoint_dir, training=False)
    if path is None:
        raise CheckpointError('no checkpoint in %s' % settings.checkpoint_dir, status=2)
    read_data(lesson, getattr(lesson, 'data_dir', None))
    if note:
        out(note)
    with tf.Graph().as_default():
        lesson.build(tf)
        # Only the model's weights: evaluating needs no optimizer state, which other trainers of
        # the same model (SyncReplicasOptimizer on a cluster, say) save under other names.
        checkpointer = Checkpointer(tf, settings.checkpoint_dir, var_list=tf.trainable_variables())
        with tf.Session(config=session_settings.session_config(tf)) as sess:
            step, state = checkpointer.restore(sess, path,
                                               check=lesson.checkpoint_check(training=False))
            out('restored step %d from %s' % (step, settings.checkpoint_dir))
            accuracy = lesson.evaluate(sess, state, out) if evaluate else None
            logits, x, constants, images, labels = lesson.prediction_inputs(predict)
            predicted = evaluation.predict_in_batches(sess, logits, x, images, constants)
            for line in evaluation.format_predictions(predicted, labels):
                out(line)
    return accuracy, predicted


def summary_line(steps, seconds, batch_size):
    rate = steps / seconds if seconds > 0 else float('inf')
    return ('trained %d steps in %.1f s: %.1f steps/s, %.0f images/s'
            % (steps, seconds, rate, rate * batch_size))


def run_command(parser, args, lesson, settings, plot=None):
    """The tail of every lesson's ``main``: check the output paths, train (or only restore),
    draw ``plot(path, result)`` for ``--plot``, print the timing line; return the exit status.

    Every failure a user can cause ends here as one line and a status: 2 for flags that ask
    for the impossible, 1 for a file that cannot be used (damaged data, a damaged or foreign
    checkpoint, a bad position file), 130 for Ctrl-C.
    """
    cli.check_data_dir(parser, args.data_dir)
    restore_only = cli.restore_only(parser, args)
    cli.check_plot(parser, getattr(args, 'plot', None))
    cli.check_outputs(parser, args, restore_only)
    try:
        if restore_only:
            restore_and_run(lesson, settings, predict=args.predict, evaluate=args.eval_only)
            return 0
        result = train(lesson, settings)
    except CheckpointError as e:
        cli.fail(parser, str(e), e.status)
    except DataError as e:
        cli.fail(parser, str(e), 1)
    except KeyboardInterrupt:
        return 130
    if getattr(args, 'plot', None):
        plot(args.plot, result)
        print('wrote %s' % args.plot)
    print(lesson.timing_line(result.steps - result.start_step, result.seconds))
    return 0
