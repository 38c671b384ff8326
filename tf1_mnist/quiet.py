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


@contextlib.contextmanager
def _keras_deferred():
    """Keep Keras out of TensorFlow's own import.

    ``import tensorflow`` imports Keras eagerly (about 1.5 s here, matplotlib's pyplot too when
    it is installed) only so that Keras registers its optimizers; graph-mode lessons never use
    Keras. While TensorFlow loads, ``keras`` and ``tf_keras`` are marked unimportable, which
    TensorFlow's import tolerates; afterwards the marks go, and ``tf.keras`` loads on first use.
    """
    hidden = [name for name in ('keras', 'tf_keras') if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None
    try:
        yield
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def _silence_python_side(tf):
    tf.get_logger().setLevel(logging.ERROR)
    logging.getLogger('absl').setLevel(logging.ERROR)
    warnings.filterwarnings('ignore', category=DeprecationWarning)
    warnings.filterwarnings('ignore', category=FutureWarning)
    warnings.filterwarnings('ignore', category=UserWarning, module='tensorflow')
    warnings.filterwarnings('ignore', category=UserWarning, module='keras')
    from tensorflow.python.util import deprecation
    deprecation._PRINT_DEPRECATION_WARNINGS = False


def import_tensorflow(verbose=False, lean=True):
    """Import and return the ``tensorflow`` module, quiet unless ``verbose``.

    ``lean`` defers Keras until something uses ``tf.keras`` (see ``_keras_deferred``).
    """
    first = 'tensorflow' not in sys.modules
    deferred = _keras_deferred() if lean and first else contextlib.nullcontext()
    if verbose:
        with deferred:
            import tensorflow
        tensorflow.get_logger().setLevel(logging.INFO)
        logging.getLogger('tf1_mnist').setLevel(logging.INFO)
        return tensorflow
    if first:
        os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', _ERROR)
        with _stderr_silenced(), deferred:
            import tensorflow  # noqa: F401
    import tensorflow
    _silence_python_side(tensorflow)
    return tensorflow


def import_v1(verbose=False):
    """Return ``tensorflow.compat.v1``: the TF1 API (placeholders, Session, ...)."""
    return import_tensorflow(verbose).compat.v1
