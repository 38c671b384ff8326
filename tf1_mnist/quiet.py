"""Import TensorFlow with its start-up noise silenced, unless asked to be verbose.

TensorFlow prints C++ info lines (oneDNN, CUDA probing) while its shared library loads, before
its own log-level setting is read, and ``tensorflow.compat.v1`` emits a deprecation warning for
almost every call a TF1 lesson makes. A lesson's output should read like the lesson, so by
default both are silenced; ``verbose=True`` (the ``--verbose`` flag) leaves everything on.
"""

import contextlib
import logging
import os
import sys
import warnings

_ERROR = '3'  # TF_CPP_MIN_LOG_LEVEL: 0 all, 1 no INFO, 2 no WARNING, 3 no ERROR.


@contextlib.contextmanager
def _stderr_silenced():
    """Point file descriptor 2 at /dev/null, so C++ writes to stderr vanish too."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (some embedded interpreters)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _silence_python_side(tf):
    tf.get_logger().setLevel(logging.ERROR)
    logging.getLogger('absl').setLevel(logging.ERROR)
    warnings.filterwarnings('ignore', category=DeprecationWarning)
    warnings.filterwarnings('ignore', category=FutureWarning)
    warnings.filterwarnings('ignore', category=UserWarning, module='tensorflow')
    warnings.filterwarnings('ignore', category=UserWarning, module='keras')
    from tensorflow.python.util import deprecation
    deprecation._PRINT_DEPRECATION_WARNINGS = False


def import_tensorflow(verbose=False):
    """Import and return the ``tensorflow`` module, quiet unless ``verbose``."""
    if verbose:
        import tensorflow
        tensorflow.get_logger().setLevel(logging.INFO)
        return tensorflow
    already = 'tensorflow' in sys.modules
    if not already:
        os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', _ERROR)
        with _stderr_silenced():
            import tensorflow  # noqa: F401
    import tensorflow
    _silence_python_side(tensorflow)
    return tensorflow


def import_v1(verbose=False):
    """Return ``tensorflow.compat.v1``: the TF1 API (placeholders, Session, ...)."""
    return import_tensorflow(verbose).compat.v1
