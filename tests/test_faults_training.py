"""Faults of training runs, each in the scenario that showed it: damaged checkpoint indexes,
Ctrl-C mid-run, forged data positions, temporary files of unfinished saves, damaged and foreign
files, unwritable output paths and numbers out of range. Each ends in exact resumption or one
line and an exit status, and nothing the user had is written over."""

import os
import random
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from conftest import lines_of, run_module, subprocess_env, write_mnist_dir
from tf1_mnist import checkpoints, deep_cnn, input_data, mlp, runtime, softmax
from tf1_mnist.quiet import import_v1


def quiet(*args):
    pass


@pytest.fixture(scope='module')
def tiny_dir(tmp_path_factory):
    """Four small MNIST files: 5,040 training images (5,000 go to validation), 10 test."""
    folder = tmp_path_factory.mktemp('tiny_mnist')
    write_mnist_dir(str(folder), n_train=5040, n_test=10)
    return str(folder)


def tiny(tiny_dir, seed=0):
    return input_data.read_data_sets(tiny_dir, one_hot=True, seed=seed)


def train_tiny(tiny_dir, ckpt, max_steps, out=quiet, **kwargs):
    return deep_cnn.train(max_steps=max_steps, batch_size=5, log_every=5, seed=1,
                          checkpoint_dir=str(ckpt), save_every=10, mnist=tiny(tiny_dir, 1),
                          out=out, **kwargs)


@pytest.fixture(scope='module')
def trained_to(tiny_dir, tmp_path_factory):
    """``trained_to(steps, folder)``: a copy in ``folder`` of a tiny run's checkpoint folder
    after ``steps`` (10 or 20) steps, checkpoints every 10; each is trained once."""
    import shutil
    runs = {}

    def copy(steps, folder):
        if steps not in runs:
            runs[steps] = tmp_path_factory.mktemp('trained') / 'ck'
            train_tiny(tiny_dir, runs[steps], steps)
        shutil.copytree(runs[steps], folder)
    return copy


def failure(capsys, main, flags, status=1):
    """Run ``main(flags)`` expecting a failure: ``status`` and one line on stderr, returned."""
    with pytest.raises(SystemExit) as info:
        main(flags)
    captured = capsys.readouterr()
    lines = lines_of(captured.err)
    assert info.value.code == status, captured.err
    assert len(lines) == 1, lines
    return lines[0]


def snapshot(folder, steps):
    """The bytes of the checkpoints of ``steps``, to show they were not written over."""
    return {name: open(os.path.join(folder, name), 'rb').read()
            for name in sorted(os.listdir(folder))
            if any(name.startswith('model.ckpt-%d.' % s) for s in steps)}


# 2. A damaged checkpoint index.

@pytest.mark.slow
def test_garbage_index_resumes_from_the_newest_intact_checkpoint(tiny_dir, tmp_path, trained_to):
    ckpt = tmp_path / 'ck'
    trained_to(20, ckpt)
    before = snapshot(ckpt, [10, 20])
    (ckpt / 'checkpoint').write_bytes(b'\x00\xffgarbage{{{')
    lines = []
    result = train_tiny(tiny_dir, ckpt, 30, out=lines.append)
    assert lines[0] == ('%s has a damaged checkpoint index; resuming from the newest intact '
                        'checkpoint, %s/model.ckpt-20' % (ckpt, ckpt))
    assert lines[1] == 'resumed from step 20'
    assert (result.start_step, result.steps) == (20, 30)
    assert snapshot(ckpt, [10, 20]) == before


@pytest.mark.slow
def test_index_naming_missing_files_resumes_from_the_newest_intact_one(tiny_dir, tmp_path,
                                                                       trained_to):
    ckpt = tmp_path / 'ck'
    trained_to(20, ckpt)
    for name in os.listdir(ckpt):
        if name.startswith('model.ckpt-20.'):
            os.unlink(ckpt / name)
    lines = []
    result = train_tiny(tiny_dir, ckpt, 20, out=lines.append)
    assert 'which cannot be read (its files are missing)' in lines[0]
    assert lines[0].endswith('resuming from the newest intact checkpoint, %s/model.ckpt-10'
                             % ckpt)
    assert lines[1] == 'resumed from step 10' and result.start_step == 10


