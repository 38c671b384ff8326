"""What each TensorFlow 1 name does under the runner: the one table that the runner, ``--check``
and the compatibility table (docs/compatibility.md) read.

The table is ``ENTRIES``, a tuple of ``Entry``; ``FAMILIES`` groups them into the rows of the
compatibility table (``python -m tf1_mnist.runner.engine.table`` prints it in Markdown). An entry's
``path`` is the dotted name after ``tensorflow`` (``'contrib.layers'``); it covers that name and
every name below it, unless a longer entry covers the name. A name no entry covers is whatever
``tensorflow.compat.v1`` has. An entry either provides the name or refuses it:

* ``provider``: where the name comes from. Either ``'tf.<path>'``, another name of the TF1 API
  as the runner gives it (a renamed name: ``Entry('mul', provider='tf.multiply', note=...)``),
  or ``'package.module'`` / ``'package.module:attribute'``, an object of tf1_mnist.
* ``requires`` and ``extra``: the top-level modules the provider needs (``('tf_slim',)``) and
  the tf1_mnist extra that installs them (``'legacy-layers'``); ``PACKAGES`` maps each module to
  the name pip knows it by. Without them the name is refused with the install command; with
  them ``--check`` keeps a note. An entry with ``requires`` and no ``provider`` is a name of
  ``tensorflow.compat.v1`` that needs the module (``tf.layers`` needs tf-keras).
* ``advice`` (and ``what``): for a refused name, what to use instead, written for that name.
  An entry with a provider may have advice too: it is given for a name below the entry that
  the provider lacks.
* ``note``: what ``--check`` says about a name that works but reads differently in TF 1.x (a
  renamed name).
* ``old_order`` and ``positional_from``: for a function whose arguments TensorFlow 1.0
  reordered, the TF 0.x order of its arguments; ``--check`` notes a call with at least
  ``positional_from`` positional arguments, which the provider reads in that order when the
  argument types say so.
* ``keywords``: the ``(old, new)`` keyword names of a function that TensorFlow renamed; the
  provider (or ``tensorflow.compat.v1`` itself, when the entry has none) accepts the old ones,
  and ``--check`` notes them.
* ``upgrade``: what ``python -m tf1_mnist.upgrade`` writes for the name in the migrated
  source, an ``Upgrade``: the name (``'tf.<path>'`` or ``'module'``) that ``tf.<path>`` becomes
  there, and the names below it that go elsewhere. Without it a renamed name (a ``'tf.'``
  provider) becomes its provider, a name that only ``tensorflow.compat.v1`` needs stays, and a
  name the runner provides or refuses is left as it was and listed as not converted.

Adding a replacement implementation of a removed TF1 API
--------------------------------------------------------
1. Write ``tf1_mnist/runner/engine/replacements/<family>.py`` (e.g. ``contrib_layers.py``). It
   stands for one TF1 module: the names it provides are exactly those listed in its ``__all__`` (a
   literal list of strings: ``--check`` reads it from the source without importing anything),
   each behaving as the TF 1.x name did. It may import TensorFlow at module level (it is
   imported only when a script first uses the name) and must take the TF1 API from
   ``tensorflow.compat.v1``.
2. Add one entry to ``ENTRIES``, e.g.::

       Entry('contrib.layers', provider='tf1_mnist.runner.engine.replacements.contrib_layers',
             requires=('tf_slim',), extra='legacy-layers',
             advice='use tf.layers with the legacy-layers extra, or tf.keras.layers, instead')

   A script's ``tf.contrib.layers`` (and ``import tensorflow.contrib.layers``, ``from
   tensorflow.contrib.layers import ...``) is then that module: ``tf.contrib.layers.flatten``
   is its ``flatten``, and a name missing from its ``__all__`` is refused, naming itself, with
   ``advice``. Several TF1 paths may share one module (``contrib.slim`` and ``contrib.layers``).
   A single object is ``provider='tf1_mnist.runner.engine.replacements.<family>:<name>'``; a longer
   entry overrides part of a shorter one (``contrib.framework.arg_scope`` provided while the
   rest of ``contrib.framework`` stays refused). New third-party modules go into ``PACKAGES``
   and the extra into ``setup.cfg``.
3. Put the entry in its family's row of ``FAMILIES`` (or add a row), then regenerate the
   compatibility table (``python -m tf1_mnist.runner.engine.table``); a test checks they agree.
4. Test the replacement against what TF 1.x did (its documented defaults, or numbers computed
   independently), and with a script in ``tests/legacy_scripts`` run under the runner.
5. Give the entry an ``upgrade`` where TensorFlow 2 (or the extra's package) has the name under
   another name, so that ``python -m tf1_mnist.upgrade`` writes that name, and say in its
   family's ``upgrade`` text what is written.

Two more kinds of replacement stand outside ``tensorflow``: ``STAND_INS``, functions of other
modules (``urllib.request.urlretrieve``, Keras's ``mnist.load_data``) that the runner replaces
for callers in legacy code only, by a provider called with the original function first; and
``COPIES``, modules that course folders carry as copies of an old TensorFlow module, recognised
from their source (``copy_of``) and replaced as a whole by a provider module. ``--check`` notes
both, from the same tuples.

Nothing here imports TensorFlow, so ``--check`` can use the table on source text alone.
"""

import ast
import collections
import dataclasses
import functools
import importlib.util
import re
import sys

PROVIDED_BY_TF1_MNIST = 'tf1_mnist'

# What a name of the TF1 API does under the runner: BLOCKED stops the run; NOTE works, and
# ``--check`` mentions it.
BLOCKED = 'blocked'
NOTE = 'note'

Verdict = collections.namedtuple('Verdict', 'kind symbol what advice')

NOT_IN_TF2 = 'is not available in TensorFlow 2'

# Top-level modules that entries require, and the distribution pip installs them from.
PACKAGES = {
    'tf_keras': 'tf-keras',
    'tf_slim': 'tf-slim',
    'tensorflow_estimator': 'tensorflow-estimator',
    'tensorflow_probability': 'tensorflow-probability',
    'tensorboard': 'tensorboard',
}

# Modules whose provider module is seen by scripts as a TF1 module, names limited to __all__.
REPLACEMENTS = 'tf1_mnist.runner.engine.replacements'


@dataclasses.dataclass(frozen=True)
class CallChange:
    """How a call of a name changes in migrated source, where the old name's defaults or
    arguments differ from the new one's: ``keywords``, ``(keyword, source text)`` added where
    the call does not give them (an old default made explicit); ``dropped``, keywords the old
    name took and ignored that the new one refuses; ``positional``, the most positional
    arguments that mean the same in both (a call with more is marked)."""

    keywords: tuple = ()
    dropped: tuple = ()
    positional: int = None


@dataclasses.dataclass(frozen=True)
class Upgrade:
    """What the migrated source says for a name: ``to`` (``'tf.nn.rnn_cell'``, ``'tf_slim'``,
    ``'module:attribute'``), the name it becomes, names below it included
    (``tf.contrib.rnn.GRUCell`` becomes ``tf.nn.rnn_cell.GRUCell``); ``names``, ``(name, to)``
    pairs for names below it that go elsewhere (``('static_rnn', 'tf.nn.static_rnn')``);
    ``argument``, for a function, the literal first argument a call must have to be converted,
    left out of the migrated call (``'mnist'`` of ``load_dataset('mnist')``); ``calls``,
    ``(name, CallChange)`` pairs for names below it whose calls change."""

    to: str
    names: tuple = ()
    argument: str = None
    calls: tuple = ()


@dataclasses.dataclass(frozen=True)
class Entry:
    """One line of the table: what the TF1 name ``tf.<path>`` (and the names below it) does."""

    path: str
    provider: str = None
    requires: tuple = ()
    extra: str = None
    advice: str = None
    what: str = NOT_IN_TF2
    note: str = None
    old_order: tuple = None
    positional_from: int = 1
    keywords: tuple = ()
    upgrade: Upgrade = None

    @property
    def key(self):
        return tuple(self.path.split('.'))

    @property
    def refused(self):
        return self.provider is None and self.advice is not None

    @property
    def provides_module(self):
        """Whether the provider is a module standing for a TF1 module (names from ``__all__``)."""
        return self.provider is not None and is_replacement_module(self.provider)


def is_replacement_module(provider):
    return provider.startswith(REPLACEMENTS + '.') and ':' not in provider


def _renamed(old, new):
    return Entry(old, provider='tf.' + new,
                 note='was renamed to tf.%s in TensorFlow 1.0; it works as that name' % new)


LEGACY_LAYERS = dict(requires=('tf_keras',), extra='legacy-layers')
CONTRIB = dict(requires=('tf_slim', 'tf_keras'), extra='contrib')
ESTIMATOR = dict(requires=('tensorflow_estimator', 'tf_keras'), extra='estimator')
ARGUMENT_ORDER = REPLACEMENTS + '.argument_order'
MNIST_DATA = REPLACEMENTS + '.tutorial_mnist_data'
INPUT_DATA = Upgrade('tf1_mnist.input_data')
# tf-slim with the runner's repairs, and contrib.learn's estimators, as public modules.
SLIM = 'tf1_mnist.slim'
CONTRIB_LEARN = 'tf1_mnist.contrib_learn'
LOAD_MNIST = Upgrade('tf1_mnist.input_data:load_mnist', argument='mnist')
REDUCTION = (('reduction_indices', 'axis'), ('keep_dims', 'keepdims'))

# MNIST from the network, and TF 0.x's tensorflow.models.rnn: entries, stand-ins and copies.
# Course scripts fetch MNIST in ways that all end in a download (an old copy of the tutorial's
# input_data.py, Keras's load_data, their own urlretrieve of MNIST's files); under the runner
# each is served from the bundled MNIST, with one line saying so.
MODELS_RNN = REPLACEMENTS + '.models_rnn'
KERAS_MNIST_NOTE = ('downloads mnist.npz; under the runner it returns the same arrays from the '
                    'bundled MNIST (a valid mnist.npz already in Keras\'s cache is read as before)')
KERAS_MNIST_UPGRADE = 'tf1_mnist.keras_mnist'
MULTI_RNN_CELL_UPGRADE = 'tf1_mnist.multi_rnn_cell:MultiRNNCell'
# Packages of the TF1 API that only hold entries (``from tensorflow.examples.tutorials import
# mnist``, then ``mnist.input_data``): what the upgrade writes for the package itself.
UPGRADE_NAMESPACES = {'examples.tutorials.mnist': Upgrade('tf1_mnist'),
                      'g3doc.tutorials.mnist': Upgrade('tf1_mnist')}
# Modules outside tensorflow that the upgrade writes as another (standalone Keras's MNIST).
OTHER_UPGRADES = {'keras.datasets.mnist': KERAS_MNIST_UPGRADE}
DOWNLOAD_ENTRIES = (
    Entry('keras.datasets.mnist', note=KERAS_MNIST_NOTE, upgrade=Upgrade(KERAS_MNIST_UPGRADE)),
    Entry('keras.datasets.mnist.load_data', note=KERAS_MNIST_NOTE,
          upgrade=Upgrade(KERAS_MNIST_UPGRADE + ':load_data')),
    # TF 0.x: ``from tensorflow.models.rnn import rnn, rnn_cell`` (gone in TF 1.0).
    Entry('models.rnn.rnn', provider=MODELS_RNN,
          upgrade=Upgrade('tf.nn', (('rnn', 'tf.nn.static_rnn'),
                                    ('bidirectional_rnn', 'tf.nn.static_bidirectional_rnn'),
                                    ('state_saving_rnn', 'tf.nn.static_state_saving_rnn'))),
          note='is TF 0.x\'s module of RNN functions; it works as tf.nn.static_rnn and the rest',
          advice='use tf.nn.static_rnn, tf.nn.static_bidirectional_rnn or tf.nn.dynamic_rnn '
                 'instead'),
    # Its cells are tf.nn.rnn_cell's, with TF 0.x's state_is_tuple=False and its unused
    # input_size (second in the argument lists) left out.
    Entry('models.rnn.rnn_cell', provider=MODELS_RNN + '_cell', **LEGACY_LAYERS,
          upgrade=Upgrade('tf.nn.rnn_cell', calls=(
              ('BasicLSTMCell', CallChange((('state_is_tuple', 'False'),), ('input_size',), 2)),
              ('LSTMCell', CallChange((('state_is_tuple', 'False'),), ('input_size',), 1)),
              ('MultiRNNCell', CallChange((('state_is_tuple', 'False'),), (), 1)),
              ('BasicRNNCell', CallChange((), ('input_size',), 1)),
              ('GRUCell', CallChange((), ('input_size',), 1)))),
          advice='use the cells of tf.nn.rnn_cell instead'),
    Entry('models.rnn.rnn_cell.linear', what='was removed in TensorFlow 1.0',
          advice='use tf.layers.dense on the concatenated inputs instead'),
    Entry('models.rnn.rnn_cell.OutputProjectionWrapper', what='was removed in TensorFlow 1.0',
          advice="apply tf.layers.dense to the cell's outputs instead"),
    Entry('models.rnn.rnn_cell.InputProjectionWrapper', what='was removed in TensorFlow 1.0',
          advice="apply tf.layers.dense to the cell's inputs instead"),
    Entry('models.rnn.rnn_cell.EmbeddingWrapper', what='was removed in TensorFlow 1.0',
          advice="apply tf.nn.embedding_lookup to the cell's inputs instead"),
    Entry('models', what='was removed in TensorFlow 1.0 (it became the tensorflow/models '
                         'repository)',
          advice='copy the module you need beside the script'),
)

