"""What each TensorFlow 1 name does under the runner: the one table that the runner, ``--check``
and the README's compatibility table read.

The table is ``ENTRIES``, a tuple of ``Entry``; ``FAMILIES`` groups them into the rows of the
README's table (``python -m tf1_mnist.legacy.table`` prints it in Markdown). An entry's
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
  renamed name, an argument order that the replacement interprets).

Adding a replacement implementation of a removed TF1 API
--------------------------------------------------------
1. Write ``tf1_mnist/legacy/replacements/<family>.py`` (e.g. ``contrib_layers.py``). It stands
   for one TF1 module: the names it provides are exactly those listed in its ``__all__`` (a
   literal list of strings: ``--check`` reads it from the source without importing anything),
   each behaving as the TF 1.x name did. It may import TensorFlow at module level (it is
   imported only when a script first uses the name) and must take the TF1 API from
   ``tensorflow.compat.v1``.
2. Add one entry to ``ENTRIES``, e.g.::

       Entry('contrib.layers', provider='tf1_mnist.legacy.replacements.contrib_layers',
             requires=('tf_slim',), extra='legacy-layers',
             advice='use tf.layers with the legacy-layers extra, or tf.keras.layers, instead')

   A script's ``tf.contrib.layers`` (and ``import tensorflow.contrib.layers``, ``from
   tensorflow.contrib.layers import ...``) is then that module: ``tf.contrib.layers.flatten``
   is its ``flatten``, and a name missing from its ``__all__`` is refused, naming itself, with
   ``advice``. Several TF1 paths may share one module (``contrib.slim`` and ``contrib.layers``).
   A single object is ``provider='tf1_mnist.legacy.replacements.<family>:<name>'``; a longer
   entry overrides part of a shorter one (``contrib.framework.arg_scope`` provided while the
   rest of ``contrib.framework`` stays refused). New third-party modules go into ``PACKAGES``
   and the extra into ``setup.cfg``.
3. Put the entry in its family's row of ``FAMILIES`` (or add a row), then regenerate the
   README's table (``python -m tf1_mnist.legacy.table``); a test checks they agree.
4. Test the replacement against what TF 1.x did (its documented defaults, or numbers computed
   independently), and with a script in ``tests/legacy_scripts`` run under the runner.

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
}

# Modules whose provider module is seen by scripts as a TF1 module, names limited to __all__.
REPLACEMENTS = 'tf1_mnist.legacy.replacements'


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

ENTRIES = (
    # The MNIST tutorial modules, and what tf.contrib.learn offered for MNIST.
    Entry('examples.tutorials.mnist.input_data', provider='tf1_mnist.input_data'),
    Entry('examples.tutorials.mnist.mnist', provider='tf1_mnist.tutorial_mnist'),
    Entry('contrib.learn.datasets.mnist', provider='tf1_mnist.input_data'),
    Entry('contrib.learn.datasets.load_dataset',
          provider='tf1_mnist.legacy.replacements.learn_datasets:load_dataset'),
    Entry('contrib.learn.python.learn.datasets.mnist', provider='tf1_mnist.input_data'),
    Entry('contrib.learn.python.learn.datasets.load_dataset',
          provider='tf1_mnist.legacy.replacements.learn_datasets:load_dataset'),
    Entry('contrib.learn.datasets', advice="use tf1_mnist.input_data's read_data_sets instead"),
    Entry('contrib.learn.python.learn.datasets',
          advice="use tf1_mnist.input_data's read_data_sets instead"),
    Entry('examples', what='is not provided',
          advice='of the TF1 examples only tensorflow.examples.tutorials.mnist.input_data and '
                 '.mnist are; copy the module you need beside the script'),
    # TF1 modules built on Keras 2 layers: with Keras 3 they exist only through tf-keras.
    Entry('layers', **LEGACY_LAYERS),
    Entry('nn.rnn_cell', **LEGACY_LAYERS),
    # tf.contrib, removed in TensorFlow 2.0.
    Entry('contrib.layers', advice='use tf.layers with the legacy-layers extra, or '
                                   'tf.keras.layers instead'),
    Entry('contrib.slim', advice='use tf.layers with the legacy-layers extra, or tf.keras '
                                 'instead'),
    Entry('contrib.rnn', advice='use tf.nn.rnn_cell with the legacy-layers extra, or '
                                'tf.keras.layers.LSTM and GRU instead'),
    Entry('contrib.learn', advice='use a tf.Session training loop or tf.keras (the MNIST '
                                  'datasets of tf.contrib.learn still work) instead'),
    Entry('contrib.metrics', advice='use tf.metrics instead'),
    Entry('contrib.losses', advice='use tf.losses instead'),
    Entry('contrib.framework', advice='use tf.train.get_or_create_global_step, '
                                      'tf.global_variables or tf.train.init_from_checkpoint '
                                      'instead'),
    Entry('contrib.training', advice='use tf.train instead'),
    Entry('contrib.keras', advice='use tf.keras instead'),
    Entry('contrib.data', advice='use tf.data instead'),
    Entry('contrib.distributions', advice='use tensorflow_probability (tfp.distributions) '
                                          'instead'),
    Entry('contrib.tensorboard', advice='use tensorboard.plugins.projector from the tensorboard '
                                        'package instead'),
    Entry('contrib', advice='use the tf.compat.v1 or tf.keras equivalent instead'),
    # tf.estimator, removed in TensorFlow 2.16.
    Entry('estimator', what='is not available in TensorFlow 2.16 and later',
          advice='use a tf.Session training loop, or tf.keras Model.fit, instead'),
    # Names TensorFlow 1.0 renamed; course material older than 1.0 still uses them.
    Entry('mul', advice='use tf.multiply instead', what='was renamed in TensorFlow 1.0'),
    Entry('sub', advice='use tf.subtract instead', what='was renamed in TensorFlow 1.0'),
    Entry('neg', advice='use tf.negative instead', what='was renamed in TensorFlow 1.0'),
    Entry('pack', advice='use tf.stack instead', what='was renamed in TensorFlow 1.0'),
    Entry('unpack', advice='use tf.unstack instead', what='was renamed in TensorFlow 1.0'),
    Entry('select', advice='use tf.where instead', what='was renamed in TensorFlow 1.0'),
    Entry('batch_matmul', advice='use tf.matmul instead', what='was renamed in TensorFlow 1.0'),
    Entry('scalar_summary', advice='use tf.summary.scalar instead',
          what='was renamed in TensorFlow 1.0'),
    Entry('histogram_summary', advice='use tf.summary.histogram instead',
          what='was renamed in TensorFlow 1.0'),
    Entry('image_summary', advice='use tf.summary.image instead',
          what='was renamed in TensorFlow 1.0'),
    Entry('audio_summary', advice='use tf.summary.audio instead',
          what='was renamed in TensorFlow 1.0'),
    Entry('merge_summary', advice='use tf.summary.merge instead',
          what='was renamed in TensorFlow 1.0'),
    Entry('merge_all_summaries', advice='use tf.summary.merge_all instead',
          what='was renamed in TensorFlow 1.0'),
    Entry('train.SummaryWriter', advice='use tf.summary.FileWriter instead',
          what='was renamed in TensorFlow 1.0'),
)

BY_KEY = {entry.key: entry for entry in ENTRIES}
assert len(BY_KEY) == len(ENTRIES), 'two entries for one path'

# Names that exist only as the way to a provided name (``tf.contrib``, ``tf.examples``): they are
# namespaces, even where an entry refuses the rest of them.
NAMESPACES = frozenset(entry.key[:n] for entry in ENTRIES if entry.provider is not None
                       for n in range(1, len(entry.key)))

# First names after ``tensorflow`` that the table covers: the runner resolves
# ``import tensorflow.<name>...`` for them in its namespace rather than importing a module.
FIRST_NAMES = frozenset(entry.key[0] for entry in ENTRIES) | {'compat'}


Family = collections.namedtuple('Family', 'usage paths status instead')
Family.__new__.__defaults__ = ((), None, '')

WORKS = 'works'
WORKS_WITH_EXTRA = 'works with the extra'
REFUSED = 'refused, with advice'

# The rows of the README's table: what a TF1 course uses, and the entries that decide it (rows
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
           'absl now owns such as `log_dir`, too), `tf.logging`, `tf.gfile`', status=WORKS),
    Family('`from tensorflow.examples.tutorials.mnist import input_data`, '
           '`import tensorflow.examples.tutorials.mnist.input_data as input_data`, '
           '`from tensorflow.contrib.learn.python.learn.datasets import mnist`, '
           '`tf.contrib.learn.datasets.mnist`, `tf.contrib.learn.datasets.load_dataset(\'mnist\')`',
           ('examples.tutorials.mnist.input_data', 'contrib.learn.datasets.mnist',
            'contrib.learn.datasets.load_dataset', 'contrib.learn.python.learn.datasets.mnist',
            'contrib.learn.python.learn.datasets.load_dataset'),
           instead='`tf1_mnist.input_data`, bundled MNIST, offline'),
    Family('`from tensorflow.examples.tutorials.mnist import mnist` (the model of "TensorFlow '
           'Mechanics 101")', ('examples.tutorials.mnist.mnist',),
           instead='`tf1_mnist.tutorial_mnist`'),
    Family('`from tensorflow.python.framework import dtypes` and other internal modules',
           status=WORKS, instead='the real modules'),
    Family('`tf.keras`', status=WORKS, instead='Keras 3; tf-keras with the extra'),
    Family('`tf.layers.*` (`dense`, `conv2d`, `max_pooling2d`, `dropout`, `flatten`, ...), '
           '`tf.nn.rnn_cell.*`', ('layers', 'nn.rnn_cell')),
    Family('`tf.contrib.layers`', ('contrib.layers',)),
    Family('`tf.contrib.slim`', ('contrib.slim',)),
    Family('`tf.contrib.rnn`', ('contrib.rnn',)),
    Family('`tf.contrib.learn` (other than its MNIST datasets)',
           ('contrib.learn', 'contrib.learn.datasets', 'contrib.learn.python.learn.datasets')),
    Family('`tf.contrib.metrics`, `tf.contrib.losses`, `tf.contrib.framework`, '
           '`tf.contrib.training`, `tf.contrib.keras`, `tf.contrib.data`, '
           '`tf.contrib.distributions`, `tf.contrib.tensorboard`',
           ('contrib.metrics', 'contrib.losses', 'contrib.framework', 'contrib.training',
            'contrib.keras', 'contrib.data', 'contrib.distributions', 'contrib.tensorboard')),
    Family('any other `tf.contrib.*`', ('contrib',)),
    Family('`tf.estimator`', ('estimator',)),
    Family('Names renamed in TensorFlow 1.0: `tf.mul`, `tf.sub`, `tf.neg`, `tf.pack`, '
           '`tf.unpack`, `tf.select`, `tf.batch_matmul`, `tf.scalar_summary`, '
           '`tf.histogram_summary`, `tf.image_summary`, `tf.audio_summary`, `tf.merge_summary`, '
           '`tf.merge_all_summaries`, `tf.train.SummaryWriter`',
           ('mul', 'sub', 'neg', 'pack', 'unpack', 'select', 'batch_matmul', 'scalar_summary',
            'histogram_summary', 'image_summary', 'audio_summary', 'merge_summary',
            'merge_all_summaries', 'train.SummaryWriter')),
    Family('Other `tensorflow.examples` modules', ('examples',)),
    Family('Python 2 code (`print "..."`)', status=REFUSED,
           instead='convert it first, e.g. with `2to3`'),
)


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
    if not path or path in NAMESPACES:
        return None
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


def family_row(family):
    """(usage, status, instead) of one row of the README's table."""
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
    return family.usage, status, instead


def _code_names(text):
    """``text`` with the dotted Python names in it set as code, for Markdown."""
    return re.sub(r'\b((?:tf|tfp|tf1_mnist|tensorboard|tensorflow_probability)(?:\.\w+)+)',
                  r'`\1`', text)


def markdown():
    """The README's table of TF1 API families, in Markdown."""
    lines = ['| TensorFlow 1 usage | Under `python -m tf1_mnist.run` | How, or instead |',
             '|---|---|---|']
    for family in FAMILIES:
        lines.append('| %s | %s | %s |' % family_row(family))
    return '\n'.join(lines) + '\n'


if __name__ == '__main__':
    sys.stdout.write(markdown())
