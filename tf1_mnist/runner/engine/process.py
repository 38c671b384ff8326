"""Switch a whole process to TensorFlow 1 behaviour for legacy code: the runner's process, or a
notebook kernel's.

This is the only place in tf1_mnist that calls ``disable_v2_behavior()``; nothing calls it at
import. ``install_legacy(FOLDER)`` does everything a process needs: the switch, then the import
hook that gives code under FOLDER (and, when asked, code with no file, such as notebook cells)
the TF1 ``tensorflow``.
"""

import collections
import os
import warnings

from tf1_mnist import quiet
from tf1_mnist.runner.engine import dimensions, imports, sync_replicas, table

Installed = collections.namedtuple('Installed', 'tensorflow api scope hook')


def route_keras_to_tf_keras():
    """Make ``tf.layers`` and ``tf.compat.v1.keras`` use tf-keras, when it is installed.

    TensorFlow reads TF_USE_LEGACY_KERAS when Keras is first used, so this has to happen before
    TensorFlow is imported. Returns whether tf-keras is available.
    """
    if not table.installed('tf_keras'):
        return False
    os.environ['TF_USE_LEGACY_KERAS'] = '1'
    return True


class _TextFormatWithoutFloatFormat:
    """protobuf's ``text_format`` for TensorFlow's graph writer, its ``MessageToString``
    leaving out ``float_format``, which protobuf 7 no longer takes."""

    def __init__(self, text_format):
        self._text_format = text_format

    def __getattr__(self, name):
        return getattr(self._text_format, name)

    def MessageToString(self, message, float_format=None, **kwargs):  # noqa: N802 (protobuf's)
        return self._text_format.MessageToString(message, **kwargs)


def keep_text_graphs_writable():
    """Let ``tf.train.write_graph`` (``tf.io.write_graph``) write text graphs again where
    TensorFlow's graph writer and protobuf disagree; return whether the writer's protobuf
    module was wrapped.

    TensorFlow 2.20 writes text graphs (``as_text=True``, the default, and tf.estimator's
    ``graph.pbtxt``) with ``MessageToString(graph_def, float_format='')``, and allows protobuf 7,
    which no longer takes ``float_format``: every such write raises TypeError. ``float_format=''``
    printed each float in full; protobuf's default prints its shortest form, which reads back as
    the same value.
    """
    import inspect
    from google.protobuf import text_format
    from tensorflow.python.framework import graph_io

    if 'float_format' in inspect.signature(text_format.MessageToString).parameters:
        return False
    if getattr(graph_io, 'text_format', None) is not text_format:
        return False  # a TensorFlow whose writer no longer goes through text_format this way
    graph_io.text_format = _TextFormatWithoutFloatFormat(text_format)
    return True


def switch_to_tf1(verbose=False):
    """Import TensorFlow with TF1 behaviour for the whole process and return it.

    Quiet unless ``verbose``: TensorFlow's start-up lines and deprecation warnings are hidden.
    """
    route_keras_to_tf_keras()
    tf = quiet.import_tensorflow(verbose, lean=False)
    tf.compat.v1.disable_v2_behavior()
    keep_text_graphs_writable()
    sync_replicas.install(tf)
    dimensions.install()
    if not verbose:
        # tf-keras warns, attributed to the script's line, that each tf.layers and
        # tf.nn.rnn_cell name it provides is deprecated.
        warnings.filterwarnings('ignore', message=r'`tf\.[\w.]+` is deprecated',
                                category=UserWarning)
    return tf


def install_legacy(folder, interactive=False, verbose=False):
    """Switch this process to TF1 behaviour and give legacy code the TF1 ``tensorflow``.

    Legacy code is every module under ``folder`` (installed packages excepted) and, with
    ``interactive``, code that has no ``__file__``: the cells of a notebook kernel. Returns an
    ``Installed`` (``tensorflow``, the real module; ``api``, the TF1 namespace; ``scope``;
    ``hook``); ``uninstall_legacy`` of it puts the import machinery back (the process stays
    switched to TF1 behaviour: that cannot be undone).
    """
    from tf1_mnist.runner.engine.namespace import LegacyAPI
    tf = switch_to_tf1(verbose)
    api = LegacyAPI(tf, table.installed)
    scope = imports.LegacyScope(folder, interactive=interactive)
    return Installed(tf, api, scope, imports.install(api, scope))


def uninstall_legacy(installed):
    """Remove the import hook of ``install_legacy``."""
    imports.uninstall(installed.hook)
