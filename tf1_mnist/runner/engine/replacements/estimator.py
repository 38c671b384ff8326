"""``tf.estimator`` for legacy scripts: the last tensorflow-estimator (2.15, the ``estimator``
extra), made importable on TensorFlow 2.21.

TensorFlow 2.16 dropped ``tf.estimator``, and tensorflow-estimator 2.15 stops at import on
2.21 over three things TensorFlow has since removed; none is used by single-process training.
Rather than a rewrite, this module supplies those three and then imports the real package,
so Estimator, the canned DNN and linear estimators, ``inputs.numpy_input_fn``, the hooks and
RunConfig are TensorFlow's own TF1 code, with its defaults (checkpoints every 600 seconds,
the last 5 kept, ``loss = ..., step = ...`` and ``global_step/sec`` every 100 steps) and its
metric names:

* ``tensorflow.python.distribute.estimator_training``, the distribute coordinator's entry
  points: a module saying that multi-worker training with distribution strategies is not
  available (the coordinator is gone from TensorFlow), and that the coordinator is never to be
  run otherwise, as the real module said for a configuration without one;
* the ``estimator`` API name in ``tensorflow.python.util.tf_export``, under which the package
  registers its exports;
* ``tf.estimator.tpu``, whose TPU embedding support needs TPU modules TensorFlow no longer
  has: an empty namespace whose names say so.

Nothing else of TensorFlow is changed, and importing this module changes nothing: the package
is loaded on the first name looked up.
"""

import importlib
import sys
import types

from tf1_mnist.runner.engine import table

# tensorflow-estimator 2.15's v1 API (``tf.compat.v1.estimator``), but for ``tpu``.
__all__ = [
    'BaselineClassifier', 'BaselineEstimator', 'BaselineRegressor', 'BestExporter',
    'BinaryClassHead', 'CheckpointSaverHook', 'CheckpointSaverListener', 'DNNClassifier',
    'DNNEstimator', 'DNNLinearCombinedClassifier', 'DNNLinearCombinedEstimator',
    'DNNLinearCombinedRegressor', 'DNNRegressor', 'Estimator', 'EstimatorSpec', 'EvalSpec',
    'Exporter', 'FeedFnHook', 'FinalExporter', 'FinalOpsHook', 'GlobalStepWaiterHook', 'Head',
    'LatestExporter', 'LinearClassifier', 'LinearEstimator', 'LinearRegressor',
    'LoggingTensorHook', 'LogisticRegressionHead', 'ModeKeys', 'MultiClassHead', 'MultiHead',
    'MultiLabelHead', 'NanLossDuringTrainingError', 'NanTensorHook', 'PoissonRegressionHead',
    'ProfilerHook', 'RegressionHead', 'RunConfig', 'SecondOrStepTimer', 'SessionRunArgs',
    'SessionRunContext', 'SessionRunHook', 'SessionRunValues', 'StepCounterHook',
    'StopAtStepHook', 'SummarySaverHook', 'TrainSpec', 'VocabInfo', 'WarmStartSettings',
    'add_metrics', 'classifier_parse_example_spec', 'experimental', 'export', 'inputs',
    'regressor_parse_example_spec', 'train_and_evaluate',
]

EXTRA = 'tf1_mnist[estimator]'
# tensorflow-estimator, and tf-keras for the feature-column layers of the canned estimators.
REQUIRES = ('tensorflow_estimator', 'tf_keras')

COORDINATOR_MODULE = 'tensorflow.python.distribute.estimator_training'
ESTIMATOR_API_NAME = 'estimator'
TPU_NAMESPACES = ('tensorflow_estimator._api.v1.estimator.tpu',
                  'tensorflow_estimator._api.v1.estimator.tpu.experimental')


def missing_requirements():
    """The modules of REQUIRES that cannot be imported, found without importing them."""
    return [name for name in REQUIRES if not table.installed(name)]


class DistributeCoordinatorUnavailable(NotImplementedError):
    """tf.estimator with distribution strategies, which needed TensorFlow's distribute
    coordinator."""


def _coordinator_unavailable(*args, **kwargs):
    raise DistributeCoordinatorUnavailable(
        'tf.estimator with train_distribute, eval_distribute or experimental_distribute is not '
        'available on TensorFlow 2.21 (its distribute coordinator was removed); train without '
        'a distribution strategy')


def _coordinator_module():
    module = types.ModuleType(COORDINATOR_MODULE, 'The distribute coordinator tf.estimator '
                              'imports; removed from TensorFlow, never needed without one.')
    module.init_run_config = _coordinator_unavailable
    module.estimator_train = _coordinator_unavailable
    module.estimator_evaluate = _coordinator_unavailable
    module.train_and_evaluate = _coordinator_unavailable
    # RunConfig never enters the coordinator's mode, so train_and_evaluate runs locally.
    module.should_run_distribute_coordinator = lambda config: False
    return module


class _TPUNamespace(types.ModuleType):
    """``tf.estimator.tpu``: its names need TPU support TensorFlow 2.21 does not have."""

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        raise AttributeError('tf.estimator.tpu.%s is not available on TensorFlow 2.21 (its TPU '
                             'embedding modules were removed)' % name)


def _install_missing_pieces():
    from tensorflow.python import distribute
    from tensorflow.python.util import tf_export

    if COORDINATOR_MODULE not in sys.modules:
        module = _coordinator_module()
        sys.modules[COORDINATOR_MODULE] = module
        distribute.estimator_training = module
    if not hasattr(tf_export, 'ESTIMATOR_API_NAME'):
        tf_export.ESTIMATOR_API_NAME = ESTIMATOR_API_NAME
    attributes = tf_export._Attributes  # the registry's own record type
    tf_export.API_ATTRS.setdefault(
        ESTIMATOR_API_NAME, attributes('_estimator_api_names', '_estimator_api_constants'))
    tf_export.API_ATTRS_V1.setdefault(
        ESTIMATOR_API_NAME, attributes('_estimator_api_names_v1', '_estimator_api_constants_v1'))
    for name in TPU_NAMESPACES:
        sys.modules.setdefault(name, _TPUNamespace(name))


_api = None


def estimator_api():
    """TF1's ``tf.estimator``: tensorflow-estimator's v1 API, loaded on first use."""
    global _api
    if _api is None:
        _install_missing_pieces()
        importlib.import_module('tensorflow_estimator')
        _api = importlib.import_module('tensorflow_estimator._api.v1.estimator')
        tpu = sys.modules[TPU_NAMESPACES[0]]
        tpu.experimental = sys.modules[TPU_NAMESPACES[1]]
    return _api


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    value = getattr(estimator_api(), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
