"""Machinery every lesson shares, written once: session settings, checkpoints with resume,
batched evaluation, prediction and TensorBoard summaries.

A lesson module builds its graph and runs its loop; it calls these for everything else.
"""

import json
import os
import re
import sys

import numpy as np

from tf1_mnist import atomic

# Files beside each checkpoint that record where the training data stood.
_POSITION_SUFFIX = '.position.npz'
_STEP_RE = re.compile(r'-(\d+)$')


class CheckpointError(Exception):
    """A checkpoint directory that cannot be used; the message names it."""


def session_config(tf, intra_op_threads=0, inter_op_threads=0):
    """A ConfigProto for the lessons. 0 lets TensorFlow size its thread pools to the machine.

    Where TensorFlow sees a GPU, it places every op that has a GPU kernel there (the rest, by
    soft placement, on the CPU), and GPU memory is taken as needed rather than all at once.
    """
    config = tf.ConfigProto(intra_op_parallelism_threads=intra_op_threads,
                            inter_op_parallelism_threads=inter_op_threads,
                            allow_soft_placement=True)
    config.gpu_options.allow_growth = True
    return config


def cpu_has_native_bf16(cpuinfo='/proc/cpuinfo'):
    """True when the CPU advertises bfloat16 arithmetic (AVX512-BF16 or AMX-BF16)."""
    try:
        with open(cpuinfo) as f:
            for line in f:
                if line.startswith('flags'):
                    flags = set(line.split(':', 1)[1].split())
                    return bool(flags & {'avx512_bf16', 'amx_bf16'})
    except OSError:
        pass
    return False


def mixed_precision_mode(tf):
    """'gpu' (float16 auto mixed precision), 'cpu' (oneDNN bfloat16) or None (unsupported)."""
    if tf.config.list_physical_devices('GPU'):
        return 'gpu'
    if cpu_has_native_bf16():
        return 'cpu'
    return None


def session_config_for(tf, bf16=False, mode=None):
    """A session config for a lesson run, and a one-line note when ``bf16`` cannot be had.

    bf16 is Grappler's automatic mixed precision: the graph stays the lesson's float32 graph,
    and TensorFlow rewrites the matmuls and convolutions to run in half precision (bfloat16
    through oneDNN on a CPU that has it; on a GPU float16, the only half precision Grappler's
    GPU rewrite offers, without loss scaling, which would change the lesson's optimizer),
    keeping the variables and the softmax in float32. Without hardware support bfloat16 is
    emulated and slower than float32, so the run stays in float32 and the note says why.
    """
    config = session_config(tf)
    if not bf16:
        return config, None
    mode = mode or mixed_precision_mode(tf)
    rewrites = config.graph_options.rewrite_options
    if mode == 'gpu':
        rewrites.auto_mixed_precision = rewrites.ON
    elif mode == 'cpu':
        rewrites.auto_mixed_precision_onednn_bfloat16 = rewrites.ON
    else:
        return config, ('--bf16: this CPU has no native bfloat16 (AVX512-BF16 or AMX-BF16) and '
                        'no GPU is visible; training in float32')
    return config, None


def lesson_session_config(tf, bf16=False):
    """The session config of a lesson run; says on stderr, in one line, when --bf16 falls back."""
    config, note = session_config_for(tf, bf16=bf16)
    if note:
        print('tf1_mnist: ' + note, file=sys.stderr)
    return config


def step_of(checkpoint_path):
    """The training step a checkpoint path ``.../model.ckpt-1200`` was saved at."""
    match = _STEP_RE.search(checkpoint_path)
    if not match:
        raise CheckpointError('cannot tell the step of checkpoint %s' % checkpoint_path)
    return int(match.group(1))


def latest_checkpoint(tf, checkpoint_dir):
    """The newest restorable checkpoint in ``checkpoint_dir``, or None."""
    if not checkpoint_dir or not os.path.isdir(checkpoint_dir):
        return None
    return tf.train.latest_checkpoint(checkpoint_dir)


