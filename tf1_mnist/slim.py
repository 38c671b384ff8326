"""tf-slim, repaired for today's TensorFlow, for migrated source.

``python -m tf1_mnist.upgrade`` writes ``tf1_mnist.slim`` where a script used
``tf.contrib.layers``, ``tf.contrib.slim`` or ``tf.contrib.framework``: the ``tf_slim`` package
(tf-slim 1.1.0, the ``contrib`` extra, where TensorFlow moved those modules), with the repairs
the runner makes to it (``tf1_mnist.runner.engine.replacements.contrib_layers``): without them
``batch_norm``, ``optimize_loss`` and slim's metrics fail on TensorFlow 2.21. The names are
tf-slim's own, with its defaults and variable names.
"""

from tf1_mnist.runner.engine.replacements import contrib_layers as _contrib_layers


def __getattr__(name):
    slim = _contrib_layers.tf_slim()
    try:
        return getattr(slim, name)
    except AttributeError:
        raise AttributeError('module %r has no attribute %r' % (__name__, name)) from None


def __dir__():
    return sorted(set(globals()) | set(dir(_contrib_layers.tf_slim())))
