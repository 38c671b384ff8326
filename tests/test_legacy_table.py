"""The table's contract for replacement modules, as ``tf1_mnist/legacy/table.py`` documents it:
a module standing for a TF1 module provides exactly the names of its ``__all__``; a name it
lacks is refused with the entry's advice; a missing extra is named with its install command."""

import sys
import textwrap

import pytest
import tensorflow as real_tf

from tf1_mnist.legacy import check, imports, table
from tf1_mnist.legacy.namespace import LegacyAPI, UnsupportedModuleError, UnsupportedSymbolError

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
