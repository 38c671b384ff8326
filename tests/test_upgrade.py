"""python -m tf1_mnist.upgrade: the migrated source, the report, the refusals, and copies that
print the original's numbers when run as plain python."""

import importlib
import importlib.util
import json
import os
import pathlib
import stat
import subprocess
import sys

import pytest

from tf1_mnist.runner import upgrade
from tf1_mnist.runner.engine import migrate

SCRIPTS = pathlib.Path(__file__).parent / 'upgrade_scripts'
REPO = pathlib.Path(__file__).parent.parent


def migrated(source):
    text, migration = migrate.migrate_source(source, 'old.py')
    return text, migration


def test_imports_become_the_tf1_api_with_v2_behaviour_off():
    text, _ = migrated('import tensorflow as tf  # the TF1 API\nx = tf.placeholder(tf.float32)\n')
    assert text == ('import tensorflow.compat.v1 as tf  # the TF1 API\n'
                    'tf.disable_v2_behavior()\n'
                    'x = tf.placeholder(tf.float32)\n')


def test_renames_and_keywords_from_the_table_and_the_rest_of_the_line_kept():
    text, migration = migrated('import tensorflow as tf\n'
                               'z = tf.mul(a,  b)   # product\n'
                               's = tf.reduce_sum(z, reduction_indices=[1], keep_dims=True)\n')
    assert text.splitlines()[2:] == [
        'z = tf.multiply(a,  b)   # product',
        's = tf.reduce_sum(z, axis=[1], keepdims=True)']
    assert "old.py:2:4: Renamed 'tf.mul' to 'tf.multiply'" in [
        '%s:%d:%d: %s' % f for f in migration.changes]


def test_tf_0_x_argument_orders_become_keyword_calls():
    text, migration = migrated(
        'import tensorflow as tf\n'
        'a = tf.nn.softmax_cross_entropy_with_logits(y, y_)\n'
        'b = tf.concat(1, [p, q])\n'
        'c = tf.concat([p, q], 1)\n'
        'd = tf.split(0, 2, v)\n'
        'e = tf.reverse(t, [False, True])\n'
        'f = tf.concat(n, [p, q])\n'
        'g = tf.split(x, steps, 0)\n'
        'h = tf.split(x, steps)\n')
    lines = text.splitlines()[2:]
    assert lines[:5] == [
        'a = tf.nn.softmax_cross_entropy_with_logits(logits=y, labels=y_)',
        'b = tf.concat(axis=1, values=[p, q])',
        'c = tf.concat([p, q], 1)',
        'd = tf.split(axis=0, num_or_size_splits=2, value=v)',
        'e = tf.reverse(t, axis=[1])']
    # Whether n is an axis only the values can say: left, marked and listed.
    assert lines[5] == 'f = tf.concat(n, [p, q])  ' + migrate.MARK
    # TF 0.x's split had the tensor third: an integer there, or two arguments, is TF 1.x's.
    assert lines[6:] == ['g = tf.split(x, steps, 0)', 'h = tf.split(x, steps)']
    assert [(f.line, f.what.split(' ')[0]) for f in migration.problems] == [(7, 'tf.concat')]


def test_contrib_families_become_repaired_tf_slim_and_rnn_cell_with_legacy_keras_first():
    text, _ = migrated('# model\n'
                       'import tensorflow as tf\n'
                       'import tensorflow.contrib.slim as slim\n'
                       'from tensorflow.contrib import rnn\n'
                       'net = tf.contrib.layers.fully_connected(x, 10)\n'
                       'cell = rnn.BasicLSTMCell(8)\n'
                       'out = rnn.static_rnn(cell, xs)\n'
                       'gru = tf.contrib.rnn.GRUCell(4)\n'
                       'with tf.contrib.framework.arg_scope([slim.conv2d]):\n'
                       '    pass\n')
    assert text.splitlines() == [
        '# model',
        'import os',
        "os.environ['TF_USE_LEGACY_KERAS'] = '1'" + migrate.LEGACY_KERAS_WHY,
        'import tensorflow.compat.v1 as tf',
        'tf.disable_v2_behavior()',
        'import tf1_mnist.slim',
        'from tf1_mnist import slim',
        'from tensorflow.compat.v1.nn import rnn_cell as rnn',
        'net = tf1_mnist.slim.fully_connected(x, 10)',
        'cell = rnn.BasicLSTMCell(8)',
        'out = tf.nn.static_rnn(cell, xs)',
        'gru = tf.nn.rnn_cell.GRUCell(4)',
        'with tf1_mnist.slim.arg_scope([slim.conv2d]):',
        '    pass']


SLIM_BATCH_NORM = """
import os
os.environ['TF_USE_LEGACY_KERAS'] = '1'
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
import tf_slim
from tf1_mnist import slim
assert slim.conv2d is tf_slim.conv2d and slim.arg_scope is tf_slim.arg_scope
x = tf.placeholder(tf.float32, [None, 4])
y = slim.batch_norm(x, is_training=True)
print(sorted(v.op.name for v in tf.global_variables()))
try:
    slim.no_such_layer
except AttributeError as error:
    print(error)
"""


