"""Checkpoints and the data position: where a run stands, saved so that it resumes exactly.

A checkpoint is TensorFlow's (``model.ckpt-N.index`` and ``.data-*``, written by a
``tf.train.Saver``) plus, beside it, ``model.ckpt-N.position.npz``: the position in the training
data (the example order, the epoch counters, the shuffling generator) and whatever else a lesson
needs to resume exactly (its epoch, its own generator). The position is written atomically
before the Saver writes the ``checkpoint`` index that names the new checkpoint, so whatever the
index names can be restored whole, even after ``kill -9``.

One training run at a time writes into a folder: ``locked`` holds an advisory lock on the file
``.tf1_mnist.lock`` in it (``flock``, released by the kernel when the process ends, even by
``kill -9``), which says which process holds it; a second run is refused with that line.

Nothing is trusted blindly on the way back in: a damaged index falls back to the newest intact
checkpoint in the folder (and says so), a checkpoint that cannot be read is never written over,
a position file must describe a real position of this data, and every refusal is a
``CheckpointError`` whose one-line message names the file and what is wrong with it.
"""

import contextlib
import datetime
import errno
import json
import os
import re
import shlex
import socket
import sys
import time
import zipfile

import numpy as np

from tf1_mnist import atomic

POSITION_SUFFIX = '.position.npz'
CHECKPOINT_NAME = 'model.ckpt'
INDEX_NAME = 'checkpoint'
_STEP_RE = re.compile(r'-(\d+)$')
# Temporary state of a save that never finished: TensorFlow's bundle writer names its files
# '<prefix>.index.tempstate<N>' and '<prefix>.data-...tempstate<N>'; tf1_mnist's atomic writes
# name theirs '.<name>.<random>.part<ext>'. One older than this belongs to no running save.
_TEMP_RE = re.compile(r'(^.+\.tempstate\d+$)|(^\..+\.[A-Za-z0-9_]+\.part(\.[A-Za-z0-9]+)?$)')
STALE_TEMP_SECONDS = 3600


class CheckpointError(Exception):
    """A checkpoint (or its folder) that cannot be used; the message names it.

    ``status`` is the exit status a command line gives: 2 when the flags asked for the
    impossible (nothing to evaluate, another batch size), 1 when a file is damaged or foreign.
    """

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


LOCK_NAME = '.tf1_mnist.lock'