# Functions of other modules that legacy code calls to download MNIST. The runner replaces
# each, for callers in legacy code only, by ``provider`` (called with the original function
# first, to which it hands everything that is not MNIST); ``names`` are how scripts reach it,
# for ``--check``.
StandIn = collections.namedtuple('StandIn', 'module attribute provider names note')
MNIST_DOWNLOADS = REPLACEMENTS + '.mnist_downloads'
KERAS_MNIST = REPLACEMENTS + '.keras_mnist'
MNIST_FILES = ('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
               't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz')
_URL_NOTE = ('of a URL ending in one of MNIST\'s four file names (%s) is served from the bundled '
             'MNIST; other URLs are fetched as usual' % ', '.join(MNIST_FILES))
STAND_INS = (
    StandIn('urllib.request', 'urlretrieve', MNIST_DOWNLOADS + ':urlretrieve',
            ('urllib.request.urlretrieve', 'six.moves.urllib.request.urlretrieve'), _URL_NOTE),
    StandIn('urllib.request', 'urlopen', MNIST_DOWNLOADS + ':urlopen',
            ('urllib.request.urlopen', 'six.moves.urllib.request.urlopen'), _URL_NOTE),
    StandIn('keras.src.datasets.mnist', 'load_data', KERAS_MNIST + ':load_data',
            ('keras.datasets.mnist.load_data',), KERAS_MNIST_NOTE),
    StandIn('tf_keras.src.datasets.mnist', 'load_data', KERAS_MNIST + ':load_data',
            ('tf_keras.datasets.mnist.load_data',), KERAS_MNIST_NOTE),
)

# Modules that course folders carry as copies of an old TensorFlow module, recognised by their
# source (``copy_of``) and replaced by ``provider``; ``note`` is what the runner and
# ``--check`` say about such a file.
# ``upgrade``: the public module that ``python -m tf1_mnist.upgrade`` makes the copy import.
Copy = collections.namedtuple('Copy', 'description provider note recognise upgrade')
Copy.__new__.__defaults__ = (None,)


def _top_level_names(tree):
    """(functions and classes, other names) bound at the top level of a module, in ``if`` and
    ``try`` blocks too but not under ``if __name__ == '__main__'``; imports not counted."""
    definitions, others = set(), set()
    statements = list(tree.body)
    while statements:
        node = statements.pop(0)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            definitions.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                others.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.If):
            test = ast.unparse(node.test).replace('"', "'")
            if test != "__name__ == '__main__'":
                statements.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            statements.extend(node.body + node.orelse + node.finalbody)
            for handler in node.handlers:
                statements.extend(handler.body)
    return definitions, others


# Every name the MNIST tutorial's input_data.py (2015-2016, before it moved into
# tf.contrib.learn) bound at its top level, and the few that course copies added.
TUTORIAL_INPUT_DATA_NAMES = frozenset({
    'SOURCE_URL', 'DEFAULT_SOURCE_URL', 'maybe_download', 'extract_images', 'extract_labels',
    'dense_to_one_hot', 'DataSet', 'DataSets', 'Datasets', 'read_data_sets', 'load_mnist',
    'TRAIN_IMAGES', 'TRAIN_LABELS', 'TEST_IMAGES', 'TEST_LABELS', 'VALIDATION_SIZE',
    'IMAGE_SIZE', 'NUM_CLASSES', 'xrange', 'urlretrieve'})


def _is_tutorial_input_data(tree):
    """The rule for a copy of the MNIST tutorial's old ``input_data.py`` (any file name): it
    defines ``read_data_sets``, ``extract_images`` and ``extract_labels``, has the download
    part (a ``maybe_download`` function or a ``SOURCE_URL``), and binds no public top-level name
    that module did not have. A user's own loader with other functions is left alone."""
    definitions, others = _top_level_names(tree)
    bound = definitions | others
    return ({'read_data_sets', 'extract_images', 'extract_labels'} <= definitions
            and ('maybe_download' in definitions or 'SOURCE_URL' in others)
            and all(name.startswith('_') or name in TUTORIAL_INPUT_DATA_NAMES for name in bound))


COPIES = (
    Copy("an old copy of TensorFlow's MNIST tutorial input_data.py",
         REPLACEMENTS + '.input_data_copy',
         'downloads MNIST from an address that no longer serves it; the script gets '
         'tf1_mnist.input_data instead (the same functions, reading the bundled MNIST)',
         _is_tutorial_input_data, upgrade='tf1_mnist.tutorial_input_data'),
)


def copy_of(source):
    """The ``Copy`` that the module source ``source`` (text) is, or None."""
    if 'read_data_sets' not in source or 'extract_images' not in source:
        return None  # cheap: most modules are not
    try:
        tree = ast.parse(source)
    except SyntaxError:
        from tf1_mnist.runner.engine import python2  # a Python 2 copy: recognised in translation
        try:
            tree = ast.parse(python2.translate(source, '<module>'))
        except Exception:
            return None
    except (ValueError, RecursionError, MemoryError):
        return None
    for copy in COPIES:
        if copy.recognise(tree):
            return copy
    return None

# More of tf.contrib with exact equivalents: the module paths below ``python`` that scripts
# imported directly (``from tensorflow.contrib.layers.python.layers import batch_norm``), and
# the modules TensorFlow moved elsewhere (tf-slim, tensorflow-probability, tensorboard).
CONTRIB_LAYERS = REPLACEMENTS + '.contrib_layers'
CONTRIB_FRAMEWORK = REPLACEMENTS + '.contrib_framework'
CONTRIB_RNN = REPLACEMENTS + '.contrib_rnn'
LEARN_RUNNER = REPLACEMENTS + '.learn_runner'
LEGACY_SEQ2SEQ = REPLACEMENTS + '.legacy_seq2seq'
DISTRIBUTIONS = dict(requires=('tensorflow_probability', 'tf_keras'), extra='distributions')
PROJECTOR = dict(requires=('tensorboard',), extra='projector')
_LAYERS_ADVICE = 'use tf.layers with the legacy-layers extra, or tf.keras.layers, instead'
_RNN_ADVICE = ('use tf.nn.rnn_cell with the legacy-layers extra, or tf.keras.layers.LSTM and '
               'GRU, instead')
_FRAMEWORK_ADVICE = ('use tf.train.get_or_create_global_step, tf.global_variables or '
                     'tf.train.init_from_checkpoint instead')
_SEQ2SEQ_ADVICE = ('unroll the decoder with tf.nn.dynamic_rnn and a tf.layers.dense projection, '
                   'or use tf.keras.layers.LSTM with return_sequences, instead')
# What the upgrade writes for tf.contrib.framework's names, and tf.contrib.rnn's.
FRAMEWORK_UPGRADE = Upgrade(SLIM, tuple(
    [(name, 'tf.train.' + name) for name in ('init_from_checkpoint', 'list_variables',
                                             'load_checkpoint', 'load_variable')]
    + [('nest', 'tf.nest'), ('is_tensor', 'tf.is_tensor'), ('sort', 'tf.sort'),
       ('argsort', 'tf.argsort'), ('zero_initializer', 'tf.zeros_initializer')]))
RNN_UPGRADE = Upgrade('tf.nn.rnn_cell', tuple(
    (name, 'tf.nn.' + name) for name in ('static_rnn', 'static_bidirectional_rnn',
                                         'static_state_saving_rnn')) + tuple(
    # contrib's own wrappers, which tf.nn.rnn_cell never had
    (name, PROVIDED_BY_TF1_MNIST + '.contrib:rnn.' + name)
    for name in ('EmbeddingWrapper', 'InputProjectionWrapper', 'OutputProjectionWrapper',
                 'stack_bidirectional_dynamic_rnn', 'stack_bidirectional_rnn')))
# The runner's tf.contrib modules that only it provides, as attributes of one public module
# for migrated source: ``tf.contrib.legacy_seq2seq`` becomes ``tf1_mnist.contrib.legacy_seq2seq``.
CONTRIB_UPGRADE = PROVIDED_BY_TF1_MNIST + '.contrib'
CONTRIB_PUBLIC = {
    'training': REPLACEMENTS + '.contrib_training', 'metrics': REPLACEMENTS + '.contrib_metrics',
    'losses': REPLACEMENTS + '.contrib_losses', 'seq2seq': REPLACEMENTS + '.contrib_seq2seq',
    'legacy_seq2seq': LEGACY_SEQ2SEQ, 'data': REPLACEMENTS + '.contrib_data',
    'distributions': REPLACEMENTS + '.contrib_distributions',
    'estimator': REPLACEMENTS + '.contrib_estimator', 'nn': REPLACEMENTS + '.contrib_nn',
    'learn_runner': LEARN_RUNNER, 'rnn': REPLACEMENTS + '.contrib_rnn_wrappers',
}


def _public(name):
    return Upgrade('%s:%s' % (CONTRIB_UPGRADE, name))


