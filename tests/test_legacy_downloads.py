"""MNIST that old scripts fetch from the network comes from the bundled copy under the runner:
an old copy of the tutorial's input_data.py beside the script, Keras's mnist.load_data, and
urlretrieve/urlopen of MNIST's four files; and TF 0.x's tensorflow.models.rnn works."""

import hashlib
import os
import shutil
import sys
import textwrap
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import warm
from tf1_mnist import input_data
from tf1_mnist.runner.engine import check, imports, table
from tf1_mnist.runner.engine.replacements import keras_mnist, mnist_downloads

SCRIPTS = Path(__file__).resolve().parent / 'legacy_scripts'
COPY = (SCRIPTS / 'old_input_data' / 'input_data.py').read_text()
BUNDLED = input_data.bundled_data_dir()


def notes(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    findings, _ = check.check_files([str(path)])
    assert not [f for f in findings if check.is_problem(f)]
    return [(f.line, f.verdict.symbol, f.verdict.what) for f in findings]


def test_an_old_input_data_copy_is_recognised_by_its_source():
    assert table.copy_of(COPY) is table.COPIES[0]
    # The same module in Python 2 is recognised in translation.
    assert table.copy_of(COPY.replace("print('Extracting', filename)",
                                      "print 'Extracting', filename")) is table.COPIES[0]


@pytest.mark.parametrize('change', [
    # A user's own module with more in it, or without the tutorial's functions, is left alone.
    lambda s: s + '\n\ndef load_cifar(folder):\n    return folder\n',
    lambda s: s + '\n\nBATCH = 50\n',
    lambda s: s.replace('def extract_labels(', 'def read_labels('),
    lambda s: s.replace('def maybe_download(', 'def fetch(').replace('SOURCE_URL =', 'URL ='),
])
def test_a_module_that_is_not_such_a_copy_is_left_alone(change):
    assert table.copy_of(change(COPY)) is None


def test_check_notes_the_copy_and_does_not_check_its_code(tmp_path):
    (tmp_path / 'input_data.py').write_text(COPY + '\nimport tensorflow as tf\ntf.contrib.x\n')
    found = notes(tmp_path, 'main.py', 'import input_data\n')
    assert found == [(1, 'this module', 'is %s, which %s' % (table.COPIES[0].description,
                                                           table.COPIES[0].note))]
    (tmp_path / 'input_data.py').write_text('def read_data_sets(d):\n    return d\n')
    assert notes(tmp_path, 'main.py', 'import input_data\n') == []


def test_check_notes_keras_load_data_in_each_spelling(tmp_path):
    found = notes(tmp_path, 'k.py', '''\
        import tensorflow as tf
        from tensorflow import keras
        import keras as k3
        from keras.datasets import mnist
        import tf_keras

        a = tf.keras.datasets.mnist.load_data()
        b = keras.datasets.mnist.load_data()
        c = k3.datasets.mnist.load_data()
        d = mnist.load_data()
        e = tf_keras.datasets.mnist.load_data()
        f = k3.datasets.cifar10.load_data()
        ''')
    assert sorted({line for line, _, what in found if what == table.KERAS_MNIST_NOTE}) == [
        4, 7, 8, 9, 10, 11]


def test_check_notes_urlretrieve_only_in_a_file_that_names_mnist_files(tmp_path):
    source = '''\
        from six.moves.urllib.request import urlretrieve
        import urllib.request
        urlretrieve(URL + NAME, 'x')
        urllib.request.urlopen(URL + NAME)
        '''
    assert notes(tmp_path, 'a.py', source) == []
    found = notes(tmp_path, 'b.py', source + "NAME = 'train-images-idx3-ubyte.gz'\n")
    assert [(line, symbol) for line, symbol, _ in found] == [
        (1, 'six.moves.urllib.request.urlretrieve'), (3, 'six.moves.urllib.request.urlretrieve'),
        (4, 'urllib.request.urlopen')]


def test_runner_and_check_know_each_new_entry():
    """Every entry, stand-in and copy of this family is known to both: ``--check`` judges it
    from the table, and the runner's namespace, import hook and stand-ins act on it."""
    import tensorflow as real_tf
    from tf1_mnist.runner.engine.namespace import LegacyAPI, UnsupportedSymbolError
    api = LegacyAPI(real_tf, lambda module: True)
    for entry in table.DOWNLOAD_ENTRIES:
        # tf.models itself is only the way to tf.models.rnn: a name below it is refused.
        key = entry.key + (('seq2seq',) if entry.key in table.NAMESPACES else ())
        verdict = table.classify(key, lambda module: True)
        if entry.refused:
            assert verdict.kind == table.BLOCKED
            if entry.path.startswith('models.rnn.rnn_cell.'):
                continue  # its module needs tf-keras as tf.layers (a process of the runner)
            with pytest.raises(UnsupportedSymbolError):
                node = api.root
                for name in key:
                    node = getattr(node, name)
        else:
            assert verdict is not None and verdict.kind == table.NOTE, entry.path
    for stand_in in table.STAND_INS:
        for name in stand_in.names:
            assert check._stand_in(name, True) is stand_in
        module, _, attribute = stand_in.provider.partition(':')
        assert callable(getattr(__import__(module, fromlist=[attribute]), attribute))
    for copy in table.COPIES:
        provider = __import__(copy.provider, fromlist=['__all__'])
        assert set(provider.__all__) >= {'read_data_sets', 'DataSet', 'extract_images',
                                         'extract_labels', 'dense_to_one_hot'}


def test_the_import_hook_loads_the_provider_in_place_of_a_copy(tmp_path, capsys):
    import importlib.util
    from tf1_mnist.runner.engine.replacements import input_data_copy, tutorial_mnist_data
    (tmp_path / 'input_data.py').write_text(COPY)
    (tmp_path / 'helpers.py').write_text('def read_data_sets(folder):\n    return folder\n')
    finder = imports.Python2Finder(imports.LegacyScope(str(tmp_path)))
    spec = finder.find_spec('input_data', [str(tmp_path)])
    assert isinstance(spec.loader, imports.CopyLoader) and spec.loader.copy is table.COPIES[0]
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.read_data_sets is tutorial_mnist_data.read_data_sets
    assert module.extract_images is input_data_copy.extract_images
    assert module.__file__ == str(tmp_path / 'input_data.py')
    assert capsys.readouterr().err.count('\n') == 1
    assert type(finder.find_spec('helpers', [str(tmp_path)]).loader) is imports.Python2Loader


@pytest.fixture
def legacy_caller(tmp_path):
    """Stand-ins installed for code in ``tmp_path``; returns a function that runs a snippet as
    a legacy file there."""
    stand_ins = imports.StandIns(imports.LegacyScope(str(tmp_path)))
    stand_ins.install()
    mnist_downloads._noted.clear()

    def run(code, **names):
        filename = str(tmp_path / 'script.py')
        scope = dict(names, __file__=filename, __name__='script')
        exec(compile(textwrap.dedent(code), filename, 'exec'), scope)
        return scope
    yield run
    stand_ins.uninstall()
    mnist_downloads._noted.clear()


def test_urlretrieve_of_mnist_names_writes_the_bundled_file(tmp_path, legacy_caller, capsys):
    hook_calls = []
    scope = legacy_caller('''\
        import urllib.request
        path, headers = urllib.request.urlretrieve(
            'http://yann.lecun.com/exdb/mnist/t10k-labels-idx1-ubyte.gz', target,
            lambda *args: hook_calls.append(args))
        with urllib.request.urlopen(
                'https://storage.googleapis.com/cvdf-datasets/mnist/train-labels-idx1-ubyte.gz'
                ) as response:
            body = response.read()
        ''', target=str(tmp_path / 'labels.gz'), hook_calls=hook_calls)
    bundled = os.path.join(BUNDLED, 't10k-labels-idx1-ubyte.gz')
    assert scope['path'] == str(tmp_path / 'labels.gz')
    assert (tmp_path / 'labels.gz').read_bytes() == Path(bundled).read_bytes()
    assert int(scope['headers']['Content-Length']) == os.path.getsize(bundled)
    size = os.path.getsize(bundled)
    assert hook_calls[0] == (0, 8192, size) and hook_calls[-1][0] * 8192 >= size
    assert scope['body'] == Path(BUNDLED, 'train-labels-idx1-ubyte.gz').read_bytes()
    assert [f.name for f in tmp_path.iterdir()] == ['labels.gz']  # no temporary file left
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and 'not downloaded: the copy bundled with tf1_mnist' in err[0]


def test_other_urls_and_other_callers_reach_the_original(tmp_path, monkeypatch):
    calls = []

    def fake(*args):
        calls.append(args)
    monkeypatch.setattr(urllib.request, 'urlretrieve', fake)
    stand_ins = imports.StandIns(imports.LegacyScope(str(tmp_path)))
    stand_ins.install()
    try:
        filename = str(tmp_path / 'script.py')
        exec(compile('import urllib.request\n'
                     'urllib.request.urlretrieve("http://example.org/a/mnist.npz", "x")\n'
                     'urllib.request.urlretrieve("file:///d/t10k-labels-idx1-ubyte.gz", "y")\n'
                     'urllib.request.urlretrieve("http://e.org/train-images-idx3-ubyte.gz.md5", '
                     '"z")\n', filename, 'exec'), {'__file__': filename})
        urllib.request.urlretrieve('http://yann.lecun.com/exdb/mnist/t10k-labels-idx1-ubyte.gz',
                                   str(tmp_path / 'not-legacy'))
    finally:
        stand_ins.uninstall()
    assert [args[0] for args in calls] == [
        'http://example.org/a/mnist.npz', 'file:///d/t10k-labels-idx1-ubyte.gz',
        'http://e.org/train-images-idx3-ubyte.gz.md5',
        'http://yann.lecun.com/exdb/mnist/t10k-labels-idx1-ubyte.gz']
    assert urllib.request.urlretrieve is fake  # the original is back


def test_keras_arrays_are_the_bundled_mnist_as_keras_returns_it():
    (x_train, y_train), (x_test, y_test) = keras_mnist.mnist_arrays()
    assert (x_train.shape, y_train.shape, x_test.shape, y_test.shape) == (
        (60000, 28, 28), (60000,), (10000, 28, 28), (10000,))
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    sets = input_data.read_data_sets('/nonexistent/tf1_mnist_tests', dtype=np.uint8,
                                     reshape=False, validation_size=0)
    assert np.array_equal(x_train, sets.train.images[..., 0])
    assert np.array_equal(y_train, sets.train.labels)
    assert np.array_equal(x_test, sets.test.images[..., 0])
    assert np.array_equal(y_test, sets.test.labels)
    # MNIST's canonical order, as Keras's mnist.npz holds it.
    assert list(y_train[:10]) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert list(y_test[:10]) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def test_keras_reads_a_genuine_mnist_npz_already_in_its_cache(tmp_path, monkeypatch):
    calls = []

    def original(path='mnist.npz', cache_dir=None):
        calls.append((path, cache_dir))
        return 'read by keras'
    original.__module__ = 'tf_keras.src.datasets.mnist'
    npz = tmp_path / 'datasets' / 'mine.npz'
    npz.parent.mkdir()
    npz.write_bytes(b'pretend npz')
    assert keras_mnist.load_data(original, 'mine.npz', cache_dir=str(tmp_path)) != 'read by keras'
    monkeypatch.setattr(keras_mnist, 'NPZ_SHA256', hashlib.sha256(b'pretend npz').hexdigest())
    assert keras_mnist.load_data(original, 'mine.npz', cache_dir=str(tmp_path)) == 'read by keras'
    assert keras_mnist.load_data(original, str(npz)) == 'read by keras'  # an absolute path=
    assert calls == [('mine.npz', str(tmp_path)), (str(npz), None)]


def run_in_copy(tmp_path, files, script):
    folder = tmp_path / 'course'
    folder.mkdir()
    for name in files:
        shutil.copy(SCRIPTS / name, folder / os.path.basename(name))
    env = dict(os.environ, HOME=str(tmp_path), KERAS_HOME=str(tmp_path / 'keras'))
    env.pop('TF_CPP_MIN_LOG_LEVEL', None)
    result = warm.run([sys.executable, '-m', 'tf1_mnist.run', script], cwd=folder,
                            env=env, capture_output=True, text=True, timeout=600)
    return result, folder


@pytest.mark.slow
def test_script_with_an_old_input_data_copy_trains_on_the_bundled_mnist(tmp_path):
    result, folder = run_in_copy(tmp_path, ['old_input_data/softmax.py',
                                            'old_input_data/input_data.py'], 'softmax.py')
    assert result.returncode == 0, result.stderr
    err = result.stderr.splitlines()
    assert err[0] == 'tf1_mnist.run: input_data.py is %s, which %s' % (
        table.COPIES[0].description, table.COPIES[0].note)
    assert err[1:] == ['tf1_mnist.run: http://yann.lecun.com/exdb/mnist/t10k-images-idx3-ubyte.gz '
                       'is not downloaded: the copy bundled with tf1_mnist is used for '
                       'MNIST_data/t10k-images-idx3-ubyte.gz (and so for the other MNIST files)']
    lines = result.stdout.splitlines()
    assert lines[:5] == ['Extracting MNIST_data/' + name for name in input_data.FILES] + [
        '(MNIST_data/ does not hold MNIST: the copy bundled with tf1_mnist was read)']
    # maybe_download puts the bundled file where the download went; extract_images takes a
    # file name, as the old module did.
    assert lines[5:7] == ['Extracting MNIST_data/t10k-images-idx3-ubyte.gz',
                          'extracted (10000, 28, 28, 1) uint8']
    assert ((folder / 'MNIST_data' / 't10k-images-idx3-ubyte.gz').read_bytes()
            == Path(BUNDLED, 't10k-images-idx3-ubyte.gz').read_bytes())
    assert 0.85 < float(lines[-1].split()[-1]) < 1.0
    assert (folder / 'input_data.py').read_text() == COPY


@pytest.mark.slow
def test_keras_load_data_script_reaches_fit_offline(tmp_path):
    result, _ = run_in_copy(tmp_path, ['keras_load_data.py'], 'keras_load_data.py')
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        'tf1_mnist.run: keras.datasets.mnist.load_data() does not download mnist.npz: the same '
        'arrays are read from the MNIST bundled with tf1_mnist']
    assert result.stdout.splitlines() == [
        'shapes (60000, 28, 28) (60000,) (10000, 28, 28) (10000,)', 'dtypes uint8 uint8',
        'first labels [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]', 'fitted 1']
    assert not list(tmp_path.rglob('mnist.npz*'))  # nothing was downloaded, or begun


@pytest.mark.slow
def test_own_download_helper_gets_the_bundled_files(tmp_path):
    result, folder = run_in_copy(tmp_path, ['own_download.py'], 'own_download.py')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ['labels (10000,) images (10000, 784)', 'trained']
    assert len(result.stderr.splitlines()) == 1
    assert ((folder / 'data' / 't10k-labels-idx1-ubyte.gz').read_bytes()
            == Path(BUNDLED, 't10k-labels-idx1-ubyte.gz').read_bytes())


@pytest.mark.slow
def test_tf_0_models_rnn_computes_what_tf_1_static_rnn_computes_with_concatenated_state(
        tmp_path):
    result, _ = run_in_copy(tmp_path, ['models_rnn.py'], 'models_rnn.py')
    assert (result.returncode, result.stderr) == (0, '')
    assert result.stdout.splitlines() == [
        'state [None, 10] outputs 4',
        "variables ['rnn/basic_lstm_cell/bias:0', 'rnn/basic_lstm_cell/kernel:0']",
        'same as tf.nn.static_rnn True']
