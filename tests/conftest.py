import gzip
import os
import shutil
import struct
import sys
import tempfile

import numpy as np
import pytest

# Decoded-array caches of the many small test data sets go to a throwaway folder, for this
# process and the subprocesses it starts.
# The folder is deleted when the test session ends.
TEST_CACHE = tempfile.mkdtemp(prefix='tf1_mnist_cache_')
os.environ['TF1_MNIST_CACHE'] = TEST_CACHE

import tf1_mnist
import warm
from tf1_mnist import input_data

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Subprocesses import the very tf1_mnist these tests import (installed or a checkout).
PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(tf1_mnist.__file__)))


def subprocess_env(extra=None):
    """The environment for a subprocess; a PYTHONPATH in ``extra`` goes in front."""
    extra = dict(extra or {})
    env = dict(os.environ)
    env.pop('TF_CPP_MIN_LOG_LEVEL', None)
    paths = [extra.pop('PYTHONPATH', ''), PACKAGE_PARENT, env.get('PYTHONPATH', '')]
    env['PYTHONPATH'] = os.pathsep.join(p for p in paths if p)
    env.update(extra)
    return env


def idx_images_bytes(images, magic=2051, count=None, rows=None, cols=None, extra=b''):
    """Raw IDX3 bytes for uint8 images [n, rows, cols]; header fields can be forged."""
    images = np.asarray(images, dtype=np.uint8)
    n, r, c = images.shape
    header = struct.pack('>IIII', magic, n if count is None else count,
                         r if rows is None else rows, c if cols is None else cols)
    return header + images.tobytes() + extra


def idx_labels_bytes(labels, magic=2049, count=None, extra=b''):
    labels = np.asarray(labels, dtype=np.uint8)
    header = struct.pack('>II', magic, len(labels) if count is None else count)
    return header + labels.tobytes() + extra


def write_gz(path, payload):
    with open(path, 'wb') as f:
        f.write(gzip.compress(payload))
    return str(path)


def write_mnist_dir(directory, n_train=20, n_test=10, seed=0):
    """Write a small, valid set of the four MNIST files; return (train, test) arrays."""
    rng = np.random.default_rng(seed)
    os.makedirs(directory, exist_ok=True)
    train_x = rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8)
    train_y = rng.integers(0, 10, size=n_train, dtype=np.uint8)
    test_x = rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8)
    test_y = rng.integers(0, 10, size=n_test, dtype=np.uint8)
    write_gz(os.path.join(directory, input_data.TRAIN_IMAGES), idx_images_bytes(train_x))
    write_gz(os.path.join(directory, input_data.TRAIN_LABELS), idx_labels_bytes(train_y))
    write_gz(os.path.join(directory, input_data.TEST_IMAGES), idx_images_bytes(test_x))
    write_gz(os.path.join(directory, input_data.TEST_LABELS), idx_labels_bytes(test_y))
    return (train_x, train_y), (test_x, test_y)


@pytest.fixture(scope='session')
def mnist_one_hot():
    """The bundled MNIST, one-hot, read once for the whole run."""
    return input_data.read_data_sets('/nonexistent/tf1_mnist_tests', one_hot=True, seed=0)


@pytest.fixture(scope='session')
def mnist_sparse():
    return input_data.read_data_sets('/nonexistent/tf1_mnist_tests', one_hot=False, seed=0)


def run_module(module, *args, cwd, env=None, timeout=600):
    """Run ``python -m module args`` in a subprocess (forked warm where that changes nothing,
    see warm.py); return the CompletedProcess."""
    return warm.run([sys.executable, '-m', module, *map(str, args)], cwd=str(cwd),
                    env=subprocess_env(env), capture_output=True, text=True, timeout=timeout)


def lines_of(text):
    return [line for line in text.splitlines() if line.strip()]


# Lines TensorFlow prints when nothing silences it; none may reach a quiet lesson's output.
TF_NOISE = ('oneDNN custom operations', 'absl::InitializeLog', 'cuda', 'WARNING:tensorflow',
            'deprecat', 'I0000', 'W0000', 'E0000', 'tensorflow/core')


def assert_quiet(text):
    for marker in TF_NOISE:
        assert marker.lower() not in text.lower(), 'TensorFlow noise %r in:\n%s' % (marker, text)


def usage_error(capsys, main, flags):
    """Run a command line's ``main(flags)``, expecting misuse: exit status 2 and exactly one line
    on stderr, which is returned."""
    with pytest.raises(SystemExit) as info:
        main(flags)
    assert info.value.code == 2
    lines = lines_of(capsys.readouterr().err)
    assert len(lines) == 1, lines
    return lines[0]


def pytest_xdist_auto_num_workers(config):
    """``-n auto``: one worker more than this process may use cores. Many slow tests spend part
    of their time waiting (a cluster's tasks on each other, a course item on its budget, a
    kernel starting), and the extra worker fills those gaps: on a 2-core machine three workers
    took 10 min 37 s where two took 11 min 49 s; four took longer again (11 min 52 s), each
    worker starting warm servers of its own."""
    return len(os.sched_getaffinity(0)) + 1 if hasattr(os, 'sched_getaffinity') else (
        (os.cpu_count() or 1) + 1)


def pytest_unconfigure(config):
    warm.shutdown()
    shutil.rmtree(TEST_CACHE, ignore_errors=True)


@pytest.fixture
def read_only_dir(tmp_path):
    """A folder no file can be created in. Root ignores permission bits, so for root it is
    /sys, which refuses new files to everyone."""
    if os.geteuid() == 0:
        yield '/sys'
        return
    folder = tmp_path / 'read_only'
    folder.mkdir()
    folder.chmod(0o555)
    yield str(folder)
    folder.chmod(0o755)
