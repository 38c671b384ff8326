"""The TensorFlow 1 namespace that unmodified legacy scripts see, and the import hook behind it.

``python -m tf1_mnist.run SCRIPT.py`` makes ``import tensorflow as tf`` in the script (and in
the modules beside it) give ``tensorflow.compat.v1`` with the TF1 names it no longer has put
back where they can work:

* ``tensorflow.examples.tutorials.mnist.input_data`` and
  ``tensorflow.contrib.learn.python.learn.datasets.mnist`` are ``tf1_mnist.input_data``;
  ``tensorflow.examples.tutorials.mnist.mnist`` is ``tf1_mnist.tutorial_mnist``;
* ``tf.layers`` (and ``tf.nn.rnn_cell``) come from tf-keras, the ``legacy-layers`` extra;
* everything else TF2 removed (``tf.contrib.*``, ``tf.estimator``, pre-1.0 names) raises
  ``UnsupportedSymbolError``, which names the symbol and what to use instead.

Code installed in site-packages keeps the real ``tensorflow``: the hook looks at the file of
the module doing the import. ``classify`` needs no TensorFlow, so ``--check`` can use it on
source text alone.
"""

import builtins
import collections
import contextlib
import functools
import importlib
import importlib.util
import os
import sys
import sysconfig
import types

LEGACY_LAYERS_EXTRA = 'tf1_mnist[legacy-layers]'

# What a name of the TF1 API does under the runner: BLOCKED stops the run; NOTE works, and
# ``--check`` mentions it because it depends on the legacy-layers extra.
BLOCKED = 'blocked'
NOTE = 'note'

Verdict = collections.namedtuple('Verdict', 'kind symbol what advice')

# TF1 modules the runner provides itself, by their path under ``tensorflow``.
PROVIDED = {
    ('examples', 'tutorials', 'mnist', 'input_data'): 'tf1_mnist.input_data',
    ('examples', 'tutorials', 'mnist', 'mnist'): 'tf1_mnist.tutorial_mnist',
    ('contrib', 'learn', 'datasets', 'mnist'): 'tf1_mnist.input_data',
    ('contrib', 'learn', 'datasets', 'load_dataset'): 'tf1_mnist.legacy:load_dataset',
    ('contrib', 'learn', 'python', 'learn', 'datasets', 'mnist'): 'tf1_mnist.input_data',
    ('contrib', 'learn', 'python', 'learn', 'datasets', 'load_dataset'):
        'tf1_mnist.legacy:load_dataset',
}
NAMESPACES = frozenset(key[:n] for key in PROVIDED for n in range(1, len(key)))

# TF1 modules built on Keras layers: with Keras 3 they exist only through tf-keras.
NEEDS_LEGACY_LAYERS = (('layers',), ('nn', 'rnn_cell'))

CONTRIB_INSTEAD = {
    'layers': 'tf.layers with the legacy-layers extra, or tf.keras.layers',
    'slim': 'tf.layers with the legacy-layers extra, or tf.keras',
    'rnn': 'tf.nn.rnn_cell with the legacy-layers extra, or tf.keras.layers.LSTM and GRU',
    'learn': 'a tf.Session training loop or tf.keras (the MNIST datasets of '
             'tf.contrib.learn still work)',
    'metrics': 'tf.metrics',
    'losses': 'tf.losses',
    'framework': 'tf.train.get_or_create_global_step, tf.global_variables or '
                 'tf.train.init_from_checkpoint',
    'training': 'tf.train',
    'keras': 'tf.keras',
    'data': 'tf.data',
    'distributions': 'tensorflow_probability (tfp.distributions)',
    'tensorboard': 'tensorboard.plugins.projector from the tensorboard package',
}

# Names TensorFlow 1.0 renamed; course material older than 1.0 still uses them.
RENAMED_BEFORE_1_0 = {
    ('mul',): 'tf.multiply',
    ('sub',): 'tf.subtract',
    ('neg',): 'tf.negative',
    ('pack',): 'tf.stack',
    ('unpack',): 'tf.unstack',
    ('select',): 'tf.where',
    ('batch_matmul',): 'tf.matmul',
    ('scalar_summary',): 'tf.summary.scalar',
    ('histogram_summary',): 'tf.summary.histogram',
    ('image_summary',): 'tf.summary.image',
    ('audio_summary',): 'tf.summary.audio',
    ('merge_summary',): 'tf.summary.merge',
    ('merge_all_summaries',): 'tf.summary.merge_all',
    ('train', 'SummaryWriter'): 'tf.summary.FileWriter',
}

