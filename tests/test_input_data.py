"""The input_data contract: strict IDX parsing, TF 1.x's next_batch, where files come from."""

import gzip
import hashlib
import io
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import (idx_images_bytes, idx_labels_bytes, subprocess_env, write_gz,
                      write_mnist_dir)
from tf1_mnist import input_data

TRAIN_DIGIT_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_DIGIT_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def gz_file(tmp_path, name, payload):
    return open(write_gz(tmp_path / name, payload), 'rb')


# --- parsing -------------------------------------------------------------------------------

def test_extract_images_reads_idx3(tmp_path):
    images = np.arange(3 * 28 * 28, dtype=np.uint32).reshape(3, 28, 28) % 256
    with gz_file(tmp_path, 'img.gz', idx_images_bytes(images)) as f:
        out = input_data.extract_images(f)
    assert out.shape == (3, 28, 28, 1) and out.dtype == np.uint8
    np.testing.assert_array_equal(out[..., 0], images)


def test_extract_labels_dense_and_one_hot(tmp_path):
    with gz_file(tmp_path, 'lab.gz', idx_labels_bytes([3, 0, 9])) as f:
        dense = input_data.extract_labels(f)
    np.testing.assert_array_equal(dense, [3, 0, 9])
    assert dense.dtype == np.uint8
    with gz_file(tmp_path, 'lab.gz', idx_labels_bytes([3, 0, 9])) as f:
        one_hot = input_data.extract_labels(f, one_hot=True)
    assert one_hot.dtype == np.float64 and one_hot.shape == (3, 10)
    np.testing.assert_array_equal(one_hot.argmax(1), [3, 0, 9])
    assert one_hot.sum() == 3


def test_dense_to_one_hot_matches_tf1():
    out = input_data.dense_to_one_hot(np.array([1, 0, 4], dtype=np.uint8), 5)
    np.testing.assert_array_equal(out, [[0, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 1]])
    assert out.dtype == np.float64


@pytest.mark.parametrize('payload, message', [
    (idx_images_bytes(np.zeros((2, 28, 28)), magic=2049),
     'Invalid magic number 2049 in MNIST image file'),
    (idx_images_bytes(np.zeros((2, 28, 28)), count=3), 'is truncated'),
    (idx_images_bytes(np.zeros((2, 28, 28)), extra=b'\0'), 'is over-long'),
    (idx_images_bytes(np.zeros((2, 28, 28)))[:10], 'shorter than its 16-byte IDX header'),
    (idx_images_bytes(np.zeros((2, 27, 28))), 'holds 27x28 images; MNIST images are 28x28'),
    (idx_images_bytes(np.zeros((2, 28, 28)), rows=14, cols=56), 'holds 14x56 images'),
])
def test_extract_images_rejects_bad_files(tmp_path, payload, message):
    with gz_file(tmp_path, 'bad-images.gz', payload) as f:
        with pytest.raises(ValueError, match=message) as info:
            input_data.extract_images(f)
    assert 'bad-images.gz' in str(info.value)


@pytest.mark.parametrize('payload, message', [
    (idx_labels_bytes([1, 2], magic=2051), 'Invalid magic number 2051 in MNIST label file'),
    (idx_labels_bytes([1, 2], count=5), 'is truncated'),
    (idx_labels_bytes([1, 2], extra=b'\x01\x02'), 'is over-long'),
    (idx_labels_bytes([1, 2])[:6], 'shorter than its 8-byte IDX header'),
    (idx_labels_bytes([1, 2, 10, 3]), 'has label 10 at index 2; labels must be 0..9'),
])
def test_extract_labels_rejects_bad_files(tmp_path, payload, message):
    with gz_file(tmp_path, 'bad-labels.gz', payload) as f:
        with pytest.raises(ValueError, match=message) as info:
            input_data.extract_labels(f)
    assert 'bad-labels.gz' in str(info.value)


def test_not_gzip_is_named(tmp_path):
    path = tmp_path / 'plain.gz'
    path.write_bytes(idx_labels_bytes([1, 2]))
    with open(path, 'rb') as f:
        with pytest.raises(ValueError, match=r'plain\.gz is not a gzip file'):
            input_data.extract_labels(f)