class Checkpointer(object):
    """Saves and restores a session's variables plus where training stood: the training data
    position and, for a lesson that keeps its own (an epoch, a random generator), its state.

    TensorFlow's Saver writes each checkpoint's files first and then, atomically, the
    ``checkpoint`` index naming the newest one; the data position is written (atomically)
    before that, so whatever the index names can be restored whole, even after ``kill -9``.
    """

    def __init__(self, tf, checkpoint_dir, save_every, max_to_keep=3, name='model.ckpt'):
        self.tf = tf
        self.checkpoint_dir = checkpoint_dir
        self.save_every = save_every
        self.prefix = os.path.join(checkpoint_dir, name)
        self.saver = tf.train.Saver(max_to_keep=max_to_keep)
        # A resumed run takes over the older checkpoints, so max_to_keep still prunes them.
        state = tf.train.get_checkpoint_state(checkpoint_dir) if os.path.isdir(
            checkpoint_dir) else None
        if state is not None:
            self.saver.recover_last_checkpoints(list(state.all_model_checkpoint_paths))

    def restore(self, sess, datasets=None):
        """Restore the newest checkpoint; return its step, or 0 when there is none."""
        return self.restore_state(sess, datasets)[0]

    def restore_state(self, sess, datasets=None, check=None):
        """As ``restore``, and also return the ``state`` saved with the checkpoint:
        (step, state), state None when there is no checkpoint or none was saved with it.

        ``check(path, state)``, if given, sees the state before any variable is restored and
        raises ``CheckpointError`` to refuse a checkpoint (of another lesson, say)."""
        path = latest_checkpoint(self.tf, self.checkpoint_dir)
        if path is None:
            return 0, None
        position, state = _read_position(path + _POSITION_SUFFIX)
        if check is not None:
            check(path, state)
        try:
            self.saver.restore(sess, path)
        except (self.tf.errors.NotFoundError, self.tf.errors.InvalidArgumentError) as e:
            first_line = str(e).strip().splitlines()[0]
            raise CheckpointError('checkpoint %s does not fit this model (%s)'
                                  % (path, first_line)) from None
        if datasets is not None and position is not None:
            datasets.train.set_state(position)
        return step_of(path), state

    def due(self, step):
        return step % self.save_every == 0

    def save(self, sess, step, datasets=None, state=None):
        """Save the variables at ``step``, with the position of ``datasets.train`` and
        ``state``, a JSON-serialisable dict of whatever else a lesson needs to resume exactly
        (its epoch, its own random generator)."""
        os.makedirs(self.checkpoint_dir, exist_ok=True)
        if datasets is not None or state is not None:
            _save_position('%s-%d%s' % (self.prefix, step, _POSITION_SUFFIX), datasets, state)
        path = self.saver.save(sess, self.prefix, global_step=step, write_meta_graph=False)
        self._drop_stale_positions()
        return path

    def _drop_stale_positions(self):
        kept = {p + _POSITION_SUFFIX for p in self.saver.last_checkpoints}
        for name in os.listdir(self.checkpoint_dir):
            full = os.path.join(self.checkpoint_dir, name)
            if name.endswith(_POSITION_SUFFIX) and full not in kept:
                os.unlink(full)


def _save_position(path, datasets, state=None):
    arrays = {}
    if datasets is not None:
        position = datasets.train.get_state()
        meta = {k: v for k, v in position.items() if k != 'order'}
        arrays.update(order=position['order'], meta=np.array(json.dumps(meta)))
    if state is not None:
        arrays['state'] = np.array(json.dumps(state))
    with atomic.atomic_path(path) as tmp:
        np.savez(tmp, **arrays)


def _read_position(path):
    """(data position or None, lesson state or None) saved beside a checkpoint."""
    if not os.path.exists(path):
        return None, None
    with np.load(path) as saved:
        position = None
        if 'order' in saved:
            position = json.loads(str(saved['meta']))
            position['order'] = saved['order']
        state = json.loads(str(saved['state'])) if 'state' in saved else None
    return position, state


def evaluate_in_batches(sess, correct_prediction, feed, images, labels, batch_size=1000):
    """Accuracy over all ``images``, fed ``batch_size`` at a time.

    ``correct_prediction`` is the per-example 0/1 (or bool) tensor; ``feed`` maps 'x', 'y_'
    to placeholders plus any constant feeds (``keep_prob: 1.0``) under other keys. The result is
    the float32 a single feed of everything gives (the mean of 0/1 values is exact), without
    that feed's memory: the deep CNN's first layer alone takes ~1 GiB for 10,000 images.
    """
    [accuracy] = means_in_batches(sess, [correct_prediction], feed, images, labels, batch_size)
    return np.float32(accuracy)


def means_in_batches(sess, per_example, feed, images, labels, batch_size=1000):
    """The mean over all ``images`` of each per-example tensor in ``per_example`` (a loss, a 0/1
    correct prediction), fed as ``evaluate_in_batches`` feeds: a list of floats, the sums kept
    in float64."""
    x, y_ = feed['x'], feed['y_']
    constants = {k: v for k, v in feed.items() if k not in ('x', 'y_')}
    totals = np.zeros(len(per_example))
    for start in range(0, len(images), batch_size):
        chunk = {x: images[start:start + batch_size], y_: labels[start:start + batch_size]}
        chunk.update(constants)
        totals += [np.sum(v, dtype=np.float64) for v in sess.run(per_example, chunk)]
    return [float(t) / len(images) for t in totals]


def predict_in_batches(sess, logits, x, images, constants=None, batch_size=1000):
    """The predicted class of every image."""
    out = []
    for start in range(0, len(images), batch_size):
        feed = {x: images[start:start + batch_size]}
        feed.update(constants or {})
        out.append(np.argmax(sess.run(logits, feed), axis=1))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def format_predictions(predicted, labels):
    """Lines 'image I: predicted P, true T' (labels dense or one-hot)."""
    labels = np.asarray(labels)
    true = labels.argmax(axis=1) if labels.ndim == 2 else labels
    return ['image %d: predicted %d, true %d%s' % (i, p, t, '' if p == t else '  (wrong)')
            for i, (p, t) in enumerate(zip(predicted, true))]


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


def summary_line(steps, seconds, batch_size):
    rate = steps / seconds if seconds > 0 else float('inf')
    return ('trained %d steps in %.1f s: %.1f steps/s, %.0f images/s'
            % (steps, seconds, rate, rate * batch_size))