NOT_IN_TF2 = 'is not available in TensorFlow 2'


def _symbol(path, depth):
    return 'tf.' + '.'.join(path[:depth])


def _known_depth(path):
    """How many leading names of ``path`` the runner provides as namespaces."""
    depth = 0
    while depth < len(path) and path[:depth + 1] in NAMESPACES:
        depth += 1
    return depth


def classify(path, legacy_layers):
    """Say, from its name alone, whether ``tf.<path>`` works in a script under the runner.

    ``path`` is the tuple of names after ``tensorflow`` (``('contrib', 'layers', 'flatten')``);
    ``legacy_layers`` says whether the legacy-layers extra is usable. Returns None for names
    that work or that the table does not know (then ``tensorflow.compat.v1`` decides), else a
    Verdict whose ``symbol`` is the name to report (``tf.contrib.layers``).
    """
    path = tuple(path)
    if not path:
        return None
    if any(path[:len(key)] == key for key in PROVIDED) or path in NAMESPACES:
        return None
    for key in NEEDS_LEGACY_LAYERS:
        if path[:len(key)] == key:
            symbol = _symbol(path, len(key) + 1)
            if legacy_layers:
                return Verdict(NOTE, symbol, 'needs the legacy-layers extra (tf-keras), '
                               'which is installed', '')
            return Verdict(BLOCKED, symbol, 'needs the legacy-layers extra (tf-keras), which '
                           'is not installed',
                           "install it with: pip install '%s'" % LEGACY_LAYERS_EXTRA)
    if path[0] == 'contrib':
        known = _known_depth(path)
        depth = max(known + 1, 2)
        if 'datasets' in path[:known]:
            instead = "tf1_mnist.input_data's read_data_sets"
        else:
            instead = CONTRIB_INSTEAD.get(path[1], 'the tf.compat.v1 or tf.keras equivalent')
        return Verdict(BLOCKED, _symbol(path, depth), NOT_IN_TF2, 'use %s instead' % instead)
    if path[0] == 'estimator':
        return Verdict(BLOCKED, 'tf.estimator', 'is not available in TensorFlow 2.16 and later',
                       'use a tf.Session training loop, or tf.keras Model.fit, instead')
    if path[0] == 'examples':
        return Verdict(BLOCKED, _symbol(path, _known_depth(path) + 1), 'is not provided',
                       'of the TF1 examples only tensorflow.examples.tutorials.mnist.input_data '
                       'and .mnist are; copy the module you need beside the script')
    for key, instead in RENAMED_BEFORE_1_0.items():
        if path[:len(key)] == key:
            return Verdict(BLOCKED, _symbol(path, len(key)), 'was renamed in TensorFlow 1.0',
                           'use %s instead' % instead)
    return None


def not_in_compat_v1(path):
    """The verdict for a name that neither the table nor ``tensorflow.compat.v1`` knows."""
    return Verdict(BLOCKED, _symbol(path, len(path)),
                   'is not in the TensorFlow 1 API that TensorFlow 2 keeps (tf.compat.v1)',
                   'look up its replacement in the TensorFlow 1.15 API documentation')


class UnsupportedTF1Name(Exception):
    """A legacy script used a TF1 name that cannot work on TensorFlow 2; ``verdict`` says why."""

    def __init__(self, verdict, **kwargs):
        super().__init__('%s %s; %s' % (verdict.symbol, verdict.what, verdict.advice), **kwargs)
        self.verdict = verdict


class UnsupportedSymbolError(UnsupportedTF1Name, AttributeError):
    """Raised on ``tf.<name>``: an AttributeError, so ``hasattr(tf, 'estimator')`` is False."""


class UnsupportedModuleError(UnsupportedTF1Name, ModuleNotFoundError):
    """Raised on ``import tensorflow.<name>``: a ModuleNotFoundError, as TensorFlow 2 raises,
    so that a script's ``except ImportError`` fallback still runs."""


