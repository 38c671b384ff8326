"""TF1 functions whose arguments TensorFlow 1.0 reordered or renamed, read as TF 0.x read them.

TensorFlow 1.0 swapped ``logits`` and ``labels`` in the cross-entropy functions (and refused
positional calls to them, so a positional call is pre-1.0 code), moved the axis of ``concat``
and ``split`` behind the values, turned the boolean mask of ``reverse`` into a list of axes,
and renamed keywords (``targets=``, ``concat_dim=``, ``split_dim=``, ``adj_x=``). Each function
here takes both forms: a call written for TF 1.x behaves exactly as ``tensorflow.compat.v1``'s,
a call written for TF 0.x behaves as it did there. Where only the argument types could tell
the two apart and they do not, the call stops with one line (``AmbiguousCall``) rather than
guess.
"""

import numpy as np
import tensorflow as tf

from tf1_mnist.runner.engine import table
from tf1_mnist.runner.engine.namespace import UnsupportedTF1Name

__all__ = ['softmax_cross_entropy_with_logits', 'sparse_softmax_cross_entropy_with_logits',
           'sigmoid_cross_entropy_with_logits', 'concat', 'split', 'sparse_split', 'reverse',
           'sparse_concat', 'svd', 'op_scope', 'batch_matmul']

v1 = tf.compat.v1


class AmbiguousCall(UnsupportedTF1Name, TypeError):
    """A call that reads differently in TF 0.x and TF 1.x, with arguments that do not say which
    was meant."""

    def __init__(self, name, why, advice):
        super().__init__(table.Verdict(table.BLOCKED, 'tf.' + name, why, advice))


def _bind(name, order, args, kwargs):
    """``kwargs`` with the positional ``args`` added under the names of ``order``."""
    if len(args) > len(order):
        raise TypeError('%s() takes at most %d positional arguments (%d given)'
                        % (name, len(order), len(args)))
    bound = dict(kwargs)
    for key, value in zip(order, args):
        if key in bound:
            raise TypeError('%s() got multiple values for argument %r' % (name, key))
        bound[key] = value
    return bound


def _renamed_keywords(kwargs, renames):
    for old, new in renames.items():
        if old in kwargs:
            if new in kwargs:
                raise TypeError('both %s= and its TF 1.0 name %s= given' % (old, new))
            kwargs[new] = kwargs.pop(old)
    return kwargs


def softmax_cross_entropy_with_logits(*args, **kwargs):
    """TF 0.x: ``(logits, labels, dim=-1, name=None)``; TF 1.x: keywords only."""
    bound = _bind('softmax_cross_entropy_with_logits', ('logits', 'labels', 'dim', 'name'),
                  args, kwargs)
    return v1.nn.softmax_cross_entropy_with_logits(**bound)


def sparse_softmax_cross_entropy_with_logits(*args, **kwargs):
    """TF 0.x: ``(logits, labels, name=None)``; TF 1.x: keywords only."""
    bound = _bind('sparse_softmax_cross_entropy_with_logits', ('logits', 'labels', 'name'),
                  args, kwargs)
    return v1.nn.sparse_softmax_cross_entropy_with_logits(**bound)


def sigmoid_cross_entropy_with_logits(*args, **kwargs):
    """TF 0.x: ``(logits, targets, name=None)``; TF 1.x: keywords only, ``labels=``."""
    bound = _bind('sigmoid_cross_entropy_with_logits', ('logits', 'targets', 'name'), args,
                  kwargs)
    return v1.nn.sigmoid_cross_entropy_with_logits(
        **_renamed_keywords(bound, {'targets': 'labels'}))


def _python_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _rank(value):
    """The rank of a tensor-like value, or None when it is not known."""
    if isinstance(value, (list, tuple)):
        return 1 + (min((_rank(v) or 0) for v in value) if value else 0)
    if isinstance(value, np.ndarray):
        return value.ndim
    if _python_int(value) or isinstance(value, float):
        return 0
    shape = getattr(value, 'shape', None)
    if shape is not None and hasattr(shape, 'rank'):
        return shape.rank
    return None


def _integer_scalar(value):
    """Whether ``value`` can only be an axis: an integer of rank 0 (a value to concatenate or
    split has rank 1 at least)."""
    if _python_int(value):
        return True
    dtype = getattr(value, 'dtype', None)
    is_integer = getattr(dtype, 'is_integer', None)
    if is_integer is None and dtype is not None:
        is_integer = np.issubdtype(np.dtype(dtype), np.integer)
    return bool(is_integer) and _rank(value) == 0


