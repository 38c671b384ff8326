"""``tf.contrib.learn``'s estimators for migrated source.

``python -m tf1_mnist.upgrade`` writes ``tf1_mnist.contrib_learn.DNNClassifier`` where a
script said ``tf.contrib.learn.DNNClassifier``: the runner's contrib.learn
(``tf1_mnist.runner.engine.replacements.contrib_learn``), thin layers over tensorflow-estimator 2.15's
canned estimators (the ``estimator`` extra) that keep contrib.learn's defaults and its
``fit(x, y)``, ``evaluate(x, y)`` and ``predict(x)`` on arrays, so the copy prints what the
original printed under the runner. ``real_valued_column`` is ``tf.contrib.layers``'.
"""

from tf1_mnist.runner.engine.replacements import contrib_learn as _contrib_learn

__all__ = list(_contrib_learn.__all__)


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    return getattr(_contrib_learn, name)


def __dir__():
    return sorted(set(globals()) | set(__all__))
