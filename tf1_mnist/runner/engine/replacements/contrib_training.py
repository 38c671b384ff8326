"""``tf.contrib.training`` for legacy scripts: the training and evaluation loops of TensorFlow
1.x, from tf-slim (the ``contrib`` extra), where TensorFlow moved them.

``create_train_op`` (with ``clip_gradient_norm``, ``update_ops`` run first, and the summaries of
the gradients), ``train`` on a ``MonitoredTrainingSession``, and ``evaluate_repeatedly`` with
``checkpoints_iterator`` are TF1's own code. The queue-based batching of contrib (``bucket``,
``bucket_by_sequence_length``, ``batch_sequences_with_states``) and ``HParams`` are not provided.
"""

import importlib

from tf1_mnist.runner.engine.replacements import contrib_layers

__all__ = [
    'SummaryAtEndHook', 'add_gradients_summaries', 'checkpoints_iterator',
    'clip_gradient_norms', 'clip_gradient_norms_fn', 'create_train_op', 'evaluate_repeatedly',
    'multiply_gradients', 'train', 'wait_for_new_checkpoint',
]

EXTRA = contrib_layers.EXTRA
REQUIRES = contrib_layers.REQUIRES
EVALUATION = ('SummaryAtEndHook', 'checkpoints_iterator', 'evaluate_repeatedly',
              'wait_for_new_checkpoint')


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    contrib_layers.tf_slim()
    module = 'tf_slim.training.' + ('evaluation' if name in EVALUATION else 'training')
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