def _ambiguous(name, old, new):
    return AmbiguousCall(
        name, 'was called with arguments that fit both its TF 0.x order (%s) and its TF 1.x '
        'order (%s)' % (old, new), 'name them (e.g. axis=) so the call says which is meant')


def concat(*args, **kwargs):
    """TF 0.x: ``(concat_dim, values, name='concat')``; TF 1.x: ``(values, axis, name)``."""
    if 'concat_dim' in kwargs or (args and _integer_scalar(args[0])):
        bound = _bind('concat', ('concat_dim', 'values', 'name'), args, kwargs)
        return v1.concat(**_renamed_keywords(bound, {'concat_dim': 'axis'}))
    if not args or isinstance(args[0], (list, tuple)) or (_rank(args[0]) or 0) >= 1:
        return v1.concat(*args, **kwargs)
    raise _ambiguous('concat', 'concat_dim, values', 'values, axis')


def split(*args, **kwargs):
    """TF 0.x: ``(split_dim, num_split, value, name='split')``; TF 1.x:
    ``(value, num_or_size_splits, axis=0, num=None, name='split')``."""
    renames = {'split_dim': 'axis', 'num_split': 'num_or_size_splits'}
    if any(old in kwargs for old in renames) or (args and _integer_scalar(args[0])):
        bound = _bind('split', ('split_dim', 'num_split', 'value', 'name'), args, kwargs)
        return v1.split(**_renamed_keywords(bound, renames))
    if not args or isinstance(args[0], (list, tuple)) or (_rank(args[0]) or 0) >= 1:
        return v1.split(*args, **kwargs)
    raise _ambiguous('split', 'split_dim, num_split, value', 'value, num_or_size_splits, axis')


def sparse_split(*args, **kwargs):
    """TF 0.x: ``(split_dim, num_split, sp_input, name=None)``; TF 1.x: keywords only."""
    if args:
        kwargs = _bind('sparse_split', ('split_dim', 'num_split', 'sp_input', 'name'), args,
                       kwargs)
    return v1.sparse_split(**_renamed_keywords(kwargs, {'split_dim': 'axis'}))


def sparse_concat(*args, **kwargs):
    """TF 0.x named the first argument ``concat_dim=``; compat.v1 needs it as ``axis``."""
    bound = _bind('sparse_concat', ('axis', 'sp_inputs', 'name', 'expand_nonconcat_dim'), args,
                  kwargs)
    return v1.sparse_concat(**_renamed_keywords(bound, {'concat_dim': 'axis'}))


def _is_mask(dims):
    if isinstance(dims, (list, tuple)):
        return bool(dims) and all(isinstance(d, (bool, np.bool_)) for d in dims)
    dtype = getattr(dims, 'dtype', None)
    if dtype is None:
        return False
    return dtype == v1.bool if isinstance(dtype, tf.DType) else np.dtype(dtype) == np.bool_


def reverse(tensor, axis=None, name=None, dims=None):
    """TF 0.x: ``(tensor, dims)``, ``dims`` a boolean mask, one entry per dimension;
    TF 1.x: ``(tensor, axis)``, the list of dimensions to reverse."""
    if dims is not None:
        if axis is not None:
            raise TypeError('reverse() got both dims= and axis=')
        axis = dims
    if axis is None:
        raise TypeError("reverse() missing required argument 'axis'")
    if _is_mask(axis):
        if isinstance(axis, (list, tuple, np.ndarray)):
            axis = [i for i, flag in enumerate(np.asarray(axis)) if flag]
        else:
            axis = v1.reshape(v1.where(axis), [-1])
    return v1.reverse(tensor, axis, name=name)


def svd(*args, **kwargs):
    """TF 0.x: ``(tensor, compute_uv=True, full_matrices=False)``; TF 1.x swapped the two
    flags: a positional flag cannot be read safely."""
    if len(args) > 1:
        raise AmbiguousCall('svd', 'was called with positional flags, which TF 0.x read as '
                                   '(compute_uv, full_matrices) and TF 1.x as '
                                   '(full_matrices, compute_uv)',
                            'name them: compute_uv=..., full_matrices=...')
    return v1.svd(*args, **kwargs)


def op_scope(values, name, default_name=None):
    """TF 0.x's ``op_scope(values, name, default_name)``: ``name_scope(name, default_name,
    values)``."""
    return v1.name_scope(name, default_name, values)


def batch_matmul(x, y, adj_x=False, adj_y=False, name=None):
    """TF 0.x's ``batch_matmul``: ``matmul`` with ``adj_x``/``adj_y`` as ``adjoint_a``/``_b``."""
    return v1.matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y, name=name)
