"""Old course notebooks: run unmodified in a real Jupyter kernel switched to TF1 behaviour, and
read by ``--check`` cell by cell.

The notebooks are written here with nbformat, in the style of the TF1 course material; the slow
tests execute them through ``python -m tf1_mnist.run`` (nbclient and ipykernel underneath) and
read the executed copy.
"""

import base64
import os
import tempfile

import pytest

nbformat = pytest.importorskip('nbformat')
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook  # noqa: E402

from conftest import lines_of, run_module  # noqa: E402
from tf1_mnist.runner import kernel, notebook  # noqa: E402
from tf1_mnist.runner.engine import check, table  # noqa: E402

PNG_MAGIC = b'\x89PNG\r\n\x1a\n'

# The beginners' softmax tutorial (TF 1.x, mnist_softmax), as the notebooks of the courses cut
# it into cells; 500 steps instead of 1000 keep the test short.
SOFTMAX_CELLS = [
    '# MNIST For ML Beginners',
    'from tensorflow.examples.tutorials.mnist import input_data\n'
    'mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)',
    'import tensorflow as tf\n'
    'x = tf.placeholder(tf.float32, [None, 784])\n'
    'W = tf.Variable(tf.zeros([784, 10]))\n'
    'b = tf.Variable(tf.zeros([10]))\n'
    'y = tf.nn.softmax(tf.matmul(x, W) + b)',
    'y_ = tf.placeholder(tf.float32, [None, 10])\n'
    'cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y), reduction_indices=[1]))\n'
    'train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)',
    'sess = tf.InteractiveSession()\n'
    'tf.global_variables_initializer().run()',
    '%%time\n'
    'for _ in range(500):\n'
    '    batch_xs, batch_ys = mnist.train.next_batch(100)\n'
    '    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})',
    'correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))\n'
    'accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))\n'
    'print(sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))',
]


def write_notebook(path, cells, kernel='python2'):
    """Write a notebook of ``cells`` (markdown when they start with '#'), saved by a kernel of
    the era."""
    nb = new_notebook(metadata={'kernelspec': {'name': kernel, 'display_name': kernel,
                                               'language': 'python'}})
    nb.cells = [new_markdown_cell(source) if source.startswith('# ') else new_code_cell(source)
                for source in cells]
    nbformat.write(nb, str(path))
    return path


def check_line(where, *path):
    """What ``--check`` says about ``tf.<path>`` at ``where``, from the runner's table."""
    verdict = table.classify(path)
    assert verdict is not None, path
    return check.line(check.Finding(where, None, verdict, False))


def code_cells(path):
    return [cell for cell in nbformat.read(str(path), as_version=4).cells
            if cell.cell_type == 'code']


def texts(cell):
    """What a cell printed and returned, as text."""
    parts = []
    for output in cell.outputs:
        if output.output_type == 'stream':
            parts.append(output.text)
        elif 'text/plain' in output.get('data', {}):
            parts.append(output.data['text/plain'])
    return ''.join(parts)


# Reading notebooks: no kernel.

def test_python_of_cell_blanks_ipython_syntax_and_keeps_line_numbers():
    source = ('%matplotlib inline\nfiles = !ls\nimport tensorflow as tf\nfor f in files:\n'
              '    !wc $f\ntf.mul?\nx = 1')
    python = notebook.python_of_cell(source).splitlines()
    assert python[2] == 'import tensorflow as tf'
    assert python[6] == 'x = 1'
    assert python[1] == 'files = None'
    assert python[4] == '    pass'
    assert len(python) == 7
    compile('\n'.join(python), 'cell', 'exec')
    assert notebook.python_of_cell('%%bash\nls -l\n') is None
    assert notebook.python_of_cell('%%time\nx = 1\n').splitlines() == ['', 'x = 1']


def test_check_names_the_cell_and_the_line(tmp_path):
    write_notebook(tmp_path / 'course.ipynb', [
        '# Lesson', 'import tensorflow as tf\n%matplotlib inline', 'x = 1',
        'y = 2\nnet = tf.contrib.factorization.KMeans(x)',
        'm = tf.contrib.learn.Estimator(None)',
        'z = tf.mul(x, y)'])
    result = run_module('tf1_mnist.run', '--check', 'course.ipynb', cwd=tmp_path)
    assert result.returncode == 1
    assert lines_of(result.stdout) == [
        check_line('course.ipynb, cell 3, line 2', 'contrib', 'factorization', 'KMeans'),
        check_line('course.ipynb, cell 4, line 1', 'contrib', 'learn', 'Estimator'),
        check_line('course.ipynb, cell 5, line 1', 'mul'),  # a note: it works
        '2 problems found in 1 file']


