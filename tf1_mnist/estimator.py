"""``tf.estimator`` for migrated source on TensorFlow 2.16 and later, which dropped it.

``python -m tf1_mnist.upgrade`` writes ``tf1_mnist.estimator.Estimator`` where a script said
``tf.estimator.Estimator``: tensorflow-estimator 2.15 (the ``estimator`` extra), made importable
on today's TensorFlow as the runner makes it (``tf1_mnist.runner.engine.replacements.estimator``),
so the names are TensorFlow's own TF1 code with its defaults.
"""

from tf1_mnist.runner.engine.replacements import estimator as _estimator

__all__ = list(_estimator.__all__)


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    return getattr(_estimator, name)


def __dir__():
    return sorted(set(globals()) | set(__all__))
