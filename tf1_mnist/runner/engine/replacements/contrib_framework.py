"""``tf.contrib.framework`` for legacy scripts: tf-slim's arg scopes and variable helpers (the
``contrib`` extra), and the checkpoint and nest helpers TensorFlow kept under ``tf.train`` and
``tf.nest``.

The names are those of TensorFlow 1.15's ``tf.contrib.framework`` that scripts use; each is
the function TensorFlow moved, not a rewrite, so ``arg_scope`` applies to
``tf.contrib.layers`` functions (the same tf-slim functions) and variables keep their
collections.
"""

import importlib

from tf1_mnist.runner.engine.replacements import contrib_layers

__all__ = [
    'add_arg_scope', 'add_model_variable', 'arg_scope', 'arg_scope_func_key',
    'arg_scoped_arguments', 'argsort', 'assert_global_step', 'assert_or_get_global_step',
    'assign_from_checkpoint', 'assign_from_checkpoint_fn', 'assign_from_values',
    'assign_from_values_fn', 'create_global_step', 'current_arg_scope', 'filter_variables',
    'get_global_step', 'get_local_variables', 'get_model_variables',
    'get_or_create_global_step', 'get_trainable_variables', 'get_unique_variable',
    'get_variable_full_name', 'get_variables', 'get_variables_by_name',
    'get_variables_by_suffix', 'get_variables_to_restore', 'global_variable', 'has_arg_scope',
    'init_from_checkpoint', 'is_tensor', 'list_variables', 'load_checkpoint', 'load_variable',
    'local_variable', 'model_variable', 'nest', 'sort', 'variable', 'VariableDeviceChooser',
    'zero_initializer',
]

EXTRA = contrib_layers.EXTRA
REQUIRES = contrib_layers.REQUIRES
missing_requirements = contrib_layers.missing_requirements

# Name -> (module, attribute); tf-slim's modules are imported by path because the package
# tf_slim rebinds its attribute ``ops`` to TensorFlow's own ``ops`` module.
SOURCES = {}
for _name in ('add_arg_scope', 'arg_scope', 'arg_scope_func_key', 'arg_scoped_arguments',
              'current_arg_scope', 'has_arg_scope'):
    SOURCES[_name] = ('tf_slim.ops.arg_scope', _name)
for _name in ('add_model_variable', 'assert_global_step', 'assert_or_get_global_step',
              'assign_from_checkpoint', 'assign_from_checkpoint_fn', 'assign_from_values',
              'assign_from_values_fn', 'create_global_step', 'filter_variables',
              'get_global_step', 'get_or_create_global_step', 'get_local_variables',
              'get_model_variables', 'get_trainable_variables', 'get_unique_variable',
              'get_variables_by_name', 'get_variables_by_suffix', 'get_variable_full_name',
              'get_variables_to_restore', 'get_variables', 'global_variable', 'local_variable',
              'model_variable', 'variable', 'VariableDeviceChooser'):
    SOURCES[_name] = ('tf_slim.ops.variables', _name)
for _name in ('init_from_checkpoint', 'list_variables', 'load_checkpoint', 'load_variable'):
    SOURCES[_name] = ('tensorflow.compat.v1.train', _name)
SOURCES['nest'] = ('tensorflow', 'nest')
SOURCES['is_tensor'] = ('tensorflow.compat.v1', 'is_tensor')
SOURCES['argsort'] = ('tensorflow.compat.v1', 'argsort')
SOURCES['sort'] = ('tensorflow.compat.v1', 'sort')
SOURCES['zero_initializer'] = ('tensorflow.compat.v1', 'zeros_initializer')
del _name


def __getattr__(name):
    try:
        module_name, attribute = SOURCES[name]
    except KeyError:
        raise AttributeError('module %r has no attribute %r' % (__name__, name)) from None
    if module_name.startswith('tf_slim'):
        contrib_layers.tf_slim()
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
