"""``tf.contrib`` modules for migrated source, where nothing outside tf1_mnist has them.

``python -m tf1_mnist.upgrade`` writes ``tf1_mnist.contrib.legacy_seq2seq`` where a script used
``tf.contrib.legacy_seq2seq`` (and likewise ``training``, ``metrics``, ``losses``, ``seq2seq``,
``data``, ``distributions``, ``estimator``, ``nn`` and contrib.learn's ``learn_runner``): the
modules the runner gives legacy scripts (``tf1_mnist.runner.engine.table.CONTRIB_PUBLIC``), TF1's own
code from tf-slim, tensorflow-estimator or tensorflow-probability where TensorFlow moved it,
with contrib's argument orders and defaults. Each is imported when first used, as an attribute
(``tf1_mnist.contrib.metrics``) or a module (``from tf1_mnist.contrib.learn_runner import
ModeKeys``).
"""

import importlib

from tf1_mnist.runner import names
from tf1_mnist.runner.engine import table

__all__ = sorted(table.CONTRIB_PUBLIC)
__path__ = []  # its modules are found by the finder below, not in a folder
names.module_aliases(__name__, table.CONTRIB_PUBLIC)


def __getattr__(name):
    if name not in table.CONTRIB_PUBLIC:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    return importlib.import_module(table.CONTRIB_PUBLIC[name])


def __dir__():
    return sorted(set(globals()) | set(__all__))
