"""A local, offline drop-in for ``tensorflow.examples.tutorials.mnist.input_data``.

It keeps the TF 1.x contract (``tensorflow/contrib/learn/python/learn/datasets/mnist.py``):
``read_data_sets`` returns ``Datasets(train, validation, test)`` of ``DataSet`` objects whose
``next_batch`` shuffles, rolls over epochs and counts ``epochs_completed`` exactly as TF 1.x did.

Differences from TF 1.x, all deliberate:

* the four MNIST files ship with the package, so nothing is downloaded unless the data
  directory lacks a file *and* the bundled copy is missing (or another ``source_url`` is asked
  for);
* downloads are checked (sha256 of the decompressed payload) and written atomically;
* IDX files are parsed strictly and every problem raises ``ValueError`` naming the file;
* shuffling uses a ``numpy.random.Generator`` seeded from ``seed``; the global numpy RNG is
  never touched.

This module does not import TensorFlow (a TensorFlow dtype passed as ``dtype`` is accepted).
"""

import collections
import gzip
import hashlib
import os
import shutil
import urllib.request
import zlib

import numpy

from tf1_mnist import atomic

__all__ = [
    'DEFAULT_SOURCE_URL', 'MIRRORS', 'DataSet', 'Datasets', 'MNISTNotFoundError',
    'bundled_data_dir', 'dense_to_one_hot', 'extract_images', 'extract_labels', 'load_mnist',
    'read_data_sets',
]

DEFAULT_SOURCE_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/'
# Tried after ``DEFAULT_SOURCE_URL`` when the default source is asked for.
MIRRORS = ('https://ossci-datasets.s3.amazonaws.com/mnist/',)

TRAIN_IMAGES = 'train-images-idx3-ubyte.gz'
TRAIN_LABELS = 'train-labels-idx1-ubyte.gz'
TEST_IMAGES = 't10k-images-idx3-ubyte.gz'
TEST_LABELS = 't10k-labels-idx1-ubyte.gz'
FILES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)

# sha256 of the *decompressed* IDX payloads: gzip wrappers differ between copies of MNIST.
SHA256 = {
    TRAIN_IMAGES: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
    TRAIN_LABELS: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
    TEST_IMAGES: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
    TEST_LABELS: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
}

IMAGE_MAGIC = 2051
LABEL_MAGIC = 2049
NUM_CLASSES = 10
IMAGE_SIZE = 28

Datasets = collections.namedtuple('Datasets', ['train', 'validation', 'test'])


class MNISTNotFoundError(FileNotFoundError):
    """No usable copy of the MNIST files was found or could be downloaded."""


def _package_dir():
    return os.path.dirname(os.path.abspath(__file__))


def bundled_data_dir():
    """Return the folder holding the MNIST copy shipped with tf1_mnist, or None.

    An installed package carries it as ``tf1_mnist/mnist_data``; a source checkout (or an
    editable install) has it at ``data/mnist`` beside the package.
    """
    here = _package_dir()
    for candidate in (os.path.join(here, 'mnist_data'),
                      os.path.join(os.path.dirname(here), 'data', 'mnist')):
        if all(os.path.isfile(os.path.join(candidate, name)) for name in FILES):
            return candidate
    return None


def _name_of(f):
    return getattr(f, 'name', None) or repr(f)


def _gunzip(raw, name):
    """Decompress one gzip member strictly: a truncated stream is an error, not short data."""
    if raw[:2] != b'\x1f\x8b':
        raise ValueError('%s is not a gzip file (expected a gzip-compressed IDX file)' % name)
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as e:
        raise ValueError('%s is not a valid gzip file: %s' % (name, e)) from None


def _read_header(data, count, name):
    header_bytes = 4 * count
    if len(data) < header_bytes:
        raise ValueError('%s is truncated: %d bytes, shorter than its %d-byte IDX header'
                         % (name, len(data), header_bytes))
    return [int(v) for v in numpy.frombuffer(data, dtype='>u4', count=count)]


def _check_payload(data, offset, expected, what, name):
    actual = len(data) - offset
    if actual < expected:
        raise ValueError('%s is truncated: header announces %s (%d bytes) but only %d bytes follow'
                         % (name, what, expected, actual))
    if actual > expected:
        raise ValueError('%s is over-long: header announces %s (%d bytes) but %d bytes follow'
                         % (name, what, expected, actual))


