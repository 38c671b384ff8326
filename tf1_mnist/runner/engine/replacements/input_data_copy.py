"""What a script gets in place of an old copy of the MNIST tutorial's ``input_data.py``.

Course folders carried copies of that 2015-2016 module (``import input_data``). It downloads
MNIST from yann.lecun.com, which no longer serves it to scripts, and even with the files at
hand it fails on NumPy 2 (its ``_read32`` returns an array where a number is needed). The
runner gives the script this module instead (see ``tf1_mnist.runner.engine.table.COPIES`` for how a
copy is recognised): ``tf1_mnist.input_data``, reading the bundled MNIST when the data folder
lacks the files, with the old module's own forms: ``extract_images(filename)`` and
``extract_labels(filename, one_hot=False)`` take a file name (a file object works too),
``dense_to_one_hot`` has ``num_classes=10`` by default, and ``maybe_download`` puts the
bundled file where the download would have gone.
"""

import os

from tf1_mnist import input_data
from tf1_mnist.input_data import DataSet, Datasets
from tf1_mnist.runner.engine.replacements import mnist_downloads
from tf1_mnist.runner.engine.replacements.tutorial_mnist_data import read_data_sets

__all__ = ['SOURCE_URL', 'DataSet', 'DataSets', 'Datasets', 'dense_to_one_hot',
           'extract_images', 'extract_labels', 'load_mnist', 'maybe_download', 'read_data_sets']

SOURCE_URL = 'http://yann.lecun.com/exdb/mnist/'
DataSets = Datasets


def _opened(f):
    return isinstance(f, (str, bytes, os.PathLike))


def extract_images(f):
    """Images of a gzipped IDX file (a file name, or a file object): uint8 [index, y, x, 1]."""
    if _opened(f):
        with open(f, 'rb') as stream:
            return input_data.extract_images(stream)
    return input_data.extract_images(f)


def extract_labels(f, one_hot=False, num_classes=10):
    """Labels of a gzipped IDX file (a file name, or a file object): uint8 [index], or
    one-hot."""
    if _opened(f):
        with open(f, 'rb') as stream:
            return input_data.extract_labels(stream, one_hot, num_classes)
    return input_data.extract_labels(f, one_hot, num_classes)


def dense_to_one_hot(labels_dense, num_classes=10):
    return input_data.dense_to_one_hot(labels_dense, num_classes)


def maybe_download(filename, work_directory):
    """The old module's ``maybe_download``: the file in ``work_directory`` (created if
    missing), fetched from ``SOURCE_URL`` when absent; MNIST's files come from the bundled
    copy."""
    if not os.path.exists(work_directory):
        os.mkdir(work_directory)
    filepath = os.path.join(work_directory, filename)
    if not os.path.exists(filepath):
        mnist_downloads.retrieve(SOURCE_URL + filename, filepath)
    return filepath


def load_mnist(train_dir='MNIST-data'):
    return read_data_sets(train_dir)
