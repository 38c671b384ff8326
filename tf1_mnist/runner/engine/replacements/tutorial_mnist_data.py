"""``tensorflow.examples.tutorials.mnist.input_data`` and ``tf.contrib.learn``'s MNIST module,
for scripts under the runner: ``tf1_mnist.input_data``, whose ``Extracting`` lines name the
folder the script asked for, as TF 1.x printed them (and say when the bundled copy was read)."""

import functools

from tf1_mnist import input_data
from tf1_mnist.input_data import (DEFAULT_SOURCE_URL, DataSet, Datasets, dense_to_one_hot,
                                  extract_images, extract_labels)

__all__ = ['DEFAULT_SOURCE_URL', 'DataSet', 'Datasets', 'dense_to_one_hot', 'extract_images',
           'extract_labels', 'load_mnist', 'read_data_sets']


@functools.wraps(input_data.read_data_sets)
def read_data_sets(*args, **kwargs):
    kwargs.setdefault('extracting_as_asked', True)
    return input_data.read_data_sets(*args, **kwargs)


def load_mnist(train_dir='MNIST-data'):
    """TF 1.x's shorthand: ``read_data_sets(train_dir)``."""
    return read_data_sets(train_dir)