CONTRIB_MORE_ENTRIES = tuple(
    Entry('contrib.layers.python.layers' + tail, provider=CONTRIB_LAYERS, **CONTRIB,
          advice=_LAYERS_ADVICE, upgrade=Upgrade(SLIM))
    for tail in ('', '.layers', '.initializers', '.regularizers', '.optimizers', '.summaries',
                 '.normalization')
) + tuple(
    Entry('contrib.framework.python.ops' + tail, provider=CONTRIB_FRAMEWORK, **CONTRIB,
          advice=_FRAMEWORK_ADVICE, upgrade=FRAMEWORK_UPGRADE)
    for tail in ('', '.variables')
) + tuple(
    Entry('contrib.rnn.python.ops.' + name, provider=CONTRIB_RNN, **LEGACY_LAYERS,
          advice=_RNN_ADVICE, upgrade=RNN_UPGRADE)
    for name in ('rnn_cell', 'core_rnn_cell', 'core_rnn_cell_impl', 'rnn', 'core_rnn')
) + (
    Entry('contrib.framework.nest', provider='tensorflow.python.util.nest',
          upgrade=Upgrade('tf.nest')),
    Entry('contrib.learn.ModeKeys', provider=LEARN_RUNNER + ':ModeKeys',
          upgrade=_public('learn_runner.ModeKeys')),
    Entry('contrib.learn.python.learn.estimators.model_fn.ModeKeys',
          provider=LEARN_RUNNER + ':ModeKeys', upgrade=_public('learn_runner.ModeKeys')),
    Entry('contrib.learn.Experiment', provider=LEARN_RUNNER + ':Experiment', **ESTIMATOR,
          upgrade=_public('learn_runner.Experiment')),
    Entry('contrib.learn.learn_runner', provider=LEARN_RUNNER, **ESTIMATOR,
          upgrade=_public('learn_runner'),
          advice='use tf.estimator.train_and_evaluate instead'),
    Entry('contrib.learn.python.learn.learn_runner', provider=LEARN_RUNNER, **ESTIMATOR,
          upgrade=_public('learn_runner'),
          advice='use tf.estimator.train_and_evaluate instead'),
    Entry('contrib.metrics', provider=REPLACEMENTS + '.contrib_metrics', **CONTRIB,
          upgrade=_public('metrics'),
          advice='use tf.metrics (labels first) instead'),
    Entry('contrib.losses', provider=REPLACEMENTS + '.contrib_losses', **CONTRIB,
          upgrade=_public('losses'),
          advice='use tf.losses (labels first) instead'),
    Entry('contrib.seq2seq', provider=REPLACEMENTS + '.contrib_seq2seq', upgrade=_public('seq2seq'),
          advice=_SEQ2SEQ_ADVICE),
    Entry('contrib.legacy_seq2seq', provider=LEGACY_SEQ2SEQ, advice=_SEQ2SEQ_ADVICE,
          upgrade=_public('legacy_seq2seq')),
    Entry('nn.seq2seq', provider=LEGACY_SEQ2SEQ, advice=_SEQ2SEQ_ADVICE,
          upgrade=_public('legacy_seq2seq'),
          note='was moved to tf.contrib.legacy_seq2seq in TensorFlow 1.0; it works as that '
               'module'),
    Entry('contrib.keras', provider='tf.keras',
          note='was TensorFlow 1.2-1.3\'s name of tf.keras; it works as tf.keras'),
    Entry('contrib.keras.python.keras', provider='tf.keras',
          note='was TensorFlow 1.2-1.3\'s path of tf.keras; it works as tf.keras'),
    Entry('contrib.data', provider=REPLACEMENTS + '.contrib_data', upgrade=_public('data'),
          advice='use tf.data instead'),
    Entry('contrib.distributions', provider=REPLACEMENTS + '.contrib_distributions',
          upgrade=_public('distributions'),
          **DISTRIBUTIONS, advice='use tensorflow_probability (tfp.distributions) instead'),
    Entry('contrib.tensorboard.plugins.projector', provider='tensorboard.plugins.projector',
          **PROJECTOR, upgrade=Upgrade('tensorboard.plugins.projector')),
    Entry('contrib.training', provider=REPLACEMENTS + '.contrib_training', **CONTRIB,
          upgrade=_public('training'),
          advice='use tf.train.MonitoredTrainingSession, tf.data.experimental.'
                 'bucket_by_sequence_length or a dict of settings instead'),
    Entry('contrib.estimator', provider=REPLACEMENTS + '.contrib_estimator', **ESTIMATOR,
          upgrade=_public('estimator'),
          advice='use the tf.estimator heads and canned estimators instead'),
    Entry('contrib.nn', provider=REPLACEMENTS + '.contrib_nn', upgrade=_public('nn'),
          advice='use the tf.nn function of that name, or tf.keras.layers, instead'),
)

ENTRIES = (
    # The MNIST tutorial modules, and what tf.contrib.learn offered for MNIST.
    Entry('examples.tutorials.mnist.input_data', provider=MNIST_DATA, upgrade=INPUT_DATA),
    Entry('examples.tutorials.mnist.mnist', provider='tf1_mnist.tutorial_mnist',
          upgrade=Upgrade('tf1_mnist.tutorial_mnist')),
    # Where TensorFlow 0.5 and 0.6 kept the same two modules.
    Entry('g3doc.tutorials.mnist.input_data', provider=MNIST_DATA, upgrade=INPUT_DATA),
    Entry('g3doc.tutorials.mnist.mnist', provider='tf1_mnist.tutorial_mnist',
          upgrade=Upgrade('tf1_mnist.tutorial_mnist')),
    Entry('g3doc', what='is not provided',
          advice='of the TF 0.x g3doc tutorials only tensorflow.g3doc.tutorials.mnist.input_data '
                 'and .mnist are; copy the module you need beside the script'),
    Entry('contrib.learn.datasets.mnist', provider=MNIST_DATA, upgrade=INPUT_DATA),
    Entry('contrib.learn.datasets.load_dataset',
          provider='tf1_mnist.runner.engine.replacements.learn_datasets:load_dataset',
          upgrade=LOAD_MNIST),
    Entry('contrib.learn.python.learn.datasets.mnist', provider=MNIST_DATA,
          upgrade=INPUT_DATA),
    Entry('contrib.learn.python.learn.datasets.load_dataset',
          provider='tf1_mnist.runner.engine.replacements.learn_datasets:load_dataset',
          upgrade=LOAD_MNIST),
    Entry('contrib.learn.datasets', advice="use tf1_mnist.input_data's read_data_sets instead"),
    Entry('contrib.learn.python.learn.datasets',
          advice="use tf1_mnist.input_data's read_data_sets instead"),
    Entry('examples', what='is not provided',
          advice='of the TF1 examples only tensorflow.examples.tutorials.mnist.input_data and '
                 '.mnist are; copy the module you need beside the script'),
    # TF1 modules built on Keras 2 layers: with Keras 3 they exist only through tf-keras.
    Entry('layers', **LEGACY_LAYERS),
    Entry('nn.rnn_cell', **LEGACY_LAYERS),
    # TensorFlow 1.0's MultiRNNCell([cell] * n): separate weights per layer; the upgrade
    # writes MULTI_RNN_CELL_UPGRADE for a call with one cell object repeated.
    Entry('nn.rnn_cell.MultiRNNCell', provider=REPLACEMENTS + '.multi_rnn_cell:MultiRNNCell',
          **LEGACY_LAYERS, upgrade=Upgrade('tf.nn.rnn_cell.MultiRNNCell')),
    # tf.contrib, removed in TensorFlow 2.0.
    Entry('contrib.layers', provider=REPLACEMENTS + '.contrib_layers', **CONTRIB,
          upgrade=Upgrade(SLIM),
          advice='use tf.layers with the legacy-layers extra, or tf.keras.layers, instead'),
    Entry('contrib.layers.real_valued_column',
          provider=REPLACEMENTS + '.contrib_learn:real_valued_column', **ESTIMATOR,
          upgrade=Upgrade(CONTRIB_LEARN + ':real_valued_column'),
          advice='use tf.feature_column.numeric_column instead'),
    Entry('contrib.layers.embed_sequence',
          advice='use tf.nn.embedding_lookup on a tf.get_variable matrix instead'),
    Entry('contrib.slim', provider=REPLACEMENTS + '.contrib_slim', **CONTRIB,
          upgrade=Upgrade(SLIM),
          advice='use tf.layers with the legacy-layers extra, or tf.keras, instead'),
    Entry('contrib.rnn', provider=REPLACEMENTS + '.contrib_rnn', **LEGACY_LAYERS,
          upgrade=RNN_UPGRADE,
          advice='use tf.nn.rnn_cell with the legacy-layers extra, or tf.keras.layers.LSTM '
                 'and GRU, instead'),
    Entry('contrib.learn', provider=REPLACEMENTS + '.contrib_learn', **ESTIMATOR,
          upgrade=Upgrade(CONTRIB_LEARN),
          advice='use tf.estimator.DNNClassifier or LinearClassifier, or tf.keras, instead'),
    Entry('contrib.learn.Estimator', advice='use tf.estimator.Estimator, whose model_fn returns '
          'a tf.estimator.EstimatorSpec, with the estimator extra instead'),
    Entry('contrib.framework', provider=REPLACEMENTS + '.contrib_framework', **CONTRIB,
          upgrade=FRAMEWORK_UPGRADE,
          advice='use tf.train.get_or_create_global_step, tf.global_variables or '
                 'tf.train.init_from_checkpoint instead'),
    Entry('contrib.tensorboard', advice='use tensorboard.plugins.projector from the tensorboard '
                                        'package instead'),
    Entry('contrib', advice='use the tf.compat.v1 or tf.keras equivalent instead'),
    # tf.estimator, removed in TensorFlow 2.16.
    Entry('estimator', provider=REPLACEMENTS + '.estimator', **ESTIMATOR,
          upgrade=Upgrade('tf1_mnist.estimator'),
          advice='use a tf.Session training loop, or tf.keras Model.fit, instead'),
    Entry('estimator.tpu', what='is not available on TensorFlow 2.21 (its TPU modules were '
          'removed)', advice='use tf.estimator.Estimator instead'),
    # Algorithms TensorFlow 2 dropped without a TensorFlow replacement.
    Entry('contrib.factorization', what='was removed in TensorFlow 2 without a replacement',
          advice="use scikit-learn's sklearn.cluster.KMeans (pip install scikit-learn) "
                 'instead'),
    Entry('contrib.learn.KMeansClustering',
          what='was removed in TensorFlow 2 without a replacement',
          advice="use scikit-learn's sklearn.cluster.KMeans (pip install scikit-learn) "
                 'instead'),
    Entry('contrib.tensor_forest', what='was removed in TensorFlow 2 without a replacement',
          advice="use scikit-learn's sklearn.ensemble.RandomForestClassifier (pip install "
                 'scikit-learn) or TensorFlow Decision Forests (pip install '
                 'tensorflow_decision_forests) instead'),
    # TensorFlow 1.0's changes of arguments, as its upgrade script (tf_upgrade.py) listed them:
    # reordered arguments, and renamed keywords.
    Entry('nn.softmax_cross_entropy_with_logits', provider=ARGUMENT_ORDER
          + ':softmax_cross_entropy_with_logits', old_order=('logits', 'labels', 'dim', 'name')),
    Entry('nn.sparse_softmax_cross_entropy_with_logits', provider=ARGUMENT_ORDER
          + ':sparse_softmax_cross_entropy_with_logits', old_order=('logits', 'labels', 'name')),
    Entry('nn.sigmoid_cross_entropy_with_logits', provider=ARGUMENT_ORDER
          + ':sigmoid_cross_entropy_with_logits', old_order=('logits', 'targets', 'name'),
          keywords=(('targets', 'labels'),)),
    Entry('concat', provider=ARGUMENT_ORDER + ':concat',
          old_order=('concat_dim', 'values', 'name'), keywords=(('concat_dim', 'axis'),)),
    Entry('split', provider=ARGUMENT_ORDER + ':split',
          old_order=('split_dim', 'num_split', 'value', 'name'),
          keywords=(('split_dim', 'axis'), ('num_split', 'num_or_size_splits'))),
    Entry('sparse_split', provider=ARGUMENT_ORDER + ':sparse_split',
          old_order=('split_dim', 'num_split', 'sp_input', 'name'),
          keywords=(('split_dim', 'axis'),)),
    Entry('sparse_concat', provider=ARGUMENT_ORDER + ':sparse_concat',
          keywords=(('concat_dim', 'axis'),)),
    Entry('reverse', provider=ARGUMENT_ORDER + ':reverse', old_order=('tensor', 'dims'),
          positional_from=2, keywords=(('dims', 'axis'),)),
    Entry('svd', provider=ARGUMENT_ORDER + ':svd',
          old_order=('tensor', 'compute_uv', 'full_matrices', 'name'), positional_from=2),
    Entry('op_scope', provider=ARGUMENT_ORDER + ':op_scope',
          note='was replaced by tf.name_scope(name, default_name, values) in TensorFlow 1.0; '
               'it works as it did'),
    Entry('batch_matmul', provider=ARGUMENT_ORDER + ':batch_matmul',
          upgrade=Upgrade('tf.matmul'),
          note='was renamed to tf.matmul in TensorFlow 1.0 (adj_x=, adj_y= became adjoint_a=, '
               'adjoint_b=); it works as it did', keywords=(('adj_x', 'adjoint_a'),
                                                            ('adj_y', 'adjoint_b'))),
    Entry('nn.rnn', provider='tf.nn.static_rnn',
          note='was renamed to tf.nn.static_rnn in TensorFlow 1.0; it works as that name'),
    Entry('nn.bidirectional_rnn', provider='tf.nn.static_bidirectional_rnn',
          note='was renamed to tf.nn.static_bidirectional_rnn in TensorFlow 1.0; it works as '
               'that name'),
) + tuple(Entry(name, keywords=keywords) for name, keywords in (
    # Keywords that tensorflow.compat.v1 itself still accepts under their old names.
    ('reduce_sum', REDUCTION), ('reduce_mean', REDUCTION), ('reduce_max', REDUCTION),
    ('reduce_min', REDUCTION), ('reduce_prod', REDUCTION), ('reduce_all', REDUCTION),
    ('reduce_any', REDUCTION), ('reduce_logsumexp', REDUCTION), ('count_nonzero', REDUCTION),
    ('reduce_join', REDUCTION),
    ('expand_dims', (('dim', 'axis'),)),
    ('argmax', (('dimension', 'axis'),)), ('argmin', (('dimension', 'axis'),)),
    ('squeeze', (('squeeze_dims', 'axis'),)),
    ('sparse_reduce_sum', (('reduction_axes', 'axis'), ('keep_dims', 'keepdims'))),
    ('sparse_reduce_sum_sparse', (('reduction_axes', 'axis'), ('keep_dims', 'keepdims'))),
    ('reverse_sequence', (('seq_dim', 'seq_axis'), ('batch_dim', 'batch_axis'))),
    ('nn.moments', (('keep_dims', 'keepdims'),)),
)) + tuple(_renamed(old, new) for old, new in (
    # Names TensorFlow 1.0 renamed; course material older than 1.0 still uses them.
    ('mul', 'multiply'), ('sub', 'subtract'), ('neg', 'negative'), ('inv', 'reciprocal'),
    ('listdiff', 'setdiff1d'), ('list_diff', 'setdiff1d'),
    ('pack', 'stack'), ('unpack', 'unstack'), ('select', 'where'), ('complex_abs', 'abs'),
    ('scalar_summary', 'summary.scalar'), ('histogram_summary', 'summary.histogram'),
    ('image_summary', 'summary.image'), ('audio_summary', 'summary.audio'),
    ('merge_summary', 'summary.merge'), ('merge_all_summaries', 'summary.merge_all'),
    ('contrib.deprecated.scalar_summary', 'summary.scalar'),
    ('contrib.deprecated.histogram_summary', 'summary.histogram'),
    ('train.SummaryWriter', 'summary.FileWriter'),
    ('image.per_image_whitening', 'image.per_image_standardization'),
    ('all_variables', 'global_variables'),
    ('initialize_all_variables', 'global_variables_initializer'),
    ('initialize_variables', 'variables_initializer'),
    ('initialize_local_variables', 'local_variables_initializer'),
    ('batch_matrix_diag', 'matrix_diag'), ('batch_band_part', 'matrix_band_part'),
    ('batch_set_diag', 'matrix_set_diag'), ('batch_matrix_transpose', 'matrix_transpose'),
    ('batch_matrix_determinant', 'matrix_determinant'),
    ('batch_matrix_inverse', 'matrix_inverse'), ('batch_cholesky', 'cholesky'),
    ('batch_cholesky_solve', 'cholesky_solve'), ('batch_matrix_solve', 'matrix_solve'),
    ('batch_matrix_triangular_solve', 'matrix_triangular_solve'),
    ('batch_matrix_solve_ls', 'matrix_solve_ls'),
    ('batch_self_adjoint_eig', 'self_adjoint_eig'),
    ('batch_self_adjoint_eigvals', 'self_adjoint_eigvals'), ('batch_svd', 'svd'),
    ('batch_fft', 'fft'), ('batch_ifft', 'ifft'), ('batch_fft2d', 'fft2d'),
    ('batch_ifft2d', 'ifft2d'), ('batch_fft3d', 'fft3d'), ('batch_ifft3d', 'ifft3d'),
)) + DOWNLOAD_ENTRIES + CONTRIB_MORE_ENTRIES