def _holder(fd):
    """Who holds the lock whose file is open as ``fd``, as its holder wrote it down."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 65536).decode('utf-8'))
        text = 'process %d on %s, started %s: %s' % (
            info['pid'], info['host'], info['started'], info['command'])
    except (OSError, ValueError, KeyError, TypeError):
        return 'a process that has not said which yet'
    return text if len(text) <= 300 else text[:297] + '...'


@contextlib.contextmanager
def locked(directory, flag='--checkpoint_dir'):
    """Hold ``directory`` (created if missing) for this process while the block runs; raise
    ``CheckpointError`` naming the holder when another process holds it. Where the file system
    cannot lock (some network mounts), the block runs unlocked."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    os.makedirs(directory, exist_ok=True)
    fd = os.open(os.path.join(directory, LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                yield
                return
            raise CheckpointError('%s %s is in use by another training run: %s; wait for it '
                                  'to end or choose another folder'
                                  % (flag, directory, _holder(fd))) from None
        command = getattr(sys, 'orig_argv', None) or [sys.executable] + sys.argv
        info = {'pid': os.getpid(), 'host': socket.gethostname(), 'command': shlex.join(command),
                'started': datetime.datetime.now(datetime.timezone.utc).strftime(
                    '%Y-%m-%d %H:%M:%S UTC')}
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps(info).encode('utf-8'))
        except OSError:  # a full disk: the lock holds all the same, its holder goes unnamed
            pass
        yield
    finally:
        os.close(fd)


class WriteError(OSError):
    """An output that could not be written (a full disk, say); the message is one line naming
    it and why."""


def write_error_reason(tf, error):
    """Why a write failed, in a few words: the OS's reason, or TensorFlow's."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    text = tf_error_text(error) if isinstance(error, tf.errors.OpError) else str(error)
    for known in ('No space left on device', 'Disk quota exceeded', 'Permission denied',
                  'Read-only file system'):
        if known in text:
            return known
    return text.split('; ')[-1] if '; ' in text else text


def step_of(checkpoint_path):
    """The training step a checkpoint path ``.../model.ckpt-1200`` was saved at."""
    match = _STEP_RE.search(checkpoint_path)
    if not match:
        raise CheckpointError('cannot tell the step of checkpoint %s' % checkpoint_path)
    return int(match.group(1))


def checkpoints_in(directory, name=CHECKPOINT_NAME):
    """The checkpoint prefixes in ``directory`` that have an index file, newest first."""
    found = []
    pattern = re.compile(r'^%s-(\d+)\.index$' % re.escape(name))
    for entry in os.listdir(directory):
        match = pattern.match(entry)
        if match:
            found.append((int(match.group(1)), os.path.join(directory, entry[:-len('.index')])))
    return [path for _, path in sorted(found, reverse=True)]


def tf_error_text(error):
    """The informative part of a TensorFlow error, on one line: the sentence that says what is
    wrong (a key not found, a shape that differs), without TensorFlow's boilerplate around it."""
    message = getattr(error, 'message', None) or str(error)
    lines = [line.strip() for line in message.splitlines()]
    boilerplate = ('Restoring from checkpoint failed', 'Original error', 'Graph execution error',
                   'Detected at node', 'Node:', 'File "', '[[', 'Caused by', 'Errors may have')
    useful = [line for line in lines if line and not line.startswith(boilerplate)]
    for line in useful:
        if 'not found in checkpoint' in line or 'shape' in line:
            return re.sub(r'\s*\[\[.*$', '', line)
    return useful[0] if useful else message.strip().replace('\n', ' ')


def unreadable_reason(tf, prefix):
    """None when the checkpoint ``prefix`` can be opened, else what is wrong with it."""
    data = [n for n in os.listdir(os.path.dirname(prefix) or '.')
            if n.startswith(os.path.basename(prefix) + '.data-') and 'tempstate' not in n]
    if not data:
        return 'its .data file is missing'
    try:
        reader = tf.train.NewCheckpointReader(prefix)
        reader.get_variable_to_shape_map()
    except Exception as e:  # TensorFlow reports damage as several error types
        return tf_error_text(e)
    return None


def _index_names(tf, directory):
    """(checkpoint the ``checkpoint`` index names, or None; what is wrong with the index, or
    None). A missing index is not damage: it is a folder nothing was saved in yet."""
    path = os.path.join(directory, INDEX_NAME)
    if not os.path.exists(path):
        return None, 'has no checkpoint index' if checkpoints_in(directory) else None
    try:
        state = tf.train.get_checkpoint_state(directory)
    except Exception:  # binary garbage fails to decode before TensorFlow can ignore it
        state = None
    if state is None or not state.model_checkpoint_path:
        return None, 'has a damaged checkpoint index'
    return state.model_checkpoint_path, None  # a relative path is made the folder's


def resume_point(tf, directory, training=True):
    """The checkpoint a run in ``directory`` starts from: (path or None, note or None).

    The index's checkpoint when it is intact; else the newest intact checkpoint in the folder,
    with a note saying which and why. Raises ``CheckpointError`` when checkpoints are there but
    none can be read, and, for a training run (``training``), when a newer one that cannot be
    read would be written over as training reaches its step.
    """
    if not directory or not os.path.isdir(directory):
        return None, None
    named, index_problem = _index_names(tf, directory)
    candidates = checkpoints_in(directory)
    if named is not None:
        reason = unreadable_reason(tf, named) if os.path.exists(named + '.index') else (
            'its files are missing')
        if reason is None:
            return named, None
        index_problem = 'names %s, which cannot be read (%s)' % (named, reason)
    if index_problem is None:
        return None, None
    unreadable = []
    for path in candidates:
        reason = unreadable_reason(tf, path)
        if reason is None:
            if training and unreadable:
                bad, why = unreadable[0]
                raise CheckpointError(
                    'checkpoint %s cannot be read (%s) and would be written over at step %d; '
                    'move it out of %s to resume from %s' % (bad, why, step_of(bad), directory,
                                                              path))
            return path, ('%s %s; resuming from the newest intact checkpoint, %s'
                          % (directory, index_problem, path))
        unreadable.append((path, reason))
    detail = '; '.join('%s: %s' % item for item in unreadable) or 'no checkpoint files'
    raise CheckpointError('%s %s and holds no checkpoint that can be read (%s); nothing was '
                          'written over' % (directory, index_problem, detail))


def latest_checkpoint(tf, checkpoint_dir):
    """The newest intact checkpoint in ``checkpoint_dir``, or None."""
    return resume_point(tf, checkpoint_dir, training=False)[0]


def clean_stale_temp(directory, older_than=STALE_TEMP_SECONDS, now=None):
    """Delete the temporary files of saves that never finished (a run killed or out of disk
    space while saving), when older than any running save could be. Returns their names."""
    now = time.time() if now is None else now
    return atomic.remove_stale_files(directory, _TEMP_RE,
                                     lambda name, mtime: now - mtime > older_than)


def _remove_temp_of(prefix):
    """Remove the temporary files a failed save of ``prefix`` left behind."""
    directory, base = os.path.split(prefix)
    for name in os.listdir(directory):
        if name.startswith(base + '.') and 'tempstate' in name:
            os.unlink(os.path.join(directory, name))


class Checkpointer(object):
    """Saves and restores a session's variables plus where training stood: the training data
    position and, for a lesson that keeps its own (an epoch, a random generator), its state."""

    def __init__(self, tf, checkpoint_dir, max_to_keep=3, name=CHECKPOINT_NAME, var_list=None):
        self.tf = tf
        self.checkpoint_dir = checkpoint_dir
        self.prefix = os.path.join(checkpoint_dir, name)
        # Relative paths in the index: a checkpoint folder can be moved or copied whole.
        self.saver = tf.train.Saver(var_list, max_to_keep=max_to_keep, save_relative_paths=True)
        clean_stale_temp(checkpoint_dir)

    def find(self, training=True):
        """(newest usable checkpoint or None, note or None); see ``resume_point``. A resumed
        run takes over the older intact checkpoints, so that max_to_keep still prunes them."""
        path, note = resume_point(self.tf, self.checkpoint_dir, training)
        if path is not None and training:
            older = [p for p in checkpoints_in(self.checkpoint_dir)
                     if step_of(p) <= step_of(path) and (p == path or unreadable_reason(
                         self.tf, p) is None)]
            self.saver.recover_last_checkpoints(list(reversed(older)))
        return path, note

    def restore(self, sess, path, datasets=None, check=None):
        """Restore the checkpoint ``path`` (and the position of ``datasets.train``); return
        (step, state), state None when none was saved with it.

        ``check(path, state)``, if given, sees the state before any variable is restored and
        raises ``CheckpointError`` to refuse a checkpoint (of another lesson, say)."""
        position, state = read_position(path + POSITION_SUFFIX)
        if check is not None:
            check(path, state)
        errors = self.tf.errors
        try:
            self.saver.restore(sess, path)
        except (errors.NotFoundError, errors.InvalidArgumentError) as e:
            raise CheckpointError('checkpoint %s does not fit this model: %s'
                                  % (path, tf_error_text(e))) from None
        except errors.OpError as e:
            raise CheckpointError('checkpoint %s is damaged: %s'
                                  % (path, tf_error_text(e))) from None
        if datasets is not None and position is not None:
            check_position(position, datasets.train.num_examples, path + POSITION_SUFFIX)
            datasets.train.set_state(position)
        return step_of(path), state

    def save(self, sess, step, datasets=None, state=None):
        """Save the variables at ``step``, with the position of ``datasets.train`` and
        ``state``, a JSON-serialisable dict of whatever else a lesson needs to resume exactly
        (its epoch, its own random generator). A save that fails leaves nothing behind and
        raises ``WriteError``, whose line names the step and the folder."""
        os.makedirs(self.checkpoint_dir, exist_ok=True)
        prefix = '%s-%d' % (self.prefix, step)
        position_path = prefix + POSITION_SUFFIX
        try:
            if datasets is not None or state is not None:
                _save_position(position_path, datasets, state)
            path = self.saver.save(sess, self.prefix, global_step=step, write_meta_graph=False)
        except BaseException as error:
            _remove_temp_of(prefix)
            if os.path.exists(position_path) and not os.path.exists(prefix + '.index'):
                os.unlink(position_path)
            if isinstance(error, (OSError, self.tf.errors.OpError, RuntimeError)):
                raise WriteError('cannot write the checkpoint of step %d in %s: %s'
                                 % (step, self.checkpoint_dir,
                                    write_error_reason(self.tf, error))) from None
            raise
        self._drop_stale_positions()
        return path

    def _drop_stale_positions(self):
        kept = {os.path.basename(p) + POSITION_SUFFIX for p in self.saver.last_checkpoints}
        names = os.listdir(self.checkpoint_dir)
        indexed = {n[:-len('.index')] for n in names if n.endswith('.index')}
        for name in names:
            # Only positions of checkpoints this Saver pruned; others are not ours to judge.
            if (name.endswith(POSITION_SUFFIX) and name not in kept
                    and name[:-len(POSITION_SUFFIX)] not in indexed):
                os.unlink(os.path.join(self.checkpoint_dir, name))


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


def read_position(path):
    """(data position or None, lesson state or None) saved beside a checkpoint; a file that
    cannot be read as one is a ``CheckpointError`` naming it."""
    if not os.path.exists(path):
        return None, None
    try:
        with open(path, 'rb') as f:
            if f.read(4) != b'PK\x03\x04':  # np.load would try other formats, pickle too
                raise ValueError('not an .npz archive')
        with np.load(path) as saved:
            position = None
            if 'order' in saved:
                position = json.loads(str(saved['meta']))
                position['order'] = saved['order']
            state = json.loads(str(saved['state'])) if 'state' in saved else None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, AttributeError) as e:
        raise CheckpointError('%s cannot be read as a data position: %s'
                              % (path, str(e).splitlines()[0] if str(e) else type(e).__name__)
                              ) from None
    if position is not None and not isinstance(position, dict):
        raise CheckpointError('%s cannot be read as a data position' % path)
    return position, state


def check_position(position, num_examples, path):
    """Raise ``CheckpointError`` unless ``position`` is a position in a set of ``num_examples``:
    its order a permutation of range(num_examples), its counters in range."""
    def refuse(what):
        raise CheckpointError('%s is not a valid data position: %s' % (path, what))

    order = np.asarray(position.get('order'))
    if order.ndim != 1 or order.dtype.kind not in 'iu':
        refuse('the example order is not a list of indices')
    if order.size != num_examples:
        refuse('it is for %d examples, the training set has %d' % (order.size, num_examples))
    if not np.array_equal(np.sort(order), np.arange(num_examples)):
        refuse('the example order is not a permutation of 0..%d (indices repeated or out of '
               'range)' % (num_examples - 1))
    index, epochs = position.get('index_in_epoch'), position.get('epochs_completed')
    if not isinstance(index, int) or not 0 <= index <= num_examples:
        refuse('index_in_epoch %r is not in 0..%d' % (index, num_examples))
    if not isinstance(epochs, int) or epochs < 0:
        refuse('epochs_completed %r is not a count' % (epochs,))
    rng = position.get('rng')
    if not isinstance(rng, dict) or 'bit_generator' not in rng or 'state' not in rng:
        refuse('the shuffling generator state is missing')