def _parse_images(data, name):
    magic, num_images, rows, cols = _read_header(data, 4, name)
    if magic != IMAGE_MAGIC:
        raise ValueError('Invalid magic number %d in MNIST image file: %s' % (magic, name))
    if (rows, cols) != (IMAGE_SIZE, IMAGE_SIZE):
        raise ValueError('%s holds %dx%d images; MNIST images are %dx%d'
                         % (name, rows, cols, IMAGE_SIZE, IMAGE_SIZE))
    _check_payload(data, 16, num_images * rows * cols,
                   '%d images of %dx%d' % (num_images, rows, cols), name)
    images = numpy.frombuffer(data, dtype=numpy.uint8, offset=16)
    return images.reshape(num_images, rows, cols, 1)


def _parse_labels(data, name):
    magic, num_items = _read_header(data, 2, name)
    if magic != LABEL_MAGIC:
        raise ValueError('Invalid magic number %d in MNIST label file: %s' % (magic, name))
    _check_payload(data, 8, num_items, '%d labels' % num_items, name)
    labels = numpy.frombuffer(data, dtype=numpy.uint8, offset=8)
    if labels.size and labels.max() >= NUM_CLASSES:
        bad = int(numpy.argmax(labels >= NUM_CLASSES))
        raise ValueError('%s has label %d at index %d; labels must be 0..%d'
                         % (name, labels[bad], bad, NUM_CLASSES - 1))
    return labels


def extract_images(f):
    """Extract the images of a gzipped IDX file object into a uint8 array [index, y, x, depth]."""
    name = _name_of(f)
    print('Extracting', name)
    return _parse_images(_gunzip(f.read(), name), name)


def dense_to_one_hot(labels_dense, num_classes):
    """Convert class labels from scalars to one-hot vectors (float64, as TF 1.x returned)."""
    labels_dense = numpy.asarray(labels_dense)
    num_labels = labels_dense.shape[0]
    index_offset = numpy.arange(num_labels) * num_classes
    labels_one_hot = numpy.zeros((num_labels, num_classes))
    labels_one_hot.flat[index_offset + labels_dense.ravel()] = 1
    return labels_one_hot


def extract_labels(f, one_hot=False, num_classes=10):
    """Extract the labels of a gzipped IDX file object into a uint8 array [index] (or one-hot)."""
    name = _name_of(f)
    print('Extracting', name)
    labels = _parse_labels(_gunzip(f.read(), name), name)
    if one_hot:
        return dense_to_one_hot(labels, num_classes)
    return labels


def _image_dtype(dtype):
    """Resolve ``dtype`` (numpy, string or TensorFlow DType) to numpy uint8 or float32."""
    base = getattr(dtype, 'base_dtype', dtype)  # a TensorFlow DType, possibly a ref type
    base = getattr(base, 'as_numpy_dtype', base)
    try:
        resolved = numpy.dtype(base)
    except TypeError:
        resolved = None
    if resolved not in (numpy.dtype(numpy.uint8), numpy.dtype(numpy.float32)):
        raise TypeError('Invalid image dtype %r, expected uint8 or float32' % (dtype,))
    return resolved


