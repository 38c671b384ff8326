"""``tf.keras.datasets.mnist`` without the download, for migrated source.

``load_data()`` downloads mnist.npz; ``python -m tf1_mnist.upgrade`` writes
``tf1_mnist.keras_mnist.load_data()`` in its place, which returns the same arrays (uint8 images
0-255, integer labels, 60,000 and 10,000) from the MNIST bundled with tf1_mnist, or reads a
genuine mnist.npz already in Keras's cache as Keras would (the runner's
``tf1_mnist.runner.engine.replacements.keras_mnist``).
"""

from tf1_mnist.runner.engine.replacements import keras_mnist as _keras_mnist

__all__ = ['load_data']


def _keras_load_data():
    try:
        from tf_keras.datasets import mnist
    except ImportError:
        from keras.datasets import mnist
    return mnist.load_data


def load_data(path='mnist.npz', *args, **kwargs):
    """``(x_train, y_train), (x_test, y_test)``, as ``tf.keras.datasets.mnist.load_data``."""
    return _keras_mnist.load_data(_keras_load_data(), path, *args, **kwargs)
