"""``tf.contrib.metrics`` for legacy scripts: tf-slim's metrics (the ``contrib`` extra), where
TensorFlow moved the module when it dropped ``tf.contrib``.

These are TF1's own functions, with their argument order (``streaming_accuracy(predictions,
labels, weights=None, ...)``, predictions first, unlike ``tf.metrics.accuracy(labels,
predictions)``), their local variables and their ``(value, update_op)`` pairs.
"""

import importlib

from tf1_mnist.runner.engine.replacements import contrib_layers

__all__ = [
    'accuracy', 'aggregate_metric_map', 'aggregate_metrics', 'auc_using_histogram',
    'auc_with_confidence_intervals', 'cohen_kappa', 'confusion_matrix', 'count', 'f1_score',
    'precision_at_recall', 'precision_recall_at_equal_thresholds', 'recall_at_precision',
    'sparse_recall_at_top_k', 'streaming_accuracy', 'streaming_auc', 'streaming_concat',
    'streaming_covariance', 'streaming_curve_points', 'streaming_dynamic_auc',
    'streaming_false_negative_rate', 'streaming_false_negative_rate_at_thresholds',
    'streaming_false_negatives', 'streaming_false_negatives_at_thresholds',
    'streaming_false_positive_rate', 'streaming_false_positive_rate_at_thresholds',
    'streaming_false_positives', 'streaming_false_positives_at_thresholds', 'streaming_mean',
    'streaming_mean_absolute_error', 'streaming_mean_cosine_distance', 'streaming_mean_iou',
    'streaming_mean_relative_error', 'streaming_mean_squared_error', 'streaming_mean_tensor',
    'streaming_pearson_correlation', 'streaming_percentage_less', 'streaming_precision',
    'streaming_precision_at_thresholds', 'streaming_recall', 'streaming_recall_at_k',
    'streaming_recall_at_thresholds', 'streaming_root_mean_squared_error',
    'streaming_sensitivity_at_specificity', 'streaming_sparse_average_precision_at_k',
    'streaming_sparse_average_precision_at_top_k', 'streaming_sparse_precision_at_k',
    'streaming_sparse_precision_at_top_k', 'streaming_sparse_recall_at_k',
    'streaming_specificity_at_sensitivity', 'streaming_true_negatives',
    'streaming_true_negatives_at_thresholds', 'streaming_true_positives',
    'streaming_true_positives_at_thresholds',
]

EXTRA = contrib_layers.EXTRA
REQUIRES = contrib_layers.REQUIRES


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    if name == 'confusion_matrix':  # TF 1.x's contrib name for tf.confusion_matrix
        value = importlib.import_module('tensorflow.compat.v1').confusion_matrix
    else:
        contrib_layers.tf_slim()
        value = getattr(importlib.import_module('tf_slim.metrics'), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