class DataSet(object):
    """A set of images and labels with TF 1.x's ``next_batch``."""

    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype=numpy.float32,
                 reshape=True, seed=None):
        """Build a DataSet.

        ``dtype`` may be uint8 (images kept as 0..255) or float32 (rescaled to [0, 1] by
        multiplying with 1/255, bit-identical to TF 1.x). ``seed`` seeds this DataSet's own
        shuffling generator; ``None`` draws fresh entropy.
        """
        dtype = _image_dtype(dtype)
        self._rng = numpy.random.default_rng(seed)
        if fake_data:
            self._num_examples = 10000
            self.one_hot = one_hot
        else:
            images = numpy.asarray(images)
            labels = numpy.asarray(labels)
            if images.shape[0] != labels.shape[0]:
                raise ValueError('images.shape: %s labels.shape: %s (counts differ)'
                                 % (images.shape, labels.shape))
            self._num_examples = images.shape[0]
            if reshape and images.ndim == 4:
                if images.shape[3] != 1:
                    raise ValueError('reshape=True needs single-channel images, got shape %s'
                                     % (images.shape,))
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype == numpy.float32:
                images = images.astype(numpy.float32)
                numpy.multiply(images, numpy.float32(1.0 / 255.0), out=images)
        self._images = images
        self._labels = labels
        # Where each current row came from: lets a data position be saved compactly.
        self._order = numpy.arange(self._num_examples)
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    @property
    def num_examples(self):
        return self._num_examples

    @property
    def epochs_completed(self):
        return self._epochs_completed

    def _shuffle(self):
        perm = self._rng.permutation(self._num_examples)
        self._images = self._images[perm]
        self._labels = self._labels[perm]
        self._order = self._order[perm]

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """Return the next ``batch_size`` examples from this data set.

        Batches are never short: at the end of an epoch the remaining examples are joined to
        the head of the next (freshly shuffled) epoch, and ``epochs_completed`` counts up then.
        """
        if fake_data:
            fake_image = [1] * 784
            fake_label = [1] + [0] * 9 if self.one_hot else 0
            return ([fake_image for _ in range(batch_size)],
                    [fake_label for _ in range(batch_size)])
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size > self._num_examples:
            self._epochs_completed += 1
            images_rest_part = self._images[start:self._num_examples]
            labels_rest_part = self._labels[start:self._num_examples]
            if shuffle:
                self._shuffle()
            self._index_in_epoch = batch_size - (self._num_examples - start)
            end = self._index_in_epoch
            return (numpy.concatenate((images_rest_part, self._images[:end]), axis=0),
                    numpy.concatenate((labels_rest_part, self._labels[:end]), axis=0))
        self._index_in_epoch += batch_size
        end = self._index_in_epoch
        return self._images[start:end], self._labels[start:end]

    # Saving and restoring the position lets a resumed training run continue with the batches
    # it would have drawn; it is not part of the TF 1.x API.
    def get_state(self):
        """Return the data position: the example order, epoch counters and generator state."""
        return {
            'order': self._order.copy(),
            'epochs_completed': self._epochs_completed,
            'index_in_epoch': self._index_in_epoch,
            'rng': self._rng.bit_generator.state,
        }

    def set_state(self, state):
        """Restore a position returned by ``get_state`` (of a DataSet over the same examples)."""
        order = numpy.asarray(state['order'])
        if order.shape != self._order.shape:
            raise ValueError('saved data position is for %d examples, this DataSet has %d'
                             % (order.size, self._num_examples))
        inverse = numpy.empty_like(self._order)
        inverse[self._order] = numpy.arange(self._num_examples)
        rows = inverse[order]
        self._images = self._images[rows]
        self._labels = self._labels[rows]
        self._order = order.copy()
        self._epochs_completed = int(state['epochs_completed'])
        self._index_in_epoch = int(state['index_in_epoch'])
        self._rng.bit_generator.state = state['rng']


def _download(name, train_dir, urls):
    """Fetch ``name`` from the first URL that gives a good payload; write it atomically.

    Payloads from the default source and its mirrors must match MNIST's sha256; any source's
    payload must at least be gzip. Returns (path, payload) or raises MNISTNotFoundError.
    """
    errors = []
    for base_url in urls:
        url = base_url + name
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                raw = response.read()
            payload = _gunzip(raw, url)
            digest = hashlib.sha256(payload).hexdigest()
            if base_url in _DEFAULT_SOURCES and digest != SHA256[name]:
                raise ValueError('sha256 of the decompressed payload is %s, expected %s'
                                 % (digest, SHA256[name]))
        except (OSError, ValueError) as e:
            errors.append('%s (%s)' % (url, e))
            continue
        target = os.path.join(train_dir, name)
        atomic.write_bytes(target, raw)
        print('Successfully downloaded', name, len(raw), 'bytes.')
        return target, payload
    raise MNISTNotFoundError(
        '%s not found: not in %s, no copy bundled with tf1_mnist%s, and no download worked: %s. '
        'Fix: copy the four MNIST .gz files into %s, or reinstall tf1_mnist (its package '
        'carries MNIST).' % (name, train_dir,
                             '' if urls == _DEFAULT_SOURCES else ' for this source_url',
                             '; '.join(errors), train_dir))


