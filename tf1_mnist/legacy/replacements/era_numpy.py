"""NumPy 1.x functions and constants that NumPy 1.17 to 2.4 removed, as they were, for legacy
code (``tf1_mnist.legacy.table.ERA_NAMES``); the rest of the removed names are NumPy's own
objects under their new names."""

import numpy as np

__all__ = ['NINF', 'NZERO', 'PZERO', 'asfarray', 'asscalar', 'in1d', 'msort', 'sctypes',
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
