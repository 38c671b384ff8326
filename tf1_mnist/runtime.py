"""The training runtime: the one loop every lesson runs in.

A lesson module holds what its tutorial holds (the graph, its hyperparameters, its printed lines
and how one step is fed) in a lesson object; this module does the rest, the same for every
lesson: seed, session settings, restore and "resumed from step N", the step loop, when
checkpoints are written, Ctrl-C, timing, the final save, the eval-only and predict runs, and the
command line's tail (one line per error, exit statuses, output paths checked before the first
step).

The engine is TensorFlow's own TF1 machinery: the loop runs in a
``tf.compat.v1.train.MonitoredSession`` with session-run hooks (``StopAtStepHook`` on a
``global_step``), and the session comes from a *session factory*. A local run uses
``local_session`` (a ``ChiefSessionCreator``) and counts the step itself: ``global_step`` is
created after the lesson's ops, so that the lesson's random ops keep the seeds they have in the
tutorial and its graph stays the lesson's. A worker of a between-graph replicated run is the
same loop (``train(replica=...)``, see ``tf1_mnist.distributed``): the graph is built under a
``replica_device_setter``, the lesson's ``build(tf, replicate)`` hands its optimizer to
``replicate``, which wraps it (``SyncReplicasOptimizer`` when synchronous) and gives it the
global step to advance, the session comes from ``MonitoredTrainingSession(master=...,
is_chief=...)``, and the steps the loop sees are the global steps the updates reached. Only the
chief (worker 0) restores, saves, writes summaries and runs the final evaluation; resuming
restores the checkpoint while the session is made (the scaffold's ``init_fn``), with the
restored variables uninitialized until then, so no other worker starts from fresh weights.

A lesson object gives the loop: ``max_steps``, ``read_data()``, ``build(tf, replicate=None)``
(adds the graph, returns the train op), ``scalars()`` (for TensorBoard), ``step(runner, i)``
(feeds and runs one step, prints the lesson's lines; True when it ended an epoch),
``finish(runner)`` (the final lines; its return value is the result), ``data_position()`` and
``state()`` (what a checkpoint saves beside the weights), ``checkpoint_check(training)``,
``resumed(step, state, session)``, ``evaluate(session, state, out)``,
``prediction_inputs(count)`` and ``timing_line(steps, seconds)``.

What is kept by hand, and why: checkpoints are written by ``checkpoints.Checkpointer`` at step
boundaries, not by ``CheckpointSaverHook``. A lesson's resumable state lives partly outside the
graph (the position in the training data, an MLP lesson's epoch and generator) and is only
consistent once the lesson has done its bookkeeping for the step; a hook's ``after_run`` fires
before that, which is exactly how a checkpoint ends up one update ahead of its label.
``CheckpointSaverHook`` would also save at session creation and write graph files and events
into the checkpoint folder. Summaries are the lesson's own logged values (the deep CNN's are
measured with dropout off, in its logging run), written by ``Summaries`` rather than by
``SummarySaverHook``, which would add the summary to the training run instead. Ctrl-C (and
SIGTERM, SIGHUP) is deferred to the end of the step it arrives in (a second one stops at once),
so the checkpoint it saves holds that step's weights under that step's number.
"""

import contextlib
import dataclasses
import logging
import signal
import sys
import threading
import time
import zlib

from tf1_mnist import evaluation, session_settings
from tf1_mnist import cli
from tf1_mnist.checkpoints import (Checkpointer, CheckpointError, WriteError, locked,
                                   resume_point, write_error_reason)
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


RunResult = dataclasses.make_dataclass(
    'RunResult', ['lesson', 'steps', 'start_step', 'seconds', 'trained',
                  ('write_errors', list, dataclasses.field(default_factory=list))])


class DataError(Exception):
    """The training data could not be read; the message names the file or folder."""


class _QuietWriterThreads(logging.Filter):
    """While active, a summary writer's thread that dies of a write error (a full disk) neither
    prints its traceback nor logs it: the error comes back to ``Summaries`` from the writer
    itself, which says it in one line."""

    def __enter__(self):
        self.previous = threading.excepthook

        def hook(args):
            if args.thread is None or args.thread.name != 'EventLoggerThread':
                self.previous(args)
        threading.excepthook = hook
        logging.getLogger('tensorflow').addFilter(self)
        return self

    def filter(self, record):
        return not str(record.msg).startswith('EventFileWriter writer thread error')

    def __exit__(self, *exc):
        threading.excepthook = self.previous
        logging.getLogger('tensorflow').removeFilter(self)