def test_truncated_gzip_stream_is_named(tmp_path):
    path = tmp_path / 'cut.gz'
    path.write_bytes(gzip.compress(idx_labels_bytes(list(range(10)) * 50))[:-12])
    with open(path, 'rb') as f:
        with pytest.raises(ValueError, match=r'cut\.gz is not a valid gzip file'):
            input_data.extract_labels(f)


def test_read_data_sets_names_count_mismatch(tmp_path):
    write_mnist_dir(tmp_path, n_train=20, n_test=10)
    write_gz(tmp_path / input_data.TEST_LABELS, idx_labels_bytes([1] * 9))
    with pytest.raises(ValueError, match='holds 10 images but .*t10k-labels-idx1-ubyte.gz holds 9 '
                                         'labels'):
        input_data.read_data_sets(str(tmp_path))


def test_read_data_sets_names_damaged_file_in_train_dir(tmp_path):
    write_mnist_dir(tmp_path)
    (tmp_path / input_data.TRAIN_IMAGES).write_bytes(b'<html>403 Forbidden</html>')
    with pytest.raises(ValueError, match='train-images-idx3-ubyte.gz is not a gzip file'):
        input_data.read_data_sets(str(tmp_path))


# --- DataSet and next_batch -----------------------------------------------------------------

def small_dataset(n=10, seed=0, **kwargs):
    images = np.arange(n, dtype=np.uint8).repeat(784).reshape(n, 28, 28, 1)
    labels = np.arange(n, dtype=np.uint8) % 10
    return input_data.DataSet(images, labels, seed=seed, **kwargs)


def ids(batch):
    return [int(round(v * 255)) for v in batch[0][:, 0]]


def test_dataset_scales_like_tf1_and_reshapes():
    ds = small_dataset(4)
    assert ds.images.shape == (4, 784) and ds.images.dtype == np.float32
    raw = np.arange(4, dtype=np.uint8).repeat(784).reshape(4, 784)
    # TF 1.x multiplied by 1/255 (it did not divide): the results differ in the last bit.
    np.testing.assert_array_equal(ds.images, np.multiply(raw.astype(np.float32), 1.0 / 255.0))
    kept = small_dataset(4, dtype=np.uint8, reshape=False)
    assert kept.images.shape == (4, 28, 28, 1) and kept.images.dtype == np.uint8


def test_dtype_accepts_tensorflow_dtypes_and_rejects_others():
    tf = pytest.importorskip('tensorflow')
    assert small_dataset(2, dtype=tf.uint8).images.dtype == np.uint8
    assert small_dataset(2, dtype=tf.float32).images.dtype == np.float32
    for bad in (np.float64, tf.float16, 'int32'):
        with pytest.raises(TypeError, match='Invalid image dtype'):
            small_dataset(2, dtype=bad)


def test_first_call_shuffles_then_epoch_rolls_over_with_concatenation():
    ds = small_dataset(10, seed=3)
    first = ids(ds.next_batch(4))
    second = ids(ds.next_batch(4))
    order_epoch0 = [int(round(v * 255)) for v in ds.images[:, 0]]
    assert first + second == order_epoch0[:8]
    assert order_epoch0 != list(range(10))  # shuffled before the very first batch
    assert ds.epochs_completed == 0
    third = ids(ds.next_batch(4))  # 2 left in epoch 0, then 2 from a freshly shuffled epoch 1
    assert ds.epochs_completed == 1
    assert third[:2] == order_epoch0[8:]
    order_epoch1 = [int(round(v * 255)) for v in ds.images[:, 0]]
    assert third[2:] == order_epoch1[:2]
    assert sorted(order_epoch1) == list(range(10))


def test_epoch_ending_exactly_counts_on_the_next_call_as_tf1():
    ds = small_dataset(10, seed=1)
    ds.next_batch(5)
    ds.next_batch(5)
    assert ds.epochs_completed == 0  # TF 1.x counts the epoch only when the next batch starts
    batch = ds.next_batch(5)
    assert ds.epochs_completed == 1
    order_epoch1 = [int(round(v * 255)) for v in ds.images[:, 0]]
    assert ids(batch) == order_epoch1[:5]  # nothing left of epoch 0: all from the new epoch