@pytest.mark.slow
def test_no_intact_checkpoint_stops_with_one_line_and_writes_nothing(tiny_dir, tmp_path,
                                                                      capsys, trained_to):
    ckpt = tmp_path / 'ck'
    trained_to(20, ckpt)
    (ckpt / 'checkpoint').write_text('garbage')
    for name in os.listdir(ckpt):
        if name.endswith('.index'):
            (ckpt / name).write_bytes(b'not a checkpoint index')
    before = snapshot(ckpt, [10, 20])
    err = failure(capsys, deep_cnn.main, ['--data_dir', tiny_dir, '--batch_size', '5',
                                          '--max_steps', '30', '--checkpoint_dir', str(ckpt)])
    assert err.startswith('python -m tf1_mnist.deep_cnn: error: %s has a damaged checkpoint '
                          'index and holds no checkpoint that can be read (' % ckpt)
    assert err.endswith('nothing was written over')
    assert snapshot(ckpt, [10, 20]) == before


@pytest.mark.slow
def test_an_unreadable_newer_checkpoint_is_never_written_over(tiny_dir, tmp_path, trained_to):
    ckpt = tmp_path / 'ck'
    trained_to(20, ckpt)
    (ckpt / 'model.ckpt-20.index').write_bytes(b'damaged')
    (ckpt / 'checkpoint').write_text('garbage')
    with pytest.raises(checkpoints.CheckpointError, match=(
            'model.ckpt-20 cannot be read .* and would be written over at step 20; move it '
            'out of .* to resume from .*model.ckpt-10')):
        train_tiny(tiny_dir, ckpt, 30)
    assert (ckpt / 'model.ckpt-20.index').read_bytes() == b'damaged'


def test_resume_point_skips_a_damaged_index_in_a_small_model(tmp_path, monkeypatch):
    """The same rule as above on a one-variable model: fast enough for every test run."""
    tf = import_v1()
    monkeypatch.chdir(tmp_path)
    with tf.Graph().as_default():
        tf.Variable(1.0)
        checkpointer = checkpoints.Checkpointer(tf, 'ck')  # the index keeps relative paths
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in (10, 20):
                checkpointer.save(sess, step, state={'step': step})
    assert checkpoints.resume_point(tf, 'ck') == (os.path.join('ck', 'model.ckpt-20'), None)
    tmp_path = tmp_path / 'ck'
    (tmp_path / 'checkpoint').write_text('garbage')
    path, note = checkpoints.resume_point(tf, str(tmp_path))
    assert path == str(tmp_path / 'model.ckpt-20')
    assert note == ('%s has a damaged checkpoint index; resuming from the newest intact '
                    'checkpoint, %s' % (tmp_path, path))
    for name in os.listdir(tmp_path):
        if name.startswith('model.ckpt-20.data'):
            os.unlink(tmp_path / name)
    assert checkpoints.resume_point(tf, str(tmp_path), training=False)[0] == str(
        tmp_path / 'model.ckpt-10')
    with pytest.raises(checkpoints.CheckpointError, match='would be written over at step 20'):
        checkpoints.resume_point(tf, str(tmp_path), training=True)


# 3. Ctrl-C: the checkpoint holds the weights of the step it is labelled with.

def step_lines(text):
    return [l for l in lines_of(text) if l.startswith(('step ', 'test accuracy'))]


STOP_FLAGS = ['--max_steps', '40', '--log_every', '1', '--seed', '3', '--batch_size', '20']


