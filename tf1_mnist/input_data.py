"""A local, offline drop-in for ``tensorflow.examples.tutorials.mnist.input_data``.

It keeps the TF 1.x contract (``tensorflow/contrib/learn/python/learn/datasets/mnist.py``):
``read_data_sets`` returns ``Datasets(train, validation, test)`` of ``DataSet`` objects whose
``next_batch`` shuffles, rolls over epochs and counts ``epochs_completed`` exactly as TF 1.x did.

Differences from TF 1.x, all deliberate:

* the four MNIST files ship with the package, so nothing is downloaded unless the data
  directory lacks a file *and* the bundled copy is missing (or another ``source_url`` is asked
  for);
* downloads are checked (the IDX format always, MNIST's sha256 for the default source) and
  written atomically; a bad download is deleted;
* IDX files are parsed strictly, header first, with bounded memory, and every problem with a
  data file raises ``DataError`` (a ``ValueError``) whose one-line message names the file;
* a data file that is there but cannot be read is an error, never replaced by another copy;
* shuffling uses a ``numpy.random.Generator`` seeded from ``seed``; the global numpy RNG is
  never touched.

This module does not import TensorFlow (a TensorFlow dtype passed as ``dtype`` is accepted).
"""

import collections
import hashlib
import http.client
import json
import logging
import os
import re
import stat
import struct
import urllib.request
import zlib

import numpy

from tf1_mnist import atomic