def test_check_of_a_folder_reads_its_notebooks_and_scripts(tmp_path):
    write_notebook(tmp_path / 'a.ipynb', ['import tensorflow as tf', 'tf.contrib.tensor_forest.RandomForestGraphs'])
    write_notebook(tmp_path / 'a.tf1.ipynb', ['import tensorflow as tf', 'tf.contrib.rnn.x'])
    (tmp_path / 'b.py').write_text(
        'import tensorflow as tf\ntf.contrib.learn.Estimator(None)\n')
    findings, _ = notebook.check_notebook(str(tmp_path / 'a.ipynb'), False)
    assert [(f.cell, f.line, f.verdict) for f in findings] == [
        (2, 1, table.classify(('contrib', 'tensor_forest', 'RandomForestGraphs')))]
    result = run_module('tf1_mnist.run', '--check', '.', cwd=tmp_path)
    assert result.returncode == 1
    lines = lines_of(result.stdout)
    assert lines[-1] == '2 problems found in 2 files'  # the executed copy is not read
    assert check_line('./a.ipynb, cell 2, line 1', 'contrib', 'tensor_forest', 'RandomForestGraphs') in lines
    assert check_line('./b.py:2', 'contrib', 'learn', 'Estimator') in lines


def test_check_reports_scripts_and_notebooks_in_the_order_given(tmp_path, monkeypatch, capsys):
    from tf1_mnist.runner import script as run
    (tmp_path / 'a.py').write_text(
        'import tensorflow as tf\ntf.contrib.learn.Estimator(None)\n')
    (tmp_path / 'b.py').write_text('import tensorflow as tf\nz = tf.mul(2, 3)\n')
    write_notebook(tmp_path / 'c.ipynb', ['import tensorflow as tf',
                                          'tf.contrib.tensor_forest.RandomForestGraphs'])
    monkeypatch.chdir(tmp_path)
    expected = {
        'a.py': check_line('a.py:2', 'contrib', 'learn', 'Estimator'),
        'b.py': check_line('b.py:2', 'mul'),
        'c.ipynb': check_line('c.ipynb, cell 2, line 1', 'contrib', 'tensor_forest',
                              'RandomForestGraphs')}
    for order in (['a.py', 'b.py', 'c.ipynb'], ['c.ipynb', 'b.py', 'a.py', 'c.ipynb']):
        assert run.main(['--check'] + order) == 1
        assert capsys.readouterr().out.splitlines() == [
            expected[name] for name in dict.fromkeys(order)] + ['2 problems found in 3 files']