BY_KEY = {entry.key: entry for entry in ENTRIES}
assert len(BY_KEY) == len(ENTRIES), 'two entries for one path'

# Names that exist only as the way to a provided name (``tf.contrib``, ``tf.examples``): they are
# namespaces, even where an entry refuses the rest of them.
NAMESPACES = frozenset(entry.key[:n] for entry in ENTRIES if entry.provider is not None
                       for n in range(1, len(entry.key)))

# First names after ``tensorflow`` that the table covers: the runner resolves
# ``import tensorflow.<name>...`` for them in its namespace rather than importing a module.
FIRST_NAMES = frozenset(entry.key[0] for entry in ENTRIES) | {'compat'}


REORDERED = tuple(e.path for e in ENTRIES if e.old_order or e.path == 'op_scope')
KEYWORDS = tuple(e.path for e in ENTRIES if e.keywords and e.path not in REORDERED)
RENAMED = tuple(e.path for e in ENTRIES if e.provider and e.provider.startswith('tf.')
                and e not in CONTRIB_MORE_ENTRIES)

# ``upgrade``: what ``python -m tf1_mnist.upgrade`` writes for the row (the README's last
# column); without it, said from the row's entries.
Family = collections.namedtuple('Family', 'usage paths status instead upgrade')
Family.__new__.__defaults__ = ((), None, '', None)

WORKS = 'works'
WORKS_WITH_EXTRA = 'works with the extra'
REFUSED = 'refused, with advice'

CONTRIB_MORE_FAMILIES = (
    Family('Module paths below `python`: `from tensorflow.contrib.layers.python.layers import '
           'batch_norm` (and `.layers`, `.initializers`, `.regularizers`, ...), '
           '`tensorflow.contrib.framework.python.ops` (`arg_scope`, `variables`), '
           '`tensorflow.contrib.rnn.python.ops.rnn_cell` / `core_rnn_cell` / `rnn`',
           tuple(e.path for e in CONTRIB_MORE_ENTRIES if '.python.' in e.path
                 and not e.path.startswith('contrib.learn')),
           instead="the same modules as `tf.contrib.layers`, `tf.contrib.framework` and "
                   "`tf.contrib.rnn`: `pip install 'tf1_mnist[contrib]'`",
           upgrade='the same as `tf.contrib.layers`, `tf.contrib.framework` (`tf1_mnist.slim`) '
                   'and `tf.contrib.rnn` (`tf.nn.rnn_cell`)'),
    Family('`tf.contrib.framework.nest`', ('contrib.framework.nest',),
           instead="TensorFlow's own `nest` module (`flatten`, `map_structure`, "
                   "`flatten_up_to`, ...)"),
    Family('`tf.contrib.learn.ModeKeys` (`TRAIN`, `EVAL`, `INFER`)',
           ('contrib.learn.ModeKeys', 'contrib.learn.python.learn.estimators.model_fn.ModeKeys'),
           instead="TF 1.x's constants, equal to `tf.estimator.ModeKeys`'s values"),
    Family('`tf.contrib.learn.Experiment` (`train_and_evaluate`, `train`, `evaluate`, `test`), '
           '`learn_runner.run(experiment_fn, output_dir=...)`',
           ('contrib.learn.Experiment', 'contrib.learn.learn_runner',
            'contrib.learn.python.learn.learn_runner'),
           instead="on `tf.estimator.train_and_evaluate`, returning `(eval_result, "
                   "export_results)`: `pip install 'tf1_mnist[estimator]'`"),
    Family('`tf.contrib.metrics` (`streaming_accuracy`, `streaming_mean`, `streaming_auc`, '
           '`streaming_precision`, ..., predictions first), `tf.contrib.losses` '
           '(`softmax_cross_entropy(logits, onehot_labels)`, `get_total_loss`, ...)',
           ('contrib.metrics', 'contrib.losses'),
           instead="tf-slim's metrics and losses, TF1's own code: `pip install "
                   "'tf1_mnist[contrib]'`"),
    Family('`tf.contrib.seq2seq.sequence_loss`; `tf.contrib.legacy_seq2seq` and TF 0.x '
           '`tf.nn.seq2seq` (`sequence_loss`, `sequence_loss_by_example`, `rnn_decoder`, '
           '`basic_rnn_seq2seq`, `tied_rnn_seq2seq`, `embedding_rnn_decoder`, '
           '`embedding_rnn_seq2seq`)',
           ('contrib.seq2seq', 'contrib.legacy_seq2seq', 'nn.seq2seq'), status=WORKS,
           instead="TensorFlow 1.15's functions; `tf.contrib.seq2seq`'s decoders and the "
                   "attention models are refused, with advice"),
    Family('`tf.contrib.keras` (TensorFlow 1.2-1.3), `tensorflow.contrib.keras.python.keras`',
           ('contrib.keras', 'contrib.keras.python.keras'),
           instead='`tf.keras`'),
    Family('`tf.contrib.data` (`Dataset`, `TFRecordDataset`, `Iterator`, '
           '`batch_and_drop_remainder`, `shuffle_and_repeat`, `map_and_batch`, ...)',
           ('contrib.data',), status=WORKS,
           instead='`tf.compat.v1.data` and `tf.data.experimental`'),
    Family('`tf.contrib.distributions` (`Normal`, `Bernoulli`, `Categorical`, '
           '`MultivariateNormalDiag`, `kl_divergence`, `bijectors`, ...)',
           ('contrib.distributions',),
           instead="tensorflow-probability's distributions: `pip install "
                   "'tf1_mnist[distributions]'` (0.25 for TensorFlow 2.18 and later)"),
    Family('`tf.contrib.tensorboard.plugins.projector` (`ProjectorConfig`, '
           '`visualize_embeddings`)', ('contrib.tensorboard.plugins.projector',),
           instead="tensorboard's own projector: `pip install 'tf1_mnist[projector]'`"),
    Family('`tf.contrib.training` (`create_train_op`, `train`, `evaluate_repeatedly`, '
           '`checkpoints_iterator`, `clip_gradient_norms`, ...)', ('contrib.training',),
           instead="tf-slim's training loops, TF1's own code: `pip install "
                   "'tf1_mnist[contrib]'`; `HParams` and the queue bucketing are refused",
           upgrade='`tf.contrib.training` as `tf1_mnist.contrib.training`; `HParams` and the '
                   'queue bucketing left as they were, marked and listed'),
    Family('`tf.contrib.estimator` (`add_metrics`, `stop_if_no_decrease_hook` and the other '
           'early-stopping hooks, `InMemoryEvaluatorHook`)', ('contrib.estimator',),
           instead="the same functions in tensorflow-estimator: `pip install "
                   "'tf1_mnist[estimator]'`; the heads are refused"),
    Family('`tf.contrib.nn.alpha_dropout`', ('contrib.nn',), status=WORKS,
           instead="TensorFlow 1.15's function"),
    Family('Input pipelines: queue runners (`tf.train.string_input_producer`, '
           '`slice_input_producer`, `batch`, `shuffle_batch`, `Coordinator`, '
           '`start_queue_runners`), TFRecords (`tf.python_io.TFRecordWriter`, '
           '`tf.TFRecordReader`, `tf.parse_single_example`), 1.x `tf.data` '
           '(`make_one_shot_iterator`, `make_initializable_iterator`, `output_shapes`)',
           status=WORKS, instead='`tf.compat.v1`\'s own'),
)

