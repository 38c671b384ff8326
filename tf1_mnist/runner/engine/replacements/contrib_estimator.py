"""``tf.contrib.estimator`` for legacy scripts: the names of TensorFlow 1.x's extensions to
``tf.estimator`` that tensorflow-estimator kept (the ``estimator`` extra): ``add_metrics``, the
early-stopping hooks and ``InMemoryEvaluatorHook``, the same functions moved.

The heads, ``replicate_model_fn`` and the contrib-only estimators are not provided.
"""

import importlib

__all__ = [
    'InMemoryEvaluatorHook', 'add_metrics', 'make_early_stopping_hook', 'stop_if_higher_hook',
    'stop_if_lower_hook', 'stop_if_no_decrease_hook', 'stop_if_no_increase_hook',
]

REQUIRES = ('tensorflow_estimator', 'tf_keras')
EXTRA = 'tf1_mnist[estimator]'


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    estimator = importlib.import_module('tf1_mnist.runner.engine.replacements.estimator')
    api = estimator.estimator_api()
    value = getattr(api, name, None)
    if value is None:
        value = getattr(api.experimental, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