__all__ = [
    'DEFAULT_SOURCE_URL', 'MAX_EXAMPLES', 'MIRRORS', 'DataError', 'DataSet', 'Datasets',
    'MNISTNotFoundError', 'cache_dir',
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


# The most examples an IDX file may announce (EMNIST's largest split, 697,932, fits). Memory
# for a file is bounded by what its header announces, so this bounds it too.
MAX_EXAMPLES = 1000000
# No gzip file of MAX_EXAMPLES images is larger (stored deflate adds 5 bytes per 64 KiB).
_MAX_FILE_BYTES = 16 + MAX_EXAMPLES * IMAGE_SIZE * IMAGE_SIZE + (1 << 20)


class DataError(ValueError):
    """A data file that cannot be used: unreadable, damaged, truncated, of the wrong kind or
    size. ``str()`` is one line naming the file and what is wrong."""


class MNISTNotFoundError(DataError, FileNotFoundError):
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


def _shown(path):
    """``path`` as text fit for a one-line message: undecodable bytes and control characters
    are written as escapes."""
    text = os.fsencode(path).decode('utf-8', 'backslashreplace')
    return text.translate(_CONTROL_ESCAPES)


_CONTROL_ESCAPES = {c: '\\x%02x' % c for c in list(range(32)) + [127]}


def _name_of(f):
    name = getattr(f, 'name', None)
    if isinstance(name, (str, bytes)) and name:
        return _shown(name)
    return repr(f)


_CHUNK = 1 << 20  # bytes read or inflated at a time: bounds the memory a hostile file can take
_GZIP_MAGIC = b'\x1f\x8b'


class _GzipStream(object):
    """Inflates a gzip file object a piece at a time, never more than asked for.

    Concatenated gzip members are one stream (as gzip reads them); anything else after the
    last member is an error, as is a stream cut short (zlib checks each member's CRC and
    length)."""

    def __init__(self, f, name):
        self._f = f
        self._name = name
        head = f.read(2)
        if len(head) == 0:
            raise DataError('%s is empty (expected a gzip-compressed IDX file)' % name)
        if head != _GZIP_MAGIC:
            raise DataError('%s is not a gzip file (expected a gzip-compressed IDX file)' % name)
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._input = head

    def _next_member(self):
        """At the end of a member: start the next one, or return False at the end of the file."""
        rest = self._inflate.unused_data
        while len(rest) < 2:
            more = self._f.read(_CHUNK)
            if not more:
                break
            rest += more
        if not rest:
            return False
        if rest[:2] != _GZIP_MAGIC:
            raise DataError('%s has data after the end of its gzip stream' % self._name)
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._input = rest
        return True

    def read(self, size):
        """Up to ``size`` inflated bytes; b'' only at the end of the gzip data."""
        while True:
            if self._inflate.eof and not self._next_member():
                return b''
            if not self._input:
                self._input = self._f.read(_CHUNK)
                if not self._input:
                    raise EOFError('the file ends before its gzip stream does')
            out = self._inflate.decompress(self._input, size)
            self._input = self._inflate.unconsumed_tail
            if out:
                return out


def _read_exactly(stream, size, digest):
    """Up to ``size`` inflated bytes as a uint8 array (shorter only at the end of the data)."""
    out = numpy.empty(size, dtype=numpy.uint8)
    view = memoryview(out)
    got = 0
    while got < size:
        piece = stream.read(min(_CHUNK, size - got))
        if not piece:
            return out[:got]
        view[got:got + len(piece)] = piece
        if digest is not None:
            digest.update(piece)
        got += len(piece)
    return out


def _check_header(fields, kind, name):
    """Check an IDX header against the file kind and MAX_EXAMPLES; return (count, shape)."""
    if kind == 'images':
        magic, count, rows, cols = fields
        if magic != IMAGE_MAGIC:
            raise DataError('Invalid magic number %d in MNIST image file: %s' % (magic, name))
        if (rows, cols) != (IMAGE_SIZE, IMAGE_SIZE):
            raise DataError('%s holds %dx%d images; MNIST images are %dx%d'
                            % (name, rows, cols, IMAGE_SIZE, IMAGE_SIZE))
        shape, what = (rows, cols, 1), 'images'
    else:
        magic, count = fields
        if magic != LABEL_MAGIC:
            raise DataError('Invalid magic number %d in MNIST label file: %s' % (magic, name))
        shape, what = (), 'labels'
    if count == 0:
        raise DataError('%s holds no examples (its header announces 0 %s)' % (name, what))
    if count > MAX_EXAMPLES:
        raise DataError('%s announces %d %s, more than the %d an MNIST-format file may hold'
                        % (name, count, what, MAX_EXAMPLES))
    return count, shape


def _read_idx(f, kind, name, digest=None):
    """Parse one gzip-compressed IDX file (``kind`` 'images' or 'labels') from file object ``f``.

    The header is read and checked first; then exactly the announced number of bytes is
    inflated, so memory stays bounded by the announced size (itself bounded by MAX_EXAMPLES)
    whatever the file inflates to. ``digest``, a hashlib object, sees every inflated byte.
    Every problem raises DataError naming the file."""
    header_size = 16 if kind == 'images' else 8
    try:
        stream = _GzipStream(f, name)
        header = stream.read(header_size)
        while 0 < len(header) < header_size:
            more = stream.read(header_size - len(header))
            if not more:
                break
            header += more
        if len(header) < header_size:
            raise DataError('%s is truncated: %d bytes, shorter than its %d-byte IDX header'
                            % (name, len(header), header_size))
        if digest is not None:
            digest.update(header)
        count, shape = _check_header(struct.unpack('>%dI' % (header_size // 4), header),
                                     kind, name)
        size = count * int(numpy.prod(shape, dtype=numpy.int64))
        what = ('%d images of %dx%d' % (count, shape[0], shape[1]) if kind == 'images'
                else '%d labels' % count)
        data = _read_exactly(stream, size, digest)
        if data.size < size:
            raise DataError('%s is truncated: header announces %s (%d bytes) but only %d bytes '
                            'follow' % (name, what, size, data.size))
        extra = len(stream.read(_CHUNK))
        if extra:
            more = stream.read(1)
            raise DataError('%s is over-long: header announces %s (%d bytes) but %s%d bytes '
                            'follow' % (name, what, size, 'more than ' if more else '',
                                        size + extra))
    except EOFError as e:
        raise DataError('%s is not a valid gzip file: %s (it is truncated)' % (name, e)) from None
    except zlib.error as e:
        raise DataError('%s is not a valid gzip file: %s' % (name, e)) from None
    except OSError as e:
        raise DataError('%s cannot be read: %s' % (name, _reason(e))) from None
    if kind == 'images':
        return data.reshape((count,) + shape)
    if data.max() >= NUM_CLASSES:
        bad = int(numpy.argmax(data >= NUM_CLASSES))
        raise DataError('%s has label %d at index %d; labels must be 0..%d'
                        % (name, data[bad], bad, NUM_CLASSES - 1))
    return data


def _reason(error):
    """The one-line reason of an OSError, without the path it repeats."""
    if getattr(error, 'strerror', None):
        return error.strerror
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def extract_images(f):
    """Extract the images of a gzipped IDX file object into a uint8 array [index, y, x, depth]."""
    name = _name_of(f)
    print('Extracting', name)
    return _read_idx(f, 'images', name)


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
    labels = _read_idx(f, 'labels', name)
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

    # Read-only, as in TF 1.x.
    images = property(lambda self: self._images)
    labels = property(lambda self: self._labels)
    num_examples = property(lambda self: self._num_examples)
    epochs_completed = property(lambda self: self._epochs_completed)

    def _shuffle(self):
        perm = self._rng.permutation(self._num_examples)
        self._images = self._images[perm]
        self._labels = self._labels[perm]
        self._order = self._order[perm]

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """Return the next ``batch_size`` examples from this data set.

        Batches are never short: at the end of an epoch the remaining examples are joined to
        the head of the next (freshly shuffled) epoch, and ``epochs_completed`` counts up then.
        ``batch_size`` must be at least 1.
        """
        if batch_size < 1:
            raise ValueError('batch_size must be at least 1, got %r' % (batch_size,))
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
        """Restore a position returned by ``get_state`` (of a DataSet over the same examples).

        A position that cannot be this DataSet's raises ValueError (one line) and changes
        nothing: entries missing, an order that is not a permutation of its examples
        (duplicate or out-of-range indices), counters out of range, a bad generator state."""
        try:
            order = numpy.asarray(state['order'])
            epochs, index = state['epochs_completed'], state['index_in_epoch']
            rng_state = state['rng']
        except (KeyError, TypeError, IndexError) as e:
            raise ValueError('saved data position is incomplete (no %s)' % e) from None
        n = self._num_examples
        if order.shape != self._order.shape:
            raise ValueError('saved data position is for %d examples, this DataSet has %d'
                             % (order.size, n))
        if order.dtype.kind not in 'iu' or not numpy.array_equal(
                numpy.sort(order), numpy.arange(n)):
            raise ValueError('saved data position is not an order of the %d examples: its '
                             'indices repeat or fall outside 0..%d' % (n, n - 1))
        for what, value, top in (('epochs_completed', epochs, None),
                                 ('index_in_epoch', index, n)):
            if isinstance(value, bool) or not isinstance(value, (int, numpy.integer)) or \
                    value < 0 or (top is not None and value > top):
                raise ValueError('saved data position has %s %r; expected an integer in %s'
                                 % (what, value, '0..%d' % top if top is not None else '0..'))
        probe = type(self._rng.bit_generator)()
        try:
            probe.state = rng_state
        except (TypeError, ValueError, KeyError) as e:
            reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise ValueError('saved data position has an unusable generator state (%s)'
                             % reason) from None
        inverse = numpy.empty_like(self._order)
        inverse[self._order] = numpy.arange(n)
        rows = inverse[order]
        self._images = self._images[rows]
        self._labels = self._labels[rows]
        self._order = order.copy()
        self._epochs_completed = int(epochs)
        self._index_in_epoch = int(index)
        self._rng.bit_generator.state = rng_state


def _fetch(url, path):
    """Stream ``url`` into ``path``, at most _MAX_FILE_BYTES; check a Content-Length."""
    with urllib.request.urlopen(url, timeout=30) as response, open(path, 'wb') as out:
        announced = response.headers.get('Content-Length') if response.headers else None
        received = 0
        while True:
            piece = response.read(_CHUNK)
            if not piece:
                break
            received += len(piece)
            if received > _MAX_FILE_BYTES:
                raise DataError('more than %d bytes, larger than any MNIST-format file'
                                % _MAX_FILE_BYTES)
            out.write(piece)
    if announced is not None and announced.isdigit() and int(announced) != received:
        raise DataError('got %d bytes of the %s announced' % (received, announced))
    return received


def _download(name, train_dir, urls):
    """Fetch ``name`` from the first URL that gives a good file; return (path, array).

    Each download is streamed into a temporary file beside its target and parsed there as the
    IDX file it must be (and, from the default source and its mirrors, checked against MNIST's
    sha256); only a good file is renamed into place, anything else is deleted.
    Raises MNISTNotFoundError when no URL gives a good file."""
    target = os.path.join(train_dir, name)
    errors = []
    for base_url in urls:
        url = base_url + name
        try:
            with atomic.atomic_path(target) as tmp:
                received = _fetch(url, tmp)
                digest = hashlib.sha256()
                with open(tmp, 'rb') as f:
                    array = _read_idx(f, _KINDS[name], url, digest)
                if base_url in _DEFAULT_SOURCES and digest.hexdigest() != SHA256[name]:
                    raise DataError('sha256 of the decompressed payload is %s, expected %s'
                                    % (digest.hexdigest(), SHA256[name]))
        except (OSError, ValueError, http.client.HTTPException) as e:
            errors.append('%s (%s)' % (url, _reason(e) if isinstance(e, OSError)
                                       and not isinstance(e, DataError) else e))
            continue
        print('Successfully downloaded', name, received, 'bytes.')
        return target, array
    raise MNISTNotFoundError(
        '%s not found: not in %s, no copy bundled with tf1_mnist%s, and no download worked: %s. '
        'Fix: copy the four MNIST .gz files into %s, or reinstall tf1_mnist (its package '
        'carries MNIST).' % (name, _shown(train_dir),
                             '' if urls == _DEFAULT_SOURCES else ' for this source_url',
                             '; '.join(errors), _shown(train_dir)))


_DEFAULT_SOURCES = (DEFAULT_SOURCE_URL,) + MIRRORS
_KINDS = {TRAIN_IMAGES: 'images', TEST_IMAGES: 'images',
          TRAIN_LABELS: 'labels', TEST_LABELS: 'labels'}


def _present(path):
    """Whether a data file is at ``path``: False only when nothing is there at all.

    Anything there that cannot be read as a file (a folder, a dangling symlink, a symlink loop,
    a folder on the way that cannot be searched, a FIFO or device) raises DataError naming it:
    it must never be silently replaced by another copy."""
    shown = _shown(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        try:
            os.lstat(path)
        except FileNotFoundError:
            return False
        except OSError as e:
            raise DataError('%s cannot be read: %s' % (shown, _reason(e))) from None
        raise DataError('%s is a symbolic link to a file that does not exist' % shown) from None
    except OSError as e:
        raise DataError('%s cannot be read: %s' % (shown, _reason(e))) from None
    if stat.S_ISDIR(st.st_mode):
        raise DataError('%s is a folder, expected a gzip-compressed IDX file' % shown)
    if not stat.S_ISREG(st.st_mode):
        raise DataError('%s is not a regular file, expected a gzip-compressed IDX file' % shown)
    return True


def _locate(name, train_dir, source_url):
    """Return (path, parsed array or None) of one MNIST file.

    As TF 1.x's ``maybe_download``: a file already in ``train_dir`` is used (and must be
    valid); a missing one comes from the bundled copy when ``source_url`` is the default source
    (that copy *is* the default source's content), else it is downloaded into ``train_dir``.
    Only an absent file falls back; one that is there but cannot be read is an error.
    """
    path = os.path.join(train_dir, name)
    if _present(path):
        return path, None
    if source_url == DEFAULT_SOURCE_URL:
        bundled = bundled_data_dir()
        if bundled is not None:
            return os.path.join(bundled, name), None
        urls = _DEFAULT_SOURCES
    else:
        urls = (source_url,)
    return _download(name, train_dir, urls)


def _open_data(path):
    """Open a data file for reading; DataError naming it when it cannot be."""
    try:
        return open(path, 'rb')
    except OSError as e:
        raise DataError('%s cannot be read: %s' % (_shown(path), _reason(e))) from None


def read_idx_file(path, kind):
    """The array of one MNIST-format file, ``kind`` 'images' or 'labels', checked as
    ``read_data_sets`` checks it (outside TF1's contract, hence not in ``__all__``)."""
    with _open_data(path) as f:
        if os.fstat(f.fileno()).st_size > _MAX_FILE_BYTES:
            raise DataError('%s is larger than any MNIST-format file (more than %d bytes)'
                            % (_shown(path), _MAX_FILE_BYTES))
        return _read_idx(f, kind, _shown(path))


# Decoded arrays are cached (as .npy files, memory-mapped) so that reading MNIST costs
# milliseconds instead of a gzip inflate and a float conversion.
#
# Each set of decoded arrays is one entry folder, ``tf1-mnist-v<version>-<key>``, keyed by the
# sha256 of the four compressed files' contents (not their names or dates). The folder holds a
# marker file (written first) and a manifest with each array's shape, dtype and checksum
# (written last); an entry is served only when every array matches its manifest, and rebuilt
# otherwise. Only folders with that name *and* that marker are ever removed, file by file, and
# only the files the cache writes: the cache folder may be shared with anything else.
_CACHE_VERSION = 2
_CACHE_ENTRY = re.compile(r'^tf1-mnist-v[0-9]+-[0-9a-f]{32}$')
_CACHE_MARKER = '.tf1_mnist_cache'
_CACHE_MARKER_TEXT = b'tf1_mnist decoded-array cache entry; safe to delete\n'
_CACHE_MANIFEST = 'manifest.json'
_CACHE_KEEP = 4  # entries kept; older ones (changed or moved files) are removed
_CACHE_OFF = ('', '0', 'off', 'false', 'no')

_log = logging.getLogger(__name__)
# The package's own notes (where the cache is) are for --verbose only: a script that turns on
# INFO logging for everything (tf.logging.set_verbosity) must not see them.
_package_log = logging.getLogger('tf1_mnist')
if _package_log.level == logging.NOTSET:
    _package_log.setLevel(logging.WARNING)


def cache_dir():
    """Where decoded arrays are cached (an absolute path), or None when caching is off.

    ``TF1_MNIST_CACHE`` names the folder (a relative path is taken from the working folder
    now); ``0``, ``off``, ``false``, ``no`` or an empty value turn caching off. Unset, it is
    ``$XDG_CACHE_HOME/tf1_mnist`` or ``~/.cache/tf1_mnist``."""
    setting = os.environ.get('TF1_MNIST_CACHE')
    if setting is not None:
        if setting.strip().lower() in _CACHE_OFF:
            return None
        return os.path.abspath(os.path.expanduser(setting))
    base = os.environ.get('XDG_CACHE_HOME', '')
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        base = os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'tf1_mnist')


def _file_digest(path):
    """sha256 of a data file's bytes."""
    digest = hashlib.sha256()
    with _open_data(path) as f:
        try:
            while True:
                piece = f.read(_CHUNK)
                if not piece:
                    break
                digest.update(piece)
        except OSError as e:
            raise DataError('%s cannot be read: %s' % (_shown(path), _reason(e))) from None
    return digest.hexdigest()


def _cache_key(paths):
    parts = ['tf1_mnist', str(_CACHE_VERSION)] + [_file_digest(paths[name]) for name in FILES]
    return hashlib.sha256(':'.join(parts).encode('ascii')).hexdigest()[:32]


def _cache_entries():
    entries = {name: name.replace('.gz', '.npy') for name in FILES}
    for name in (TRAIN_IMAGES, TEST_IMAGES):
        entries[name + ':float32'] = name.replace('.gz', '.float32.npy')
    return entries


def _checksum(array):
    """A fast checksum of an array's bytes: the wrapping uint64 sums of its 4 KiB blocks, plain
    and weighted by position, and a CRC of the tail. Any changed word, a moved block or a
    truncation changes it; computing it reads the array once (milliseconds for MNIST)."""
    data = numpy.ascontiguousarray(array).reshape(-1).view(numpy.uint8)
    whole = data.size - data.size % 4096
    blocks = data[:whole].view('<u8').reshape(-1, 512).sum(axis=1, dtype=numpy.uint64)
    weights = numpy.arange(1, blocks.size + 1, dtype=numpy.uint64)
    with numpy.errstate(over='ignore'):
        plain = int(blocks.sum(dtype=numpy.uint64))
        weighted = int((blocks * weights).sum(dtype=numpy.uint64))
    return '%016x%016x%08x' % (plain, weighted, zlib.crc32(data[whole:].tobytes()))


def _describe(array):
    return {'shape': list(array.shape), 'dtype': array.dtype.str, 'checksum': _checksum(array)}


def _is_cache_entry(path):
    """Whether ``path`` is a cache entry folder the cache wrote: the name, a real folder (not a
    symlink), and the marker file inside."""
    if not _CACHE_ENTRY.match(os.path.basename(path)):
        return False
    try:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            return False
        marker = os.path.join(path, _CACHE_MARKER)
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            return False
        with open(marker, 'rb') as f:
            return f.read(len(_CACHE_MARKER_TEXT) + 1) == _CACHE_MARKER_TEXT
    except OSError:
        return False


def _remove_cache_entry(path):
    """Remove a cache entry: the files the cache writes (never through a symlink), then the
    folder when nothing else is left in it."""
    if not _is_cache_entry(path):
        return
    ours = set(_cache_entries().values()) | {_CACHE_MANIFEST}
    try:
        for name in os.listdir(path):
            full = os.path.join(path, name)
            if (name in ours or atomic.is_temp_name(name)) and stat.S_ISREG(
                    os.lstat(full).st_mode):
                os.unlink(full)
        if os.listdir(path) == [_CACHE_MARKER]:
            os.unlink(os.path.join(path, _CACHE_MARKER))
            os.rmdir(path)
    except OSError:
        pass


def _tidy_cache(root, current):
    """Remove stale temporary files from the cache's entries and all but the newest
    _CACHE_KEEP entries (``current`` is always kept). Nothing else in ``root`` is touched."""
    try:
        names = os.listdir(root)
    except OSError:
        return
    entries = []
    for name in names:
        path = os.path.join(root, name)
        if not _is_cache_entry(path):
            continue
        atomic.remove_stale_temp_files(path)
        try:
            entries.append((os.lstat(os.path.join(path, _CACHE_MARKER)).st_mtime, path))
        except OSError:
            pass
    entries.sort(reverse=True)
    others = [path for _, path in entries if path != current]
    for path in others[_CACHE_KEEP - 1:]:
        _remove_cache_entry(path)


def _read_cache(folder):
    """The cached arrays of an entry, or None when any is missing or does not match its
    manifest (shape, dtype, checksum)."""
    if not _is_cache_entry(folder):
        return None
    try:
        with open(os.path.join(folder, _CACHE_MANIFEST), 'rb') as f:
            manifest = json.loads(f.read().decode('utf-8'))
        if manifest.get('version') != _CACHE_VERSION:
            return None
        arrays = {}
        for key, entry in _cache_entries().items():
            array = numpy.load(os.path.join(folder, entry), mmap_mode='c', allow_pickle=False)
            if _describe(array) != manifest['arrays'][entry]:
                return None
            arrays[key] = array
    except Exception:  # numpy's header parser alone raises several kinds
        return None  # a missing, truncated, patched or foreign file: decode afresh
    try:
        os.utime(os.path.join(folder, _CACHE_MARKER))  # recently used: evicted last
    except OSError:
        pass
    return arrays


def _write_cache(folder, arrays):
    """Write ``arrays`` as a cache entry. A read-only or full disk only costs speed: on any
    error the entry is removed again (temporary files never stay)."""
    try:
        os.makedirs(folder, exist_ok=True)
        if not _is_cache_entry(folder):
            atomic.write_bytes(os.path.join(folder, _CACHE_MARKER), _CACHE_MARKER_TEXT)
        manifest = {'version': _CACHE_VERSION, 'arrays': {}}
        for key, entry in _cache_entries().items():
            with atomic.atomic_path(os.path.join(folder, entry)) as tmp:
                numpy.save(tmp, arrays[key])
            manifest['arrays'][entry] = _describe(arrays[key])
        atomic.write_bytes(os.path.join(folder, _CACHE_MANIFEST),
                           json.dumps(manifest, indent=1).encode('utf-8'))
    except OSError as e:
        _log.info('decoded arrays not cached in %s: %s', _shown(folder), _reason(e))
        _remove_cache_entry(folder)


def _scaled(images):
    """uint8 [N, rows, cols, 1] to float32 [N, rows*cols] in [0, 1], multiplied by 1/255
    exactly as TF 1.x did (dividing gives different last bits)."""
    out = images.reshape(images.shape[0], -1).astype(numpy.float32)
    numpy.multiply(out, numpy.float32(1.0 / 255.0), out=out)
    return out


def _decode(paths, parsed):
    arrays = {}
    for name in FILES:
        array = parsed[name]
        arrays[name] = read_idx_file(paths[name], _KINDS[name]) if array is None else array
    for images, labels in ((TRAIN_IMAGES, TRAIN_LABELS), (TEST_IMAGES, TEST_LABELS)):
        if arrays[images].shape[0] != arrays[labels].shape[0]:
            raise DataError('%s holds %d images but %s holds %d labels; the counts must match'
                            % (_shown(paths[images]), arrays[images].shape[0],
                               _shown(paths[labels]), arrays[labels].shape[0]))
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
        print('Extracting', _shown(os.path.join(train_dir, name) if as_asked
                                   else paths[name]))
    if as_asked and any(paths[name] != os.path.join(train_dir, name) for name in FILES):
        print('(%s does not hold MNIST: the copy bundled with tf1_mnist was read)'
              % _shown(train_dir))
    root = cache_dir()  # resolved once: a relative setting means the working folder now
    folder = None
    if root is not None:
        folder = os.path.join(root, 'tf1-mnist-v%d-%s' % (_CACHE_VERSION, _cache_key(paths)))
        _log.info('decoded-array cache: %s', _shown(folder))
        _tidy_cache(root, folder)
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
    works: it is parsed strictly, ``DataError`` naming the file if it is damaged or cannot be
    read), else, when it is absent, from the copy bundled with tf1_mnist (for the default
    ``source_url``), and only then downloaded into ``train_dir``. Validation is the first
    ``validation_size`` training examples.
    ``extracting_as_asked`` prints the ``Extracting`` lines with ``train_dir``'s paths, as TF 1.x
    did, and says when the bundled copy was read instead (the runner of old scripts asks so).
    """
    if fake_data:
        def fake():
            return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)
        return Datasets(train=fake(), validation=fake(), test=fake())

    dtype = _image_dtype(dtype)  # fail on a bad dtype before reading anything
    arrays = _load_arrays(os.fsdecode(train_dir), source_url, extracting_as_asked)
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
