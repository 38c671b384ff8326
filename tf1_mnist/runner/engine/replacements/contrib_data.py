"""``tf.contrib.data`` for legacy scripts: the datasets of TensorFlow 1.2-1.3, before they moved
to ``tf.data`` in 1.4, and the transformations 1.x kept under ``tf.contrib.data``.

``Dataset``, ``TFRecordDataset``, ``TextLineDataset``, ``FixedLengthRecordDataset`` and
``Iterator`` are ``tf.compat.v1.data``'s, with ``make_one_shot_iterator``,
``make_initializable_iterator`` and ``output_shapes``; 1.2-1.3's ``map(f, num_threads=N,
output_buffer_size=M)`` is not read (1.4 made them ``num_parallel_calls`` and ``prefetch``).
The transformations (``batch_and_drop_remainder``,
``shuffle_and_repeat``, ``map_and_batch``, ``unbatch``, ...) are functions of a dataset, for
``dataset.apply``, as in 1.x.
"""

import importlib

__all__ = [
    'Dataset', 'FixedLengthRecordDataset', 'Iterator', 'TFRecordDataset', 'TextLineDataset',
    'batch_and_drop_remainder', 'bucket_by_sequence_length', 'choose_from_datasets',
    'dense_to_sparse_batch', 'enumerate_dataset', 'get_single_element', 'group_by_window',
    'ignore_errors', 'make_batched_features_dataset', 'make_csv_dataset', 'map_and_batch',
    'padded_batch_and_drop_remainder', 'parallel_interleave', 'prefetch_to_device',
    'rejection_resample', 'sample_from_datasets', 'scan', 'shuffle_and_repeat', 'unbatch',
]

# Transformations that tf.data.experimental keeps under the same name.
EXPERIMENTAL = ('bucket_by_sequence_length', 'choose_from_datasets', 'dense_to_sparse_batch',
                'enumerate_dataset', 'get_single_element', 'group_by_window',
                'ignore_errors', 'make_batched_features_dataset', 'make_csv_dataset',
                'map_and_batch', 'parallel_interleave', 'prefetch_to_device',
                'rejection_resample', 'sample_from_datasets', 'scan', 'shuffle_and_repeat',
                'unbatch')
DATASETS = ('FixedLengthRecordDataset', 'Iterator', 'TFRecordDataset', 'TextLineDataset')


def _v1_data():
    return importlib.import_module('tensorflow.compat.v1').data


def batch_and_drop_remainder(batch_size):
    """A transformation batching ``batch_size`` elements, the last partial batch dropped."""
    return lambda dataset: dataset.batch(batch_size, drop_remainder=True)


def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    """A transformation padding and batching, the last partial batch dropped."""
    return lambda dataset: dataset.padded_batch(batch_size, padded_shapes, padding_values,
                                                drop_remainder=True)


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    data = _v1_data()
    if name == 'Dataset':
        value = data.Dataset
    elif name in DATASETS:
        value = getattr(data, name)
    else:
        value = getattr(data.experimental, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