_DEFAULT_SOURCES = (DEFAULT_SOURCE_URL,) + MIRRORS


def _locate(name, train_dir, source_url):
    """Return (path, decompressed payload or None) of one MNIST file.

    As TF 1.x's ``maybe_download``: a file already in ``train_dir`` is used (and must be
    valid); a missing one comes from the bundled copy when ``source_url`` is the default source
    (that copy *is* the default source's content), else it is downloaded into ``train_dir``.
    """
    path = os.path.join(train_dir, name)
    if os.path.isfile(path):
        return path, None
    if source_url == DEFAULT_SOURCE_URL:
        bundled = bundled_data_dir()
        if bundled is not None:
            return os.path.join(bundled, name), None
        urls = _DEFAULT_SOURCES
    else:
        urls = (source_url,)
    return _download(name, train_dir, urls)


def _read_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


# Decoded arrays are cached (as .npy files, memory-mapped) so that reading MNIST costs
# milliseconds instead of a gzip inflate and a float conversion. The cache key is each source
# file's real path, size and modification time, so a changed file is decoded afresh.
_CACHE_VERSION = 1


def cache_dir():
    """Where decoded arrays are cached, or None when caching is off (TF1_MNIST_CACHE=0)."""
    setting = os.environ.get('TF1_MNIST_CACHE', '')
    if setting == '0':
        return None
    if setting:
        return setting
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'tf1_mnist')


def _cache_key(paths):
    parts = [str(_CACHE_VERSION)]
    for name in FILES:
        st = os.stat(paths[name])
        parts.append('%s:%d:%d' % (os.path.realpath(paths[name]), st.st_size, st.st_mtime_ns))
    return hashlib.sha256('|'.join(parts).encode()).hexdigest()[:32]


def _cache_entries():
    entries = {name: name.replace('.gz', '.npy') for name in FILES}
    for name in (TRAIN_IMAGES, TEST_IMAGES):
        entries[name + ':float32'] = name.replace('.gz', '.float32.npy')
    return entries


def _read_cache(folder):
    try:
        return {key: numpy.load(os.path.join(folder, entry), mmap_mode='c')
                for key, entry in _cache_entries().items()}
    except (OSError, ValueError):
        return None


_CACHE_KEEP = 4  # decoded sets kept; older ones (changed or moved files) are removed


def _write_cache(folder, arrays):
    try:
        for key, entry in _cache_entries().items():
            with atomic.atomic_path(os.path.join(folder, entry)) as tmp:
                numpy.save(tmp, arrays[key])
        root = os.path.dirname(folder)
        entries = sorted((os.path.join(root, e) for e in os.listdir(root)),
                         key=os.path.getmtime, reverse=True)
        for stale in entries[_CACHE_KEEP:]:
            shutil.rmtree(stale, ignore_errors=True)
    except OSError:
        pass  # a read-only or full disk only costs speed


def _scaled(images):
    """uint8 [N, rows, cols, 1] to float32 [N, rows*cols] in [0, 1], multiplied by 1/255
    exactly as TF 1.x did (dividing gives different last bits)."""
    out = images.reshape(images.shape[0], -1).astype(numpy.float32)
    numpy.multiply(out, numpy.float32(1.0 / 255.0), out=out)
    return out


def _decode(paths, payloads):
    parse = {TRAIN_IMAGES: _parse_images, TEST_IMAGES: _parse_images,
             TRAIN_LABELS: _parse_labels, TEST_LABELS: _parse_labels}
    arrays = {}
    for name in FILES:
        payload = payloads[name]
        if payload is None:
            payload = _gunzip(_read_bytes(paths[name]), paths[name])
        arrays[name] = parse[name](payload, paths[name])
    for images, labels in ((TRAIN_IMAGES, TRAIN_LABELS), (TEST_IMAGES, TEST_LABELS)):
        if arrays[images].shape[0] != arrays[labels].shape[0]:
            raise ValueError('%s holds %d images but %s holds %d labels; the counts must match'
                             % (paths[images], arrays[images].shape[0], paths[labels],
                                arrays[labels].shape[0]))
    for name in (TRAIN_IMAGES, TEST_IMAGES):
        arrays[name + ':float32'] = _scaled(arrays[name])
    return arrays


