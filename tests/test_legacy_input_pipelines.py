"""The input pipelines of TensorFlow 1.x under the runner: a TFRecord file written with
``tf.python_io.TFRecordWriter`` and read back with ``tf.TFRecordReader`` through a filename
queue, ``slice_input_producer`` and ``shuffle_batch`` with a ``Coordinator``, and 1.x
``tf.data`` iterators; each compared with the arrays the script was given.
"""

import re

import numpy as np
import pytest

from test_run import REPO, SCRIPTS, run_legacy


@pytest.fixture(scope='module')
def pipeline_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp('pipelines')
    rng = np.random.default_rng(5)
    images = rng.integers(0, 256, size=(20, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=20).astype(np.int64)
    np.save(folder / 'images.npy', images)
    np.save(folder / 'labels.npy', labels)
    result = run_legacy(folder, SCRIPTS / 'input_pipelines.py', folder / 'out.npz',
                        pythonpath=(REPO,))
    assert result.returncode == 0, result.stderr
    return result, images, labels, dict(np.load(folder / 'out.npz')), folder


def records_in(path):
    """The (image bytes, label) of each tf.train.Example in a TFRecord file, read with the
    format's own framing (length, CRC, data, CRC) and protobuf, not with TensorFlow's reader."""
    from tensorflow.core.example import example_pb2
    data, at, records = path.read_bytes(), 0, []
    while at < len(data):
        length = int.from_bytes(data[at:at + 8], 'little')
        example = example_pb2.Example.FromString(data[at + 12:at + 12 + length])
        feature = example.features.feature
        records.append((feature['image_raw'].bytes_list.value[0],
                        feature['label'].int64_list.value[0]))
        at += 12 + length + 4
    return records


@pytest.mark.slow
def test_tfrecord_writer_writes_each_example(pipeline_run):
    _, images, labels, _, folder = pipeline_run
    records = records_in(folder / 'train.tfrecords')
    assert [label for _, label in records] == labels.tolist()
    assert [raw for raw, _ in records] == [image.tobytes() for image in images]


@pytest.mark.slow
def test_queue_reads_the_records_back_in_order_then_ends(pipeline_run):
    _, images, labels, saved, _ = pipeline_run
    np.testing.assert_array_equal(saved['queue_images'], images)
    np.testing.assert_array_equal(saved['queue_labels'], labels)
    assert saved['queue_ended']  # num_epochs=1: the queue raises OutOfRangeError after them


@pytest.mark.slow
def test_shuffle_batch_keeps_each_image_with_its_label(pipeline_run):
    _, images, labels, saved, _ = pipeline_run
    batch, batch_labels = saved['shuffled_images'], saved['shuffled_labels']
    assert batch.shape == (8, 28, 28)
    rows = [next(i for i in range(len(images)) if np.array_equal(images[i], image))
            for image in batch]
    np.testing.assert_array_equal(labels[rows], batch_labels)
    assert rows != sorted(rows)  # shuffled


@pytest.mark.slow
def test_one_x_tf_data_iterators(pipeline_run):
    result, images, labels, saved, _ = pipeline_run
    np.testing.assert_array_equal(saved['one_shot_images'], images)
    np.testing.assert_array_equal(saved['one_shot_labels'], labels)
    np.testing.assert_array_equal(saved['initializable_first'], images[:5])
    np.testing.assert_array_equal(saved['initializable_again'], images[::-1][:5])
    assert re.search(r'^output_shapes \(\?, 28, 28\) \(\?, 28, 28\)$', result.stdout, re.M), \
        result.stdout
    assert re.search(r'^output_types uint8 int64$', result.stdout, re.M), result.stdout
    assert re.search(r'^threads [1-9]', result.stdout, re.M), result.stdout
