"""The MNIST tutorial's old ``input_data.py`` (2015-2016), for migrated source.

Course folders carried copies of that module; it downloads MNIST from yann.lecun.com, which no
longer serves it, and fails on NumPy 2. ``python -m tf1_mnist.upgrade`` writes, in place of such
a copy, a module that imports this one: the old module's functions with their old forms
(``extract_images(filename)``, ``dense_to_one_hot(labels, num_classes=10)``,
``maybe_download``), reading the bundled MNIST when the data folder lacks the files, as the
runner gives them (``tf1_mnist.runner.engine.replacements.input_data_copy``).
"""

from tf1_mnist.runner.engine.replacements import input_data_copy as _copy

__all__ = list(_copy.__all__)


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    return getattr(_copy, name)


def __dir__():
    return sorted(set(globals()) | set(__all__))
