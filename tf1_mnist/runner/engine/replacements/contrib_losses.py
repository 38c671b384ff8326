"""``tf.contrib.losses`` for legacy scripts: tf-slim's losses (the ``contrib`` extra), where
TensorFlow moved the module when it dropped ``tf.contrib``.

These are TF1's own functions, with contrib's argument order (``softmax_cross_entropy(logits,
onehot_labels, weights=1.0, label_smoothing=0, scope=None)``, logits first, unlike
``tf.losses``) and the ``LOSSES`` collection that ``get_total_loss`` reads.
"""

import importlib

from tf1_mnist.runner.engine.replacements import contrib_layers

__all__ = [
    'absolute_difference', 'add_loss', 'cluster_loss', 'compute_weighted_loss',
    'contrastive_loss', 'cosine_distance', 'get_losses', 'get_regularization_losses',
    'get_total_loss', 'hinge_loss', 'lifted_struct_loss', 'log_loss',
    'mean_pairwise_squared_error', 'mean_squared_error', 'npairs_loss',
    'npairs_loss_multilabel', 'sigmoid_cross_entropy', 'softmax_cross_entropy',
    'sparse_softmax_cross_entropy', 'triplet_semihard_loss',
]

EXTRA = contrib_layers.EXTRA
REQUIRES = contrib_layers.REQUIRES


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    contrib_layers.tf_slim()
    value = getattr(importlib.import_module('tf_slim.losses'), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
