"""``python -m tf1_mnist.run --check``: what it finds, and files it cannot read or parse.

Everything here runs the check in this process (it imports nothing), except the FIFO case,
which runs in a subprocess with a timeout so that a hang fails the test instead of blocking it.
"""

import os
import sys
import textwrap

import warm
from tf1_mnist.runner import script as run
from tf1_mnist.runner.engine import check, table


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def check_lines(capsys, *paths):
    status = run.main(['--check'] + [str(p) for p in paths])
    captured = capsys.readouterr()
    assert captured.err == ''
    return status, captured.out.splitlines()


def test_positional_calls_and_old_keywords_are_noted(tmp_path, capsys):
    script = write(tmp_path / 'old.py', '''\
        import tensorflow as tf
        loss = tf.nn.softmax_cross_entropy_with_logits(y, y_)
        joined = tf.concat(1, [a, b])
        parts = tf.split(axis, 2, x)
        total = tf.reduce_sum(x, reduction_indices=[1], keep_dims=True)
        fine = tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y)
        also_fine = tf.concat([a, b], axis=1)
        flipped = tf.reverse(x, [1]), tf.reverse(x, [True, False])
        ''')
    status, lines = check_lines(capsys, script)
    assert (status, lines) == (0, [
        "%s:2: note: tf.nn.softmax_cross_entropy_with_logits is called with positional "
        "arguments, which TF 1.x refused: read in TF 0.x's order (logits, labels, dim, name)"
        % script,
        "%s:3: note: tf.concat is called in TF 0.x's argument order (concat_dim, values, name): "
        "read as TF 0.x read it" % script,
        "%s:4: note: tf.split is called with positional arguments: read in TF 0.x's order "
        "(split_dim, num_split, value, name) when the argument types say so, else in TF 1.x's"
        % script,
        '%s:5: note: tf.reduce_sum reduction_indices= is the old name of axis=; it works'
        % script,
        '%s:5: note: tf.reduce_sum keep_dims= is the old name of keepdims=; it works' % script,
        "%s:8: note: tf.reverse is called in TF 0.x's argument order (tensor, dims): read as "
        "TF 0.x read it" % script,
        'no problems found in 1 file'])


def test_svd_with_positional_flags_is_a_problem(tmp_path, capsys):
    script = write(tmp_path / 'svd.py', 'import tensorflow as tf\ns = tf.svd(m, True)\n')
    status, lines = check_lines(capsys, script)
    assert status == 1
    assert lines[0].startswith('%s:2: tf.svd has positional flags, which TF 0.x read as '
                               '(compute_uv, full_matrices)' % script)


def test_dropped_algorithms_get_advice_naming_real_replacements(tmp_path, capsys):
    script = write(tmp_path / 'clusters.py', '''\
        import tensorflow as tf
        from tensorflow.contrib.factorization import KMeans
        from tensorflow.contrib.tensor_forest.python import tensor_forest
        kmeans = tf.contrib.learn.KMeansClustering(num_clusters=10)
        ''')
    status, lines = check_lines(capsys, script)
    assert status == 1
    assert lines == [
        "%s:2: tf.contrib.factorization.KMeans was removed in TensorFlow 2 without a "
        "replacement; use scikit-learn's sklearn.cluster.KMeans (pip install scikit-learn) "
        "instead" % script,
        "%s:3: tf.contrib.tensor_forest.python was removed in TensorFlow 2 without a "
        "replacement; use scikit-learn's sklearn.ensemble.RandomForestClassifier (pip install "
        "scikit-learn) or TensorFlow Decision Forests (pip install tensorflow_decision_forests) "
        "instead" % script,
        "%s:4: tf.contrib.learn.KMeansClustering was removed in TensorFlow 2 without a "
        "replacement; use scikit-learn's sklearn.cluster.KMeans (pip install scikit-learn) "
        "instead" % script,
        '3 problems found in 1 file']


