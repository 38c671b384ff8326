"""``keras.utils.np_utils`` of Keras 2, gone from Keras 3, for legacy code
(``tf1_mnist.runner.engine.table.ERA_MODULES``): scripts that load MNIST with
``keras.datasets.mnist`` one-hot encode its labels with it before feeding a TF1 graph."""

import numpy as np

__all__ = ['normalize', 'to_categorical']


def to_categorical(y, num_classes=None, dtype='float32'):
    """Class vector ``y`` (integers 0 to num_classes - 1) as a one-hot matrix, as a NumPy
    array of ``dtype``; ``num_classes`` defaults to ``max(y) + 1``."""
    y = np.array(y, dtype='int')
    input_shape = y.shape
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = tuple(input_shape[:-1])
    y = y.ravel()
    if not num_classes:
        num_classes = np.max(y) + 1
    n = y.shape[0]
    categorical = np.zeros((n, num_classes), dtype=dtype)
    categorical[np.arange(n), y] = 1
    return np.reshape(categorical, input_shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """``x`` divided by its ``order``-norm along ``axis`` (zero norms left as 1)."""
    l2 = np.atleast_1d(np.linalg.norm(x, order, axis))
    l2[l2 == 0] = 1
    return x / np.expand_dims(l2, axis)