@pytest.fixture(scope='module')
def uninterrupted(tmp_path_factory):
    """The step lines of the run the stopped-and-resumed runs must repeat, run once for every
    stop signal: it does not depend on the signal."""
    whole = run_module('tf1_mnist.deep_cnn', *STOP_FLAGS,
                       cwd=tmp_path_factory.mktemp('uninterrupted'))
    assert whole.returncode == 0, whole.stderr
    return step_lines(whole.stdout)


@pytest.mark.slow
@pytest.mark.parametrize('signum', [signal.SIGINT, signal.SIGTERM])
def test_a_stop_signal_at_a_random_step_then_resume_gives_the_uninterrupted_trace(
        tmp_path, signum, uninterrupted):
    # SIGTERM is what kill, systemd, Docker and Slurm send: it stops a run as Ctrl-C does.
    ckpt = str(tmp_path / 'ck')
    flags = STOP_FLAGS + ['--checkpoint_dir', ckpt, '--save_every', '1000']
    at = random.Random().randint(3, 30)
    proc = subprocess.Popen([sys.executable, '-m', 'tf1_mnist.deep_cnn', *flags],
                            cwd=str(tmp_path), env=subprocess_env({'PYTHONUNBUFFERED': '1'}),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if line.startswith('step %d,' % at):
            proc.send_signal(signum)
            break
    out, err = proc.communicate(timeout=300)
    first = ''.join(seen) + out
    assert proc.returncode == 128 + signum, err
    [stopped] = [l for l in lines_of(first) if l.startswith('interrupted at step ')]
    n = int(stopped.split()[3].rstrip(';'))
    assert n >= at + 1
    second = run_module('tf1_mnist.deep_cnn', *flags, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert 'resumed from step %d' % n in second.stdout
    trace = [l for l in step_lines(first) if int(l.split()[1].rstrip(',')) < n]
    assert trace + step_lines(second.stdout) == uninterrupted, 'interrupted at %d' % at


@pytest.mark.slow
def test_a_checkpoint_folder_in_use_is_refused_naming_its_holder(tiny_dir, tmp_path, capsys):
    ckpt = tmp_path / 'ck'
    first = subprocess.Popen(
        [sys.executable, '-m', 'tf1_mnist.deep_cnn', '--data_dir', tiny_dir, '--batch_size', '5',
         '--max_steps', '100000', '--log_every', '1', '--save_every', '3', '--seed', '1',
         '--checkpoint_dir', str(ckpt)],
        cwd=str(tmp_path), env=subprocess_env({'PYTHONUNBUFFERED': '1'}),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in first.stdout:
            if line.startswith('step 4,'):  # a checkpoint saved, more to come
                break
        before = sorted(os.listdir(ckpt))
        err = failure(capsys, deep_cnn.main, ['--data_dir', tiny_dir, '--batch_size', '5',
                                              '--max_steps', '20', '--checkpoint_dir', str(ckpt)])
        assert first.poll() is None, 'the first run ended early'
    finally:
        first.kill()
        first.communicate()
    assert err.startswith('python -m tf1_mnist.deep_cnn: error: --checkpoint_dir %s is in use '
                          'by another training run: process %d' % (ckpt, first.pid)), err
    assert 'tf1_mnist.deep_cnn' in err.split('process %d' % first.pid)[1]
    # The refused run wrote nothing there, and the folder is free once its holder is gone.
    assert not [n for n in os.listdir(ckpt) if n not in before and not n.startswith('model.')]
    last = checkpoints.step_of(checkpoints.latest_checkpoint(import_v1(), str(ckpt)))
    assert train_tiny(tiny_dir, ckpt, last + 2).steps == last + 2


# 6. A saved data position is validated.

def forge_position(ckpt, step, order):
    path = os.path.join(ckpt, 'model.ckpt-%d.position.npz' % step)
    with np.load(path) as saved:
        arrays = dict(saved)
    arrays['order'] = order
    np.savez(path[:-len('.npz')], **arrays)
    return path


NOT_A_PERMUTATION = ('the example order is not a permutation of 0..39 (indices repeated or out '
                     'of range)')


@pytest.mark.slow
@pytest.mark.parametrize('order, what', [
    (np.zeros(40, dtype=np.int64), NOT_A_PERMUTATION),
    (np.arange(40) + 5, NOT_A_PERMUTATION),
    (np.arange(41), 'it is for 41 examples, the training set has 40'),
])
def test_a_forged_data_position_is_refused(tiny_dir, tmp_path, capsys, order, what, trained_to):
    ckpt = tmp_path / 'ck'
    trained_to(10, ckpt)
    path = forge_position(str(ckpt), 10, order)
    err = failure(capsys, deep_cnn.main, ['--data_dir', tiny_dir, '--batch_size', '5',
                                          '--max_steps', '20', '--checkpoint_dir', str(ckpt)])
    assert err == ('python -m tf1_mnist.deep_cnn: error: %s is not a valid data position: %s'
                   % (path, what))


def test_a_position_with_its_counter_out_of_range_is_refused():
    position = {'order': np.arange(10), 'epochs_completed': 0, 'index_in_epoch': 11,
                'rng': {'bit_generator': 'PCG64', 'state': {}}}
    with pytest.raises(checkpoints.CheckpointError, match='index_in_epoch 11 is not in 0..10'):
        checkpoints.check_position(position, 10, 'p.npz')


# 8. Temporary state of saves that never finished.

@pytest.mark.slow
def test_stale_temporary_files_are_cleaned_and_nothing_else(tiny_dir, tmp_path):
    ckpt = tmp_path / 'ck'
    ckpt.mkdir()
    stale = ['model.ckpt-10.data-00000-of-00001.tempstate8812345',
             '.model.ckpt-10.position.k2j3h4.part.npz']
    fresh = 'model.ckpt-20.index.tempstate99'
    mine = ['notes.txt', 'model.ckpt-10.tempstate.txt.bak']
    old = time.time() - 2 * checkpoints.STALE_TEMP_SECONDS
    for name in stale + [fresh] + mine:
        (ckpt / name).write_text('x')
        if name != fresh:
            os.utime(ckpt / name, (old, old))
    train_tiny(tiny_dir, ckpt, 2)
    left = set(os.listdir(ckpt))
    assert not left & set(stale)
    assert {fresh, *mine} <= left


def test_a_save_that_fails_leaves_no_temporary_state(tmp_path, monkeypatch):
    tf = import_v1()
    with tf.Graph().as_default():
        tf.Variable(1.0)
        checkpointer = checkpoints.Checkpointer(tf, str(tmp_path))

        def disk_full(sess, prefix, global_step, **kwargs):
            (tmp_path / ('model.ckpt-%d.data-00000-of-00001.tempstate42' % global_step)
             ).write_bytes(b'partial')
            raise OSError(28, 'No space left on device')

        monkeypatch.setattr(checkpointer.saver, 'save', disk_full)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            with pytest.raises(OSError, match='No space left'):
                checkpointer.save(sess, 5, state={'epoch': 1})
    assert os.listdir(tmp_path) == []


# 9. Every failure: one line naming the file and what is wrong, exit status 1.

def test_corrupt_data_file_is_one_line(tiny_dir, tmp_path, capsys):
    bad = tmp_path / 'bad_data'
    write_mnist_dir(str(bad), n_train=5040, n_test=10)
    name = input_data.TRAIN_IMAGES
    data = (bad / name).read_bytes()
    (bad / name).write_bytes(data[:len(data) // 2])  # a truncated gzip stream
    err = failure(capsys, softmax.main, ['--data_dir', str(bad), '--max_steps', '2'])
    assert err.startswith('python -m tf1_mnist.softmax: error: ')
    assert str(bad) in err


@pytest.mark.slow
def test_damaged_checkpoint_data_is_one_line(tiny_dir, tmp_path, capsys, trained_to):
    ckpt = tmp_path / 'ck'
    trained_to(10, ckpt)
    [data] = [n for n in os.listdir(ckpt) if n.startswith('model.ckpt-10.data')]
    size = os.path.getsize(ckpt / data)
    with open(ckpt / data, 'r+b') as f:
        f.truncate(size // 3)
    err = failure(capsys, deep_cnn.main, ['--data_dir', tiny_dir, '--batch_size', '5',
                                          '--max_steps', '20', '--checkpoint_dir', str(ckpt)])
    assert err.startswith('python -m tf1_mnist.deep_cnn: error: checkpoint %s/model.ckpt-10 is '
                          'damaged: ' % ckpt)


@pytest.mark.slow
def test_checkpoint_of_another_model_is_one_whole_line(tiny_dir, tmp_path, capsys):
    ckpt = tmp_path / 'ck'
    mlp.train('dense-100', max_steps=2, checkpoint_dir=str(ckpt),
              mnist=mlp.read_mnist(tiny_dir), out=quiet)
    err = failure(capsys, deep_cnn.main, ['--data_dir', tiny_dir, '--batch_size', '5',
                                          '--max_steps', '20', '--checkpoint_dir', str(ckpt)])
    assert err.startswith('python -m tf1_mnist.deep_cnn: error: checkpoint %s/model.ckpt-2 does '
                          'not fit this model: ' % ckpt)
    assert 'not found in checkpoint' in err


@pytest.mark.slow
def test_eval_only_needs_the_weights_alone(tiny_dir, tmp_path, capsys, trained_to):
    """A checkpoint without the lesson's Adam state (a cluster's SyncReplicasOptimizer saves
    it under other names) still evaluates, to the accuracy of the whole checkpoint."""
    whole, weights_only = tmp_path / 'whole', tmp_path / 'weights'
    trained_to(10, whole)
    tf = import_v1()
    with tf.Graph().as_default():
        deep_cnn.build_graph(tf)
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, str(whole / 'model.ckpt-10'))
            tf.train.Saver(tf.trainable_variables()).save(sess, str(weights_only / 'model.ckpt'),
                                                          global_step=10)
    assert not [name for name, _ in tf.train.list_variables(str(weights_only))
                if 'adam' in name.lower()]

    def evaluated(folder):
        assert deep_cnn.main(['--data_dir', tiny_dir, '--checkpoint_dir', str(folder),
                              '--eval_only']) == 0
        return [l for l in lines_of(capsys.readouterr().out) if l.startswith('test accuracy')]
    assert evaluated(weights_only) == evaluated(whole) != []


@pytest.mark.slow
@pytest.mark.parametrize('content', [b'', b'PK\x03\x04 not a zip', b'\x93NUMPY garbage'])
def test_unreadable_position_file_is_one_line(tiny_dir, tmp_path, capsys, content, trained_to):
    ckpt = tmp_path / 'ck'
    trained_to(10, ckpt)
    position = ckpt / 'model.ckpt-10.position.npz'
    position.write_bytes(content)
    err = failure(capsys, deep_cnn.main, ['--data_dir', tiny_dir, '--batch_size', '5',
                                          '--max_steps', '20', '--checkpoint_dir', str(ckpt)])
    assert err.startswith('python -m tf1_mnist.deep_cnn: error: %s cannot be read as a data '
                          'position' % position)


# 10. Output paths are checked, and created, before the first step.

def test_checkpoint_dir_that_is_a_file_exits_2_before_any_work(tmp_path, capsys):
    target = tmp_path / 'a_file'
    target.write_text('mine')
    err = failure(capsys, deep_cnn.main, ['--checkpoint_dir', str(target)], status=2)
    assert err == ('python -m tf1_mnist.deep_cnn: error: --checkpoint_dir %s: exists and is '
                   'not a directory' % target)
    assert target.read_text() == 'mine'


@pytest.mark.parametrize('main, flags', [
    (deep_cnn.main, []),
    (mlp.main, ['--lesson', 'dense-100']),
])
def test_read_only_output_paths_exit_2_before_any_work(read_only_dir, tmp_path, capsys, main,
                                                       flags):
    for flag, value, what in (
            ('--checkpoint_dir', os.path.join(read_only_dir, 'ck'), 'cannot be created'),
            ('--log_dir', os.path.join(read_only_dir, 'logs'), 'cannot be created'),
            ('--plot', os.path.join(read_only_dir, 'curves.png'), 'cannot write in')):
        err = failure(capsys, main, flags + [flag, value], status=2)
        assert '%s %s: %s' % (flag, value, what) in err
    log_file = tmp_path / 'logs'
    log_file.write_text('')
    err = failure(capsys, main, flags + ['--log_dir', str(log_file)], status=2)
    assert err.endswith('--log_dir %s: exists and is not a directory' % log_file)


def test_output_folders_are_created_before_the_first_step(tiny_dir, tmp_path, monkeypatch):
    created = {}

    def first_step(self, run, i):
        created.update(ck=os.path.isdir(tmp_path / 'a' / 'ck'),
                       logs=os.path.isdir(tmp_path / 'b' / 'logs'),
                       plot=os.path.isdir(tmp_path / 'c'))
        raise KeyboardInterrupt
    monkeypatch.setattr(deep_cnn.DeepCNN, 'step', first_step)
    assert deep_cnn.main(['--data_dir', tiny_dir, '--checkpoint_dir', str(tmp_path / 'a' / 'ck'),
                          '--log_dir', str(tmp_path / 'b' / 'logs'),
                          '--plot', str(tmp_path / 'c' / 'p.png')]) == 130
    assert created == {'ck': True, 'logs': True, 'plot': True}


# 11. Numbers out of range.

@pytest.mark.parametrize('main, flags', [
    (softmax.main, []),
    (deep_cnn.main, []),
    (mlp.main, ['--lesson', 'dense-100']),
])
@pytest.mark.parametrize('bad, expected', [
    (['--seed', '-1'], "argument --seed: expected an integer from 0 to 4294967295, got '-1'"),
    (['--seed', '4294967296'], 'argument --seed: expected an integer from 0 to 4294967295'),
    (['--learning_rate', '1e39'], "argument --learning_rate: expected a positive number a "
                                  "float32 can hold, got '1e39'"),
    (['--learning_rate', 'nan'], 'argument --learning_rate: expected a positive number'),
    (['--learning_rate', 'inf'], 'argument --learning_rate: expected a positive number'),
    (['--learning_rate', '1e-50'], 'argument --learning_rate: expected a positive number'),
])
def test_numbers_out_of_range_exit_2(capsys, main, flags, bad, expected):
    assert expected in failure(capsys, main, flags + bad, status=2)


# 12. A full disk: one line naming what could not be written; what was written is kept, the
# results are still printed.

@pytest.fixture
def small_disk(tmp_path):
    """``(folder, fill)``: a 64 MiB file system of its own (a tmpfs, which takes root to mount);
    ``fill(free)`` leaves ``free`` bytes on it."""
    folder = tmp_path / 'disk'
    folder.mkdir()
    mounted = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip('a small file system to fill needs root: %s' % mounted.stderr.strip())

    def fill(free=0):
        room = os.statvfs(folder)
        fd = os.open(folder / 'filler', os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            os.write(fd, b'\0' * max(0, room.f_bavail * room.f_frsize - free))
            while free == 0:  # the last blocks, which statvfs rounds
                os.write(fd, b'\0' * 512)
        except OSError:
            pass
        finally:
            os.close(fd)
    yield folder, fill
    subprocess.run(['umount', '-l', str(folder)], capture_output=True)


def error_lines(result, prog):
    lines = lines_of(result.stderr)
    assert all(line.startswith('python -m tf1_mnist.%s: error: ' % prog) for line in lines), lines
    return [line.split(': error: ', 1)[1] for line in lines]


@pytest.mark.slow
def test_a_disk_full_while_checkpointing_keeps_the_checkpoints_and_prints_the_accuracy(
        tiny_dir, tmp_path, small_disk):
    disk, fill = small_disk
    ckpt = disk / 'ck'
    flags = ['--data_dir', tiny_dir, '--batch_size', '5', '--seed', '1', '--save_every', '5',
             '--checkpoint_dir', str(ckpt)]
    first = run_module('tf1_mnist.deep_cnn', *flags, '--max_steps', '5', cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    kept = snapshot(ckpt, [5])
    # Room for the data position, not for TensorFlow's 39 MB of weights and Adam slots: the
    # Saver's own write fails (ResourceExhaustedError).
    fill(free=1 << 20)
    second = run_module('tf1_mnist.deep_cnn', *flags, '--max_steps', '15', cwd=tmp_path)
    assert second.returncode == 1, second.stderr
    assert error_lines(second, 'deep_cnn') == [
        'cannot write the checkpoint of step 10 in %s: No space left on device; steps 10 to 15 '
        'were trained but not saved; the newest checkpoint kept is of step 5' % ckpt]
    assert re.search(r'^test accuracy \S+$', second.stdout, re.M), second.stdout
    assert snapshot(ckpt, [5, 10, 15]) == kept
    assert sorted(os.listdir(ckpt)) == ['.tf1_mnist.lock', 'checkpoint'] + sorted(kept)


@pytest.mark.slow
@pytest.mark.parametrize('prog, flags, expected', [
    ('softmax', ['--checkpoint_dir', 'DISK/ck'],
     'cannot write the checkpoint of step 30 in DISK/ck: No space left on device'),
    ('deep_cnn', ['--log_dir', 'DISK/logs'],
     'cannot write the TensorBoard summaries in DISK/logs: No space left on device; those '
     'written before are kept'),
    ('deep_cnn', ['--plot', 'DISK/curve.png'],
     'cannot write --plot DISK/curve.png: No space left on device'),
])
def test_a_full_disk_is_one_line_after_the_results(tiny_dir, tmp_path, small_disk, prog, flags,
                                                    expected):
    disk, fill = small_disk
    fill()
    flags = [f.replace('DISK', str(disk)) for f in flags]
    result = run_module('tf1_mnist.%s' % prog, '--data_dir', tiny_dir, '--max_steps', '30',
                        '--batch_size', '5', *flags, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert error_lines(result, prog) == [expected.replace('DISK', str(disk))]
    assert re.search(r'^(test accuracy )?[01](\.\d+)?$', result.stdout, re.M), result.stdout
    assert lines_of(result.stdout)[-1].startswith('trained 30 steps in ')


def test_a_checkpoint_write_tensorflow_refuses_is_one_line_and_the_run_goes_on(
        tiny_dir, tmp_path, monkeypatch):
    tf = import_v1()
    real = tf.train.Saver.save

    def disk_full(saver, sess, prefix, global_step=None, **kwargs):
        if global_step == 10:
            raise tf.errors.ResourceExhaustedError(
                None, None, '%s-10.data-00000-of-00001.tempstate1; No space left on device'
                % prefix)
        return real(saver, sess, prefix, global_step=global_step, **kwargs)

    monkeypatch.setattr(tf.train.Saver, 'save', disk_full)
    lesson = deep_cnn.DeepCNN(tiny_dir, 20, 5, 1e-4, 0.5, 5, 'lesson', 1, tiny(tiny_dir, 1))
    result = runtime.train(lesson, runtime.RunSettings(seed=1, checkpoint_dir=str(
        tmp_path / 'ck'), save_every=5), quiet)
    assert result.steps == 20 and 0 <= result.lesson <= 1  # the test accuracy, measured
    assert result.write_errors == [
        'cannot write the checkpoint of step 10 in %s: No space left on device; steps 10 to 20 '
        'were trained but not saved; the newest checkpoint kept is of step 5' % (tmp_path / 'ck')]
    assert [checkpoints.step_of(p) for p in checkpoints.checkpoints_in(str(tmp_path / 'ck'))] \
        == [5]
