"""Shapes with whole-number floats, as TensorFlow 1 took them.

TF 1.x made a dimension of any value with ``int(value)`` and refused only one that ``int``
changed (``Ambiguous dimension: 2.5``), so ``[3, 3, 1, z_dim / 2]``, which Python 3's true
division makes ``[3, 3, 1, 50.0]``, was the shape (3, 3, 1, 50) in a variable, a placeholder or
an initializer. TensorFlow 2 accepts only integers and values with ``__index__``, and such a
course script stops with ``Dimension value must be integer or None``. ``install`` makes the
process's dimensions take a whole-number float (a Python or NumPy float) as TF 1.x did, and
refuse any other float with TF 1.x's ``ValueError``; everything else is TensorFlow 2's own.
"""

import numbers


def tf1_value(value):
    """``value`` as TF 1.x's ``Dimension`` read it, for a float: its ``int``, or ValueError
    when that changes it. Other values are returned as they are."""
    if (isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)
            and not hasattr(value, '__index__')):
        integer = int(value)
        if integer != value:
            raise ValueError('Ambiguous dimension: %s' % value)
        return integer
    return value


def install():
    """Make ``tensor_shape.Dimension`` of this process take whole-number floats (once)."""
    from tensorflow.python.framework import tensor_shape
    original = tensor_shape.Dimension.__init__
    if getattr(original, 'takes_tf1_floats', False):
        return

    def __init__(self, value):
        original(self, tf1_value(value))

    __init__.__doc__ = original.__doc__
    __init__.takes_tf1_floats = True
    tensor_shape.Dimension.__init__ = __init__
