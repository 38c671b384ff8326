"""``tf.contrib.metrics`` for migrated source.

``python -m tf1_mnist.upgrade`` writes ``tf1_mnist.contrib_metrics`` where a script used
``tf.contrib.metrics``: the streaming metrics (``streaming_accuracy(predictions, labels)``,
predictions first, unlike ``tf.metrics``), from tf-slim (the ``contrib`` extra), as the runner
gives them (``tf1_mnist.legacy.replacements.contrib_metrics``).
"""

from tf1_mnist.legacy.replacements import contrib_metrics as _replacement

__all__ = list(_replacement.__all__)


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    return getattr(_replacement, name)


def __dir__():
    return sorted(set(globals()) | set(__all__))