@pytest.mark.slow
def test_tf1_mnist_slim_is_tf_slim_with_the_batch_norm_repair():
    # tf-slim 1.1.0's batch_norm builds TensorFlow's TF1 layer from a path tf-keras 2.21 lacks;
    # in tf1_mnist.slim it is tf.compat.v1.layers' very class, and builds tf-slim's variables.
    done = subprocess.run([sys.executable, '-c', SLIM_BATCH_NORM], env=upgrade._environment(),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == [
        "['BatchNorm/beta', 'BatchNorm/moving_mean', 'BatchNorm/moving_variance']",
        "module 'tf1_mnist.slim' has no attribute 'no_such_layer'"]


def test_mnist_loading_becomes_tf1_mnist_input_data():
    text, _ = migrated('from tensorflow.examples.tutorials.mnist import input_data\n'
                       'from tensorflow.contrib.learn.python.learn.datasets import mnist\n'
                       'd = input_data.read_data_sets("MNIST_data", one_hot=True)\n')
    assert text.splitlines()[:2] == ['from tf1_mnist import input_data',
                                     'from tf1_mnist import input_data as mnist']
    # The package, and its module reached as an attribute.
    text, migration = migrated('import tensorflow as tf\n'
                               'from tensorflow.examples.tutorials import mnist\n'
                               'd = mnist.input_data.read_data_sets("MNIST_data")\n')
    assert text.splitlines()[2:] == ['import tf1_mnist.input_data', 'import tf1_mnist as mnist',
                                     'd = tf1_mnist.input_data.read_data_sets("MNIST_data")']
    assert not migration.problems


def test_estimator_goes_to_tf1_mnist_estimator_and_contrib_learn_to_its_module():
    text, migration = migrated('import tensorflow as tf\n'
                               'c = tf.estimator.Estimator(model_fn)\n'
                               'k = tf.contrib.learn.DNNClassifier(hidden_units=[10])\n'
                               'f = tf.contrib.layers.real_valued_column("", dimension=784)\n'
                               'e = tf.contrib.learn.Estimator(model_fn)\n')
    lines = text.splitlines()
    assert 'import tf1_mnist.estimator; import tf1_mnist.contrib_learn' in lines
    assert 'c = tf1_mnist.estimator.Estimator(model_fn)' in lines
    assert 'k = tf1_mnist.contrib_learn.DNNClassifier(hidden_units=[10])' in lines
    assert 'f = tf1_mnist.contrib_learn.real_valued_column("", dimension=784)' in lines
    # contrib.learn's own Estimator (a model_fn returning a ModelFnOps) has no counterpart.
    assert 'e = tf.contrib.learn.Estimator(model_fn)  ' + migrate.MARK in lines
    assert [f.what.split(' ')[0] for f in migration.problems] == ['tf.contrib.learn.Estimator']
    assert migration.dependencies == {'tf1_mnist.estimator', 'tf1_mnist.contrib_learn'}


def test_tf1_mnist_contrib_learn_is_the_runners_contrib_learn():
    public = importlib.import_module('tf1_mnist.contrib_learn')
    from tf1_mnist.runner.engine.replacements import contrib_learn
    assert public.__all__ == contrib_learn.__all__
    assert public.DNNClassifier is contrib_learn.DNNClassifier
    with pytest.raises(AttributeError):
        public.Estimator


def test_refused_names_are_left_marked_and_listed():
    text, migration = migrated('import tensorflow as tf\n'
                               'k = tf.contrib.factorization.KMeans(x, 3)  # clusters\n')
    assert text.splitlines()[2] == ('k = tf.contrib.factorization.KMeans(x, 3)  # clusters; '
                                    + migrate.MARK[2:])
    assert 'scikit-learn' in migration.problems[0].what


def test_python_2_is_translated_and_its_integer_division_marked():
    text, migration = migrated('import tensorflow as tf\n'
                               'for i in xrange(10):\n'
                               '    print "step", i\n'
                               'half = tf.zeros([n / 2])\n')
    assert text.splitlines()[2:] == ['for i in range(10):', '    print("step", i)',
                                     'half = tf.zeros([n / 2])  ' + migrate.MARK]
    assert [f.line for f in migration.changes if 'Python 2' in f.what] == [2, 3]
    assert 'floor division' in migration.problems[0].what


def test_new_table_rows_with_an_upgrade_are_picked_up(monkeypatch):
    from tf1_mnist.runner.engine import table
    entry = table.Entry('contrib.metrics', advice='use tf.metrics instead',
                        upgrade=table.Upgrade('tf.metrics'))
    monkeypatch.setitem(table.BY_KEY, entry.key, entry)
    text, migration = migrated('import tensorflow as tf\nm = tf.contrib.metrics.accuracy(a, b)\n')
    assert text.splitlines()[2] == 'm = tf.metrics.accuracy(a, b)'
    assert not migration.problems


def test_every_upgrade_field_names_a_target_or_is_absent():
    from tf1_mnist.runner.engine import table
    targets = [entry.upgrade.to for entry in table.ENTRIES if entry.upgrade is not None]
    targets += [to for entry in table.ENTRIES if entry.upgrade is not None
                for _, to in entry.upgrade.names]
    targets += [table.MULTI_RNN_CELL_UPGRADE, table.COPIES[0].upgrade]
    targets += [to for to in map(table.era_upgrade, table.ERA_NAMES) if to]
    for to in targets:
        if to.startswith('tf.'):
            continue
        # A module of today's libraries, or one of tf1_mnist's public modules.
        module = to.partition(':')[0]
        assert module == 'builtins' or importlib.util.find_spec(module) is not None, to
        assert not module.startswith(table.REPLACEMENTS), to
    assert '`python -m tf1_mnist.upgrade` writes' in table.markdown().splitlines()[0]


def test_notebook_cells_are_migrated_together_and_magics_kept(tmp_path):
    notebook = {'nbformat': 4, 'nbformat_minor': 5, 'metadata': {}, 'cells': [
        {'cell_type': 'code', 'metadata': {}, 'outputs': [], 'execution_count': None,
         'source': ['%matplotlib inline\n', 'import tensorflow as tf']},
        {'cell_type': 'markdown', 'metadata': {}, 'source': 'tf.mul stays in text'},
        {'cell_type': 'code', 'metadata': {}, 'outputs': [], 'execution_count': None,
         'source': 'h = tf.layers.dense(x, 10)\ny = tf.mul(h, 2)'}]}
    path = tmp_path / 'course.ipynb'
    path.write_text(json.dumps(notebook))
    assert upgrade.main([str(path), '--out', str(tmp_path / 'out')]) == 0
    cells = json.loads((tmp_path / 'out' / 'course.ipynb').read_text())['cells']
    assert ''.join(cells[0]['source']) == (
        '%matplotlib inline\nimport os\n' + "os.environ['TF_USE_LEGACY_KERAS'] = '1'"
        + migrate.LEGACY_KERAS_WHY + '\nimport tensorflow.compat.v1 as tf\n'
        'tf.disable_v2_behavior()')
    assert cells[1]['source'] == 'tf.mul stays in text'
    assert cells[2]['source'] == 'h = tf.layers.dense(x, 10)\ny = tf.multiply(h, 2)'
    report = (tmp_path / 'out' / upgrade.REPORT_NAME).read_text()
    assert "course.ipynb:cell 2:2:4: Renamed 'tf.mul' to 'tf.multiply'" in report


def test_report_lists_changes_leftovers_dependencies_and_a_summary(tmp_path, capsys):
    script = tmp_path / 'old.py'
    script.write_text('from tensorflow.examples.tutorials.mnist import input_data\n'
                      'import tensorflow as tf\n'
                      'k = tf.contrib.factorization.KMeans(x, 3)\n')
    assert upgrade.main([str(script), '--report', str(tmp_path / 'r.txt')]) == 0
    report = (tmp_path / 'r.txt').read_text()
    assert "old.py:1:0: Import 'from tensorflow.examples.tutorials.mnist import input_data' " \
           "now 'from tf1_mnist import input_data'" in report
    assert report.index('Not converted') < report.index('old.py:3:4: tf.contrib.factorization')
    assert 'tf1_mnist.input_data (old.py)' in report
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith('python -m tf1_mnist.upgrade: 1 file upgraded into ')
    assert ', 1 not converted; report: ' in out[-1]
    assert (tmp_path / 'old_tf2' / 'old.py').exists()


def _usage_error(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        upgrade.main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith('python -m tf1_mnist.upgrade: error: ')
    return err


def test_never_writes_over_the_input_or_existing_files(tmp_path, capsys):
    course = tmp_path / 'course'
    course.mkdir()
    (course / 'a.py').write_text('import tensorflow as tf\n')
    before = (course / 'a.py').read_text()
    assert 'the copy would be written over' in _usage_error(
        capsys, [str(course / 'a.py'), '--out', str(course)])
    assert 'inside the input folder' in _usage_error(
        capsys, [str(course), '--out', str(course / 'up')])
    assert 'holds the input folder' in _usage_error(capsys, [str(course), '--out', str(tmp_path)])
    assert upgrade.main([str(course), '--out', str(tmp_path / 'up')]) == 0
    assert 'exists; pass --force' in _usage_error(capsys, [str(course), '--out',
                                                           str(tmp_path / 'up')])
    assert upgrade.main([str(course), '--out', str(tmp_path / 'up'), '--force']) == 0
    assert (course / 'a.py').read_text() == before
    assert sorted(os.listdir(course)) == ['a.py']


def test_an_out_that_is_a_file_is_one_line_and_nothing_is_written(tmp_path, capsys):
    (tmp_path / 'a.py').write_text('import tensorflow as tf\n')
    (tmp_path / 'notes.txt').write_text('mine\n')
    said = _usage_error(capsys, [str(tmp_path / 'a.py'), '--out', str(tmp_path / 'notes.txt')])
    assert said.rstrip().endswith('--out %s: is a file; expected a folder'
                                  % (tmp_path / 'notes.txt'))
    assert (tmp_path / 'notes.txt').read_text() == 'mine\n'


def test_what_a_folder_holds_that_cannot_be_copied_is_listed_not_dropped(tmp_path, capsys):
    course = tmp_path / 'course'
    (course / 'lessons').mkdir(parents=True)
    (course / 'a.py').write_text('import tensorflow as tf\nsess = tf.Session()\n')
    os.mkfifo(str(course / 'pipe.py'))
    os.symlink('nowhere.py', str(course / 'gone.py'))
    os.symlink('loop.py', str(course / 'loop.py'))
    os.symlink('..', str(course / 'lessons' / 'up'))  # a link to a folder: never followed
    assert upgrade.main([str(course), '--out', str(tmp_path / 'out')]) == 0
    printed = capsys.readouterr().out.splitlines()
    expected = ['gone.py: skipped: a symbolic link to nothing',
                'loop.py: skipped: a loop of symbolic links',
                'pipe.py: skipped: not a regular file (a FIFO)',
                os.path.join('lessons', 'up') + ': skipped: a link to a folder, not followed']
    assert sorted(printed[:-1]) == sorted('python -m tf1_mnist.upgrade: ' + line
                                          for line in expected)
    report = (tmp_path / 'out' / upgrade.REPORT_NAME).read_text().splitlines()
    listed = report[report.index('Not copied (skipped in the folder):') + 1:]
    assert sorted(listed[:4]) == sorted(expected) and listed[4] == ''
    assert sorted(os.listdir(tmp_path / 'out')) == ['a.py', upgrade.REPORT_NAME]


def test_a_file_another_run_writes_meanwhile_is_kept(tmp_path, capsys, monkeypatch):
    """Two runs into one folder: the check that nothing is there passes for both; the second
    to write a file finds the first's and keeps it, rather than replacing it."""
    course = tmp_path / 'course'
    course.mkdir()
    for name in ('a.py', 'b.py'):
        (course / name).write_text('import tensorflow as tf\nsess = tf.Session()\n')
    out = tmp_path / 'out'
    real = upgrade.atomic.write_bytes

    def the_other_run_writes_b_first(target, data, replace=True):
        if target.endswith('a.py'):
            out.mkdir(exist_ok=True)
            (out / 'b.py').write_text('the other run\'s b.py\n')
        return real(target, data, replace)

    monkeypatch.setattr(upgrade.atomic, 'write_bytes', the_other_run_writes_b_first)
    said = _usage_error(capsys, [str(course), '--out', str(out)])
    assert 'b.py was created meanwhile, by another run; kept as it is' in said
    assert (out / 'b.py').read_text() == 'the other run\'s b.py\n'
    assert sorted(os.listdir(out)) == ['a.py', 'b.py']  # no temporary file left


def test_a_full_disk_or_an_interrupt_leaves_no_partial_file_and_force_redoes_it(
        tmp_path, capsys, monkeypatch):
    course = tmp_path / 'course'
    course.mkdir()
    for name in ('a.py', 'b.py', 'c.py'):
        (course / name).write_text('import tensorflow as tf\nsess = tf.Session()\n')
    out = tmp_path / 'out'
    real_fsync = upgrade.atomic.os.fsync
    calls = []

    def fails_on_the_second_file(error):
        def fsync(fd):
            if stat.S_ISREG(os.fstat(fd).st_mode):  # a file's data, not its folder's entry
                calls.append(fd)
            if len(calls) == 2:
                raise error
            return real_fsync(fd)
        return fsync

    monkeypatch.setattr(upgrade.atomic.os, 'fsync',
                        fails_on_the_second_file(OSError(28, 'No space left on device')))
    with pytest.raises(SystemExit) as stop:
        upgrade.main([str(course), '--out', str(out)])
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        'python -m tf1_mnist.upgrade: error: cannot write the copy: [Errno 28] No space left on '
        'device']
    assert sorted(os.listdir(out)) == ['a.py']  # b.py never appeared half-written
    calls.clear()
    monkeypatch.setattr(upgrade.atomic.os, 'fsync', fails_on_the_second_file(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        upgrade.main([str(course), '--out', str(out), '--force'])
    assert sorted(os.listdir(out)) == ['a.py']
    monkeypatch.setattr(upgrade.atomic.os, 'fsync', real_fsync)
    assert 'exists; pass --force' in _usage_error(capsys, [str(course), '--out', str(out)])
    assert upgrade.main([str(course), '--out', str(out), '--force']) == 0
    assert sorted(os.listdir(out)) == ['a.py', 'b.py', 'c.py', upgrade.REPORT_NAME]
    assert (out / 'c.py').read_text().startswith('import tensorflow.compat.v1 as tf')


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    assert 'no such file' in _usage_error(capsys, [str(tmp_path / 'missing.py')])
    (tmp_path / 'notes.txt').write_text('x')
    assert 'expected a .py script' in _usage_error(capsys, [str(tmp_path / 'notes.txt')])
    (tmp_path / 'broken.py').write_text('def (:\n')
    assert 'broken.py' in _usage_error(capsys, [str(tmp_path / 'broken.py')])
    (tmp_path / 'bad.ipynb').write_text('{not json')
    assert 'not a Jupyter notebook' in _usage_error(capsys, [str(tmp_path / 'bad.ipynb')])


def test_verify_compares_printed_numbers_line_by_line():
    assert upgrade.numbered_lines('Extracting MNIST_data/x-idx3.gz\nstep 0, loss 2.5\nok\n') == [
        ('step 0, loss 2.5', ['0', '2.5'])]


def _seeded(command, cwd):
    env = upgrade._environment()
    done = subprocess.run([sys.executable, '-c', upgrade.BOOTSTRAP, '0'] + command, cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return [numbers for _, numbers in upgrade.numbered_lines(done.stdout)]


# Each script of upgrade_scripts (and family_scripts) is upgraded and run as plain python against
# the original under the runner in test_families_upgraded.py.


def test_upgrading_a_copy_again_changes_nothing():
    once, _ = migrated('import tensorflow as tf\nh = tf.layers.dense(x, 10)\ny = tf.mul(h, 2)\n')
    twice, migration = migrated(once)
    assert twice == once and not migration.changes and not migration.problems


# A notebook that repeats itself without a runner's seed: its graph seed is set, and it trains
# on fixed slices of the data, as some courses did instead of next_batch.
NOTEBOOK_CELLS = [
    '%matplotlib inline\n'
    'import numpy as np\n'
    'import tensorflow as tf\n'
    'from tensorflow.examples.tutorials.mnist import input_data',
    'mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)\n'
    'tf.set_random_seed(7)',
    'x = tf.placeholder(tf.float32, [None, 784])\n'
    'y_ = tf.placeholder(tf.float32, [None, 10])\n'
    'hidden = tf.layers.dense(x, 32, activation=tf.nn.relu)\n'
    'y = tf.layers.dense(hidden, 10)\n'
    'loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(y, y_))\n'
    'train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.mul(loss, 1.0))',
    'sess = tf.Session()\n'
    'sess.run(tf.initialize_all_variables())\n'
    'for i in range(20):\n'
    '    start = 50 * i\n'
    '    feed = {x: mnist.train.images[start:start + 50],\n'
    '            y_: mnist.train.labels[start:start + 50]}\n'
    '    print("step %d, loss %g" % (i, sess.run([train, loss], feed)[1]))',
    'right = tf.equal(tf.argmax(y, dimension=1), tf.argmax(y_, 1))\n'
    'accuracy = tf.reduce_mean(tf.cast(right, tf.float32), reduction_indices=[0])\n'
    'print("test accuracy %g" % sess.run(accuracy, {x: mnist.test.images[:1000],\n'
    '                                              y_: mnist.test.labels[:1000]}))',
]


def _printed_numbers(path):
    nbformat = pytest.importorskip('nbformat')
    text = ''.join(output.get('text', '') for cell in nbformat.read(str(path), 4).cells
                   if cell.cell_type == 'code' for output in cell.get('outputs', [])
                   if output.get('output_type') == 'stream' and output.get('name') == 'stdout')
    # The notebook's own lines: a plain kernel also shows TensorFlow's deprecation warnings.
    return [numbers for line, numbers in upgrade.numbered_lines(text)
            if line.startswith(('step', 'test accuracy'))]


@pytest.mark.slow
def test_upgraded_notebook_prints_the_originals_numbers_in_a_plain_kernel(tmp_path):
    nbformat = pytest.importorskip('nbformat')
    nbclient = pytest.importorskip('nbclient')
    from nbformat.v4 import new_code_cell, new_notebook
    original = tmp_path / 'course.ipynb'
    nb = new_notebook(metadata={'kernelspec': {'name': 'python3', 'display_name': 'Python 3',
                                               'language': 'python'}})
    nb.cells = [new_code_cell(source) for source in NOTEBOOK_CELLS]
    nbformat.write(nb, str(original))
    assert upgrade.main([str(original), '--out', str(tmp_path / 'up')]) == 0
    done = subprocess.run([sys.executable, '-m', 'tf1_mnist.run', '--output',
                           str(tmp_path / 'ran.ipynb'), str(original)], cwd=str(tmp_path),
                          env=upgrade._environment(), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    # The copy in an ordinary python3 kernel: no runner, no tf1_mnist kernel.
    copy = nbformat.read(str(tmp_path / 'up' / 'course.ipynb'), 4)
    client = nbclient.NotebookClient(copy, kernel_name='python3', timeout=600,
                                     resources={'metadata': {'path': str(tmp_path / 'up')}})
    saved = dict(os.environ)
    os.environ.update(upgrade._environment())
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    nbformat.write(copy, str(tmp_path / 'up' / 'ran.ipynb'))
    before = _printed_numbers(tmp_path / 'ran.ipynb')
    assert len(before) == 21
    assert _printed_numbers(tmp_path / 'up' / 'ran.ipynb') == before


def test_load_dataset_of_mnist_becomes_input_datas_load_mnist():
    text, migration = migrated('import tensorflow as tf\n'
                               'mnist = tf.contrib.learn.datasets.load_dataset("mnist")\n'
                               'iris = tf.contrib.learn.datasets.load_dataset("iris")\n')
    lines = text.splitlines()
    assert 'import tf1_mnist.input_data' in lines
    assert 'mnist = tf1_mnist.input_data.load_mnist()' in lines
    assert lines[-1].endswith(migrate.MARK)
    assert [f.line for f in migration.problems] == [3]


def test_continuation_lines_stay_aligned_to_their_bracket():
    text, _ = migrated('import tensorflow as tf\n'
                       'with tf.contrib.framework.arg_scope([conv], padding="SAME",\n'
                       '                                    stride=1):\n'
                       '    s = tf.scalar_summary("loss",\n'
                       '                          loss)  # kept\n'
                       'c = tf.concat(1, [a,\n'
                       '                  b])\n')
    assert text.splitlines()[5:] == [
        'with tf1_mnist.slim.arg_scope([conv], padding="SAME",',
        '                              stride=1):',
        '    s = tf.summary.scalar("loss",',
        '                          loss)  # kept',
        'c = tf.concat(axis=1, values=[a,',
        '                              b])']


@pytest.mark.slow
def test_verify_seeds_both_runs_alike_and_finds_a_difference(tmp_path):
    original = tmp_path / 'draw.py'
    original.write_text('import random\nimport numpy as np\n'
                        'print("draws %.6f %.6f" % (random.random(), np.random.rand()))\n')
    same = tmp_path / 'same.py'
    same.write_text(original.read_text())
    other = tmp_path / 'other.py'
    other.write_text(original.read_text().replace('np.random.rand()', 'np.random.rand() + 1'))
    assert upgrade.verify_script(str(original), str(same), 3, 300) == (
        'same numbers on 1 printed lines', True)
    line, ok = upgrade.verify_script(str(original), str(other), 3, 300)
    assert not ok and line.startswith('differs at printed line 1: ')


def test_hanging_indents_stay_and_compat_v1_names_are_upgraded_too():
    text, _ = migrated('import tensorflow as tf\n'
                       'c = tf.estimator.DNNClassifier(\n'
                       '    hidden_units=[10])\n'
                       'f = tf.compat.v1.estimator.inputs.numpy_input_fn(x, y)\n')
    assert text.splitlines()[5:] == ['c = tf1_mnist.estimator.DNNClassifier(',
                                     '    hidden_units=[10])',
                                     'f = tf1_mnist.estimator.inputs.numpy_input_fn(x, y)']


def test_verify_flags_are_checked(tmp_path, capsys):
    script = tmp_path / 'a.py'
    script.write_text('import tensorflow as tf\n')
    assert 'expected an integer from 0' in _usage_error(capsys, [str(script), '--seed', '-1'])
    assert 'expected a positive integer' in _usage_error(
        capsys, [str(script), '--verify_seconds', '0'])


def test_a_flag_absl_defines_replaces_absls_as_under_the_runner():
    text, migration = migrated('import tensorflow as tf\n'
                               'flags = tf.app.flags\n'
                               "flags.DEFINE_string('log_dir', '/tmp/logs', 'logs')\n"
                               "tf.app.flags.DEFINE_integer('max_steps', 10, 'steps')\n")
    assert text.splitlines()[3:] == [
        "if 'log_dir' in tf.app.flags.FLAGS: delattr(tf.app.flags.FLAGS, 'log_dir')  # absl's, "
        "replaced",
        "flags.DEFINE_string('log_dir', '/tmp/logs', 'logs')",
        "tf.app.flags.DEFINE_integer('max_steps', 10, 'steps')"]
    assert not migration.problems
    assert [f.line for f in migration.changes if 'absl' in f.what] == [3]


ABSL_FLAG_SCRIPT = """
import tensorflow as tf
flags = tf.app.flags
flags.DEFINE_string('log_dir', '/tmp/logs', 'logs')
print('log_dir', flags.FLAGS.log_dir)
"""


@pytest.mark.slow
def test_a_script_defining_absls_log_dir_runs_upgraded(tmp_path):
    (tmp_path / 'flags.py').write_text(ABSL_FLAG_SCRIPT)
    assert upgrade.main([str(tmp_path / 'flags.py'), '--out', str(tmp_path / 'up')]) == 0
    done = subprocess.run([sys.executable, str(tmp_path / 'up' / 'flags.py'),
                           '--log_dir', str(tmp_path / 'logs')], env=upgrade._environment(),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ['log_dir %s' % (tmp_path / 'logs')]


def test_multi_rnn_cell_of_one_repeated_cell_becomes_tf1_mnists():
    text, migration = migrated('import tensorflow as tf\n'
                               'm = tf.nn.rnn_cell.MultiRNNCell([c1, c2])\n'
                               'n = tf.contrib.rnn.MultiRNNCell([c] * 2)\n')
    lines = text.splitlines()
    assert 'm = tf.nn.rnn_cell.MultiRNNCell([c1, c2])' in lines
    # One cell object for every layer: TensorFlow 1.0 gave each layer weights of its own.
    assert 'n = tf1_mnist.multi_rnn_cell.MultiRNNCell([c] * 2)' in lines
    assert not migration.problems
    assert migration.dependencies == {'tf1_mnist.multi_rnn_cell'}


def test_contrib_module_paths_below_python_and_keras_mnist_are_converted():
    text, migration = migrated(
        'import tensorflow as tf\n'
        'from tensorflow.contrib.layers.python.layers import layers\n'
        'from tensorflow.contrib.framework.python.ops import arg_scope\n'
        'from tensorflow.contrib.rnn.python.ops import core_rnn\n'
        'from tensorflow.contrib.tensorboard.plugins import projector\n'
        '(x, y), _ = tf.keras.datasets.mnist.load_data()\n'
        '(x, y), _ = tf.contrib.keras.datasets.mnist.load_data()\n')
    lines = text.splitlines()
    assert lines[4:] == ['import tf1_mnist.keras_mnist',
                         'from tf1_mnist import slim as layers',
                         'from tf1_mnist.slim import arg_scope',
                         'from tensorflow.compat.v1.nn import rnn_cell as core_rnn',
                         'from tensorboard.plugins import projector',
                         '(x, y), _ = tf1_mnist.keras_mnist.load_data()',
                         # TensorFlow 1.2's name of tf.keras, then as tf.keras's MNIST.
                         '(x, y), _ = tf1_mnist.keras_mnist.load_data()']
    assert not migration.problems
    # Standalone Keras's MNIST, which the runner serves offline too.
    text, _ = migrated('from keras.datasets import mnist\n(x, y), _ = mnist.load_data()\n')
    assert text.splitlines()[0] == 'from tf1_mnist import keras_mnist as mnist'


@pytest.mark.parametrize('make, said', [
    (lambda p: os.mkfifo(p), 'not a regular file (a FIFO)'),
    (lambda p: os.symlink(p, p), 'a loop of symbolic links'),
])
def test_an_input_that_is_not_a_file_is_named_and_never_opened(tmp_path, make, said):
    path = tmp_path / 'lesson.py'
    make(str(path))
    result = subprocess.run([sys.executable, '-m', 'tf1_mnist.upgrade', str(path), '--out',
                             str(tmp_path / 'out')], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().endswith('%s: %s' % (path, said))


def test_tf_0_x_rnn_cells_get_their_old_defaults_written_out():
    text, migration = migrated(
        'import tensorflow as tf\n'
        'from tensorflow.models.rnn import rnn, rnn_cell\n'
        'a = rnn_cell.BasicLSTMCell(5, forget_bias=1.0)\n'
        'b = rnn_cell.LSTMCell(5, input_size=3, use_peepholes=True)\n'
        'c = rnn_cell.MultiRNNCell([a, b])\n'
        'd = rnn_cell.GRUCell(4,\n'
        '                     input_size=3)\n'
        'e = rnn_cell.BasicLSTMCell(5, state_is_tuple=True)\n'
        'f = rnn_cell.GRUCell(4, 3)\n'
        'outputs, state = rnn.rnn(a, xs)\n')
    lines = text.splitlines()
    assert lines[5:] == [
        'a = rnn_cell.BasicLSTMCell(5, forget_bias=1.0, state_is_tuple=False)',
        'b = rnn_cell.LSTMCell(5, use_peepholes=True, state_is_tuple=False)',
        'c = rnn_cell.MultiRNNCell([a, b], state_is_tuple=False)',
        'd = rnn_cell.GRUCell(4)',
        'e = rnn_cell.BasicLSTMCell(5, state_is_tuple=True)',
        # TF 0.x's second positional argument was input_size, TF 1.x's is activation.
        'f = rnn_cell.GRUCell(4, 3)  ' + migrate.MARK,
        'outputs, state = rnn.static_rnn(a, xs)']
    assert 'from tensorflow.compat.v1.nn import rnn_cell' in lines[4]
    assert [f.line for f in migration.problems] == [9]
    said = [f.what for f in migration.changes if f.line == 4]
    assert said == ['tf.models.rnn.rnn_cell.LSTMCell: input_size= left out (unused), '
                    'state_is_tuple=False added (the TF 0.x default)']


def test_a_new_call_change_in_the_table_is_picked_up(monkeypatch):
    from tf1_mnist.runner.engine import table
    entry = table.Entry('contrib.metrics', advice='use tf.metrics instead',
                        upgrade=table.Upgrade('tf.metrics', calls=(
                            ('accuracy', table.CallChange((('name', "'acc'"),), ('old',), 2)),)))
    monkeypatch.setitem(table.BY_KEY, entry.key, entry)
    text, migration = migrated('import tensorflow as tf\n'
                               'm = tf.contrib.metrics.accuracy(a, b, old=1)\n'
                               'n = tf.contrib.metrics.accuracy(a, b, c)\n')
    assert text.splitlines()[2:] == ["m = tf.metrics.accuracy(a, b, name='acc')",
                                     'n = tf.metrics.accuracy(a, b, c)  ' + migrate.MARK]
    assert [f.line for f in migration.problems] == [3]


def test_era_names_become_todays_or_tf1_mnist_era():
    text, migration = migrated(
        'import numpy as np\n'
        'import collections, time\n'
        'from scipy.misc import imread, imresize as resize\n'
        'from scipy import misc\n'
        'import matplotlib.pyplot as plt\n'
        'from collections import Mapping, OrderedDict\n'
        'from PIL import Image\n'
        'x = np.zeros(3, dtype=np.float)\n'
        'y = np.float32(np.int(2))\n'
        'ok = isinstance(x, collections.Iterable)\n'
        't = time.clock()\n'
        'misc.imsave("a.png", x)\n'
        'cmap = plt.cm.get_cmap("gray")\n'
        'f = Image.ANTIALIAS\n'
        'v = np.asscalar(x[:1])\n')
    assert text.splitlines() == [
        'import numpy as np',
        'import collections.abc; import tf1_mnist.era',
        'import collections, time',
        'from tf1_mnist.era import imread, imresize as resize',
        'from scipy import misc',
        'import matplotlib.pyplot as plt',
        'from collections import OrderedDict; from collections.abc import Mapping',
        'from PIL import Image',
        'x = np.zeros(3, dtype=float)',
        'y = np.float32(int(2))',
        'ok = isinstance(x, collections.abc.Iterable)',
        't = time.process_time()',
        'tf1_mnist.era.imsave("a.png", x)',
        'cmap = tf1_mnist.era.get_cmap("gray")',
        'f = Image.LANCZOS',
        'v = tf1_mnist.era.asscalar(x[:1])']
    assert migration.dependencies == {'tf1_mnist.era'}
    assert not migration.problems
    assert "Renamed 'np.float' to 'float' (it was removed in NumPy 1.24)" in [
        f.what for f in migration.changes]


def test_tf1_mnist_era_gives_the_runners_functions_and_the_old_numbers():
    era = importlib.import_module('tf1_mnist.era')
    from tf1_mnist.runner.engine.replacements import era_scipy
    assert era.imread is era_scipy.imread
    # np.asscalar was a.item(); scipy.misc.bytescale stretched [min, max] to [0, 255].
    import numpy as np
    assert era.asscalar(np.array([2.5])) == 2.5
    assert era.bytescale(np.array([0.0, 0.5, 1.0])).tolist() == [0, 128, 255]
    assert 'float' not in era.__all__  # np.float has an equivalent: float itself
    with pytest.raises(AttributeError):
        era.no_such_function


def test_import_os_is_added_when_the_script_imports_it_only_after_tensorflow():
    text, _ = migrated('"""doc"""\n'
                       'import tensorflow as tf\n'
                       'import os\n'
                       'dense = tf.layers.dense\n')
    lines = text.splitlines()
    assert lines[1:3] == ['import os', "os.environ['TF_USE_LEGACY_KERAS'] = '1'"
                          + migrate.LEGACY_KERAS_WHY]
    text, _ = migrated('import os\nimport tensorflow as tf\ndense = tf.layers.dense\n')
    assert text.splitlines().count('import os') == 1


def test_an_old_input_data_copy_becomes_a_module_importing_tutorial_input_data(tmp_path):
    course = tmp_path / 'course'
    course.mkdir()
    (course / 'input_data.py').write_text(
        'SOURCE_URL = "http://yann.lecun.com/exdb/mnist/"\n'
        'def maybe_download(filename, work_directory):\n    pass\n'
        'def extract_images(filename):\n    pass\n'
        'def extract_labels(filename, one_hot=False):\n    pass\n'
        'def read_data_sets(train_dir, fake_data=False, one_hot=False):\n    pass\n')
    (course / 'softmax.py').write_text('import input_data\n'
                                       'mnist = input_data.read_data_sets("MNIST_data")\n')
    assert upgrade.main([str(course), '--out', str(tmp_path / 'up')]) == 0
    copy = (tmp_path / 'up' / 'input_data.py').read_text()
    assert 'from tf1_mnist.tutorial_input_data import *' in copy
    assert (tmp_path / 'up' / 'softmax.py').read_text() == (course / 'softmax.py').read_text()
    report = (tmp_path / 'up' / upgrade.REPORT_NAME).read_text()
    assert 'tf1_mnist.tutorial_input_data (input_data.py)' in report
    public = importlib.import_module('tf1_mnist.tutorial_input_data')
    from tf1_mnist.runner.engine.replacements import input_data_copy
    assert public.read_data_sets is input_data_copy.read_data_sets
    import numpy as np
    assert public.dense_to_one_hot(np.array([1])).tolist() == [[0, 1] + [0] * 8]


def _sweep_corpus():
    sys.path.insert(0, str(REPO / 'bench'))
    try:
        return importlib.import_module('sweep_corpus')
    finally:
        sys.path.remove(str(REPO / 'bench'))


def test_the_corpus_sweep_upgrades_what_reached_training_and_runs_it_as_plain_python(
        tmp_path, capsys):
    sweep_corpus = _sweep_corpus()
    corpus = tmp_path / 'corpus' / 'someone__course'
    (corpus / 'lib').mkdir(parents=True)
    # np.float is gone from NumPy: only the upgraded copy (float) runs.
    (corpus / 'era.py').write_text('import numpy as np\nfrom lib import helper\n'
                                   'print("value %g" % helper.double(np.float(2)))\n')
    (corpus / 'lib' / '__init__.py').write_text('')
    (corpus / 'lib' / 'helper.py').write_text('import numpy as np\n'
                                              'def double(v):\n    return np.float(2 * v)\n')
    (corpus / 'broken.py').write_text('raise FileNotFoundError("no such file: data.csv")\n')
    (corpus / 'never.py').write_text('print("not run")\n')
    commit = 'a' * 40
    manifest = tmp_path / 'manifest.tsv'
    manifest.write_text(''.join('someone/course\t%s\t%s\tscript\t%s\n' % (name, commit, siblings)
                                for name, siblings in (('era.py', 'lib/__init__.py,lib/helper.py'),
                                                       ('broken.py', ''), ('never.py', ''))))
    earlier = tmp_path / 'earlier.json'
    earlier.write_text(json.dumps({'items': [
        {'item': 'someone__course/era.py', 'kind': 'script', 'result': 'runs'},
        {'item': 'someone__course/broken.py', 'kind': 'script',
         'result': 'still training at the budget'},
        {'item': 'someone__course/never.py', 'kind': 'script', 'result': 'crashed'}]}))
    results = tmp_path / 'upgraded.json'
    assert sweep_corpus.main(['--manifest', str(manifest), 'upgrade', '--corpus',
                              str(tmp_path / 'corpus'), '--results', str(earlier),
                              '--json', str(results), '--report', str(tmp_path / 'report'),
                              '--script-budget', '60', '--items']) == 0
    out = capsys.readouterr().out
    records = {r['item']: r for r in json.loads(results.read_text())['items']}
    assert sorted(records) == ['someone__course/broken.py', 'someone__course/era.py']
    assert records['someone__course/era.py']['result'] == 'runs'
    assert records['someone__course/broken.py']['failure'] == 'data or files the item expects'
    assert 'scripts     1/2   of those reaching training under the runner reach it upgraded' \
        in out
    assert '1  data files: data or files the item expects' in out
    assert '(of 3 items in the earlier results, 2 reached training or finished)' in out
    # The copies: the item and its sibling modules, upgraded; the corpus left as it was.
    copies = list((tmp_path / 'report' / 'upgraded').glob('*era.py*/lib/helper.py'))
    assert len(copies) == 1 and 'return float(2 * v)' in copies[0].read_text()
    assert 'np.float(2 * v)' in (corpus / 'lib' / 'helper.py').read_text()


def test_not_converted_lines_are_counted_by_the_name_they_are_about():
    sweep_corpus = _sweep_corpus()
    assert sweep_corpus.not_converted_name(
        'a.py:3:4: tf.contrib.factorization.KMeans works only ...') == \
        'tf.contrib.factorization.*'
    assert sweep_corpus.not_converted_name('a.py:7:4: tf.concat was called with ...') == \
        'tf.concat'
    assert sweep_corpus.not_converted_name('b.ipynb: left as it is: cannot be read') == \
        'file left as it is'


def test_a_continuation_line_starting_with_percent_is_code_not_a_magic():
    masked, magics = upgrade._mask_magics('%matplotlib inline\n'
                                          "print('step %d, loss %f'\n"
                                          '      % (i, loss))\n'
                                          'x = 1 + \\\n'
                                          '    2\n'
                                          '!ls\n')
    assert magics == ['%matplotlib inline', '!ls']
    assert "      % (i, loss))\n" in masked
    compile(masked, 'cell', 'exec')


def test_the_eras_removed_keywords_and_methods_become_todays():
    text, migration = migrated('import matplotlib\n'
                               "matplotlib.use('Agg', warn=False)\n"
                               'import matplotlib.pyplot as plt\n'
                               'import numpy as np\n'
                               "ax = plt.figure().add_subplot(111, axisbg='white')\n"
                               'ax.hist(x, 50, normed=True)\n'
                               "ax.set_axis_bgcolor('k')\n"
                               "ax.figure.canvas.set_window_title('samples')\n"
                               'h, edges = np.histogram(x, bins=5, normed=True)\n'
                               'counts = np.bincount(x, minlength=3)\n')
    assert text.splitlines() == ['import matplotlib',
                                 "matplotlib.use('Agg')",
                                 'import matplotlib.pyplot as plt',
                                 'import numpy as np',
                                 "ax = plt.figure().add_subplot(111, facecolor='white')",
                                 'ax.hist(x, 50, density=True)',
                                 "ax.set_facecolor('k')",
                                 "ax.figure.canvas.manager.set_window_title('samples')",
                                 'h, edges = np.histogram(x, bins=5, density=True)',
                                 'counts = np.bincount(x, minlength=3)']
    assert len(migration.changes) == 6 and not migration.problems
    # Without matplotlib or NumPy imported, a method of that name is someone else's.
    assert migrated('d.hist(x, normed=True)\n')[0] == 'd.hist(x, normed=True)\n'


def test_matplotlibs_density_is_what_normed_computed():
    # hist(normed=True) made the bars' area 1; density=True does today, on the same bins.
    import numpy as np
    x = np.random.default_rng(0).normal(size=200)
    counts, edges = np.histogram(x, bins=7)
    density, _ = np.histogram(x, bins=7, density=True)
    assert np.allclose(density, counts / (counts.sum() * np.diff(edges)))


def test_contrib_modules_only_the_runner_has_become_tf1_mnist_contribs():
    text, migration = migrated('import tensorflow as tf\n'
                               'from tensorflow.contrib import legacy_seq2seq\n'
                               'op = tf.contrib.training.create_train_op(loss, opt)\n'
                               'acc = tf.contrib.metrics.streaming_accuracy(p, labels)\n'
                               'xent = tf.contrib.losses.softmax_cross_entropy(logits, y)\n'
                               'mode = tf.contrib.learn.ModeKeys.TRAIN\n'
                               'out = tf.contrib.rnn.OutputProjectionWrapper(cell, 10)\n'
                               'hp = tf.contrib.training.HParams(learning_rate=0.1)\n')
    lines = text.splitlines()
    assert lines[-8:] == [
        'import tf1_mnist.contrib',
        'from tf1_mnist.contrib import legacy_seq2seq',
        'op = tf1_mnist.contrib.training.create_train_op(loss, opt)',
        'acc = tf1_mnist.contrib.metrics.streaming_accuracy(p, labels)',
        'xent = tf1_mnist.contrib.losses.softmax_cross_entropy(logits, y)',
        'mode = tf1_mnist.contrib.learn_runner.ModeKeys.TRAIN',
        # contrib.rnn's own wrappers, which tf.nn.rnn_cell never had.
        'out = tf1_mnist.contrib.rnn.OutputProjectionWrapper(cell, 10)',
        # A name the runner does not provide either stays, marked.
        'hp = tf.contrib.training.HParams(learning_rate=0.1)  ' + migrate.MARK]
    assert [f.line for f in migration.problems] == [8]
    assert migration.dependencies == {'tf1_mnist.contrib'}
    contrib = importlib.import_module('tf1_mnist.contrib')
    from tf1_mnist.runner.engine.replacements import contrib_metrics
    assert contrib.metrics is contrib_metrics
    with pytest.raises(AttributeError):
        contrib.factorization


def test_the_authors_syntax_warnings_are_not_printed():
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        text, _ = migrated('import tensorflow as tf\nif tf.__version__ is "1.0":\n    pass\n')
    assert 'is "1.0"' in text
    assert not [w for w in caught if issubclass(w.category, SyntaxWarning)]


def test_a_magic_that_is_all_of_a_block_is_kept():
    masked, magics = upgrade._mask_magics('try:\n    %tensorflow_version 1.x\nexcept Exception:\n'
                                          '    pass\n')
    compile(masked, 'cell', 'exec')
    assert upgrade._unmask(masked, magics) == ('try:\n    %tensorflow_version 1.x\n'
                                               'except Exception:\n    pass\n')


# A lesson's comments and strings in Chinese, as a Windows course folder saved them.
CHINESE_LESSON = ('import tensorflow as tf\n'
                  '# 定义输入和输出的占位符，然后训练模型并计算准确率\n'
                  'x = tf.placeholder(tf.float32, [None, 784])\n'
                  'print("训练完成，测试集上的准确率为")\n')


def test_a_legacy_encoded_script_is_read_as_the_runner_reads_it_and_written_as_utf8(tmp_path):
    (tmp_path / 'src').mkdir()
    (tmp_path / 'src' / 'lesson.py').write_bytes(CHINESE_LESSON.encode('gbk'))
    assert upgrade.main([str(tmp_path / 'src'), '--out', str(tmp_path / 'out')]) == 0
    copy = (tmp_path / 'out' / 'lesson.py').read_bytes().decode('utf-8')  # plain python's read
    assert '# 定义输入和输出的占位符，然后训练模型并计算准确率\n' in copy
    assert 'print("训练完成，测试集上的准确率为")\n' in copy
    assert copy.startswith('import tensorflow.compat.v1 as tf\n')
    report = (tmp_path / 'out' / 'upgrade_report.txt').read_text(encoding='utf-8')
    assert ('lesson.py:1:0: not UTF-8 and declaring no encoding: read as GBK, written '
            'as UTF-8' in report), report


def test_a_script_that_declares_its_encoding_keeps_it_and_its_coding_line(tmp_path):
    source = '# -*- coding: gbk -*-\n' + CHINESE_LESSON.replace('print(',
                                                                'y = tf.mul(x, 2)\nprint(')
    (tmp_path / 'src').mkdir()
    (tmp_path / 'src' / 'lesson.py').write_bytes(source.encode('gbk'))
    assert upgrade.main([str(tmp_path / 'src'), '--out', str(tmp_path / 'out')]) == 0
    data = (tmp_path / 'out' / 'lesson.py').read_bytes()
    copy = data.decode('gbk')
    assert copy.startswith('# -*- coding: gbk -*-\nimport tensorflow.compat.v1 as tf\n')
    assert 'y = tf.multiply(x, 2)\n' in copy and '训练完成' in copy
    assert importlib.util.decode_source(data) == copy  # what Python itself reads from it


def test_an_era_name_with_no_conversion_is_marked_and_listed_not_left_silently():
    # What only the runner gives back at run time: plain python would stop at each line.
    source = ('import numpy as np\n'
              'import matplotlib.pyplot as plt\n'
              'from sklearn import cross_validation\n'
              'plt.gca().hold(True)\n'
              'h = np.histogram([1, 2], normed=True)\n')
    text, migration = migrated(source)
    lines = text.splitlines()
    for number in (3, 4):
        assert lines[number - 1].endswith('  ' + migrate.MARK), lines[number - 1]
    assert lines[4] == 'h = np.histogram([1, 2], density=True)'  # converted, so not marked
    listed = sorted((f.line, f.what.split(' ')[:2]) for f in migration.problems)
    assert listed == [(3, ['import', 'sklearn.cross_validation']), (4, ['Axes.hold', 'was'])]
    assert all('only the runner gives it back' in f.what for f in migration.problems)


def test_the_eras_calls_with_a_meaning_of_their_own_become_tf1_mnist_eras():
    text, migration = migrated(
        'import numpy as np\n'
        'from PIL import Image, ImageDraw, ImageFont\n'
        'np.set_printoptions(precision=3, threshold=np.nan)\n'
        'a = np.fromstring(data, dtype=np.uint8)\n'
        'w, h = ImageDraw.Draw(img).textsize("a", font=f)\n'
        'size = font.getsize("label")[0]\n'
        'from sklearn.cross_validation import train_test_split, cross_val_score\n')
    assert text.splitlines() == [
        'import numpy as np',
        'import sys; import tf1_mnist.era',
        'from PIL import Image, ImageDraw, ImageFont',
        'np.set_printoptions(precision=3, threshold=sys.maxsize)',
        'a = tf1_mnist.era.fromstring(data, dtype=np.uint8)',
        'w, h = tf1_mnist.era.textsize(ImageDraw.Draw(img), "a", font=f)',
        'size = tf1_mnist.era.getsize(font, "label")[0]',
        'from tf1_mnist.era import train_test_split, cross_val_score']
    assert not migration.problems


def test_tf1_mnist_eras_call_functions_compute_what_the_old_libraries_did():
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont
    from tf1_mnist import era
    raw = bytes([1, 0, 2, 0])
    values = era.fromstring(raw, dtype=np.uint16)
    assert values.tolist() == [1, 2] and values.flags.writeable  # NumPy 1.x gave a copy
    assert era.fromstring('1 2 3', dtype=int, sep=' ').tolist() == [1, 2, 3]
    draw, font = ImageDraw.Draw(Image.new('L', (40, 20))), ImageFont.load_default()
    # Pillow 9's textsize: the right and bottom of the text's box drawn at the origin.
    box = draw.textbbox((0, 0), 'Ab', font=font)
    assert era.textsize(draw, 'Ab', font=font) == (box[2], box[3])
    assert era.getsize(font, 'Ab') == font.getbbox('Ab')[2:]
    from sklearn import model_selection
    a, b = era.train_test_split(list(range(10)), test_size=0.3, random_state=0)
    assert (a, b) == tuple(model_selection.train_test_split(list(range(10)), test_size=0.3,
                                                           random_state=0))


def test_a_numpy_number_as_a_flags_default_becomes_the_flags_type():
    text, migration = migrated(
        'import numpy as np\nimport tensorflow as tf\n'
        "tf.app.flags.DEFINE_integer('batch', np.power(2, 7), 'size')\n"
        "tf.app.flags.DEFINE_float('rate', default=np.float32(0.5), help='lr')\n"
        "tf.app.flags.DEFINE_integer('steps', 100, 'steps')\n")
    assert text.splitlines()[3:] == [
        "tf.app.flags.DEFINE_integer('batch', int(np.power(2, 7)), 'size')",
        "tf.app.flags.DEFINE_float('rate', default=float(np.float32(0.5)), help='lr')",
        "tf.app.flags.DEFINE_integer('steps', 100, 'steps')"]
    assert [f.line for f in migration.changes if 'flag' in f.what] == [3, 4]


def test_standalone_keras_2_becomes_tf_keras_on_a_tf1_graph():
    text, _ = migrated('import numpy as np\n'
                       'from keras.models import Sequential  # the model\n'
                       'from keras.layers.core import Dense, Activation\n'
                       'from keras.optimizers import SGD\n'
                       'from keras.utils import np_utils\n'
                       'import keras.backend as K\n')
    assert text.splitlines() == [
        'import numpy as np',
        'import os',
        migrate.LEGACY_KERAS + migrate.LEGACY_KERAS_WHY,
        "import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()  # Keras 2 on TF1's graph",
        'from tf_keras.models import Sequential  # the model',
        'from tf_keras.layers import Dense, Activation',
        'from tf_keras.optimizers.legacy import SGD',
        'from tf_keras import utils as np_utils',
        'import tf_keras.backend as K']


def test_tf_keras_in_a_tf1_script_gets_keras_2_as_under_the_runner():
    text, _ = migrated('import tensorflow as tf\nh = tf.keras.layers.Dense(3)(x)\n'
                       'm = tf.contrib.keras.models.Sequential()\n')
    assert text.splitlines() == [
        'import os', migrate.LEGACY_KERAS + migrate.LEGACY_KERAS_WHY,
        'import tensorflow.compat.v1 as tf', 'tf.disable_v2_behavior()',
        'h = tf.keras.layers.Dense(3)(x)', 'm = tf.keras.models.Sequential()']


def test_late_future_imports_are_dropped_not_read_as_python_2():
    text, migration = migrated('import tensorflow as tf\nx = 1\n'
                               'from __future__ import print_function\n'
                               'print("x", x, 7 / 2)\n')
    assert text.splitlines()[2:] == ['x = 1', 'print("x", x, 7 / 2)']
    assert any(f.line == 3 and f.what.startswith('Dropped') for f in migration.changes)


def test_an_import_of_a_package_not_installed_is_marked_unless_guarded():
    text, migration = migrated('import cv2\nfrom cv2 import imread\n'
                               'try:\n    import cv2\nexcept ImportError:\n    cv2 = None\n'
                               'import numpy\n')
    lines = text.splitlines()
    assert lines[0].endswith(migrate.MARK) and lines[1].endswith(migrate.MARK)
    assert not any(line.endswith(migrate.MARK) for line in lines[2:])
    assert [f.what for f in migration.problems] == [
        'import cv2 needs opencv-python, which is not installed (pip install opencv-python)'] * 2


def test_a_contrib_module_of_tf1_mnist_imports_as_a_module():
    from tf1_mnist.contrib.learn_runner import ModeKeys
    import tf1_mnist.contrib.metrics
    from tf1_mnist.runner.engine.replacements import contrib_metrics, learn_runner
    assert ModeKeys is learn_runner.ModeKeys
    assert tf1_mnist.contrib.metrics is contrib_metrics
    assert contrib_metrics.__spec__.name == contrib_metrics.__name__
    with pytest.raises(ImportError):
        import tf1_mnist.contrib.no_such_module  # noqa: F401