# The rows of the compatibility table: what a TF1 course uses, and the entries that decide it (rows
# without entries are what tensorflow.compat.v1 itself keeps).
FAMILIES = (
    Family('Graph building: `tf.placeholder`, `tf.Variable`, `tf.get_variable`, '
           '`tf.variable_scope`, `tf.name_scope`, `tf.nn.*`, `tf.losses.*`, '
           '`tf.initialize_all_variables`', status=WORKS),
    Family('`tf.Session`, `tf.InteractiveSession`, `.run()` / `.eval()`', status=WORKS),
    Family('`tf.train` optimizers, `global_step`, `exponential_decay`, '
           '`ExponentialMovingAverage`, `tf.train.Saver`', status=WORKS),
    Family('`tf.summary.*`, `tf.summary.FileWriter(...).add_graph`, '
           '`RunOptions(trace_level=FULL_TRACE)` + `add_run_metadata`', status=WORKS),
    Family('`tf.app.run`, `tf.app.flags` / `tf.flags` (flags read before parsing, and names '
           'absl now owns such as `log_dir`, too), `tf.logging`, `tf.gfile`', status=WORKS,
           upgrade='kept, as `import tensorflow.compat.v1 as tf` has it; before a `DEFINE_*` of '
                   'a name absl owns, absl\'s flag is removed, so that the script\'s replaces '
                   'it'),
    Family('`from tensorflow.examples.tutorials.mnist import input_data`, '
           '`import tensorflow.examples.tutorials.mnist.input_data as input_data`, '
           '`from tensorflow.contrib.learn.python.learn.datasets import mnist`, '
           '`tf.contrib.learn.datasets.mnist`, `tf.contrib.learn.datasets.load_dataset(\'mnist\')`, '
           'TF 0.x `from tensorflow.g3doc.tutorials.mnist import input_data`',
           ('examples.tutorials.mnist.input_data', 'g3doc.tutorials.mnist.input_data',
            'contrib.learn.datasets.mnist',
            'contrib.learn.datasets.load_dataset', 'contrib.learn.python.learn.datasets.mnist',
            'contrib.learn.python.learn.datasets.load_dataset'),
           instead='`tf1_mnist.input_data`, bundled MNIST, offline',
           upgrade='`tf1_mnist.input_data` (`from tf1_mnist import input_data`), the one '
                   'runtime dependency left'),
    Family('An old copy of the tutorial\'s `input_data.py` beside the script (`import '
           'input_data`; it downloads from yann.lecun.com and fails on NumPy 2), or `import '
           'input_data` with no such file anywhere', status=WORKS,
           instead='`tf1_mnist.input_data` in its place, bundled MNIST, offline; a module of '
                   'that name with other content is left alone',
           upgrade='the copy written as a module importing `tf1_mnist.tutorial_input_data` '
                   '(the same functions, bundled MNIST, offline); `import input_data` with no '
                   'such file left as it is'),
    Family('A script inside a package that imports its own package (`trainer/task.py`: '
           '`from trainer import model`, run as `python -m trainer.task`), or a repository '
           'folder named in its imports (`from book.common import util`)', status=WORKS,
           instead='the package, imported from the folder above it, as legacy code',
           upgrade='left as it is'),
    Family('`tf.keras.datasets.mnist.load_data()`, `keras.datasets.mnist.load_data()` (Keras 3 '
           'and tf-keras)', ('keras.datasets.mnist', 'keras.datasets.mnist.load_data'),
           instead='the same arrays from the bundled MNIST, offline',
           upgrade='`tf1_mnist.keras_mnist` (the same arrays, offline)'),
    Family('`urlretrieve` / `urlopen` of MNIST\'s four files (`train-images-idx3-ubyte.gz`, ...) '
           'from any address', status=WORKS,
           instead='the bundled files, written where asked (atomically); other URLs are fetched',
           upgrade='left as it is (it downloads)'),
    Family('TF 0.x `tensorflow.models.rnn`: `rnn.rnn`, `rnn.bidirectional_rnn`, '
           '`rnn_cell.BasicLSTMCell`, ...', ('models.rnn.rnn', 'models.rnn.rnn_cell'),
           instead="`tf.nn.static_rnn`, `tf.nn.static_bidirectional_rnn` and the "
                   "`tf.nn.rnn_cell` cells (states concatenated, as TF 0.x's default): "
                   "`pip install 'tf1_mnist[legacy-layers]'`",
           upgrade='`rnn.rnn` as `tf.nn.static_rnn` and the other functions as `tf.nn`\'s; '
                   'the `rnn_cell` cells as `tf.nn.rnn_cell`\'s with TF 0.x\'s '
                   '`state_is_tuple=False` written out and `input_size=` left out; cells given '
                   'more arguments by position marked'),
    Family('Other TF 0.x `tensorflow.models` modules, and `rnn_cell.linear` and the projection '
           'and embedding wrappers', ('models', 'models.rnn.rnn_cell.linear',
                                      'models.rnn.rnn_cell.OutputProjectionWrapper',
                                      'models.rnn.rnn_cell.InputProjectionWrapper',
                                      'models.rnn.rnn_cell.EmbeddingWrapper')),
    Family('`from tensorflow.examples.tutorials.mnist import mnist` (the model of "TensorFlow '
           'Mechanics 101"; TF 0.x: `tensorflow.g3doc.tutorials.mnist`)',
           ('examples.tutorials.mnist.mnist', 'g3doc.tutorials.mnist.mnist'),
           instead='`tf1_mnist.tutorial_mnist`',
           upgrade='`tf1_mnist.tutorial_mnist`, a runtime dependency the report names'),
    Family('`from tensorflow.python.framework import dtypes` and other internal modules',
           status=WORKS, instead='the real modules', upgrade='left as it is'),
    Family('`tf.keras`', status=WORKS, instead='Keras 3; tf-keras with the extra',
           upgrade="kept, with `os.environ['TF_USE_LEGACY_KERAS'] = '1'` before TensorFlow is "
                   "imported (Keras 2, as the runner gives a TF1 graph)"),
    Family('`tf.layers.*` (`dense`, `conv2d`, `max_pooling2d`, `dropout`, `flatten`, ...), '
           '`tf.nn.rnn_cell.*`', ('layers', 'nn.rnn_cell'),
           upgrade="kept, with `os.environ['TF_USE_LEGACY_KERAS'] = '1'` before TensorFlow "
                   "is imported"),
    Family('`tf.contrib.layers` (`fully_connected`, `conv2d`, `max_pool2d`, `batch_norm`, '
           '`dropout`, `flatten`, `xavier_initializer`, `l2_regularizer`, '
           '`apply_regularization`, `optimize_loss`, `summarize_*`, ...)', ('contrib.layers',),
           instead="tf-slim, TF1's own code: `pip install 'tf1_mnist[contrib]'`"),
    Family('`tf.contrib.layers.embed_sequence`', ('contrib.layers.embed_sequence',)),
    Family('`tf.contrib.slim`, `import tensorflow.contrib.slim as slim`', ('contrib.slim',),
           instead="tf-slim, TF1's own code: `pip install 'tf1_mnist[contrib]'`"),
    Family('`tf.contrib.framework` (`arg_scope`, `get_or_create_global_step`, '
           '`get_variables`, `get_variables_to_restore`, `assign_from_checkpoint_fn`, ...)',
           ('contrib.framework',),
           instead="tf-slim, TF1's own code: `pip install 'tf1_mnist[contrib]'`"),
    Family('`tf.contrib.rnn` (`BasicLSTMCell`, `LSTMCell`, `GRUCell`, `BasicRNNCell`, '
           '`MultiRNNCell`, `DropoutWrapper`, `LSTMStateTuple`, `static_rnn`, '
           '`static_bidirectional_rnn`; contrib\'s own `OutputProjectionWrapper`, '
           '`InputProjectionWrapper`, `EmbeddingWrapper`, `stack_bidirectional_rnn`, '
           '`stack_bidirectional_dynamic_rnn`)', ('contrib.rnn',),
           instead="`tf.nn.rnn_cell`, the same classes: `pip install "
                   "'tf1_mnist[legacy-layers]'`",
           upgrade='`tf.nn.rnn_cell.*`, and `tf.nn.static_rnn` and the other functions, with '
                   '`TF_USE_LEGACY_KERAS` set first; contrib\'s own wrappers and '
                   '`stack_bidirectional_*` as `tf1_mnist.contrib.rnn`\'s'),
    Family('`MultiRNNCell([cell] * num_layers)` (one cell object repeated), in `tf.contrib.rnn` '
           'and `tf.nn.rnn_cell`', ('nn.rnn_cell.MultiRNNCell',),
           instead="a weight set per layer, as TensorFlow 1.0 built it (said once): `pip "
                   "install 'tf1_mnist[legacy-layers]'`",
           upgrade='`tf.nn.rnn_cell.MultiRNNCell`; with one cell object repeated, '
                   '`tf1_mnist.multi_rnn_cell.MultiRNNCell` (a weight set per layer)'),
    Family('`tf.contrib.learn` estimators: `DNNClassifier`, `LinearClassifier` (`fit`, '
           '`evaluate`, `predict` on arrays or an `input_fn`), `SKCompat`, `RunConfig`, '
           '`infer_real_valued_columns_from_input`, `tf.contrib.layers.real_valued_column`, '
           '`monitors.ValidationMonitor` (accepted, not run)',
           ('contrib.learn', 'contrib.layers.real_valued_column'),
           instead="tf.estimator's canned classifiers (tensorflow-estimator 2.15): `pip install "
                   "'tf1_mnist[estimator]'`"),
    Family('Other `tf.contrib.learn` names (`Estimator`, ...) and its datasets other than '
           'MNIST', ('contrib.learn.Estimator', 'contrib.learn.datasets',
                     'contrib.learn.python.learn.datasets')),
    # More of tf.contrib with exact equivalents.
    *CONTRIB_MORE_FAMILIES,
    Family('Other `tf.contrib.tensorboard` modules', ('contrib.tensorboard',)),
    Family('any other `tf.contrib.*`', ('contrib',)),
    Family('`tf.estimator` (`Estimator`, `EstimatorSpec`, `ModeKeys`, `RunConfig`, '
           '`inputs.numpy_input_fn`, `DNNClassifier`, `LinearClassifier`, the hooks, '
           '`train_and_evaluate`)', ('estimator',),
           instead="tensorflow-estimator 2.15, TF1's own code: `pip install "
                   "'tf1_mnist[estimator]'`"),
    Family('`tf.estimator.tpu`', ('estimator.tpu',)),
    Family('Algorithms TensorFlow 2 dropped: `tf.contrib.factorization` (`KMeans`), '
           '`tf.contrib.learn.KMeansClustering`, `tf.contrib.tensor_forest`',
           ('contrib.factorization', 'contrib.learn.KMeansClustering', 'contrib.tensor_forest')),
    Family('Arguments TensorFlow 1.0 reordered, called in the TF 0.x order: '
           '`tf.nn.softmax_cross_entropy_with_logits(logits, labels)`, '
           '`tf.nn.sparse_softmax_cross_entropy_with_logits(logits, labels)`, '
           '`tf.nn.sigmoid_cross_entropy_with_logits(logits, targets)` (positional: TF 1.x '
           'refused that), `tf.concat(concat_dim, values)`, `tf.split(split_dim, num_split, '
           'value)`, `tf.sparse_split(split_dim, num_split, sp_input)` (an integer first: the '
           'old order), `tf.reverse(tensor, dims)` with a boolean mask, `tf.op_scope`',
           REORDERED, instead='read as TF 0.x read them; an ambiguous `tf.concat`/`tf.split` '
                              'call, or `tf.svd` with positional flags, stops with one line',
           upgrade='keyword calls with the new names (`logits=`, `labels=`, `axis=`); a call '
                   'the source alone cannot place, and `tf.op_scope`, marked'),
    Family('Keywords TensorFlow 1.0 renamed: {keywords}', KEYWORDS,
           instead='accepted under their old names', upgrade='their new names'),
    Family('Names TensorFlow 1.0 renamed: {names}', RENAMED,
           instead='work as their new names; `--check` notes them', upgrade='their new names'),
    Family('Other `tensorflow.examples` modules, and TF 0.x `tensorflow.g3doc` modules',
           ('examples', 'g3doc')),
    Family('Python 2 code (`print "..."`, `xrange`, `except E, e`, `iteritems`), in the script '
           'and the modules it imports', status=WORKS_WITH_EXTRA,
           upgrade='Python 3 (fissix\'s fixers), each line listed; a `/` used as a size or an '
                   'index is marked',
           instead="translated to Python 3 in memory with fissix: `pip install "
                   "'tf1_mnist[legacy]'`; each `/` divides as Python 2 did (floor division "
                   "between integers), and `--check` points out one used as a size or an "
                   "index, since Python 3 makes it a float; a `print x` beside "
                   "`print(...)` calls under `print_function`, and indentation mixing tabs "
                   "and spaces, are read as Python 2 read them; what neither Python reads is "
                   "named at its line of the file"),
    Family('`from __future__ import ...` after a file\'s first lines (scripts exported from '
           'notebooks, one per cell)', status=WORKS,
           instead='dropped where Python 3 always has the feature (`print_function`, '
                   '`division`, ...), said once per file',
           upgrade='dropped where Python 3 always has the feature'),
    Family('Source saved as GBK, Shift JIS or Korean cp949 with no coding line', status=WORKS,
           instead='read in that encoding (told apart by what each reads), said once per file',
           upgrade='read as the runner reads it and written as UTF-8, said in the report; a '
                   'declared encoding is kept, with its coding line'),
)


