"""``tf.contrib.layers`` for legacy scripts, from tf-slim (the ``contrib`` extra).

tf-slim 1.1.0 is where TensorFlow moved ``tf.contrib.layers``, ``tf.contrib.framework``'s
variable helpers and ``tf.contrib.slim`` when it dropped ``tf.contrib``: the same functions,
defaults, variable names (``fully_connected/weights``, ``Conv/biases``, ``BatchNorm/beta``) and
collections (REGULARIZATION_LOSSES, UPDATE_OPS, MODEL_VARIABLES), so checkpoints written by
TF 1.x and ``tf.get_collection`` keep working. This module is that namespace: its names are
tf-slim's layers, initializers, regularizers, ``optimize_loss`` and ``summarize_*``, looked up
when first used.

Two repairs are needed on TensorFlow 2.21, made to tf-slim's modules only, never to
TensorFlow's:

* ``batch_norm`` builds the TF1 layer ``tensorflow.python.layers.normalization.
  BatchNormalization``, which TensorFlow now loads from a tf-keras path that tf-keras 2.21 no
  longer has; it gets ``tf.compat.v1.layers.BatchNormalization`` instead, the very class,
  which tf-keras provides (the runner routes ``tf.compat.v1.layers`` to tf-keras).
* tf-slim reaches into TensorFlow's private modules for names that have since moved
  (``ops.Tensor``, ``control_flow_ops.cond``, ``array_ops.stack``, ...): ``batch_norm`` on a
  rank-2 input, ``optimize_loss``, ``local_variable`` and slim's metrics fail on them. Each
  affected tf-slim module gets, in place of the private module it imported, a view of it that
  adds the moved names from where TensorFlow keeps them now.

And one saving: scikit-learn, which tf-slim imports on load for its clustering losses, is
imported when those losses first need it (``_import_tf_slim``).
"""

import importlib
import importlib.util
import sys
import types

from tf1_mnist.runner.engine import table

EXTRA = 'tf1_mnist[contrib]'
# Importable modules the namespace needs: tf-slim itself, and tf-keras for batch_norm.
REQUIRES = ('tf_slim', 'tf_keras')

# The names of tf.contrib.layers (TensorFlow 1.15) that tf-slim has under the same name.
__all__ = [
    'adaptive_clipping_fn', 'apply_regularization', 'avg_pool2d', 'avg_pool3d', 'batch_norm',
    'bias_add', 'conv1d', 'conv2d', 'conv2d_in_plane', 'conv2d_transpose', 'conv3d',
    'conv3d_transpose', 'convolution', 'convolution1d', 'convolution2d',
    'convolution2d_in_plane', 'convolution2d_transpose', 'convolution3d',
    'convolution3d_transpose', 'dense_to_sparse', 'dropout', 'elu', 'flatten',
    'fully_connected', 'GDN', 'gdn', 'group_norm', 'images_to_sequence', 'instance_norm',
    'l1_l2_regularizer', 'l1_regularizer', 'l2_regularizer', 'layer_norm',
    'legacy_fully_connected', 'linear', 'max_pool2d', 'max_pool3d', 'maxout',
    'one_hot_encoding', 'optimize_loss', 'OPTIMIZER_CLS_NAMES', 'OPTIMIZER_SUMMARIES', 'pool',
    'recompute_grad', 'relu', 'relu6', 'repeat', 'rev_block', 'RevBlock', 'scale_gradient',
    'separable_conv2d', 'separable_convolution2d', 'sequence_to_images', 'softmax',
    'spatial_softmax', 'stack', 'sum_regularizer', 'summarize_activation',
    'summarize_activations', 'summarize_biases', 'summarize_collection', 'summarize_tensor',
    'summarize_tensors', 'summarize_variables', 'summarize_weights', 'unit_norm',
    'variance_scaling_initializer', 'xavier_initializer', 'xavier_initializer_conv2d',
]


def missing_requirements():
    """The modules of REQUIRES that cannot be imported, found without importing them."""
    return [name for name in REQUIRES if not table.installed(name)]


class _ModuleWithMovedNames(types.ModuleType):
    """A TensorFlow private module as tf-slim 1.1.0 expects it: with the names it has lost."""

    def __init__(self, module, moved):
        super().__init__(module.__name__, module.__doc__)
        self._module = module
        self.__dict__.update(moved)

    def __getattr__(self, name):
        return getattr(self._module, name)