def test_batches_are_never_short():
    ds = small_dataset(10, seed=2)
    for _ in range(13):
        images, labels = ds.next_batch(3)
        assert len(images) == 3 and len(labels) == 3
    assert ds.epochs_completed == 3


def test_shuffle_false_walks_in_order():
    ds = small_dataset(10)
    got = [ids(ds.next_batch(4, shuffle=False)) for _ in range(3)]
    assert got == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 0, 1]]
    assert ds.epochs_completed == 1


def test_same_seed_same_batches_different_seed_different_batches():
    a, b, c = small_dataset(50, seed=7), small_dataset(50, seed=7), small_dataset(50, seed=8)
    seq_a = [ids(a.next_batch(7)) for _ in range(20)]
    seq_b = [ids(b.next_batch(7)) for _ in range(20)]
    seq_c = [ids(c.next_batch(7)) for _ in range(20)]
    assert seq_a == seq_b
    assert seq_a != seq_c


def test_global_numpy_rng_untouched():
    np.random.seed(1234)
    expected = np.random.rand(5)
    np.random.seed(1234)
    ds = small_dataset(30, seed=None)
    for _ in range(10):
        ds.next_batch(7)
    np.testing.assert_array_equal(np.random.rand(5), expected)


def test_labels_follow_their_images_through_shuffles():
    ds = small_dataset(10, seed=5)
    for _ in range(8):
        images, labels = ds.next_batch(4)
        np.testing.assert_array_equal(np.round(images[:, 0] * 255).astype(int) % 10, labels)


def test_fake_data_as_tf1():
    sets = input_data.read_data_sets('', fake_data=True, one_hot=True)
    assert sets.train.num_examples == 10000
    images, labels = sets.train.next_batch(3, fake_data=True)
    assert images == [[1] * 784] * 3
    assert labels == [[1] + [0] * 9] * 3
    sparse = input_data.read_data_sets('', fake_data=True)
    assert sparse.test.next_batch(2, fake_data=True)[1] == [0, 0]


def test_state_round_trip_continues_the_same_batches():
    ds = small_dataset(10, seed=4)
    for _ in range(4):
        ds.next_batch(3)
    state = ds.get_state()
    expected = [ids(ds.next_batch(3)) for _ in range(6)]
    other = small_dataset(10, seed=99)
    other.set_state(state)
    assert [ids(other.next_batch(3)) for _ in range(6)] == expected


# --- read_data_sets on the bundled data ----------------------------------------------------

def test_bundled_data_shapes_dtypes_splits(mnist_one_hot):
    m = mnist_one_hot
    assert isinstance(m, input_data.Datasets)
    assert (m.train.num_examples, m.validation.num_examples, m.test.num_examples) == \
        (55000, 5000, 10000)
    assert m.train.images.shape == (55000, 784) and m.train.images.dtype == np.float32
    assert m.train.labels.shape == (55000, 10) and m.train.labels.dtype == np.float64
    assert m.test.images.shape == (10000, 784)
    assert 0.0 <= m.test.images.min() and m.test.images.max() == 1.0