def test_a_notebook_without_cell_ids_is_read_without_a_warning(tmp_path):
    import json
    import warnings
    path = tmp_path / 'no_ids.ipynb'
    path.write_text(json.dumps({
        'nbformat': 4, 'nbformat_minor': 5, 'metadata': {},
        'cells': [{'cell_type': 'code', 'source': 'x = 1', 'metadata': {}, 'outputs': [],
                   'execution_count': None}]}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        nb = notebook.read_notebook(str(path))
        written = nbformat.writes(nb)
    assert [str(w.message) for w in caught] == []
    assert [cell.source for cell in nb.cells] == ['x = 1']
    assert all(cell.get('id') for cell in nbformat.reads(written, as_version=4).cells)


def test_check_translates_python2_cells_and_names_one_it_cannot_read(tmp_path):
    path = write_notebook(tmp_path / 'old.ipynb', [
        'import tensorflow as tf\nprint "loading"\ntf.scalar_summary("x", 1)',
        'def f(:\n    pass'])
    findings, _ = notebook.check_notebook(str(path), False)
    assert [(f.cell, f.line, f.verdict.symbol) for f in findings] == [
        (1, 3, table.classify(('scalar_summary',)).symbol), (2, 1, 'the cell')]


def test_check_says_when_a_file_is_not_a_notebook(tmp_path):
    (tmp_path / 'x.ipynb').write_text('{"cells": 3}')
    (tmp_path / 'y.ipynb').write_text('not json')
    result = run_module('tf1_mnist.run', '--check', 'x.ipynb', 'y.ipynb', cwd=tmp_path)
    assert result.returncode == 1
    lines = lines_of(result.stdout)
    assert lines[0] == 'x.ipynb: not a Jupyter notebook (no cells)'
    assert lines[1].startswith('y.ipynb: not a Jupyter notebook (')


def test_failure_line_reads_the_cell_line_from_ipython_traceback():
    # An error output as ipykernel sends it, colours included.
    error = {'ename': 'UnsupportedSymbolError',
             'evalue': 'tf.contrib.layers is not available in TensorFlow 2; use tf.layers '
                       'instead',
             'traceback': ['\x1b[0;31m---------\x1b[0m',
                           '\x1b[0;32mCell In[7], line 4\x1b[0m\n\x1b[1;32m----> 4\x1b[0m net',
                           'File \x1b[0;32m/x/legacy.py:250\x1b[0m, in \x1b[0;36mlookup']}
    assert notebook.failure_line('c.ipynb', 3, error) == (
        'tf1_mnist.run: tf.contrib.layers is not available in TensorFlow 2 '
        '(c.ipynb, cell 3, line 4); use tf.layers instead')
    error = {'ename': 'NameError', 'evalue': "name 'q' is not defined",
             'traceback': ['Cell In[2], line 1', 'Cell In[2], line 5\n----> 5 q']}
    assert notebook.failure_line('c.ipynb', 2, error) == (
        "tf1_mnist.run: c.ipynb, cell 2, line 5: NameError: name 'q' is not defined")


def test_a_notebook_takes_no_arguments(tmp_path):
    write_notebook(tmp_path / 'n.ipynb', ['x = 1'])
    result = run_module('tf1_mnist.run', 'n.ipynb', '--output', 'o.ipynb', cwd=tmp_path)
    assert result.returncode == 2
    assert lines_of(result.stderr) == [
        'python -m tf1_mnist.run: error: a notebook takes no arguments (got --output '
        'o.ipynb); put options before the notebook']
    assert not (tmp_path / 'o.ipynb').exists()


# Running notebooks in the TF1 kernel.

@pytest.mark.slow
def test_beginners_softmax_notebook_reaches_the_tutorial_accuracy(tmp_path):
    write_notebook(tmp_path / 'softmax.ipynb', SOFTMAX_CELLS)
    result = run_module('tf1_mnist.run', 'softmax.ipynb', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cells = code_cells(tmp_path / 'softmax.tf1.ipynb')
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    accuracy = float(texts(cells[-1]).split()[-1])
    assert 0.9 < accuracy < 1.0
    assert 'Wall time' in texts(cells[4])  # %%time ran as in Jupyter
    # What the cells printed was shown as it came; stderr only says where the notebook went.
    assert result.stdout.splitlines()[-1].strip() == texts(cells[-1]).strip()
    assert 'Extracting' in result.stdout
    assert lines_of(result.stderr) == [
        'tf1_mnist.run: executed notebook written to softmax.tf1.ipynb']


@pytest.mark.slow
def test_inline_figures_and_shell_escapes_land_in_the_executed_notebook(tmp_path):
    (tmp_path / 'data.csv').write_text('1,2\n')
    write_notebook(tmp_path / 'plots.ipynb', [
        '%matplotlib inline\nimport matplotlib.pyplot as plt\nimport tensorflow as tf',
        '!ls',
        'with tf.Session() as sess:\n'
        '    values = sess.run(tf.range(5) * 2)\n'
        'plt.plot(values)\nplt.show()',
    ])
    result = run_module('tf1_mnist.run', '--output', 'out/executed.ipynb', 'plots.ipynb',
                        cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / 'plots.tf1.ipynb').exists()
    cells = code_cells(tmp_path / 'out' / 'executed.ipynb')
    assert 'data.csv' in texts(cells[1])  # the kernel works in the notebook's folder
    images = [output.data['image/png'] for output in cells[2].outputs
              if 'image/png' in output.get('data', {})]
    assert len(images) == 1
    assert base64.b64decode(images[0]).startswith(PNG_MAGIC)
    assert not [name for name in tmp_path.iterdir() if name.name.startswith('kernel-')]


@pytest.mark.slow
def test_blocked_name_in_cell_3_stops_with_one_line(tmp_path):
    write_notebook(tmp_path / 'blocked.ipynb', [
        '# Layers from contrib', 'import tensorflow as tf', 'x = tf.ones([2, 3, 4])',
        'print("before")\nflat = tf.contrib.factorization.KMeans(x)', 'print("never")'])
    result = run_module('tf1_mnist.run', 'blocked.ipynb', cwd=tmp_path)
    assert result.returncode == 1
    verdict = table.classify(('contrib', 'factorization', 'KMeans'))
    assert lines_of(result.stderr) == [
        'tf1_mnist.run: %s %s (blocked.ipynb, cell 3, line 2); %s'
        % (verdict.symbol, verdict.what, verdict.advice)]
    assert 'never' not in result.stdout
    assert 'before' in result.stdout
    cells = code_cells(tmp_path / 'blocked.tf1.ipynb')  # written up to the failing cell
    assert cells[2].outputs[-1].output_type == 'error'
    assert cells[3].outputs == []


def test_print_function_from_an_earlier_cell_holds_in_later_ones(tmp_path):
    # In a Python 2 kernel a __future__ import holds for the cells after it; without one,
    # print("a", 1) is a print statement of a tuple.
    assert kernel.translate_python2('print("a", 1)\n', always=True) == 'print(("a", 1))\n'
    assert kernel.translate_python2('print("a", 1)\n', always=True,
                                    print_function=True) == 'print("a", 1)\n'
    path = write_notebook(tmp_path / 'future.ipynb', [
        'from __future__ import print_function\nimport tensorflow as tf',
        'print("loss", 0.5)\nfor k, v in {}.iteritems():\n    tf.mul(1, 2)'])
    findings, _ = notebook.check_notebook(str(path))
    assert [(f.cell, f.line, f.verdict.symbol) for f in findings] == [
        (2, 3, table.classify(('mul',)).symbol)]


@pytest.mark.slow
def test_python2_notebook_runs_translated(tmp_path):
    write_notebook(tmp_path / 'old.ipynb', [
        'import tensorflow as tf\nprint "TensorFlow", tf.__name__',
        'counts = {"train": 55000}\n'
        'for name, n in counts.iteritems():\n'
        '    print name, n\n'
        'with tf.Session() as sess:\n'
        '    print sess.run(tf.constant(3) * 2)',
        'print xrange(3)[-1]',
        'squares = dict((n, n * n) for n in xrange(4))\n'
        'print(sorted(squares.iteritems())[-1])',  # Python 3 syntax, Python 2 names
        'from __future__ import print_function',
        'print("last", 1)',  # a call now, as in Python 2 after that import
        # Python 2's / between integers: floor division, rounding towards minus infinity.
        'steps = 55000 / 100\nsteps /= 11\nprint(7 / 2, -7 / 2, 7 / 2.0, steps)',
        'from __future__ import division',
        'print(7 / 2)',  # true division from then on, as in Python 2 after that import
    ])
    result = run_module('tf1_mnist.run', 'old.ipynb', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cells = code_cells(tmp_path / 'old.tf1.ipynb')
    assert [texts(cell) for cell in cells] == ['TensorFlow tensorflow\n', 'train 55000\n6\n',
                                               '2\n', '(3, 9)\n', '', 'last 1\n',
                                               '3 -4 3.5 50\n', '', '3.5\n']
    assert cells[0].source.startswith('import tensorflow as tf\nprint "')  # source as it was


@pytest.mark.slow
def test_a_crash_names_the_cell_line_and_error(tmp_path):
    write_notebook(tmp_path / 'crash.ipynb', ['x = 1', 'y = 2\nz = x / (y - 2)'])
    result = run_module('tf1_mnist.run', 'crash.ipynb', cwd=tmp_path)
    assert result.returncode == 1
    # A Python 2 kernel's notebook: its / between integers is Python 2's, and so is the error.
    assert lines_of(result.stderr) == [
        'tf1_mnist.run: crash.ipynb, cell 2, line 2: ZeroDivisionError: integer division or '
        'modulo by zero']
    write_notebook(tmp_path / 'crash3.ipynb', ['x = 1', 'y = 2\nz = x / (y - 2)'],
                   kernel='python3')
    result = run_module('tf1_mnist.run', 'crash3.ipynb', cwd=tmp_path)
    assert result.returncode == 1
    assert lines_of(result.stderr) == [
        'tf1_mnist.run: crash3.ipynb, cell 2, line 2: ZeroDivisionError: division by zero']


def test_the_kernels_sockets_fit_a_local_socket_path_under_a_deep_temporary_folder(
        tmp_path, monkeypatch):
    deep = tmp_path / ('d' * 60) / ('e' * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, 'tempdir', str(deep))
    folder = notebook._sockets_folder()
    try:
        # The kernel's socket files are <folder>/kernel-<n>: within Linux's 107 bytes.
        assert len(os.fsencode(os.path.join(folder, 'kernel-10'))) <= 107
        assert os.path.isdir(folder) and not os.listdir(folder)
        assert not list(deep.iterdir())  # nothing left in the deep folder
    finally:
        os.rmdir(folder)
    base = tempfile.mkdtemp(prefix='s', dir='/tmp')  # a temporary folder of a usual length
    monkeypatch.setattr(tempfile, 'tempdir', base)
    short = notebook._sockets_folder()
    assert os.path.dirname(short) == base
    os.rmdir(short)
    os.rmdir(base)
