"""``keras.datasets.mnist.load_data`` (Keras 3 and tf-keras) for legacy code: the arrays from
the bundled MNIST instead of a download of ``mnist.npz``.

Keras returns ``(x_train, y_train), (x_test, y_test)``: uint8 images (60000, 28, 28) and
(10000, 28, 28), uint8 labels (60000,) and (10000,), in the order of MNIST's IDX files, which
is the order of the bundled files. ``mnist.npz`` cannot be rebuilt from them (Keras checks its
sha256, and re-downloads a file that differs), so the arrays are served directly. When a
genuine ``mnist.npz`` is already where Keras looks (``path=``, relative to Keras's cache folder,
or absolute), Keras reads it as before. The runner installs this for callers in legacy code
only (``tf1_mnist.runner.engine.table.STAND_INS``).
"""

import hashlib
import os

import numpy as np

from tf1_mnist import input_data
from tf1_mnist.runner.engine.replacements.mnist_downloads import note_once

__all__ = ['load_data', 'mnist_arrays']

# The sha256 Keras checks mnist.npz against (keras and tf_keras datasets/mnist.py).
NPZ_SHA256 = '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1'


def _keras_file(original, path, cache_dir):
    """Where Keras's ``get_file`` looks for ``path``, as Keras 3 or tf-keras resolves it."""
    if cache_dir is None:
        if getattr(original, '__module__', '').startswith('tf_keras'):
            cache_dir = os.path.join(os.path.expanduser('~'), '.keras')
        else:
            from keras.src.backend import config
            cache_dir = config.keras_home()
    base = os.path.expanduser(cache_dir)
    if not os.access(base, os.W_OK):
        base = os.path.join('/tmp', '.keras')
    return os.path.join(base, 'datasets', os.fspath(path))


def _genuine(path):
    if not os.path.isfile(path):
        return False
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest() == NPZ_SHA256


def mnist_arrays():
    """``(x_train, y_train), (x_test, y_test)`` of the bundled MNIST, as Keras returns them."""
    folder = input_data.bundled_data_dir()
    if folder is None:
        raise input_data.MNISTNotFoundError('the MNIST copy bundled with tf1_mnist is missing; '
                                            'reinstall tf1_mnist')

    def read(name, kind):
        array = input_data.read_idx_file(os.path.join(folder, name), kind)
        return np.ascontiguousarray(array.reshape(array.shape[:3]) if kind == 'images'
                                    else array)
    return ((read(input_data.TRAIN_IMAGES, 'images'), read(input_data.TRAIN_LABELS, 'labels')),
            (read(input_data.TEST_IMAGES, 'images'), read(input_data.TEST_LABELS, 'labels')))


def load_data(original, path='mnist.npz', *args, **kwargs):
    """Keras's ``load_data(path='mnist.npz')`` (tf-keras: ``cache_dir=None`` too)."""
    cache_dir = args[0] if args else kwargs.get('cache_dir')
    if _genuine(_keras_file(original, path, cache_dir)):
        return original(path, *args, **kwargs)
    note_once('keras', 'keras.datasets.mnist.load_data() does not download mnist.npz: the same '
                       'arrays are read from the MNIST bundled with tf1_mnist')
    return mnist_arrays()