def _load_arrays(train_dir, source_url, as_asked=False):
    """Return {name: uint8 array, name:float32: scaled images} for the four files.

    ``Extracting`` lines name the files read; with ``as_asked``, the files in ``train_dir`` as
    TF 1.x printed them, and one more line when the bundled copy stood in for them.
    """
    located = {name: _locate(name, train_dir, source_url) for name in FILES}
    paths = {name: located[name][0] for name in FILES}
    for name in FILES:
        print('Extracting', os.path.join(train_dir, name) if as_asked else paths[name])
    if as_asked and any(paths[name] != os.path.join(train_dir, name) for name in FILES):
        print('(%s does not hold MNIST: the copy bundled with tf1_mnist was read)' % train_dir)
    folder = cache_dir()
    if folder is not None:
        folder = os.path.join(folder, _cache_key(paths))
        cached = _read_cache(folder)
        if cached is not None:
            return cached
    arrays = _decode(paths, {name: located[name][1] for name in FILES})
    if folder is not None:
        _write_cache(folder, arrays)
    return arrays


def _dataset(images, scaled, labels, dtype, reshape, seed):
    """A DataSet whose float32 images were already scaled (possibly from the cache)."""
    if dtype != numpy.float32:
        return DataSet(images, labels, dtype=dtype, reshape=reshape, seed=seed)
    data = DataSet(images[:0], labels[:0], dtype=numpy.uint8, seed=seed)
    data._images = scaled if reshape else scaled.reshape(images.shape)
    data._labels = labels
    data._num_examples = images.shape[0]
    data._order = numpy.arange(data._num_examples)
    return data


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=numpy.float32, reshape=True,
                   validation_size=5000, seed=None, source_url=DEFAULT_SOURCE_URL, *,
                   extracting_as_asked=False):
    """Return ``Datasets(train, validation, test)`` of MNIST, as TF 1.x's ``read_data_sets``.

    Each file is taken from ``train_dir`` when it is there (your own data in MNIST's format
    works: it is parsed strictly, ``ValueError`` naming the file if it is damaged), else from the
    copy bundled with tf1_mnist (for the default ``source_url``), and only then downloaded into
    ``train_dir``. Validation is the first ``validation_size`` training examples.
    ``extracting_as_asked`` prints the ``Extracting`` lines with ``train_dir``'s paths, as TF 1.x
    did, and says when the bundled copy was read instead (the runner of old scripts asks so).
    """
    if fake_data:
        def fake():
            return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)
        return Datasets(train=fake(), validation=fake(), test=fake())

    dtype = _image_dtype(dtype)  # fail on a bad dtype before reading anything
    arrays = _load_arrays(os.fspath(train_dir), source_url, extracting_as_asked)
    train_images, test_images = arrays[TRAIN_IMAGES], arrays[TEST_IMAGES]
    train_scaled = arrays[TRAIN_IMAGES + ':float32']
    train_labels, test_labels = arrays[TRAIN_LABELS], arrays[TEST_LABELS]
    if one_hot:
        train_labels = dense_to_one_hot(train_labels, NUM_CLASSES)
        test_labels = dense_to_one_hot(test_labels, NUM_CLASSES)

    if not 0 <= validation_size <= len(train_images):
        raise ValueError('Validation size should be between 0 and {}. Received: {}.'
                         .format(len(train_images), validation_size))

    v = validation_size
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    train = _dataset(train_images[v:], train_scaled[v:], train_labels[v:], **options)
    validation = _dataset(train_images[:v], train_scaled[:v], train_labels[:v], **options)
    test = _dataset(test_images, arrays[TEST_IMAGES + ':float32'], test_labels, **options)
    return Datasets(train=train, validation=validation, test=test)


def load_mnist(train_dir='MNIST-data'):
    """TF 1.x's shorthand: ``read_data_sets(train_dir)``."""
    return read_data_sets(train_dir)
