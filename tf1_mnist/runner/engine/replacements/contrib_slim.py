"""``tf.contrib.slim`` (and ``import tensorflow.contrib.slim as slim``) for legacy scripts: the
tf-slim package, slim's own home since TensorFlow 2 (the ``contrib`` extra), with the repairs
``contrib_layers`` makes to it for TensorFlow 2.21.

``slim.nets`` (the model zoo) is not part of tf-slim 1.1.0's top-level names but importable as
``tf_slim.nets``; it is offered here too.
"""

import importlib

from tf1_mnist.runner.engine.replacements import contrib_layers

# tf-slim's public names; its modules' own imports (six, math_ops, ...) that leak into the
# package are left out.
__all__ = [
    'GDN', 'OPTIMIZER_CLS_NAMES', 'OPTIMIZER_SUMMARIES', 'RevBlock', 'VariableDeviceChooser',
    'adaptive_clipping_fn', 'add_arg_scope', 'add_model_variable', 'apply_regularization',
    'arg_scope', 'arg_scope_func_key', 'arg_scoped_arguments', 'assert_global_step',
    'assert_or_get_global_step', 'assign_from_checkpoint', 'assign_from_checkpoint_fn',
    'assign_from_values', 'assign_from_values_fn', 'avg_pool2d', 'avg_pool3d', 'batch_norm',
    'bias_add', 'bucketize', 'conv1d', 'conv2d', 'conv2d_in_plane', 'conv2d_transpose',
    'conv3d', 'conv3d_transpose', 'convolution', 'convolution1d', 'convolution2d',
    'convolution2d_in_plane', 'convolution2d_transpose', 'convolution3d',
    'convolution3d_transpose', 'create_global_step', 'current_arg_scope', 'data',
    'data_decoder', 'data_provider', 'dataset', 'dataset_data_provider', 'dense_to_sparse',
    'dropout', 'elu', 'evaluation', 'filter_variables', 'flatten', 'fully_connected', 'gdn',
    'get_global_step', 'get_local_variables', 'get_model_variables',
    'get_or_create_global_step', 'get_trainable_variables', 'get_unique_variable',
    'get_variable_full_name', 'get_variables', 'get_variables_by_name',
    'get_variables_by_suffix', 'get_variables_to_restore', 'global_variable', 'group_norm',
    'has_arg_scope', 'images_to_sequence', 'initializers', 'instance_norm', 'l1_l2_regularizer',
    'l1_regularizer', 'l2_regularizer', 'layer_norm', 'layers', 'learning',
    'legacy_fully_connected', 'legacy_linear', 'legacy_relu', 'linear', 'local_variable',
    'losses', 'max_pool2d', 'max_pool3d', 'maxout', 'metrics', 'model_analyzer',
    'model_variable', 'nets', 'normalization', 'one_hot_encoding', 'optimize_loss',
    'optimizers', 'parallel_reader', 'pool', 'prefetch_queue', 'queues', 'recompute_grad',
    'regularizers', 'relu', 'relu6', 'repeat', 'rev_block', 'scale_gradient',
    'separable_conv2d', 'separable_convolution2d', 'sequence_to_images', 'softmax',
    'spatial_softmax', 'stack', 'sum_regularizer', 'summaries', 'summarize_activation',
    'summarize_activations', 'summarize_biases', 'summarize_collection', 'summarize_tensor',
    'summarize_tensors', 'summarize_variables', 'summarize_weights', 'tfexample_decoder',
    'train_eval', 'training', 'unit_norm', 'utils', 'variable', 'variance_scaling_initializer',
    'xavier_initializer', 'xavier_initializer_conv2d',
]

EXTRA = contrib_layers.EXTRA
REQUIRES = contrib_layers.REQUIRES
missing_requirements = contrib_layers.missing_requirements


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    slim = contrib_layers.tf_slim()
    if name == 'nets':
        value = importlib.import_module('tf_slim.nets')
    elif name == 'layers':
        value = contrib_layers.slim_layers()
    else:
        value = getattr(slim, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
