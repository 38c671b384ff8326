"""Import TensorFlow with its start-up noise silenced, unless asked to be verbose.

TensorFlow prints C++ info lines (oneDNN, CUDA probing) while its shared library loads, before
its own log-level setting is read, and ``tensorflow.compat.v1`` emits a deprecation warning for
almost every call a TF1 lesson makes. A lesson's output should read like the lesson, so by
default both are silenced; ``verbose=True`` (the ``--verbose`` flag) leaves everything on.

It also chooses oneDNN by what the CPU can do rather than by TensorFlow's CPU allow-list (which
leaves oneDNN off on many AVX2 machines, AMD ones among them): unless the user set
``TF_ENABLE_ONEDNN_OPTS``, it is set to 1 before TensorFlow loads on an x86-64 CPU with AVX2,
where oneDNN measured 1.5x faster for the deep CNN. The user's own setting always wins.
"""

import contextlib
import logging
import os
import platform
import sys
import warnings

_ERROR = '3'  # TF_CPP_MIN_LOG_LEVEL: 0 all, 1 no INFO, 2 no WARNING, 3 no ERROR.
ONEDNN_VAR = 'TF_ENABLE_ONEDNN_OPTS'
CPUINFO = '/proc/cpuinfo'
_X86_64 = ('x86_64', 'amd64')


def cpu_flags(cpuinfo=CPUINFO):
    """The feature flags of the first CPU in ``cpuinfo`` (Linux's format), or an empty set."""
    try:
        with open(cpuinfo) as f:
            for line in f:
                if line.startswith('flags'):
                    return set(line.split(':', 1)[1].split())
    except OSError:
        pass
    return set()


def onednn_choice(environ=None, cpuinfo=CPUINFO, machine=None):
    """(value, why): what ``TF_ENABLE_ONEDNN_OPTS`` will be when TensorFlow loads, and why.

    The user's setting is kept; otherwise '1' on an x86-64 CPU with AVX2, else None (left to
    TensorFlow, which keeps oneDNN off there or has no oneDNN build at all).
    """
    environ = os.environ if environ is None else environ
    if ONEDNN_VAR in environ:
        return environ[ONEDNN_VAR], 'set by the user'
    machine = (machine or platform.machine()).lower()
    if machine in _X86_64 and 'avx2' in cpu_flags(cpuinfo):
        return '1', 'x86-64 CPU with AVX2; set it to 0 to turn oneDNN off'
    return None, 'not an x86-64 CPU with AVX2; left to TensorFlow'


def choose_onednn(environ=None, cpuinfo=CPUINFO, machine=None):
    """Set ``TF_ENABLE_ONEDNN_OPTS`` in ``environ`` as ``onednn_choice`` decides; return the
    one line ``--verbose`` prints about it."""
    environ = os.environ if environ is None else environ
    value, why = onednn_choice(environ, cpuinfo, machine)
    if value is None:
        return 'tf1_mnist: %s unset (%s)' % (ONEDNN_VAR, why)
    environ[ONEDNN_VAR] = value
    return 'tf1_mnist: %s=%s (%s)' % (ONEDNN_VAR, value, why)


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

    ``lean`` defers Keras until something uses ``tf.keras`` (see ``_keras_deferred``). Before
    the first import, ``TF_ENABLE_ONEDNN_OPTS`` is chosen (see ``choose_onednn``).
    """
    first = 'tensorflow' not in sys.modules
    if first:
        note = choose_onednn()
        if verbose:
            print(note, file=sys.stderr)
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