# The era's other libraries. A TF1 script ran against 2016-2018 NumPy, SciPy, matplotlib and
# Python; the names they have removed since are given back to legacy code only
# (``tf1_mnist.runner.engine.era``), each saying once what it did. An ``EraName`` is an
# attribute of a module (``numpy.float``), provided by ``provider`` (``'module'`` or ``'module:attribute'``);
# an ``EraChange`` is a change of methods or keywords that ``provider`` (a function called with
# the module and the legacy scope, returning the functions that undo it) makes when ``module``
# is imported; ``attributes`` are what ``--check`` notes in a file that imports
# ``module``'s package: an attribute (``set_window_title``), or a call of one with a keyword
# (``hist(normed=)``), with any keyword (``gca(**)``), with two positional arguments or more
# (``use(,,)``) or with a string argument starting so (``use('seaborn')``). ``what`` is the
# line the runner and ``--check`` say.
# ``upgrade`` on an EraName: what ``python -m tf1_mnist.upgrade`` writes for it ('module' or
# 'module:attribute'), where that is not derived from the provider (``era_upgrade``).
EraName = collections.namedtuple('EraName', 'module name provider what upgrade')
EraName.__new__.__defaults__ = (None,)
# ``upgrade`` on an EraChange: how ``python -m tf1_mnist.upgrade`` rewrites the calls it is
# about, ``(method, new name or None, (old keyword, new keyword) pairs, keywords left out)``
# rows, for a file that imports ``module``'s package, and optionally a fifth item of ``(keyword,
# old values as written, new value)`` triples. A new name ``tf1_mnist.era:f`` is a call of
# ``tf1_mnist.era.f``, with the object first for a method (``draw.textsize(t)`` as
# ``tf1_mnist.era.textsize(draw, t)``).
NAN_TEXTS = ('np.nan', 'numpy.nan', 'np.NaN', 'np.NAN', "float('nan')", 'float("nan")')
EraChange = collections.namedtuple('EraChange', 'module provider attributes what upgrade')
EraChange.__new__.__defaults__ = ((),)
ERA_NUMPY = REPLACEMENTS + '.era_numpy'
ERA_PYTHON = REPLACEMENTS + '.era_python'
ERA_MATPLOTLIB = REPLACEMENTS + '.era_matplotlib'
ERA_SCIPY = REPLACEMENTS + '.era_scipy'


def _numpy_names():
    alias = 'was removed in NumPy %s; here it is %s, as it was before'
    for names, provider, shown, version in (
            (('float',), 'builtins:float', 'float', '1.24'),
            (('int',), 'builtins:int', 'int', '1.24'),
            (('object',), 'builtins:object', 'object', '1.24'),
            (('str', 'unicode'), 'builtins:str', 'str', '1.24'),
            (('complex',), 'builtins:complex', 'complex', '1.24'),
            (('int0',), 'numpy:intp', 'numpy.intp', '2.0'),
            (('uint0',), 'numpy:uintp', 'numpy.uintp', '2.0'),
            (('float_',), 'numpy:float64', 'numpy.float64', '2.0'),
            (('complex_', 'cfloat'), 'numpy:complex128', 'numpy.complex128', '2.0'),
            (('singlecomplex',), 'numpy:complex64', 'numpy.complex64', '2.0'),
            (('longfloat',), 'numpy:longdouble', 'numpy.longdouble', '2.0'),
            (('clongfloat', 'longcomplex'), 'numpy:clongdouble', 'numpy.clongdouble', '2.0'),
            (('string_',), 'numpy:bytes_', 'numpy.bytes_', '2.0'),
            (('unicode_',), 'numpy:str_', 'numpy.str_', '2.0'),
            (('NaN', 'NAN'), 'numpy:nan', 'numpy.nan', '2.0'),
            (('Inf', 'Infinity', 'infty', 'PINF'), 'numpy:inf', 'numpy.inf', '2.0'),
            (('NINF',), ERA_NUMPY + ':NINF', '-numpy.inf', '2.0'),
            (('PZERO',), ERA_NUMPY + ':PZERO', '0.0', '2.0'),
            (('NZERO',), ERA_NUMPY + ':NZERO', '-0.0', '2.0'),
            (('product',), 'numpy:prod', 'numpy.prod', '2.0'),
            (('cumproduct',), 'numpy:cumprod', 'numpy.cumprod', '2.0'),
            (('alltrue',), 'numpy:all', 'numpy.all', '2.0'),
            (('sometrue',), 'numpy:any', 'numpy.any', '2.0'),
            (('round_',), 'numpy:round', 'numpy.round', '2.0'),
            (('in1d',), ERA_NUMPY + ':in1d', 'numpy.isin on the flattened array', '2.4'),
            (('trapz',), ERA_NUMPY + ':trapz', 'numpy.trapezoid', '2.4'),
            (('mat',), 'numpy:asmatrix', 'numpy.asmatrix', '2.0'),
            (('issubclass_',), 'builtins:issubclass', 'issubclass', '2.0'),
            (('typeDict',), 'numpy:sctypeDict', 'numpy.sctypeDict', '1.21'),
            (('loads',), 'pickle:loads', 'pickle.loads', '1.17'),
            (('safe_eval',), 'ast:literal_eval', 'ast.literal_eval', '2.0'),
            (('asscalar',), ERA_NUMPY + ':asscalar', 'a.item()', '1.23'),
            (('rank',), 'numpy:ndim', 'numpy.ndim', '1.18'),
            (('asfarray',), ERA_NUMPY + ':asfarray', 'numpy.asarray with a float dtype',
             '2.0'),
            (('msort',), ERA_NUMPY + ':msort', 'numpy.sort(a, axis=0)', '2.0'),
            (('sctypes',), ERA_NUMPY + ':sctypes', 'the same dict of scalar types', '2.0')):
        for name in names:
            yield EraName('numpy', name, provider, alias % (version, shown))


ERA_NAMES = tuple(_numpy_names()) + tuple(
    EraName('collections', name, 'collections.abc:' + name,
            'was moved to collections.abc in Python 3.3 and removed from collections in 3.10; '
            'it is collections.abc.%s' % name)
    for name in ('Awaitable', 'Coroutine', 'AsyncIterable', 'AsyncIterator', 'AsyncGenerator',
                 'Hashable', 'Iterable', 'Iterator', 'Generator', 'Reversible', 'Sized',
                 'Container', 'Callable', 'Collection', 'Set', 'MutableSet', 'Mapping',
                 'MutableMapping', 'MappingView', 'KeysView', 'ItemsView', 'ValuesView',
                 'Sequence', 'MutableSequence', 'ByteString')
) + (
    EraName('time', 'clock', ERA_PYTHON + ':clock',
            'was removed in Python 3.8; it is time.process_time(), the processor time it gave '
            'on Linux and macOS (time.perf_counter() on Windows)', upgrade='time:process_time'),
    EraName('inspect', 'getargspec', ERA_PYTHON + ':getargspec',
            'was removed in Python 3.11; it is inspect.getfullargspec read as the old '
            'ArgSpec(args, varargs, keywords, defaults)'),
    EraName('os', 'errno', 'errno', 'was removed in Python 3.7; it is the errno module'),
    EraName('fractions', 'gcd', ERA_PYTHON + ':gcd',
            'was removed in Python 3.9; it is the same function (math.gcd with the sign of '
            'the second argument)'),
    EraName('sys', 'setdefaultencoding', ERA_PYTHON + ':setdefaultencoding',
            'was Python 2\'s (after reload(sys)); Python 3 reads and writes UTF-8 already, and '
            'the call does nothing'),
    EraName('base64', 'encodestring', 'base64:encodebytes',
            'was removed in Python 3.9; it is base64.encodebytes'),
    EraName('base64', 'decodestring', 'base64:decodebytes',
            'was removed in Python 3.9; it is base64.decodebytes'),
    EraName('matplotlib.pyplot', 'hold', ERA_MATPLOTLIB + ':hold',
            'was removed in matplotlib 3.0; plots are always held (drawn over the earlier '
            'ones), as since matplotlib 2.0, and plt.hold(False) is not reproduced: clear '
            'with plt.cla()'),
    EraName('matplotlib.pyplot', 'ishold', ERA_MATPLOTLIB + ':ishold',
            'was removed in matplotlib 3.0; it is True: plots are always held'),
    EraName('matplotlib.cm', 'get_cmap', ERA_MATPLOTLIB + ':get_cmap',
            'was removed in matplotlib 3.9; it is matplotlib.colormaps[name] (resampled to '
            'lut colours when lut is given)'),
    EraName('matplotlib.mlab', 'normpdf', ERA_MATPLOTLIB + ':normpdf',
            'was removed in matplotlib 3.1; it is the normal density it computed, '
            'scipy.stats.norm.pdf(x, mu, sigma)'),
) + tuple(
    EraName('scipy.misc', name, ERA_SCIPY + ':' + name,
            'was deprecated in SciPy 1.0 and is gone; it works as SciPy 1.1 had it, with '
            'Pillow (byte-scaling an array that is not uint8, as it did)')
    for name in ('imread', 'imsave', 'imresize', 'toimage', 'fromimage', 'bytescale',
                 'imrotate', 'imfilter')
) + tuple(
    EraName('scipy.misc', name, 'scipy.special:' + name,
            'was moved to scipy.special (SciPy 0.19) and is gone from scipy.misc; it is '
            'scipy.special.%s' % name)
    for name in ('logsumexp', 'comb', 'factorial', 'factorial2', 'factorialk')
) + (
    EraName('scipy.ndimage', 'imread', ERA_SCIPY + ':imread',
            'was deprecated in SciPy 1.0 and is gone; it works as scipy.misc.imread did, with '
            'Pillow'),
)

# Modules that are gone, given to imports in legacy code by a provider module (its __all__).
# ``names`` on an EraModule: the functions of its provider that ``tf1_mnist.era`` gives, for
# migrated source (``from sklearn.cross_validation import train_test_split``).
EraModule = collections.namedtuple('EraModule', 'module provider what names')
EraModule.__new__.__defaults__ = ((),)
ERA_MODULES = (
    EraModule('sklearn.cross_validation', REPLACEMENTS + '.era_sklearn',
              'was removed in scikit-learn 0.20; its train_test_split, cross_val_score and '
              'cross_val_predict are model_selection\'s, three folds by default as they had',
              ('train_test_split', 'cross_val_score', 'cross_val_predict')),
    EraModule('keras.utils.np_utils', REPLACEMENTS + '.era_keras',
              'is gone from Keras (its to_categorical and normalize are keras.utils\'); it '
              'works as Keras 2 had it'),
)
ERA_NAMES = ERA_NAMES + (
    EraName('keras.utils', 'np_utils', REPLACEMENTS + '.era_keras',
            'is gone from Keras (its to_categorical and normalize are keras.utils\'); it works '
            'as Keras 2 had it'),
)

ERA_NAMES = ERA_NAMES + (
    EraName('sklearn.datasets', 'fetch_mldata', REPLACEMENTS + '.era_sklearn:fetch_mldata',
            'was removed in scikit-learn 0.22 with mldata.org; \'MNIST original\' is the '
            'bundled MNIST in that file\'s order'),
) + tuple(
    EraName('PIL.Image', old, 'PIL.Image:' + new,
            'was removed in Pillow 10; it is Image.%s, the same filter' % new)
    for old, new in (('ANTIALIAS', 'LANCZOS'), ('LINEAR', 'BILINEAR'), ('CUBIC', 'BICUBIC')))

# The public module of the era's functions that today's libraries have no equivalent of
# (``scipy.misc.imread``, ``np.asscalar``), for migrated source.
ERA_UPGRADE = PROVIDED_BY_TF1_MNIST + '.era'


def era_upgrade(item):
    """What ``python -m tf1_mnist.upgrade`` writes for the EraName ``item``: its ``upgrade``;
    else its provider where that is a module of today's libraries (``builtins:float``,
    ``collections.abc:Mapping``); else ``tf1_mnist.era``'s function of the same name; None for
    a provider module standing for a whole module (left as it is)."""
    if item.upgrade:
        return item.upgrade
    if not item.provider.startswith(REPLACEMENTS + '.'):
        return item.provider
    if ':' in item.provider:
        return '%s:%s' % (ERA_UPGRADE, item.name)
    return None


def era_upgrade_providers():
    """{name: provider} of the functions ``tf1_mnist.era`` gives."""
    providers = {item.name: item.provider for item in ERA_NAMES
                 if era_upgrade(item) == '%s:%s' % (ERA_UPGRADE, item.name)}
    for change in ERA_CHANGES:
        for row in change.upgrade:
            if row[1] and row[1].startswith(ERA_UPGRADE + ':'):
                module = change.provider.partition(':')[0]
                providers[row[1].partition(':')[2]] = '%s:%s' % (module, row[0])
    for era_module in ERA_MODULES:
        providers.update((name, '%s:%s' % (era_module.provider, name))
                         for name in era_module.names)
    return providers


# Standalone Keras of 2016-2018 was Keras 2 on TensorFlow's graph: ``import keras`` in legacy
# code gives tf-keras (Keras 2, which runs in TF1's graph mode; Keras 3 does not), and Keras 2's
# module paths that tf-keras no longer has are the modules that hold their names now (Keras
# 2.0's optimizers are tf-keras's legacy ones, which work on a TF1 graph).
ERA_KERAS = EraModule('keras', 'tf_keras',
                      'is Keras 3 today, which does not run in TF1\'s graph mode; the script\'s '
                      'keras is tf-keras (Keras 2), as standalone Keras was then')