class Summaries(object):
    """Scalar summaries and the graph for TensorBoard; nothing is written without a log_dir.

    A write that fails (a full disk) ends the summaries, not the run: ``error`` is then the
    line that says so, and what was written before stays."""

    def __init__(self, tf, log_dir, graph, scalars):
        self.tf = tf
        self.log_dir = log_dir
        self.writer = None
        self.merged = None
        self.error = None
        if not log_dir:
            return
        with tf.name_scope('summaries'):
            self.merged = tf.summary.merge(
                [tf.summary.scalar(name, tensor) for name, tensor in scalars.items()])
        self._quiet = _QuietWriterThreads().__enter__()
        self.writer = tf.summary.FileWriter(log_dir, graph)

    def _write(self, write, *args):
        if self.writer is None:
            return
        try:
            write(*args)
        except (OSError, RuntimeError, self.tf.errors.OpError) as error:
            self.error = ('cannot write the TensorBoard summaries in %s: %s; those written '
                          'before are kept' % (self.log_dir, write_error_reason(self.tf, error)))
            self.writer = None
            try:
                self._quiet.__exit__()
            except Exception:
                pass

    def add(self, summary, step):
        self._write(lambda: self.writer.add_summary(summary, step))

    def add_values(self, values, step):
        """Write plain numbers (per-epoch metrics computed outside the graph) as scalars."""
        self._write(lambda: self.writer.add_summary(self.tf.Summary(value=[
            self.tf.Summary.Value(tag=tag, simple_value=float(value))
            for tag, value in values.items()]), step))

    def close(self):
        writer = self.writer
        self._write(lambda: writer.close())
        if writer is not None and self.error is None:
            self.writer = None
            self._quiet.__exit__()


class _Saving(object):
    """The run's checkpoint writes: after one fails (a full disk), no more are tried, the
    checkpoints already written are kept, and ``error`` says what could not be written."""

    def __init__(self, checkpointer, resumed_from=None):
        self.checkpointer = checkpointer
        self.error = None
        self.last = resumed_from  # the newest checkpoint known to be whole

    def __bool__(self):
        return self.checkpointer is not None and self.error is None

    def save(self, session, step, datasets, state):
        try:
            self.checkpointer.save(session, step, datasets, state)
        except WriteError as error:
            self.error, self.failed_at = str(error), step
            return False
        self.last = step
        return True

    def ended(self, step):
        """The run ended at ``step``: complete the line of a write that failed."""
        if self.error is None:
            return
        if step > self.failed_at:
            self.error += '; steps %d to %d were trained but not saved' % (self.failed_at, step)
        if self.last is not None:
            self.error += '; the newest checkpoint kept is of step %d' % self.last


class StepRunner(object):
    """What a lesson's ``step`` gets: ``train(feed, fetches)`` runs one training step (through
    the monitored session and its hooks) and returns the values of ``fetches``; ``step`` is then
    the step that update reached and ``trained`` the steps this process has run; ``run``
    evaluates without training; ``summaries`` and ``out`` are the run's.

    ``step_fetches`` is what runs a step: the counting op alone (its value is the new step), or
    the train op and the global step it advances."""

    def __init__(self, monitored, session, step_fetches, summaries, out, global_step=None):
        self.monitored = monitored
        self.session = session
        self.step_fetches = list(step_fetches)
        self.summaries = summaries
        self.out = out
        self.global_step = global_step
        self.step = None
        self.trained = 0

    def current_step(self):
        """The step now: the last update's in a run of its own; in a replicated run, the global
        step read afresh (the one fetched with an update may be read before it counted, and
        other workers go on counting)."""
        if self.global_step is None:
            return self.step
        self.step = int(self.session.run(self.global_step))
        return self.step

    def train(self, feed, fetches=()):
        got = self.monitored.run(self.step_fetches + list(fetches), feed)
        count = len(self.step_fetches)
        self.step = int(got[count - 1])
        self.trained += 1
        return got[count:]

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


# The signals that stop a run the way Ctrl-C does: SIGTERM is what kill, systemd, Docker and
# Slurm send, SIGHUP what a closed terminal sends.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ('SIGINT', 'SIGTERM', 'SIGHUP')
                     if hasattr(signal, name))


class Interrupted(KeyboardInterrupt):
    """A run stopped by ``signum`` (SIGINT, SIGTERM or SIGHUP); a command line exits with
    128 + ``signum``, as a shell reports a process that signal ended."""

    def __init__(self, signum=signal.SIGINT):
        super().__init__(signum)
        self.signum = int(signum)