def legacy_layers_installed():
    """Whether tf-keras can be imported, found without importing it (it imports TensorFlow)."""
    try:
        return importlib.util.find_spec('tf_keras') is not None
    except (ImportError, ValueError):
        return False


def route_keras_to_tf_keras():
    """Make ``tf.layers`` and ``tf.compat.v1.keras`` use tf-keras, when it is installed.

    TensorFlow reads TF_USE_LEGACY_KERAS when Keras is first used, so this has to happen before
    TensorFlow is imported. Returns whether the legacy layers are available.
    """
    if not legacy_layers_installed():
        return False
    os.environ['TF_USE_LEGACY_KERAS'] = '1'
    return True


def load_dataset(name, size='small', test_with_fake_data=False):
    """``tf.contrib.learn.datasets.load_dataset``, for the one data set tf1_mnist carries."""
    if name != 'mnist':
        raise ValueError('Name of dataset is not found: %s (tf1_mnist provides only mnist)'
                         % name)
    from tf1_mnist import input_data
    return input_data.load_mnist()


# The TF1 modules of command-line flags: tf.flags and tf.app.flags.
FLAG_MODULES = (('flags',), ('app', 'flags'))


def _allowing_absl_flag_names(define):
    """Wrap a ``DEFINE_*`` function so a script may define a flag absl itself defines.

    Until TensorFlow 1.5, tf.app.flags was TensorFlow's own, and scripts defined names such as
    ``log_dir`` that absl.logging now owns; the script's flag replaces absl's.
    """
    from absl import flags as absl_flags

    @functools.wraps(define)
    def define_flag(*args, **kwargs):
        try:
            return define(*args, **kwargs)
        except absl_flags.DuplicateFlagError:
            name = args[0] if args else kwargs.get('name')
            flag_values = kwargs.get('flag_values', absl_flags.FLAGS)
            owner = flag_values.find_module_defining_flag(name) or ''
            if not owner.startswith('absl.'):
                raise
            delattr(flag_values, name)
            return define(*args, **kwargs)
    return define_flag


def _provided_object(path):
    module_name, _, attribute = PROVIDED[path].partition(':')
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


class LegacyModule(types.ModuleType):
    """One namespace of the TF1 API as a legacy script sees it: ``tf``, ``tf.train``, ...

    Names come from ``target``, the ``tensorflow.compat.v1`` module it stands for (None for
    namespaces TF2 no longer has), after what the runner provides itself. A name found is
    kept in this module's ``__dict__``, so each is looked up only once.
    """

    def __init__(self, api, path, target):
        super().__init__('.'.join(('tensorflow',) + path), getattr(target, '__doc__', None))
        self._tf1_api = api
        self._tf1_path = path
        self._tf1_target = target

    def __getattr__(self, name):
        if name.startswith('_'):
            if self._tf1_target is None:
                raise AttributeError('module %r has no attribute %r' % (self.__name__, name))
            return getattr(self._tf1_target, name)
        value = self._tf1_api.lookup(self._tf1_path + (name,), self._tf1_target)
        setattr(self, name, value)
        return value

    def __dir__(self):
        names = set(self.__dict__)
        if self._tf1_target is not None:
            names.update(dir(self._tf1_target))
        return sorted(name for name in names if not name.startswith('_tf1_'))