KERAS2_MODULES = dict(
    [('keras.layers.' + name, 'tf_keras.layers') for name in (
        'core', 'convolutional', 'pooling', 'normalization', 'recurrent', 'embeddings',
        'advanced_activations', 'merge', 'noise', 'wrappers', 'local', 'convolutional_recurrent',
        'cudnn_recurrent')]
    + [('keras.objectives', 'tf_keras.losses'), ('keras.utils.vis_utils', 'tf_keras.utils'),
       ('keras.utils.data_utils', 'tf_keras.utils'), ('keras.utils.generic_utils',
                                                      'tf_keras.utils'),
       ('keras.utils.np_utils', REPLACEMENTS + '.era_keras'),
       ('keras.optimizers', 'tf_keras.optimizers.legacy'),
       ('keras.engine', 'tf_keras.models'), ('keras.engine.topology', 'tf_keras.layers'),
       ('keras.engine.training', 'tf_keras.models')])

ERA_CHANGES = (
    EraChange('numpy', ERA_NUMPY + ':change_histogram', ('histogram(normed=)',),
              "np.histogram's normed= was removed in NumPy 1.24; it is density=, which NumPy "
              'computed the same way', (('histogram', None, (('normed', 'density'),), ()),)),
    EraChange('numpy', ERA_NUMPY + ':change_printoptions', ('set_printoptions(threshold=)',),
              'np.set_printoptions(threshold=np.nan) is refused by NumPy today; it is '
              'threshold=sys.maxsize, never summarising, as it was',
              (('set_printoptions', None, (), (), (('threshold', NAN_TEXTS, 'sys.maxsize'),)),)),
    EraChange('numpy', ERA_NUMPY + ':change_fromstring', ('fromstring',),
              "np.fromstring's binary mode (deprecated in NumPy 1.14) is gone; it is a copy of "
              'np.frombuffer, as it was',
              (('fromstring', ERA_UPGRADE + ':fromstring', (), ()),)),
    EraChange('PIL.ImageDraw', REPLACEMENTS + '.era_pil:change_textsize', ('textsize',),
              'ImageDraw.textsize was removed in Pillow 10; it is the right and bottom of '
              'textbbox at the origin, as Pillow 9 measured',
              (('textsize', ERA_UPGRADE + ':textsize', (), ()),)),
    EraChange('PIL.ImageFont', REPLACEMENTS + '.era_pil:change_font_getsize', ('getsize',),
              'font.getsize was removed in Pillow 10; it is the right and bottom of '
              'font.getbbox, as Pillow 9 measured',
              (('getsize', ERA_UPGRADE + ':getsize', (), ()),)),
    EraChange('matplotlib', ERA_MATPLOTLIB + ':change_use', ('use(warn=)', 'use(,,)'),
              "matplotlib.use's warn= was removed in matplotlib 3.3, and its force= default "
              'changed; the call works as it did', (('use', None, (), ('warn',)),)),
    EraChange('matplotlib.pyplot', ERA_MATPLOTLIB + ':change_canvas',
              ('set_window_title', 'get_window_title'),
              'canvas.set_window_title and get_window_title were removed in matplotlib 3.6; '
              "they are the figure manager's (canvas.manager.set_window_title)",
              (('set_window_title', 'manager.set_window_title', (), ()),
               ('get_window_title', 'manager.get_window_title', (), ()))),
    EraChange('matplotlib.pyplot', ERA_MATPLOTLIB + ':change_hist', ('hist(normed=)',),
              "hist's normed= was removed in matplotlib 3.1; it is density=, as it was",
              (('hist', None, (('normed', 'density'),), ()),)),
    EraChange('matplotlib.pyplot', ERA_MATPLOTLIB + ':change_axisbg',
              ('axes(axisbg=)', 'subplot(axisbg=)', 'add_subplot(axisbg=)', 'add_axes(axisbg=)',
               'subplots(axisbg=)', 'set_axis_bgcolor', 'get_axis_bgcolor'),
              'axisbg= and set_axis_bgcolor were removed in matplotlib 2.2; they are '
              'facecolor= and set_facecolor',
              tuple((name, None, (('axisbg', 'facecolor'),), ()) for name in (
                  'axes', 'subplot', 'add_subplot', 'add_axes', 'subplots'))
              + (('set_axis_bgcolor', 'set_facecolor', (), ()),
                 ('get_axis_bgcolor', 'get_facecolor', (), ()))),
    EraChange('matplotlib.pyplot', ERA_MATPLOTLIB + ':change_axes_hold', ('hold', 'ishold'),
              'Axes.hold was removed in matplotlib 3.0; plots are always held'),
    EraChange('matplotlib.pyplot', ERA_MATPLOTLIB + ':change_color_cycle',
              ('set_color_cycle',),
              "Axes.set_color_cycle was removed in matplotlib 2.0; it is set_prop_cycle('color', "
              '...), as it was'),
    EraChange('matplotlib.pyplot', ERA_MATPLOTLIB + ':change_gca', ('gca(**)',),
              "Figure.gca's keywords (projection='3d') were removed in matplotlib 3.6; "
              'the call adds a subplot with them, as it did'),
    EraChange('matplotlib.pyplot', ERA_MATPLOTLIB + ':change_style', ("use('seaborn')",),
              "the 'seaborn' styles were renamed 'seaborn-v0_8' in matplotlib 3.6; the old "
              'names are the renamed styles'),
)

# What ``pip install`` is called with for an importable top-level module, where the import
# name is not the distribution's name, or where it is and the package is common in courses.
ERA_PIP_NAMES = {
    'sklearn': 'scikit-learn', 'cv2': 'opencv-python', 'PIL': 'Pillow', 'Image': 'Pillow',
    'yaml': 'PyYAML', 'skimage': 'scikit-image', 'bs4': 'beautifulsoup4',
    'dateutil': 'python-dateutil', 'tensorflow_datasets': 'tensorflow-datasets',
    'tfds': 'tensorflow-datasets', 'tensorflow_hub': 'tensorflow-hub',
    'tensorflow_probability': 'tensorflow-probability',
    'tensorflow_decision_forests': 'tensorflow_decision_forests', 'tf_slim': 'tf-slim',
    'tf_keras': 'tf-keras', 'google.protobuf': 'protobuf', 'attr': 'attrs',
    'Levenshtein': 'python-Levenshtein', 'sounddevice': 'sounddevice', 'mpl_toolkits':
    'matplotlib', 'pylab': 'matplotlib', 'IPython': 'ipython', 'ipywidgets': 'ipywidgets',
    'gym': 'gym', 'gymnasium': 'gymnasium', 'Bio': 'biopython', 'magic': 'python-magic',
    'serial': 'pyserial', 'usb': 'pyusb', 'wx': 'wxPython', 'OpenGL': 'PyOpenGL',
    'Crypto': 'pycryptodome', 'jwt': 'PyJWT', 'git': 'GitPython', 'dotenv': 'python-dotenv',
    'docx': 'python-docx', 'pptx': 'python-pptx', 'fitz': 'PyMuPDF', 'lxml': 'lxml',
    'imblearn': 'imbalanced-learn', 'umap': 'umap-learn', 'hdbscan': 'hdbscan',
}
ERA_PIP_NAMES.update((name, name) for name in (
    'matplotlib', 'scipy', 'pandas', 'seaborn', 'watermark', 'h5py', 'tqdm', 'imageio',
    'six', 'requests', 'keras', 'plotly', 'bokeh', 'sympy', 'networkx', 'statsmodels',
    'xgboost', 'lightgbm', 'numba', 'joblib', 'nltk', 'gensim', 'spacy', 'jieba', 'librosa',
    'tflearn', 'sonnet', 'tensorlayer', 'pydot', 'graphviz', 'pydotplus', 'wget', 'click',
    'future', 'termcolor', 'colorama', 'tabulate', 'visdom', 'tensorboardX', 'torch',
    'torchvision', 'mxnet', 'theano', 'lasagne', 'chainer', 'cntk', 'pygame', 'imutils',
    'pillow', 'toolz', 'dask', 'numexpr', 'tables', 'openpyxl', 'xlrd', 'pymongo', 'redis',
    'flask', 'django', 'boto3', 'nose', 'mock', 'absl', 'gflags', 'prettytensor', 'edward',
    'deepdish', 'hickle', 'pyprind', 'progressbar', 'pickleshare', 'jupyter', 'notebook',
    'ipykernel', 'nbformat', 'mlxtend', 'pydub', 'soundfile', 'moviepy', 'cairosvg',
    'wordcloud', 'shap', 'lime', 'optuna', 'hyperopt', 'wandb', 'mlflow', 'comet_ml',
    'fire', 'easydict', 'munch', 'simplejson', 'ujson', 'msgpack', 'lmdb', 'zmq',
))
ERA_PIP_NAMES.update({'absl': 'absl-py', 'gflags': 'python-gflags', 'zmq': 'pyzmq',
                      'progressbar': 'progressbar2', 'tables': 'tables', 'pillow': 'Pillow',
                      'sonnet': 'dm-sonnet', 'theano': 'Theano', 'lasagne': 'Lasagne',
                      'tensorboardX': 'tensorboardX', 'umap': 'umap-learn'})


def pip_name(module):
    """The distribution ``pip install`` needs for the top-level ``module``, or None when it is
    not known."""
    return ERA_PIP_NAMES.get(module) or PACKAGES.get(module)


def missing_package(module, is_installed=None):
    """The verdict for an import of ``module`` (dotted or not) that fails, for a top-level
    package whose pip name is known, or None: the package is not installed (``is_installed``,
    default ``installed``), or it is and lacks the module."""
    top = module.split('.')[0]
    name = pip_name(top)
    if name is None:
        return None
    if (is_installed or installed)(top):
        if module == top:
            return None
        # The package is there; the module is one a later release of it removed.
        return Verdict(BLOCKED, 'import %s' % module, 'is not in the installed %s, whose '
                       'later releases removed it' % name,
                       'use what replaced it, or the %s release the code was written for'
                       % name)
    return Verdict(BLOCKED, 'import %s' % top, 'needs %s, which is not installed' % name,
                   'pip install %s' % name)


def _era_list(names):
    return ', '.join('`%s`' % name for name in dict.fromkeys(names))


def _era_shown(module):
    return {'numpy': 'np', 'matplotlib.pyplot': 'plt'}.get(module, module)


LEFT_MARKED = ' anything else the runner gives back left as it was, marked and listed'

