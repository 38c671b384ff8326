"""Loads MNIST for the lessons (written in the style of the 2015 tutorial module)."""
import gzip
import os
import urllib.request

import numpy

SOURCE_URL = 'http://yann.lecun.com/exdb/mnist/'


def maybe_download(filename, work_directory):
    if not os.path.exists(work_directory):
        os.mkdir(work_directory)
    filepath = os.path.join(work_directory, filename)
    if not os.path.exists(filepath):
        filepath, _ = urllib.request.urlretrieve(SOURCE_URL + filename, filepath)
    return filepath


def _read32(bytestream):
    # One big-endian uint32, as an array: NumPy 2 refuses it as a size below.
    return numpy.frombuffer(bytestream.read(4), dtype=numpy.dtype('>u4'))


def extract_images(filename):
    print('Extracting', filename)
    with gzip.open(filename) as bytestream:
        _read32(bytestream)
        count, rows, cols = _read32(bytestream), _read32(bytestream), _read32(bytestream)
        data = numpy.frombuffer(bytestream.read(rows * cols * count), dtype=numpy.uint8)
        return data.reshape(count, rows, cols, 1)


def dense_to_one_hot(labels_dense, num_classes=10):
    one_hot = numpy.zeros((len(labels_dense), num_classes))
    one_hot[numpy.arange(len(labels_dense)), labels_dense] = 1
    return one_hot


def extract_labels(filename, one_hot=False):
    print('Extracting', filename)
    with gzip.open(filename) as bytestream:
        _read32(bytestream)
        count = _read32(bytestream)
        labels = numpy.frombuffer(bytestream.read(count), dtype=numpy.uint8)
        return dense_to_one_hot(labels) if one_hot else labels


class DataSet(object):
    def __init__(self, images, labels, fake_data=False):
        self._images = images.reshape(images.shape[0], -1).astype(numpy.float32) / 255.0
        self._labels = labels
        self._index = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    def next_batch(self, batch_size):
        start, self._index = self._index, self._index + batch_size
        return self._images[start:self._index], self._labels[start:self._index]


def read_data_sets(train_dir, fake_data=False, one_hot=False):
    class DataSets(object):
        pass
    sets = DataSets()
    train_images = extract_images(maybe_download('train-images-idx3-ubyte.gz', train_dir))
    train_labels = extract_labels(maybe_download('train-labels-idx1-ubyte.gz', train_dir), one_hot)
    test_images = extract_images(maybe_download('t10k-images-idx3-ubyte.gz', train_dir))
    test_labels = extract_labels(maybe_download('t10k-labels-idx1-ubyte.gz', train_dir), one_hot)
    sets.train = DataSet(train_images[5000:], train_labels[5000:])
    sets.validation = DataSet(train_images[:5000], train_labels[:5000])
    sets.test = DataSet(test_images, test_labels)
    return sets