class LegacyAPI:
    """The ``tensorflow`` a legacy script imports: ``tensorflow.compat.v1`` plus TF1's extras."""

    def __init__(self, tensorflow, legacy_layers):
        self.tensorflow = tensorflow
        self.v1 = tensorflow.compat.v1
        self.legacy_layers = legacy_layers
        self.root = LegacyModule(self, (), self.v1)

    def lookup(self, path, target):
        """Return what ``tf.<path>`` is for a legacy script; ``target`` holds ``path[:-1]``."""
        if path in PROVIDED:
            return _provided_object(path)
        if path in NAMESPACES:
            return LegacyModule(self, path, None)
        if path == ('compat', 'v1'):
            return self.root
        if path == ('compat',):
            return LegacyModule(self, path, self.tensorflow.compat)
        if path in NEEDS_LEGACY_LAYERS and not self.legacy_layers:
            # ``tf.layers`` itself may be named; ``tf.layers.dense`` is what fails.
            return LegacyModule(self, path, None)
        verdict = classify(path, self.legacy_layers)
        if verdict is not None and verdict.kind == BLOCKED:
            raise UnsupportedSymbolError(verdict)
        try:
            if target is None:
                raise AttributeError(path[-1])
            value = getattr(target, path[-1])
        except AttributeError:
            real_submodule = sys.modules.get('tensorflow.' + '.'.join(path))
            if len(path) == 1 and real_submodule is not None:
                return real_submodule  # tensorflow.python and the like, imported by their path
            raise UnsupportedSymbolError(not_in_compat_v1(path)) from None
        if isinstance(value, types.ModuleType) and path[0] != 'compat':
            # tf.compat.v2 and its like stay as they are.
            return LegacyModule(self, path, value)
        if path[:-1] in FLAG_MODULES and path[-1].startswith('DEFINE') and callable(value):
            return _allowing_absl_flag_names(value)
        return value

    def holds(self, first_name):
        """Whether ``tensorflow.<first_name>...`` is resolved in this namespace, not imported."""
        if first_name in ('compat', 'contrib', 'estimator', 'examples'):
            return True
        if classify((first_name,), self.legacy_layers) is not None:
            return True
        return hasattr(self.v1, first_name)


class LegacyScope:
    """Decides which files are legacy code: those under the script's folder, except installed
    packages (a virtual environment may live there too) and tf1_mnist itself."""

    def __init__(self, root):
        self.root = self._normal(root)
        excluded = {self._normal(os.path.dirname(os.path.abspath(__file__)))}
        for prefix in (sys.prefix, sys.base_prefix, sys.exec_prefix):
            excluded.add(self._normal(prefix))
        for key in ('stdlib', 'platstdlib', 'purelib', 'platlib'):
            path = sysconfig.get_paths().get(key)
            if path:
                excluded.add(self._normal(path))
        self.excluded = tuple(excluded)
        self._cache = {}

    @staticmethod
    def _normal(path):
        return os.path.normcase(os.path.realpath(path))

    @staticmethod
    def _within(path, folder):
        return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)

    def __call__(self, filename):
        if not filename:
            return False
        try:
            return self._cache[filename]
        except KeyError:
            pass
        path = self._normal(filename)
        parts = path.split(os.sep)
        legacy = (self._within(path, self.root)
                  and 'site-packages' not in parts and 'dist-packages' not in parts
                  and not any(self._within(path, folder) and not self._within(self.root, folder)
                              for folder in self.excluded))
        self._cache[filename] = legacy
        return legacy


class LegacyImporter:
    """A ``builtins.__import__`` that gives legacy code the LegacyAPI for ``tensorflow``."""

    def __init__(self, api, scope, original=None):
        self.api = api
        self.scope = scope
        self.original = original or builtins.__import__

    def __call__(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and (name == 'tensorflow' or name.startswith('tensorflow.')):
            importer_globals = globals if globals is not None else sys._getframe(1).f_globals
            if self.scope(importer_globals.get('__file__')):
                return self._import_legacy(name, globals, locals, fromlist)
        return self.original(name, globals, locals, fromlist, level)

    def _import_legacy(self, name, globals, locals, fromlist):
        path = tuple(name.split('.')[1:])
        if path and not self.api.holds(path[0]):
            # tensorflow.python.framework and the like: the real modules.
            module = self.original(name, globals, locals, fromlist, 0)
            return module if fromlist else self.api.root
        node = self.api.root
        try:
            for part in path:
                node = getattr(node, part)
            for item in fromlist or ():
                if item != '*':
                    getattr(node, item)  # what cannot work fails here, with its own message
        except UnsupportedSymbolError as error:
            raise UnsupportedModuleError(error.verdict, name=name) from None
        return node if fromlist else self.api.root


@contextlib.contextmanager
def legacy_imports(api, scope):
    """Route ``import tensorflow`` in legacy code to ``api`` while the block runs."""
    original = builtins.__import__
    builtins.__import__ = LegacyImporter(api, scope, original)
    try:
        yield
    finally:
        builtins.__import__ = original