def test_missing_packages_and_internal_modules(tmp_path, capsys, monkeypatch):
    really_installed = table.installed
    monkeypatch.setattr(table, 'installed',
                        lambda module: module != 'sklearn' and really_installed(module))
    script = write(tmp_path / 'imports.py', '''\
        import os
        import numpy as np
        from sklearn.cluster import KMeans
        import helper
        from tensorflow.python.framework import dtypes
        from tensorflow.python.ops import seq2seq
        from tensorflow.python.framework import no_such_name
        try:
            import sklearn
        except ImportError:
            sklearn = None
        import input_data
        ''')
    write(tmp_path / 'helper.py', 'VALUE = 1\n')
    status, lines = check_lines(capsys, script)
    assert status == 1
    assert lines == [
        '%s:3: import sklearn needs scikit-learn, which is not installed; pip install '
        'scikit-learn' % script,
        '%s:6: tensorflow.python.ops.seq2seq no longer exists in TensorFlow 2; use the public '
        'API, tf.compat.v1, instead' % script,
        '%s:7: tensorflow.python.framework.no_such_name no longer exists in TensorFlow 2; use '
        'the public API, tf.compat.v1, instead' % script,
        '%s:9: note: import sklearn needs scikit-learn, which is not installed (inside a try '
        'that handles its failure)' % script,
        "%s:12: note: import input_data has no input_data.py beside the script; the runner "
        "gives it the TF1 tutorial's module (tf1_mnist.input_data, bundled MNIST)" % script,
        '3 problems found in 2 files']


def test_a_script_that_changes_sys_path_may_find_its_modules(tmp_path, capsys):
    script = write(tmp_path / 'main.py', '''\
        import os
        import sys
        sys.path.append(os.path.join(os.path.dirname(__file__), '..', 'common'))
        import course_utils
        ''')
    status, lines = check_lines(capsys, script)
    assert (status, lines) == (0, [
        '%s:4: note: import course_utils is neither installed nor beside the script; the '
        'script changes sys.path and may find it there' % script,
        'no problems found in 1 file'])


def test_a_folder_beside_the_script_is_a_package_even_without_init(tmp_path, capsys):
    """Python 3 imports a plain folder as a namespace package: course repositories keep their
    helpers so (``libs/utils.py``, no ``__init__.py``)."""
    write(tmp_path / 'libs' / 'utils.py', 'def corrupt(x):\n    return x\n')
    script = write(tmp_path / 'autoencoder.py', '''\
        import tensorflow as tf
        from libs.utils import corrupt
        ''')
    status, lines = check_lines(capsys, script)
    assert (status, lines[-1]) == (0, 'no problems found in 1 file'), lines


def test_python_2_integer_division_used_as_a_size_is_pointed_out(tmp_path, capsys):
    script = write(tmp_path / 'py2.py', '''\
        import tensorflow as tf
        batch_size = 100
        half = batch_size / 2
        print "halves", half
        images = data[:batch_size / 2]
        for i in xrange(steps / 10):
            rate = 0.5 / batch_size
        ''')
    status, lines = check_lines(capsys, script)
    assert (status, lines) == (0, [
        '%s:1: note: the file is Python 2 code; it is translated to Python 3 (fissix) when it '
        'runs' % script,
        "%s:5: note: '/' was integer division in Python 2 and is true division in Python 3, "
        "and its result is used as a size or an index here; the runner divides as Python 2 did; "
        "in Python 3 source write // if an integer is meant" % script,
        "%s:6: note: '/' was integer division in Python 2 and is true division in Python 3, "
        "and its result is used as a size or an index here; the runner divides as Python 2 did; "
        "in Python 3 source write // if an integer is meant" % script,
        'no problems found in 1 file'])