def test_bundled_label_counts_and_split_order(mnist_sparse):
    m = mnist_sparse
    assert m.train.labels.dtype == np.uint8
    # Validation is the *first* 5000 training examples, as in TF 1.x.
    np.testing.assert_array_equal(m.validation.labels[:10], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
    all_train = np.concatenate([m.validation.labels, m.train.labels])
    assert np.bincount(all_train, minlength=10).tolist() == TRAIN_DIGIT_COUNTS
    assert np.bincount(m.test.labels, minlength=10).tolist() == TEST_DIGIT_COUNTS


def test_bundled_files_match_published_checksums():
    directory = input_data.bundled_data_dir()
    assert directory is not None
    for name, digest in input_data.SHA256.items():
        with gzip.open(os.path.join(directory, name), 'rb') as f:
            assert hashlib.sha256(f.read()).hexdigest() == digest, name


def test_uint8_unreshaped_and_validation_size(tmp_path):
    m = input_data.read_data_sets(str(tmp_path), dtype=np.uint8, reshape=False,
                                  validation_size=0)
    assert m.train.images.shape == (60000, 28, 28, 1) and m.train.images.dtype == np.uint8
    assert m.validation.num_examples == 0
    for bad in (-1, 60001):
        with pytest.raises(ValueError, match='Validation size should be between 0 and 60000'):
            input_data.read_data_sets(str(tmp_path), validation_size=bad)
    assert os.listdir(tmp_path) == []  # nothing written: the bundled copy was used


def test_load_mnist_shorthand(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    m = input_data.load_mnist()
    assert m.train.num_examples == 55000


# --- where the files come from --------------------------------------------------------------

def test_train_dir_files_are_preferred_to_the_bundle(tmp_path):
    (train_x, train_y), (test_x, test_y) = write_mnist_dir(tmp_path, n_train=30, n_test=12)
    m = input_data.read_data_sets(str(tmp_path), validation_size=5, dtype=np.uint8)
    assert (m.train.num_examples, m.validation.num_examples, m.test.num_examples) == (25, 5, 12)
    np.testing.assert_array_equal(m.validation.labels, train_y[:5])
    np.testing.assert_array_equal(m.test.images.reshape(12, 28, 28), test_x)


def make_source(tmp_path, corrupt=None):
    """A folder served through file:// URLs, like a download server."""
    source = tmp_path / 'server'
    write_mnist_dir(source, n_train=16, n_test=8)
    if corrupt:
        (source / corrupt).write_bytes(b'not gzip at all')
    return source.as_uri() + '/'


def test_other_source_url_downloads_atomically_into_train_dir(tmp_path, capsys):
    url = make_source(tmp_path)
    target = tmp_path / 'data'
    m = input_data.read_data_sets(str(target), source_url=url, validation_size=4)
    assert m.train.num_examples == 12 and m.test.num_examples == 8
    assert sorted(os.listdir(target)) == sorted(input_data.FILES)  # no temp files left behind
    assert 'Successfully downloaded' in capsys.readouterr().out
    again = input_data.read_data_sets(str(target), source_url='file:///nowhere/', validation_size=4)
    assert again.test.num_examples == 8  # the downloaded files are reused


def test_failed_download_leaves_no_file_and_says_where_it_looked(tmp_path):
    url = make_source(tmp_path, corrupt=input_data.TRAIN_LABELS)
    target = tmp_path / 'data'
    with pytest.raises(input_data.MNISTNotFoundError) as info:
        input_data.read_data_sets(str(target), source_url=url)
    message = str(info.value)
    assert 'train-labels-idx1-ubyte.gz not found' in message
    assert str(target) in message and 'not a gzip file' in message and 'Fix:' in message
    assert not os.path.exists(target / input_data.TRAIN_LABELS)
    assert not [n for n in os.listdir(target) if n.endswith('.part')]


def test_without_bundle_default_source_is_checked_by_sha256(tmp_path, monkeypatch):
    """With the bundled copy missing, the default source and mirrors are tried; a payload whose
    sha256 is not MNIST's is refused."""
    monkeypatch.setattr(input_data, 'bundled_data_dir', lambda: None)
    fake_server = make_source(tmp_path)
    monkeypatch.setattr(input_data, 'DEFAULT_SOURCE_URL', fake_server)
    monkeypatch.setattr(input_data, '_DEFAULT_SOURCES', (fake_server, 'file:///no/mirror/'))
    with pytest.raises(input_data.MNISTNotFoundError, match='sha256 of the decompressed payload'):
        input_data.read_data_sets(str(tmp_path / 'data'), source_url=fake_server)
    assert not os.path.exists(tmp_path / 'data' / input_data.TRAIN_IMAGES)


def test_without_bundle_a_mirror_with_real_mnist_is_used(tmp_path, monkeypatch):
    bundled = input_data.bundled_data_dir()
    monkeypatch.setattr(input_data, 'bundled_data_dir', lambda: None)
    mirror = 'file://' + bundled + '/'
    monkeypatch.setattr(input_data, '_DEFAULT_SOURCES', ('file:///dead/source/', mirror))
    m = input_data.read_data_sets(str(tmp_path / 'data'))
    assert m.test.num_examples == 10000
    assert sorted(os.listdir(tmp_path / 'data')) == sorted(input_data.FILES)


def test_no_network_no_files_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(input_data, 'bundled_data_dir', lambda: None)

    def offline(*args, **kwargs):
        raise OSError('network is unreachable')
    monkeypatch.setattr(input_data.urllib.request, 'urlopen', offline)
    with pytest.raises(input_data.MNISTNotFoundError) as info:
        input_data.read_data_sets(str(tmp_path / 'empty'))
    message = str(info.value)
    assert 'network is unreachable' in message
    assert input_data.DEFAULT_SOURCE_URL in message and input_data.MIRRORS[0] in message
    assert 'reinstall tf1_mnist' in message


def test_module_does_not_import_tensorflow():
    code = ('import sys; from tf1_mnist import input_data; '
            "input_data.read_data_sets('', fake_data=True); "
            "print('tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True,
                         env=subprocess_env())
    assert out.stdout.strip() == 'False'


def test_bundled_data_found_from_another_directory(tmp_path):
    """The bundled copy is found wherever the package is (installed or in a checkout)."""
    code = ('import os, tf1_mnist; from tf1_mnist import input_data; '
            'd = input_data.bundled_data_dir(); '
            'print(d); print(os.path.dirname(tf1_mnist.__file__))')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True,
                         cwd=str(tmp_path), env=subprocess_env())
    directory, package = out.stdout.split()
    assert sorted(n for n in os.listdir(directory) if n.endswith('.gz')) == \
        sorted(input_data.FILES)
    if 'site-packages' in package:
        assert directory == os.path.join(package, 'mnist_data')


def test_extract_accepts_in_memory_files():
    payload = gzip.compress(idx_labels_bytes([4, 2]))
    labels = input_data.extract_labels(io.BytesIO(payload))
    np.testing.assert_array_equal(labels, [4, 2])


# --- the decoded-array cache ----------------------------------------------------------------

def test_cache_gives_the_same_arrays_and_follows_file_changes(tmp_path, monkeypatch):
    cache = tmp_path / 'cache'
    monkeypatch.setenv('TF1_MNIST_CACHE', str(cache))
    data = tmp_path / 'data'
    write_mnist_dir(data, n_train=20, n_test=10, seed=1)
    first = input_data.read_data_sets(str(data), validation_size=4)
    [entry] = os.listdir(cache)
    assert sorted(os.listdir(cache / entry)) == sorted(
        ['.tf1_mnist_cache', 'manifest.json', 't10k-images-idx3-ubyte.float32.npy',
         't10k-images-idx3-ubyte.npy', 't10k-labels-idx1-ubyte.npy',
         'train-images-idx3-ubyte.float32.npy', 'train-images-idx3-ubyte.npy',
         'train-labels-idx1-ubyte.npy'])
    second = input_data.read_data_sets(str(data), validation_size=4)
    for a, b in ((first.train, second.train), (first.test, second.test),
                 (first.validation, second.validation)):
        np.testing.assert_array_equal(a.images, b.images)
        np.testing.assert_array_equal(a.labels, b.labels)
        assert b.images.dtype == np.float32 and b.images.flags.writeable

    (_, _), (test_x, test_y) = write_mnist_dir(data, n_train=20, n_test=10, seed=2)
    later = os.stat(data / input_data.TEST_IMAGES).st_mtime_ns + 10**9
    os.utime(data / input_data.TEST_IMAGES, ns=(later, later))
    changed = input_data.read_data_sets(str(data), validation_size=4, dtype=np.uint8,
                                        reshape=False)
    np.testing.assert_array_equal(changed.test.images[..., 0], test_x)


def test_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv('TF1_MNIST_CACHE', '0')
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'xdg'))
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    write_mnist_dir(tmp_path / 'data')
    m = input_data.read_data_sets(str(tmp_path / 'data'), validation_size=2)
    assert m.train.num_examples == 18
    assert sorted(os.listdir(tmp_path)) == ['data']


def test_unwritable_cache_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / 'file'
    blocker.write_text('')
    monkeypatch.setenv('TF1_MNIST_CACHE', str(blocker / 'cache'))
    write_mnist_dir(tmp_path / 'data')
    m = input_data.read_data_sets(str(tmp_path / 'data'), validation_size=2)
    assert m.test.num_examples == 10