def exit_status(interrupt):
    """The exit status of a command ended by the KeyboardInterrupt ``interrupt``."""
    return 128 + getattr(interrupt, 'signum', signal.SIGINT)


class _StopRequest(object):
    """Which stop signal arrived first, if any."""

    def __init__(self):
        self.signum = None

    def is_set(self):
        return self.signum is not None


@contextlib.contextmanager
def interrupts_deferred():
    """While active, a first stop signal (Ctrl-C, SIGTERM, SIGHUP) only records itself in the
    returned request, for the loop to stop at the end of the step; a second one raises
    ``Interrupted`` at once."""
    request = _StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request
        return

    def at_once(signum, frame):
        raise Interrupted(signum)

    def deferred(signum, frame):
        request.signum = request.signum or signum
        for stop in STOP_SIGNALS:
            signal.signal(stop, at_once)

    previous = {stop: signal.signal(stop, deferred) for stop in STOP_SIGNALS}
    try:
        yield request
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)


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
          device_setter=None, replica=None):
    """Train ``lesson`` with ``settings`` (a ``RunSettings``), resuming from
    ``settings.checkpoint_dir`` when it holds a checkpoint; lines go to ``out``.

    ``session_factory(tf, scaffold, config, hooks)`` makes the monitored session,
    ``hooks`` are added to the runtime's, and ``device_setter`` places the graph.

    ``replica`` (a ``tf1_mnist.distributed.Replica``) makes this process one worker of a
    between-graph replicated run: the graph is built under its ``replica_device_setter``, the
    lesson's optimizer wrapped by ``replica.replicate`` (which also makes the optimizer count the
    shared global step), the session comes from ``replica.session_factory()``, and only the
    chief restores, writes checkpoints and summaries and runs the lesson's ``finish``. The steps
    the loop sees are then the global steps the updates reached.

    Returns a ``RunResult``: ``lesson`` is what the lesson's ``finish`` returned (None on a
    worker that is not the chief), ``steps`` the last step, ``start_step`` the first,
    ``trained`` the steps this process ran. The checkpoint folder is locked while the run uses
    it (``CheckpointError`` naming the process that holds it). Ctrl-C (or SIGTERM, SIGHUP)
    ends the step under way, saves it (with a checkpoint folder), says so and raises
    ``Interrupted``.
    """
    chief = replica is None or replica.is_chief
    if not (settings.checkpoint_dir and chief):
        return _train(lesson, settings, out, session_factory, hooks, device_setter, replica)
    # One run at a time in a checkpoint folder: two would write over each other's steps.
    with locked(settings.checkpoint_dir):
        return _train(lesson, settings, out, session_factory, hooks, device_setter, replica)


def _train(lesson, settings, out, session_factory, hooks, device_setter, replica):
    tf = import_v1(settings.verbose)
    config = session_settings.lesson_session_config(tf, settings.bf16)
    read_data(lesson, getattr(lesson, 'data_dir', None))
    chief = replica is None or replica.is_chief
    with tf.Graph().as_default() as graph:
        if settings.seed is not None:
            tf.set_random_seed(settings.seed)
        if replica is not None:
            device_setter = replica.device_setter
        with tf.device(device_setter):
            train_op = lesson.build(tf) if replica is None else lesson.build(tf, replica.replicate)
            # The lesson's variables: what a checkpoint holds. A replicated lesson's optimizer
            # made the step counter already; a local one's is created after the lesson's ops,
            # which keep their seeds, and is not in the checkpoints, whose step is in their name.
            saved = [v for v in tf.global_variables()
                     if v.op.name != tf.GraphKeys.GLOBAL_STEP]
            checkpointer = (Checkpointer(tf, settings.checkpoint_dir, var_list=saved)
                            if settings.checkpoint_dir and chief else None)
            global_step = tf.train.get_or_create_global_step()
            if replica is None:
                with tf.control_dependencies([train_op]):
                    fetch = [tf.assign_add(global_step, 1, name='count_step')]
            else:
                fetch = [train_op, global_step]
        summaries = Summaries(tf, settings.log_dir if chief else None, graph, lesson.scalars())
        capture = _SessionCapture(tf)
        live = replica.live_step(global_step) if replica is not None and chief else None
        resume = _Resume(tf, checkpointer, lesson, global_step, saved, out, live)
        stop = tf.train.StopAtStepHook(last_step=lesson.max_steps)
        if replica is not None:
            session_factory = replica.session_factory()
        try:
            with session_factory(tf, resume.scaffold, config,
                                 [capture.hook, stop] + list(hooks)) as monitored:
                sess = capture.session
                start = resume.step if chief else int(sess.run(global_step))
                runner = StepRunner(monitored, sess, fetch, summaries, out,
                                    None if replica is None else global_step)
                saving = _Saving(checkpointer, start if chief and start else None)
                step, saved_at, seconds, interrupted = _loop(
                    lesson, settings, runner, saving, start,
                    tf.errors.OutOfRangeError if replica is not None else ())
                if saving and step > saved_at:
                    saving.save(sess, step, lesson.data_position(), lesson.state())
                saving.ended(step)
                if interrupted:
                    if saving and step > start:
                        out('interrupted at step %d; checkpoint saved, run again to resume'
                            % step)
                    elif saving.error and step > start:
                        out('interrupted at step %d; %s' % (step, saving.error))
                    raise Interrupted(interrupted)
                finished = lesson.finish(runner) if chief else None
        finally:
            summaries.close()
    errors = [e for e in (saving.error, summaries.error) if e]
    return RunResult(finished, step, start, seconds, runner.trained, errors)