def test_files_that_cannot_be_read_or_parsed_are_reported_and_the_rest_checked(
        tmp_path, capsys, monkeypatch):
    folder = tmp_path / 'course'
    write(folder / 'a_good.py', 'import tensorflow as tf\nx = tf.mul(1, 2)\n')
    write(folder / 'deep.py', 'x = ' + '(' * 5000 + '1' + ')' * 5000 + '\n')
    write(folder / 'long.py', 'x = ' + ' + '.join(['1'] * 100000) + '\n')
    (folder / 'loop.py').symlink_to(folder / 'loop.py')
    write(folder / 'secret.py', 'import tensorflow as tf\n')
    write(folder / 'z_last.py', 'import tensorflow as tf\ny = tf.contrib.ffmpeg.decode_audio\n')
    real_open = os.open

    def refusing_open(path, *args, **kwargs):  # as for a file without read permission
        if str(path).endswith('secret.py'):
            raise PermissionError(13, 'Permission denied', str(path))
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr(os, 'open', refusing_open)
    status, lines = check_lines(capsys, folder)
    assert status == 1
    assert lines == [
        '%s:2: note: tf.mul was renamed to tf.multiply in TensorFlow 1.0; it works as that name'
        % (folder / 'a_good.py'),
        '%s: the file could not be parsed: an expression in it is nested too deeply'
        % (folder / 'deep.py'),
        '%s: the file could not be parsed: an expression in it is nested too deeply'
        % (folder / 'long.py'),
        '%s: the file could not be read: Too many levels of symbolic links'
        % (folder / 'loop.py'),
        '%s: the file could not be read: Permission denied' % (folder / 'secret.py'),
        '%s:2: tf.contrib.ffmpeg is not available in TensorFlow 2; use the tf.compat.v1 or '
        'tf.keras equivalent instead' % (folder / 'z_last.py'),
        '5 problems found in 6 files']


def test_a_fifo_does_not_block_the_check(tmp_path):
    folder = tmp_path / 'course'
    write(folder / 'script.py', 'import tensorflow as tf\n')
    os.mkfifo(folder / 'pipe.py')
    result = warm.run([sys.executable, '-m', 'tf1_mnist.run', '--check', str(folder)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        '%s: the file could not be read: not a regular file' % (folder / 'pipe.py'),
        '1 problem found in 2 files']


def test_a_file_named_directly_that_cannot_be_read(tmp_path, capsys):
    loop = tmp_path / 'loop.py'
    loop.symlink_to(loop)
    status, lines = check_lines(capsys, loop)
    assert (status, lines) == (1, [
        '%s: the file could not be read: Too many levels of symbolic links' % loop,
        '1 problem found in 1 file'])


def test_runner_reads_the_same_findings():
    findings, _ = check.check_files([os.path.join(os.path.dirname(__file__), 'legacy_scripts',
                                                  'pre_1_0_softmax.py')])
    assert not [f for f in findings if check.is_problem(f)]
    assert {f.verdict.symbol for f in findings} >= {
        'tf.mul', 'tf.sub', 'tf.neg', 'tf.pack', 'tf.unpack', 'tf.select', 'tf.scalar_summary',
        'tf.merge_all_summaries', 'tf.train.SummaryWriter', 'tf.initialize_all_variables',
        'tf.all_variables', 'tf.concat', 'tf.split', 'tf.reduce_sum', 'tf.argmax',
        'tf.nn.softmax_cross_entropy_with_logits'}


def test_a_removed_module_of_an_installed_package_is_not_called_a_missing_package(monkeypatch):
    monkeypatch.setattr(table, 'installed', lambda module: module == 'keras')
    verdict = table.missing_package('keras.wrappers.scikit_learn')
    assert verdict.symbol == 'import keras.wrappers.scikit_learn'
    assert 'which is not installed' not in verdict.what
    assert verdict.what == 'is not in the installed keras, whose later releases removed it'
    assert table.missing_package('keras') is None
    # A package that is not installed is named with its pip name, as before.
    assert table.missing_package('cv2.dnn') == table.Verdict(
        table.BLOCKED, 'import cv2', 'needs opencv-python, which is not installed',
        'pip install opencv-python')
