"""``tf.contrib.seq2seq.sequence_loss`` for legacy scripts: TensorFlow 1.15's function, on the
TF1 API.

The weighted cross-entropy of ``[batch, time, classes]`` logits against ``[batch, time]``
integer targets, averaged (or summed) over the time steps and the batch as its flags say. The
decoders of ``tf.contrib.seq2seq`` (``BasicDecoder``, ``dynamic_decode``, ``AttentionWrapper``,
the helpers) are not provided.
"""

import importlib

__all__ = ['sequence_loss']


def call_loss(softmax_loss_function, labels, logits):
    """TF 1.0's loss functions took (logits, labels) by position; from 1.2 by keyword."""
    import inspect
    try:
        parameters = inspect.signature(softmax_loss_function).parameters
    except (TypeError, ValueError):
        parameters = {}
    if 'labels' in parameters and 'logits' in parameters:
        return softmax_loss_function(labels=labels, logits=logits)
    if parameters and not any(p.kind == p.VAR_KEYWORD for p in parameters.values()):
        return softmax_loss_function(logits, labels)
    return softmax_loss_function(labels=labels, logits=logits)


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, sum_over_timesteps=False, sum_over_batch=False,
                  softmax_loss_function=None, name=None):
    """Weighted cross-entropy loss for a sequence of logits (TensorFlow 1.15)."""
    tf = importlib.import_module('tensorflow.compat.v1')
    if len(logits.get_shape()) != 3:
        raise ValueError('Logits must be a [batch_size x sequence_length x logits] tensor')
    if len(targets.get_shape()) != 2:
        raise ValueError('Targets must be a [batch_size x sequence_length] tensor')
    if len(weights.get_shape()) != 2:
        raise ValueError('Weights must be a [batch_size x sequence_length] tensor')
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError('average_across_timesteps and sum_over_timesteps cannot be set to '
                         'True at same time.')
    if average_across_batch and sum_over_batch:
        raise ValueError('average_across_batch and sum_over_batch cannot be set to True at '
                         'same time.')
    with tf.name_scope(name, 'sequence_loss', [logits, targets, weights]):
        num_classes = tf.shape(logits)[2]
        logits_flat = tf.reshape(logits, [-1, num_classes])
        targets = tf.reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets,
                                                                      logits=logits_flat)
        else:
            crossent = call_loss(softmax_loss_function, targets, logits_flat)
        crossent *= tf.reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            crossent = tf.div_no_nan(tf.reduce_sum(crossent), tf.reduce_sum(weights))
        elif sum_over_timesteps and sum_over_batch:
            total_count = tf.cast(tf.count_nonzero(weights), crossent.dtype)
            crossent = tf.div_no_nan(tf.reduce_sum(crossent), total_count)
        else:
            crossent = tf.reshape(crossent, tf.shape(logits)[0:2])
            if average_across_timesteps or average_across_batch:
                axis = [0] if average_across_batch else [1]
                crossent = tf.div_no_nan(tf.reduce_sum(crossent, axis=axis),
                                         tf.reduce_sum(weights, axis=axis))
            elif sum_over_timesteps or sum_over_batch:
                axis = [0] if sum_over_batch else [1]
                total_count = tf.cast(tf.count_nonzero(weights, axis=axis), crossent.dtype)
                crossent = tf.div_no_nan(tf.reduce_sum(crossent, axis=axis), total_count)
        return crossent