class _Resume(object):
    """Where a run starts: the newest usable checkpoint of the run's checkpointer, restored as
    the session is made (``scaffold``'s ``init_fn``), or the lesson's fresh initial values.

    When resuming, the variables the checkpoint holds and the step counter are left
    uninitialized until they are restored, so that no other task of a replicated run takes the
    model for ready before then. A chief restarted while its parameter servers ran on (``live``,
    their global step) goes on from their values, newer than any checkpoint. ``step`` is the
    step the run starts from."""

    def __init__(self, tf, checkpointer, lesson, global_step, saved, out, live=None):
        self.step = 0
        if live is not None:
            if checkpointer is not None:
                checkpointer.find(training=True)  # takes over the older checkpoints
            self.step = live
            out('resumed from step %d' % live)
            self.scaffold = tf.train.Scaffold(init_op=tf.no_op(),
                                              saver=checkpointer.saver if checkpointer else None)
            return
        path = None
        if checkpointer is not None:
            path, note = checkpointer.find(training=True)
            if note:
                out(note)
        if path is None:
            self.scaffold = tf.train.Scaffold(saver=checkpointer.saver if checkpointer else None)
            return
        kept = {v.op.name for v in saved} | {global_step.op.name}
        others = [v for v in tf.global_variables() if v.op.name not in kept]

        def restore(scaffold, session):
            step, state = checkpointer.restore(session, path, lesson.data_position(),
                                               lesson.checkpoint_check(training=True))
            global_step.load(step, session)
            out(lesson.resumed(step, state, session))
            self.step = step

        self.scaffold = tf.train.Scaffold(init_op=tf.variables_initializer(others),
                                          init_fn=restore, saver=checkpointer.saver)


def _loop(lesson, settings, runner, saving, start, ended=()):
    """Run steps from ``start`` to the lesson's last; (step, last saved, seconds, the stop
    signal that interrupted it or None).

    The step is the one the update reached, read back from the session: one more each time in
    a run of its own, the shared global step (advanced by every worker) in a replicated one,
    whose chief stopping the run shows as ``ended`` (the error of a closed token queue). A
    checkpoint is due when the step crosses a multiple of ``save_every``."""
    step = saved = start
    started = time.perf_counter()
    with interrupts_deferred() as interrupt:
        while step < lesson.max_steps and not runner.monitored.should_stop():
            try:
                unit_ended = lesson.step(runner, step)
            except ended:
                break
            step = runner.step
            due = (step // settings.save_every > saved // settings.save_every
                   if settings.save_every else unit_ended)
            if saving and due and step < lesson.max_steps:
                step = runner.current_step()
                if saving.save(runner.session, step, lesson.data_position(), lesson.state()):
                    saved = step
            if interrupt.is_set():
                break
    if runner.step is not None:
        step = runner.current_step()
    return step, saved, time.perf_counter() - started, interrupt.signum


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
    checkpoint, a bad position file, an output that could not be written, each named on a line
    of its own after the run's results), 128 + the signal for a stop signal (130 for Ctrl-C,
    143 for SIGTERM).
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
    except KeyboardInterrupt as interrupt:
        return exit_status(interrupt)
    errors = list(result.write_errors)
    if getattr(args, 'plot', None):
        try:
            plot(args.plot, result)
            print('wrote %s' % args.plot)
        except OSError as error:
            errors.append('cannot write --plot %s: %s' % (args.plot, error.strerror or error))
    print(lesson.timing_line(result.trained, result.seconds))
    for line in errors:
        sys.stderr.write('%s: error: %s\n' % (parser.prog, line))
    return 1 if errors else 0
