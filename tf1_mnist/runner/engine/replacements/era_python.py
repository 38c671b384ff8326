"""Python standard library functions of 2016-2018 that Python 3.8 to 3.11 removed, as they
were, for legacy code (``tf1_mnist.runner.engine.table.ERA_NAMES``)."""

import collections
import inspect
import sys
import time

__all__ = ['ArgSpec', 'clock', 'gcd', 'getargspec', 'setdefaultencoding']

ArgSpec = collections.namedtuple('ArgSpec', 'args varargs keywords defaults')


def clock():
    """``time.clock()``: the processor time of the process on Linux and macOS, as it was there;
    on Windows it was the wall-clock time since the first call, ``time.perf_counter()``."""
    if sys.platform == 'win32':
        return time.perf_counter()
    return time.process_time()


def getargspec(func):
    """``inspect.getargspec(func)``: ``ArgSpec(args, varargs, keywords, defaults)``; like the
    original, ValueError for a function with keyword-only arguments or annotations."""
    spec = inspect.getfullargspec(func)
    if spec.kwonlyargs or spec.annotations:
        raise ValueError('Function has keyword-only parameters or annotations, use '
                         'inspect.signature() API which can support them')
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def gcd(a, b):
    """``fractions.gcd(a, b)``: Euclid's algorithm; unless ``b`` is 0 the result has the sign
    of ``b``."""
    while b:
        a, b = b, a % b
    return a


def setdefaultencoding(encoding):
    """``sys.setdefaultencoding(encoding)`` of Python 2: nothing to do, Python 3's text is
    Unicode and its default encoding UTF-8."""
