"""The table's contract for replacement modules, as the runner's table
(``tf1_mnist/runner/engine/table.py``) documents it: a module standing for a TF1 module provides
exactly the names of its ``__all__``; a name it lacks is refused with the entry's advice; a
missing extra is named with its install command."""

import sys
import textwrap

import pytest
import tensorflow as real_tf

from tf1_mnist.runner.engine import check, imports, table
from tf1_mnist.runner.engine.namespace import (LegacyAPI, UnsupportedModuleError,
                                               UnsupportedSymbolError)

ADVICE = 'use tf.layers instead'


@pytest.fixture
def with_replacement(tmp_path, monkeypatch):
    """A replacement module for ``tf.contrib.layers`` in the table, and a function that adds
    ``requires`` to its entry."""
    package = tmp_path / 'fake_replacements'
    package.mkdir()
    (package / '__init__.py').write_text('')
    (package / 'contrib_layers.py').write_text(textwrap.dedent('''\
        __all__ = ['flatten']


        def flatten(inputs):
            return ('flattened', inputs)


        def helper():
            return None
        '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(table, 'REPLACEMENTS', 'fake_replacements')

    def install(**extra):
        entry = table.Entry('contrib.layers', provider='fake_replacements.contrib_layers',
                            advice=ADVICE, **extra)
        monkeypatch.setitem(table.BY_KEY, entry.key, entry)
        monkeypatch.setattr(table, 'NAMESPACES', table.NAMESPACES | {('contrib',)})
        table.provided_names.cache_clear()
        return entry
    yield install
    table.provided_names.cache_clear()
    sys.modules.pop('fake_replacements.contrib_layers', None)
    sys.modules.pop('fake_replacements', None)


def test_names_of_its_all_are_provided_others_refused(with_replacement):
    with_replacement()
    assert table.classify(('contrib', 'layers', 'flatten')) is None
    refused = table.classify(('contrib', 'layers', 'helper'))
    assert (refused.kind, refused.symbol, refused.what, refused.advice) == (
        table.BLOCKED, 'tf.contrib.layers.helper', 'is not provided by tf1_mnist', ADVICE)
    tf = LegacyAPI(real_tf, table.installed).root
    assert tf.contrib.layers.flatten(3) == ('flattened', 3)
    with pytest.raises(UnsupportedSymbolError, match='tf.contrib.layers.helper is not provided'):
        tf.contrib.layers.helper  # noqa: B018
    findings, _ = check.check_source(
        'import tensorflow as tf\nfrom tensorflow.contrib.layers import flatten\n'
        'tf.contrib.layers.helper()\n', 'x.py')
    assert [(f.line, f.verdict.symbol) for f in findings] == [(3, 'tf.contrib.layers.helper')]


def test_imports_of_the_replacement(with_replacement):
    with_replacement()
    api = LegacyAPI(real_tf, table.installed)
    hook = imports.LegacyImporter(api, lambda filename: True)
    layers = hook('tensorflow.contrib.layers', {'__file__': 'x.py'}, None, ('flatten',), 0)
    assert layers.flatten(1) == ('flattened', 1)
    with pytest.raises(UnsupportedModuleError):
        hook('tensorflow.contrib.layers', {'__file__': 'x.py'}, None, ('helper',), 0)


def test_a_missing_extra_is_named_with_its_install_command(with_replacement):
    with_replacement(requires=('no_such_module_for_tf1_mnist',), extra='legacy-layers')
    verdict = table.classify(('contrib', 'layers', 'flatten'))
    assert (verdict.kind, verdict.symbol, verdict.what, verdict.advice) == (
        table.BLOCKED, 'tf.contrib.layers.flatten',
        'needs the legacy-layers extra (no_such_module_for_tf1_mnist), which is not installed',
        "install it with: pip install 'tf1_mnist[legacy-layers]'")
    tf = LegacyAPI(real_tf, table.installed).root
    assert not hasattr(tf.contrib.layers, 'flatten')  # tf.contrib.layers itself may be named


def test_every_entry_is_in_a_readme_row_or_a_namespace():
    in_rows = {path for family in table.FAMILIES for path in family.paths}
    providing_only_datasets = {'contrib.learn.python.learn.datasets'}
    assert {e.path for e in table.ENTRIES} - in_rows <= providing_only_datasets


def NOTHING(module):
    return False


def EVERYTHING(module):
    return True


@pytest.mark.parametrize('path, extra', [
    ('contrib.metrics.streaming_accuracy', 'contrib'),
    ('contrib.losses.softmax_cross_entropy', 'contrib'),
    ('contrib.layers.python.layers.batch_norm', 'contrib'),
    ('contrib.framework.python.ops.arg_scope', 'contrib'),
    ('contrib.rnn.python.ops.rnn_cell.BasicLSTMCell', 'legacy-layers'),
    ('contrib.distributions.Normal', 'distributions'),
    ('contrib.tensorboard.plugins.projector.ProjectorConfig', 'projector'),
    ('contrib.learn.Experiment', 'estimator'),
    ('contrib.learn.learn_runner.run', 'estimator'),
])
def test_contrib_equivalents_need_their_extra(path, extra):
    path = tuple(path.split('.'))
    assert table.classify(path, EVERYTHING).kind == table.NOTE
    verdict = table.classify(path, NOTHING)
    assert verdict.kind == table.BLOCKED
    assert verdict.advice == "install it with: pip install 'tf1_mnist[%s]'" % extra


@pytest.mark.parametrize('path', ['contrib.seq2seq.sequence_loss',
                                  'contrib.legacy_seq2seq.sequence_loss_by_example',
                                  'contrib.data.batch_and_drop_remainder',
                                  'contrib.learn.ModeKeys', 'contrib.framework.nest'])
def test_contrib_equivalents_needing_nothing(path):
    assert table.classify(tuple(path.split('.')), NOTHING) is None


@pytest.mark.parametrize('path, advice', [
    ('contrib.seq2seq.BasicDecoder', 'tf.nn.dynamic_rnn'),
    ('contrib.legacy_seq2seq.embedding_attention_seq2seq', 'tf.nn.dynamic_rnn'),
    ('contrib.learn.Estimator', 'tf.estimator.Estimator'),
    ('contrib.tensorboard.plugins.trace', 'tensorboard.plugins.projector'),
])
def test_contrib_names_without_an_equivalent_are_refused_with_a_real_replacement(path, advice):
    verdict = table.classify(tuple(path.split('.')), EVERYTHING)
    assert verdict.kind == table.BLOCKED and advice in verdict.advice, verdict
