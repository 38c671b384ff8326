"""NumPy 1.x functions and constants that NumPy 1.17 to 2.4 removed, as they were, for legacy
code (``tf1_mnist.runner.engine.table.ERA_NAMES``); the rest of the removed names are NumPy's own
objects under their new names."""

import numpy as np

__all__ = ['NINF', 'NZERO', 'PZERO', 'asfarray', 'asscalar', 'change_fromstring',
           'change_histogram', 'change_printoptions', 'fromstring', 'in1d', 'msort', 'sctypes',
           'trapz']

NINF = -np.inf
PZERO = 0.0
NZERO = -0.0

# NumPy 1.x's dict of the scalar types, by kind.
sctypes = {
    'int': [np.int8, np.int16, np.int32, np.int64],
    'uint': [np.uint8, np.uint16, np.uint32, np.uint64],
    'float': [np.float16, np.float32, np.float64, np.longdouble],
    'complex': [np.complex64, np.complex128, np.clongdouble],
    'others': [bool, object, bytes, str, np.void],
}


def asscalar(a):
    """``np.asscalar(a)``: the Python scalar of a one-element array, ``a.item()``."""
    return a.item()


def asfarray(a, dtype=np.float64):
    """``np.asfarray(a, dtype=float64)``: ``a`` as an array of a floating type (a non-float
    ``dtype`` gives float64)."""
    if not np.issubdtype(dtype, np.inexact):
        dtype = np.float64
    return np.asarray(a, dtype=dtype)


def msort(a):
    """``np.msort(a)``: a copy sorted along the first axis."""
    return np.sort(a, axis=0)


def in1d(ar1, ar2, assume_unique=False, invert=False, kind=None):
    """``np.in1d``: whether each element of the flattened ``ar1`` is in ``ar2``."""
    return np.isin(np.asarray(ar1).ravel(), ar2, assume_unique=assume_unique, invert=invert,
                   kind=kind)


def trapz(y, x=None, dx=1.0, axis=-1):
    """``np.trapz``: the integral by the trapezoidal rule, ``np.trapezoid``."""
    return np.trapezoid(y, x=x, dx=dx, axis=axis)


def change_histogram(module, scope):
    """``np.histogram(..., normed=...)``: ``density=``, which NumPy 1.6 to 1.23 computed the
    same way; both at once is an error."""
    from tf1_mnist.runner.engine import era

    def change(original, args, kwargs):
        if 'normed' not in kwargs:
            return era.UNCHANGED
        kwargs = dict(kwargs)
        normed = kwargs.pop('normed')
        if normed is not None and kwargs.get('density') is not None:
            raise TypeError("histogram() got both 'normed' and 'density'")
        if normed is not None:
            kwargs['density'] = normed
        return original(*args, **kwargs)
    return [era.wrap_for_legacy_callers(module, 'histogram', change, scope, 'numpy',
                                        *_said(change_histogram))]


def change_printoptions(module, scope):
    """``np.set_printoptions(threshold=np.nan)``: NumPy before 1.16 read it as "never
    summarise", which is ``threshold=sys.maxsize`` now."""
    import math
    import sys

    from tf1_mnist.runner.engine import era

    def change(original, args, kwargs):
        threshold = args[1] if len(args) > 1 else kwargs.get('threshold')
        if not isinstance(threshold, float) or not math.isnan(threshold):
            return era.UNCHANGED
        if len(args) > 1:
            args = (args[0], sys.maxsize) + tuple(args[2:])
        else:
            kwargs = dict(kwargs, threshold=sys.maxsize)
        return original(*args, **kwargs)
    return [era.wrap_for_legacy_callers(module, 'set_printoptions', change, scope, 'numpy',
                                        *_said(change_printoptions))]


def fromstring(string, dtype=float, count=-1, sep='', **kwargs):
    """``np.fromstring``: in binary mode (no ``sep``), a copy of the bytes read as ``dtype``, as
    NumPy 1.x returned, ``np.frombuffer(data, dtype).copy()``; with a ``sep``, NumPy's own."""
    if sep != '':
        return np.fromstring(string, dtype=dtype, count=count, sep=sep, **kwargs)
    if isinstance(string, str):
        string = string.encode('latin-1')
    return np.frombuffer(string, dtype=dtype, count=count).copy()


def change_fromstring(module, scope):
    """``np.fromstring`` in binary mode given back: ``fromstring``."""
    from tf1_mnist.runner.engine import era

    def change(original, args, kwargs):
        sep = args[3] if len(args) > 3 else kwargs.get('sep', '')
        if sep != '':
            return era.UNCHANGED
        data = args[0] if args else kwargs['string']
        dtype = args[1] if len(args) > 1 else kwargs.get('dtype', float)
        count = args[2] if len(args) > 2 else kwargs.get('count', -1)
        return fromstring(data, dtype=dtype, count=count)
    return [era.wrap_for_legacy_callers(module, 'fromstring', change, scope, 'numpy',
                                        *_said(change_fromstring))]


def _said(function):
    from tf1_mnist.runner.engine import table
    provider = '%s:%s' % (__name__, function.__name__)
    return provider, next(c.what for c in table.ERA_CHANGES if c.provider == provider)
