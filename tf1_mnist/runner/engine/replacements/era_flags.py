"""Flags' defaults as TensorFlow 1.4 and earlier took them: ``tf.app.flags`` was argparse then,
and a NumPy number (``np.power(2, 7)``, ``np.float32(0.1)``) was a default like any other;
absl refuses it (IllegalFlagValueError). It is passed on as the Python number it equals."""

from tf1_mnist.runner.engine.era import say_once

__all__ = ['python_default']


def python_default(args, kwargs):
    """``(args, kwargs)`` of a ``DEFINE_*`` call (name, default, help, ...) with a NumPy
    number as the default replaced by the Python number it equals."""
    import numpy as np
    if len(args) > 1 and isinstance(args[1], np.generic):
        args = (args[0], args[1].item()) + tuple(args[2:])
    elif isinstance(kwargs.get('default'), np.generic):
        kwargs = dict(kwargs, default=kwargs['default'].item())
    else:
        return args, kwargs
    say_once('flags', "a flag's default is a NumPy number, which TF 1.4 and earlier took and "
                      'absl refuses; it is passed on as the Python number it equals')
    return args, kwargs