def _moved_names():
    """Where the names tf-slim looks for in TensorFlow's private modules live now, by the
    module tf-slim imported them from."""
    import tensorflow as tf
    from tensorflow.python.framework import indexed_slices
    moved = {
        'ops': {'Tensor': tf.Tensor, 'IndexedSlices': indexed_slices.IndexedSlices},
        'control_flow_ops': {},
        'array_ops': {},
        'variable_scope': {'variable': tf.compat.v1.Variable},
    }
    try:
        from tensorflow.python.ops import (array_ops_stack, cond, control_flow_assert,
                                           control_flow_case, while_loop)
    except ImportError:
        # TensorFlow 2.12: these are still in control_flow_ops and array_ops, where tf-slim
        # looks for them (they moved out in 2.13).
        return moved
    moved['control_flow_ops'] = {'cond': cond.cond, 'case': control_flow_case.case,
                                 'while_loop': while_loop.while_loop,
                                 'Assert': control_flow_assert.Assert}
    moved['array_ops'] = {'stack': array_ops_stack.stack, 'unstack': array_ops_stack.unstack}
    return moved


# The tf-slim modules that use moved names: module -> {its name for the TensorFlow module:
# that module's short name}.
_USES_MOVED_NAMES = {
    'tf_slim.data.tfexample_decoder': {'array_ops': 'array_ops',
                                       'control_flow_ops': 'control_flow_ops'},
    'tf_slim.layers.layers': {'array_ops': 'array_ops'},
    'tf_slim.layers.optimizers': {'ops': 'ops'},
    'tf_slim.layers.rev_block_lib': {'framework_ops': 'ops'},
    'tf_slim.layers.utils': {'ops': 'ops', 'control_flow_ops': 'control_flow_ops'},
    'tf_slim.learning': {'ops': 'ops'},
    'tf_slim.losses.metric_learning': {'control_flow_ops': 'control_flow_ops'},
    'tf_slim.metrics.histogram_ops': {'control_flow_ops': 'control_flow_ops'},
    'tf_slim.metrics.metric_ops': {'array_ops': 'array_ops',
                                   'control_flow_ops': 'control_flow_ops'},
    'tf_slim.ops.variables': {'variable_scope': 'variable_scope'},
    'tf_slim.training.training': {'ops': 'ops'},
}

_repaired = False


class _Deferred(types.ModuleType):
    """A module imported when one of its names is first looked up."""

    def __getattr__(self, name):
        return getattr(importlib.import_module(self.__name__), name)


def _import_tf_slim():
    """``import tf_slim``, with one difference: tf-slim's metric-learning losses import
    scikit-learn's metrics when tf_slim loads (about 1.2 s, for functions MNIST courses hardly
    use); here ``metric_learning.metrics`` imports them when a clustering loss first looks a
    name up in them. Without scikit-learn, ``HAS_SKLEARN`` is False, as tf-slim sets it."""
    if 'tf_slim' in sys.modules or 'sklearn.metrics' in sys.modules:
        return importlib.import_module('tf_slim')
    real = importlib.import_module

    def import_module(name, package=None):
        if name == 'sklearn.metrics':
            if importlib.util.find_spec('sklearn') is None:
                raise ImportError("No module named 'sklearn'", name='sklearn')
            return _Deferred(name)
        return real(name, package)

    importlib.import_module = import_module
    try:
        return real('tf_slim')
    finally:
        importlib.import_module = real


def tf_slim():
    """The tf_slim package, repaired for TensorFlow 2.21 (once per process)."""
    global _repaired
    slim = _import_tf_slim()
    if not _repaired:
        import tensorflow.compat.v1 as v1
        layers_module = importlib.import_module('tf_slim.layers.layers')
        layers_module.normalization_layers = types.SimpleNamespace(
            BatchNormalization=v1.layers.BatchNormalization,
            BatchNorm=v1.layers.BatchNormalization,
            batch_normalization=v1.layers.batch_normalization)
        moved = _moved_names()
        for module_name, aliases in _USES_MOVED_NAMES.items():
            module = importlib.import_module(module_name)
            for alias, short_name in aliases.items():
                original = getattr(module, alias)
                if not isinstance(original, _ModuleWithMovedNames):
                    setattr(module, alias, _ModuleWithMovedNames(original, moved[short_name]))
        _repaired = True
    return slim


def slim_layers():
    """tf-slim's layers package (``tf_slim.layers``), repaired."""
    tf_slim()
    return importlib.import_module('tf_slim.layers')


def __getattr__(name):
    if name in __all__:
        value = getattr(slim_layers(), name)
        globals()[name] = value
        return value
    raise AttributeError('module %r has no attribute %r' % (__name__, name))


def __dir__():
    return sorted(set(globals()) | set(__all__))