ERA_FAMILIES = (
    Family('NumPy 1.x names removed in 1.17 to 2.4: ' + _era_list(
        'np.' + n.name for n in ERA_NAMES if n.module == 'numpy'), status=WORKS,
        instead='what they were (`np.float` is `float`, `np.asscalar(a)` is `a.item()`), for '
                "the script's own code; `np.bool` and `np.long` are NumPy 2's",
        upgrade='today\'s name where one exists (`np.float` as `float`, `np.NaN` as `np.nan`, '
                '`np.product` as `np.prod`), else `tf1_mnist.era`\'s (`np.asscalar`, `np.in1d`, '
                '`np.asfarray`)'),
    Family('NumPy keywords and modes removed since: `np.histogram(normed=...)`, '
           '`np.set_printoptions(threshold=np.nan)`, `np.fromstring(data, dtype)` in binary '
           'mode', status=WORKS,
           instead='`density=`, `threshold=sys.maxsize`, a copy of `np.frombuffer`, for calls '
                   "from the script's own code; `ndarray.tostring()` is not given back "
                   '(`ndarray` cannot be changed): write `tobytes()`',
           upgrade='`normed=` as `density=`, `threshold=np.nan` as `threshold=sys.maxsize`, '
                   '`np.fromstring` as `tf1_mnist.era.fromstring` (a copy of `np.frombuffer` in '
                   'binary mode); `ndarray.tostring()` left as it is (write `tobytes()`)'),
    Family('Pillow names removed in 10: `Image.ANTIALIAS`, `Image.LINEAR`, `Image.CUBIC`, '
           '`ImageDraw.textsize`, `font.getsize`', status=WORKS,
           instead='`Image.LANCZOS`, `BILINEAR`, `BICUBIC`; the right and bottom of '
                   '`textbbox` / `getbbox`, as Pillow 9 measured',
           upgrade='`Image.LANCZOS`, `BILINEAR`, `BICUBIC`; `draw.textsize(...)` and '
                   '`font.getsize(...)` as `tf1_mnist.era.textsize(draw, ...)` and '
                   '`tf1_mnist.era.getsize(font, ...)`'),
    Family('Python names removed in 3.7 to 3.11: ' + _era_list(
        '%s.%s' % (n.module, n.name) for n in ERA_NAMES
        if n.module in ('collections', 'time', 'inspect', 'os', 'fractions', 'base64', 'sys')
        and not (n.module == 'collections' and n.name not in ('Iterable', 'Mapping',
                                                              'MutableMapping', 'Sequence',
                                                              'Callable'))) +
        ' and the other ABCs of `collections`', status=WORKS,
        instead="what they were, for the script's own code (`time.clock` is "
                '`time.process_time`)',
        upgrade="today's names (`collections.abc.Mapping`, `time.process_time`, "
                '`base64.encodebytes`), else `tf1_mnist.era`\'s (`inspect.getargspec`, '
                '`fractions.gcd`)'),
    Family('matplotlib names removed in 2.2 to 3.9: `fig.canvas.set_window_title`, '
           '`plt.hold`, `ax.hold`, `hist(normed=...)`, `plt.axes(axisbg=...)`, '
           '`subplot(axisbg=...)`, `ax.set_axis_bgcolor`, `ax.set_color_cycle`, '
           '`fig.gca(projection=...)`, '
           "`matplotlib.use(..., warn=False)`, `plt.style.use('seaborn-...')`, "
           '`plt.cm.get_cmap`, `mlab.normpdf`', status=WORKS,
           instead="what they did, for calls from the script's own code (`hist(normed=)` is "
                   '`density=`, `axisbg=` is `facecolor=`)',
           upgrade='`density=`, `facecolor=`, `set_facecolor`, `canvas.manager.set_window_title`, '
                   '`warn=` left out; `plt.hold`, `cm.get_cmap`, `mlab.normpdf` as '
                   '`tf1_mnist.era`\'s; `ax.hold` and' + LEFT_MARKED),
    Family('SciPy names deprecated in 1.0 and removed since: ' + _era_list(
        n.module + '.' + n.name for n in ERA_NAMES if n.module.startswith('scipy')),
        status=WORKS,
        instead='the same arrays and files, with Pillow: float images byte-scaled as SciPy '
                'did, `imresize` through `bytescale` and PIL\'s `resize` (bilinear by '
                'default); `logsumexp`, `comb`, `factorial` from `scipy.special`',
        upgrade='`logsumexp`, `comb`, `factorial` as `scipy.special`\'s; the image functions '
                'as `tf1_mnist.era`\'s;' + LEFT_MARKED),
    Family("scikit-learn names removed in 0.20 and 0.22: `fetch_mldata('MNIST original')`, "
           '`sklearn.cross_validation` (`train_test_split`, `cross_val_score`, '
           '`cross_val_predict`)', status=WORKS,
           instead="the bundled MNIST in mldata.org's order (each split sorted by label), "
                   "offline; `model_selection`'s functions with 0.19's three folds",
           upgrade='`fetch_mldata`, and `train_test_split`, `cross_val_score` and '
                   '`cross_val_predict` imported from `sklearn.cross_validation`, as '
                   '`tf1_mnist.era`\'s; the module itself left as it was, marked and listed'),
    Family('Standalone Keras 2 (`import keras`, `from keras.models import Sequential`, '
           '`from keras.layers.core import Dense`, `keras.objectives`, `keras.utils.np_utils`) '
           'in a TF1 script', status=WORKS_WITH_EXTRA,
           instead="tf-keras (Keras 2, which runs on TF1's graph; Keras 3 does not) for the "
                   "script's own code, Keras 2's module paths included: `pip install "
                   "'tf1_mnist[legacy-layers]'`",
           upgrade="tf-keras: `import tf_keras as keras`, Keras 2's module paths as tf-keras "
                   "holds them (`from tf_keras.layers import Dense`), with "
                   "`TF_USE_LEGACY_KERAS` set first"),
    Family("`tf.app.flags.DEFINE_integer('batch_size', np.power(2, 7), ...)`: a NumPy number "
           'as a flag\'s default (TF 1.4 and earlier took it; absl refuses it)', status=WORKS,
           instead='the default as the Python number it equals',
           upgrade='the default as the flag\'s type: `int(np.power(2, 7))`'),
    Family('An import of a package that is not installed (`cv2`, `sklearn`, `skimage`, `PIL`, '
           '`yaml`, `matplotlib`, `watermark`, ...)', status=REFUSED,
           instead='one line with the pip name (`pip install opencv-python`), from '
                   '`--check`, before a script runs, and from a notebook cell',
           upgrade='left as it was, marked and listed with the pip name, unless the import is '
                   'inside a `try`'),
)
FAMILIES = FAMILIES + ERA_FAMILIES

@functools.lru_cache(maxsize=None)
def installed(module):
    """Whether the top-level ``module`` can be imported, found without importing it."""
    if module in sys.modules:
        return sys.modules[module] is not None
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def find(path):
    """The entry that covers ``tf.<path>`` (the longest one), or None."""
    path = tuple(path)
    for depth in range(len(path), 0, -1):
        entry = BY_KEY.get(path[:depth])
        if entry is not None:
            return entry
    return None


@functools.lru_cache(maxsize=None)
def provided_names(provider):
    """The names a replacement module provides: its ``__all__``, read from its source."""
    spec = importlib.util.find_spec(provider)
    with open(spec.origin, encoding='utf-8') as f:
        tree = ast.parse(f.read(), spec.origin)
    for node in tree.body:
        if (isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == '__all__' for t in node.targets)):
            return frozenset(ast.literal_eval(node.value))
    raise ValueError('%s has no literal __all__' % provider)


def symbol(path, entry):
    """The name to report for ``tf.<path>`` covered by ``entry``: the entry's path and the name
    used below it (``tf.contrib.layers.flatten``), past any namespaces on the way."""
    depth = len(entry.key)
    while tuple(path[:depth + 1]) in NAMESPACES and depth < len(path):
        depth += 1
    return 'tf.' + '.'.join(path[:depth + 1])


def extra_verdict(entry, shown, installed=installed):
    """The verdict about the extra an entry needs, or None when it needs none."""
    if not entry.requires:
        return None
    names = ', '.join(PACKAGES.get(module, module) for module in entry.requires)
    if all(installed(module) for module in entry.requires):
        return Verdict(NOTE, shown, 'needs the %s extra (%s), which is installed'
                       % (entry.extra, names), '')
    return Verdict(BLOCKED, shown, 'needs the %s extra (%s), which is not installed'
                   % (entry.extra, names),
                   "install it with: pip install '%s[%s]'" % (PROVIDED_BY_TF1_MNIST, entry.extra))


def classify(path, installed=installed):
    """Say, from its name alone, whether ``tf.<path>`` works in a script under the runner.

    ``path`` is the tuple of names after ``tensorflow`` (``('contrib', 'layers', 'flatten')``);
    ``installed(module)`` says whether a third-party module is importable. Returns None for
    names that work silently or that the table does not know (then ``tensorflow.compat.v1``
    decides), else a Verdict whose ``symbol`` is the name to report.
    """
    path = tuple(path)
    if not path:
        return None
    if path in NAMESPACES:
        # A way to longer entries; a provided module on that way still needs its extra.
        entry = BY_KEY.get(path)
        if entry is None or entry.provider is None:
            return None
        return extra_verdict(entry, 'tf.' + '.'.join(path), installed)
    entry = find(path)
    if entry is None:
        return None
    shown = symbol(path, entry)
    if entry.refused:
        return Verdict(BLOCKED, shown, entry.what, entry.advice)
    needs = extra_verdict(entry, shown, installed)
    if needs is not None and needs.kind == BLOCKED:
        return needs
    if (entry.provides_module and len(path) > len(entry.key)
            and not path[len(entry.key)].startswith('_')
            and path[len(entry.key)] not in provided_names(entry.provider)):
        return not_provided(path, entry)
    if entry.note and len(path) == len(entry.key):
        return Verdict(NOTE, shown, entry.note, '')
    return needs


def not_provided(path, entry):
    """The verdict for a name below a provided module that the module does not have."""
    shown = 'tf.' + '.'.join(path[:len(entry.key) + 1])
    return Verdict(BLOCKED, shown, 'is not provided by tf1_mnist',
                   entry.advice or 'look up its replacement in the TensorFlow 1.15 API '
                                   'documentation')


def not_in_compat_v1(path):
    """The verdict for a name that neither the table nor ``tensorflow.compat.v1`` knows."""
    return Verdict(BLOCKED, 'tf.' + '.'.join(path),
                   'is not in the TensorFlow 1 API that TensorFlow 2 keeps (tf.compat.v1)',
                   'look up its replacement in the TensorFlow 1.15 API documentation')


def _usage(family, entries):
    """A row's usage text, with the names and keywords of its entries put in."""
    names = ', '.join('`tf.%s` (`tf.%s`)' % (e.path, e.provider[len('tf.'):]) for e in entries
                      if e.provider and e.provider.startswith('tf.'))
    keywords = ', '.join(
        '`%s=` (`%s=`) of %s' % (old, new, ', '.join(
            '`tf.%s`' % e.path for e in entries if (old, new) in e.keywords))
        for old, new in dict.fromkeys(k for e in entries for k in e.keywords))
    return family.usage.format(names=names, keywords=keywords)


def family_row(family):
    """(usage, status, instead) of one row of the compatibility table."""
    entries = [BY_KEY[tuple(path.split('.'))] for path in family.paths]
    status, instead = family.status, family.instead
    if status is None:
        if any(entry.refused for entry in entries):
            status = REFUSED
            advice = []
            for entry in entries:
                text = re.sub(r'^use |,? instead$', '', entry.advice)
                if text not in advice:
                    advice.append(text)
            instead = instead or _code_names('; '.join(advice))
        elif any(entry.requires for entry in entries):
            extras = sorted({entry.extra for entry in entries if entry.extra})
            status = WORKS_WITH_EXTRA
            instead = instead or ', '.join("`pip install 'tf1_mnist[%s]'`" % extra
                                           for extra in extras)
        else:
            status = WORKS
    return _usage(family, entries), status, instead


def _code_names(text):
    """``text`` with the dotted Python names in it set as code, for Markdown."""
    return re.sub(r'\b((?:tf|tfp|tf1_mnist|tensorboard|tensorflow_probability)(?:\.\w+)+)',
                  r'`\1`', text)


def upgrade_text(family):
    """What ``python -m tf1_mnist.upgrade`` writes for a row: its ``upgrade``, or said from its
    entries' ``upgrade`` fields."""
    if family.upgrade is not None:
        return family.upgrade
    entries = [BY_KEY[tuple(path.split('.'))] for path in family.paths]
    if not entries:
        return 'kept, as `import tensorflow.compat.v1 as tf` has it'
    # A name the runner gives as another of TensorFlow's (``provider='tf.keras'``) is written
    # as that name (``upgraded``).
    renamed = [e for e in entries if not e.upgrade and not e.refused and e.provider
               and e.provider.startswith('tf.')]
    moved = ['`tf.%s` as `%s`' % (e.path, e.upgrade.to.replace(':', '.'))
             for e in entries if e.upgrade] + [
        '`tf.%s` as `%s`' % (e.path, e.provider) for e in renamed]
    left = [e for e in entries if not e.upgrade and e.provider is not None
            and e not in renamed or e.refused]
    text = ', '.join(moved)
    if left:
        text += ('; the rest ' if moved else '') + 'left as it was, marked and listed'
    return text or 'kept'


def markdown():
    """The compatibility table of TF1 API families (docs/compatibility.md), in Markdown."""
    lines = ['| TensorFlow 1 usage | Under `python -m tf1_mnist.run` | How, or instead '
             '| `python -m tf1_mnist.upgrade` writes |',
             '|---|---|---|---|']
    for family in FAMILIES:
        lines.append('| %s | %s | %s | %s |' % (family_row(family) + (upgrade_text(family),)))
    return '\n'.join(lines) + '\n'


if __name__ == '__main__':
    sys.stdout.write(markdown())
