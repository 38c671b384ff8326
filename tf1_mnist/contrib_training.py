"""``tf.contrib.training`` for migrated source.

``python -m tf1_mnist.upgrade`` writes ``tf1_mnist.contrib_training`` where a script used
``tf.contrib.training``: TensorFlow 1.x's training and evaluation loops (``create_train_op``,
``train``, ``evaluate_repeatedly``), from tf-slim (the ``contrib`` extra) with the runner's
repairs, as the runner gives them (``tf1_mnist.legacy.replacements.contrib_training``).
"""

from tf1_mnist.legacy.replacements import contrib_training as _replacement

__all__ = list(_replacement.__all__)


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    return getattr(_replacement, name)


def __dir__():
    return sorted(set(globals()) | set(__all__))
