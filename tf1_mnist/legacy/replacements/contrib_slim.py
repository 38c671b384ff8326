"""``tf.contrib.slim`` (and ``import tensorflow.contrib.slim as slim``) for legacy scripts: the
tf-slim package, slim's own home since TensorFlow 2 (the ``contrib`` extra), with the
``batch_norm`` repair of ``contrib_layers``.

``slim.nets`` (the model zoo) is not part of tf-slim 1.1.0's top-level names but importable as
``tf_slim.nets``; it is offered here too.
"""

import importlib

from tf1_mnist.legacy.replacements import contrib_layers

EXTRA = contrib_layers.EXTRA
REQUIRES = contrib_layers.REQUIRES
missing_requirements = contrib_layers.missing_requirements


def __getattr__(name):
    if name.startswith('__'):
        raise AttributeError(name)
    slim = contrib_layers.tf_slim()
    if name == 'nets':
        value = importlib.import_module('tf_slim.nets')
    elif name == 'ops':
        # tf_slim's own attribute ``ops`` is rebound to TensorFlow's ``ops`` by a star import.
        value = importlib.import_module('tf_slim.ops')
    else:
        try:
            value = getattr(slim, name)
        except AttributeError:
            raise AttributeError('module %r has no attribute %r' % (__name__, name)) from None
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(dir(contrib_layers.tf_slim())))
