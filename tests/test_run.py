"""The runner for unmodified TF1 scripts: the course corpus runs as it is, quietly, and reaches
a real accuracy on the bundled MNIST; what cannot work is named with its file and line.

Each corpus script runs once, in its own process (the runner switches the whole process to TF1
behaviour), with step counts small enough for a laptop CPU.
"""

import json
import os
import re
import sys
import textwrap
from pathlib import Path

import pytest

import warm
from tf1_mnist.runner import script as run
from tf1_mnist.runner.engine import check, table

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / 'tests' / 'legacy_scripts'
INSTALL_HINT = "install it with: pip install 'tf1_mnist[legacy-layers]'"


def run_legacy(cwd, *args, pythonpath=()):
    """Run ``python -m tf1_mnist.run ARGS`` in ``cwd``, with the installed tf1_mnist; temporary
    files stay in ``cwd`` too."""
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join(str(p) for p in pythonpath)
    env['TMPDIR'] = env['TEST_TMPDIR'] = str(cwd)
    for name in ('TF_CPP_MIN_LOG_LEVEL', 'TF_USE_LEGACY_KERAS'):
        env.pop(name, None)
    return warm.run([sys.executable, '-m', 'tf1_mnist.run'] + [str(a) for a in args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def lines_with(path, pattern):
    """The numbers of the lines of ``path`` that match ``pattern``."""
    return [number for number, line in enumerate(Path(path).read_text().splitlines(), 1)
            if re.search(pattern, line)]


def called_names(path, pattern):
    """(line number, called name after ``tf.``) of each line of ``path`` matching ``pattern``."""
    return [(number, re.search(pattern, line).group()[len('tf.'):-1])
            for number, line in enumerate(Path(path).read_text().splitlines(), 1)
            if re.search(pattern, line)]


CONTRIB_LAYERS_CALL = r'tf\.contrib\.layers\.\w+\('
LAYERS_CALL = r'tf\.layers\.\w+\('


def assert_clean_run(result):
    assert result.returncode == 0, result.stderr
    assert result.stderr == '', 'TensorFlow noise on stderr:\n' + result.stderr


def accuracy_after(pattern, stdout):
    values = re.findall(pattern, stdout)
    assert values, stdout
    return float(values[-1])


def assert_learned(accuracy, floor):
    assert floor <= accuracy < 1.0, accuracy  # a perfect score would mean a broken test set


# The corpus, run as it is.

@pytest.mark.slow
def test_beginners_softmax(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'mnist_softmax.py', '--max_steps', '300')
    assert_clean_run(result)
    assert_learned(float(result.stdout.split()[-1]), 0.85)
    # The folder the script asked for, as TF 1.x printed it, and where the data came from.
    assert result.stdout.splitlines()[:5] == [
        'Extracting MNIST_data/train-images-idx3-ubyte.gz',
        'Extracting MNIST_data/train-labels-idx1-ubyte.gz',
        'Extracting MNIST_data/t10k-images-idx3-ubyte.gz',
        'Extracting MNIST_data/t10k-labels-idx1-ubyte.gz',
        '(MNIST_data/ does not hold MNIST: the copy bundled with tf1_mnist was read)']


@pytest.mark.slow
def test_experts_deep_cnn(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'mnist_deep.py', '--max_steps', '150')
    assert_clean_run(result)
    assert 'step 100, training accuracy' in result.stdout
    assert_learned(accuracy_after(r'test accuracy (\S+)', result.stdout), 0.8)
    graph_folder = re.search(r'Saving graph to: (\S+)', result.stdout).group(1)
    assert list(Path(graph_folder).glob('events.out.tfevents.*'))


@pytest.mark.slow
def test_fully_connected_feed(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'fully_connected_feed.py', '--max_steps', '300',
                        '--learning_rate', '0.1', '--log_dir', 'logs')
    assert_clean_run(result)  # tf.app.run ends with sys.exit(main(argv)), main returning None
    test_eval = result.stdout.split('Test Data Eval:')[-1]
    assert_learned(accuracy_after(r'Precision @ 1: (\S+)', test_eval), 0.85)
    logs = tmp_path / 'logs'
    assert (logs / 'model.ckpt-299.index').is_file()
    assert list(logs.glob('events.out.tfevents.*'))


@pytest.mark.slow
def test_mnist_with_summaries(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'mnist_with_summaries.py', '--max_steps', '100',
                        '--log_dir', 'logs')
    assert_clean_run(result)
    assert 'Adding run metadata for 99' in result.stdout
    assert_learned(accuracy_after(r'Accuracy at step 90: (\S+)', result.stdout), 0.85)
    train_events, = (tmp_path / 'logs' / 'train').glob('events.out.tfevents.*')
    test_events, = (tmp_path / 'logs' / 'test').glob('events.out.tfevents.*')
    assert b'step099' in train_events.read_bytes()  # the traced step's run metadata
    assert b'layer1/weights/summaries/histogram' in test_events.read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(not table.installed('tf_keras'),
                    reason='needs the legacy-layers extra (tf-keras)')
def test_tf_layers_cnn_with_the_extra(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'layers_cnn.py', '--steps', '100',
                        '--batch_size', '25')
    assert_clean_run(result)
    assert_learned(accuracy_after(r'test accuracy (\S+)', result.stdout), 0.85)


@pytest.mark.slow
def test_tf_layers_without_the_extra_names_it(tmp_path):
    blocker = tmp_path / 'no_tf_keras'
    blocker.mkdir()
    (blocker / 'sitecustomize.py').write_text(textwrap.dedent('''\
        import sys

        class NoTfKeras:
            def find_spec(self, name, path=None, target=None):
                if name.split('.')[0] == 'tf_keras':
                    raise ModuleNotFoundError('No module named %r' % name, name=name)
                return None

        sys.meta_path.insert(0, NoTfKeras())
        '''))
    script = SCRIPTS / 'layers_cnn.py'
    result = run_legacy(tmp_path, script, '--steps', '1', pythonpath=[blocker])
    assert result.returncode == 1
    calls = called_names(script, LAYERS_CALL)
    assert len(calls) >= 5
    assert result.stderr == ''.join(
        'tf1_mnist.run: tf.%s needs the legacy-layers extra (tf-keras), which is not installed '
        '(%s:%d); %s\n' % (name, script, line, INSTALL_HINT) for line, name in calls)


@pytest.mark.slow
def test_script_importing_its_sibling_module(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'mnist_train.py', '--training_steps', '300',
                        '--model_save_path', 'model')
    assert_clean_run(result)
    assert_learned(accuracy_after(r'test accuracy using average model is (\S+)', result.stdout),
                   0.85)
    assert (tmp_path / 'model' / 'model.ckpt-300.index').is_file()


@pytest.mark.slow
def test_contrib_layers_script_learns_with_the_contrib_extra(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'contrib_layers.py')
    assert_clean_run(result)
    assert_learned(float(result.stdout.split()[-1]), 0.9)


def test_every_blocker_is_listed_before_anything_runs(tmp_path):
    write(tmp_path / 'old.py', '''\
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 4])
        print('started')
        estimator = tf.contrib.learn.Estimator(model_fn=None)
        clusters = tf.contrib.factorization.KMeans(x, 3)
        ''')
    result = run_legacy(tmp_path, 'old.py')
    assert result.returncode == 1
    estimator = table.classify(('contrib', 'learn', 'Estimator'))
    assert result.stderr == (
        'tf1_mnist.run: tf.contrib.learn.Estimator %s (old.py:4); %s\n'
        % (estimator.what, estimator.advice) +
        'tf1_mnist.run: tf.contrib.factorization.KMeans was removed in TensorFlow 2 without a '
        "replacement (old.py:5); use scikit-learn's sklearn.cluster.KMeans (pip install "
        'scikit-learn) instead\n')
    assert result.stdout == ''  # stopped before the script's first line ran


# How the runner gives legacy code TF1 while installed code keeps TensorFlow 2.

PROBE = '''\
import json
import sys

import tensorflow as tf
import tensorflow
import tensorflow.compat.v1 as tf_compat_v1
import tensorflow.python.framework.ops as ops_module
from tensorflow.python.framework import dtypes
from tensorflow.examples.tutorials.mnist import input_data
import tensorflow.examples.tutorials.mnist.input_data as input_data_by_path
from tensorflow.contrib.learn.python.learn.datasets import mnist as contrib_mnist

try:
    import tensorflow.contrib.factorization as factorization
except ImportError:  # what TensorFlow 2 raises too
    factorization = None

import helper
import lessons.model
import inside_lib
import outside_lib

real = sys.modules['tensorflow']
x = tf.placeholder(tf.float32, [None, 2])
facts = {
    'argv': sys.argv,
    'script_tf_is_v1': tf.__name__ == 'tensorflow' and hasattr(tf, 'placeholder'),
    'one_v1_namespace': tf is tensorflow is tf_compat_v1 is tf.compat.v1,
    'graph_mode': not tf.executing_eagerly() and isinstance(x, tf.Tensor),
    'version': tf.__version__ == real.__version__,
    'real_modules_by_path': dtypes.float32 is tf.float32
                            and ops_module is sys.modules['tensorflow.python.framework.ops']
                            and tensorflow.python.framework.dtypes is dtypes,
    'sys_modules_keeps_tf2': hasattr(real, 'function') and not hasattr(real, 'placeholder'),
    'sibling_sees_v1': helper.tf is tf,
    'subfolder_sees_v1': lessons.model.tf is tf,
    'site_packages_in_folder_sees_tf2': inside_lib.tf is real,
    'outside_library_sees_tf2': outside_lib.tf is real,
    'mnist_modules': input_data.__name__ == 'tensorflow.examples.tutorials.mnist.input_data'
                     and input_data_by_path is input_data
                     and contrib_mnist.read_data_sets is input_data.read_data_sets,
    'load_dataset': tf.contrib.learn.datasets.load_dataset('mnist').train.num_examples,
    'hasattr': [hasattr(tf, 'contrib'), hasattr(tf.contrib, 'factorization'),
                hasattr(tf.contrib.learn, 'Estimator')],
    'import_error_fallback': factorization is None,
    'tf1_modules': [tf.app.flags.FLAGS is tf.flags.FLAGS, callable(tf.logging.info),
                    tf.gfile.Exists('.')],
}
print(json.dumps(facts))


def main(argv):
    return int(argv[-1])


tf.app.run(main=main, argv=['probe.py', '3'])
'''


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def course(tmp_path):
    """A folder of legacy code, with an installed library inside it and another outside."""
    folder = tmp_path / 'course'
    write(folder / 'probe.py', PROBE)
    write(folder / 'helper.py', 'import tensorflow as tf\n')
    write(folder / 'lessons' / '__init__.py', '')
    write(folder / 'lessons' / 'model.py', 'import tensorflow as tf\n')
    inside = folder / 'venv' / 'lib' / 'site-packages'
    write(inside / 'inside_lib.py', 'import tensorflow as tf\n')
    outside = tmp_path / 'libs'
    write(outside / 'outside_lib.py', 'import tensorflow as tf\n')
    return folder, [inside, outside]


@pytest.mark.slow
def test_legacy_code_sees_tf1_installed_code_sees_tf2(course):
    folder, libraries = course
    result = run_legacy(folder, 'probe.py', 'x', '--flag', pythonpath=libraries)
    assert result.returncode == 3, result.stderr  # main's return value, through sys.exit
    assert result.stderr == ''
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts.pop('argv') == ['probe.py', 'x', '--flag']
    assert facts.pop('load_dataset') == 55000
    assert facts.pop('hasattr') == [True, False, False]
    assert facts.pop('tf1_modules') == [True, True, True]
    assert facts == dict.fromkeys(facts, True)


@pytest.mark.slow
def test_name_found_only_when_it_runs_in_a_sibling_module_verbose(course):
    folder, _ = course
    write(folder / 'builder.py', '''\
        import tensorflow as tf


        def build(kind):
            return getattr(tf.contrib, kind).Estimator(model_fn=None)
        ''')
    write(folder / 'uses_estimator.py', '''\
        import builder

        builder.build('lea' + 'rn')
        ''')
    result = run_legacy(folder, '--verbose', 'uses_estimator.py')
    assert result.returncode == 1
    *before, last = result.stderr.strip().splitlines()
    estimator = table.classify(('contrib', 'learn', 'Estimator'))
    assert last == ('tf1_mnist.run: tf.contrib.learn.Estimator %s (builder.py:5); %s'
                    % (estimator.what, estimator.advice))
    assert 'Traceback (most recent call last):' in before
    assert any('WARNING:tensorflow' in line for line in before)  # TensorFlow's own logs


def test_file_that_is_not_python_stops_before_anything_runs(tmp_path, capsys):
    script = write(tmp_path / 'broken.py', 'import tensorflow as tf\nsizes = [1 2]\n')
    assert run.main([str(script)]) == 1
    err = capsys.readouterr().err
    assert err == ('tf1_mnist.run: %s:2: the file could not be parsed: invalid syntax. Perhaps '
                   'you forgot a comma?\n' % script)
    assert len(err.splitlines()) == 1


# --check: read scripts, run nothing.

def check_output(capsys, monkeypatch, *args, legacy_layers=False):
    """Run ``--check ARGS`` in this process, with the extra installed or not."""
    really_installed = table.installed
    monkeypatch.setattr(table, 'installed', lambda module: legacy_layers
                        if module == 'tf_keras' else really_installed(module))
    status = run.main(['--check'] + [str(a) for a in args])
    return status, capsys.readouterr()


def test_check_lists_every_contrib_use_with_its_line(capsys, monkeypatch):
    script = SCRIPTS / 'contrib_layers.py'
    status, captured = check_output(capsys, monkeypatch, script)
    assert status == 1
    lines = captured.out.splitlines()
    expected = lines_with(script, CONTRIB_LAYERS_CALL)
    assert len(expected) == 4
    names = [re.search(CONTRIB_LAYERS_CALL, line).group()[len('tf.'):-1]
             for line in (SCRIPTS / 'contrib_layers.py').read_text().splitlines()
             if re.search(CONTRIB_LAYERS_CALL, line)]
    assert lines[:-1] == [
        "%s:%d: tf.%s needs the contrib extra (tf-slim, tf-keras), which is not installed; "
        "install it with: pip install 'tf1_mnist[contrib]'" % (script, n, name)
        for n, name in zip(expected, names)]
    assert lines[-1] == '4 problems found in 1 file'
    assert captured.err == ''


def test_check_of_the_corpus_depends_on_the_extras(capsys, monkeypatch):
    layers_lines = lines_with(SCRIPTS / 'layers_cnn.py', LAYERS_CALL)
    files = len(list(SCRIPTS.rglob('*.py')))

    status, captured = check_output(capsys, monkeypatch, SCRIPTS)
    assert status == 1
    *lines, summary = captured.out.splitlines()
    problems = [line for line in lines if ': note: ' not in line]
    missing = [line for line in problems if 'layers_cnn.py' in line]
    assert ['%s:%d' % (SCRIPTS / 'layers_cnn.py', n) for n in layers_lines] == [
        line.split(': ')[0] for line in missing]
    assert all(line.endswith(INSTALL_HINT) for line in missing)
    assert all(re.search(r"install it with: pip install 'tf1_mnist\[[\w-]+\]'$", line)
               for line in problems), problems
    assert summary == '%d problems found in %d files' % (len(problems), files)

    status, captured = check_output(capsys, monkeypatch, SCRIPTS, legacy_layers=True)
    assert status == 0  # with the extras, every script of the corpus can run
    notes = [line for line in captured.out.splitlines() if 'layers_cnn.py' in line]
    assert all(': note: ' in line for line in captured.out.splitlines()[:-1])
    assert ['%s:%d' % (SCRIPTS / 'layers_cnn.py', n) for n in layers_lines] == [
        line.split(': note: ')[0] for line in notes]
    assert captured.out.splitlines()[-1] == 'no problems found in %d files' % files


def test_check_passes_working_scripts_and_follows_sibling_imports(capsys, monkeypatch):
    status, captured = check_output(capsys, monkeypatch, SCRIPTS / 'mnist_train.py')
    assert (status, captured.out) == (0, 'no problems found in 2 files\n')
    script = SCRIPTS / 'mnist_softmax.py'
    status, captured = check_output(capsys, monkeypatch, script, '--max_steps', '5')
    line, = lines_with(script, r'tf\.initialize_all_variables')
    assert (status, captured.out) == (0, (
        '%s:%d: note: tf.initialize_all_variables was renamed to '
        'tf.global_variables_initializer in TensorFlow 1.0; it works as that name\n'
        'no problems found in 1 file\n' % (script, line)))


def test_check_knows_the_import_forms_and_aliases(tmp_path, capsys, monkeypatch):
    script = write(tmp_path / 'old.py', '''\
        import tensorflow.compat.v1 as tf
        import tensorflow.contrib.slim as slim
        from tensorflow.contrib import rnn
        from tensorflow.contrib.learn.python.learn.datasets import mnist
        from tensorflow.examples.tutorials.mnist import input_data, mnist_deep
        from tensorflow.python.framework import dtypes
        data = tf.contrib.learn.datasets.load_dataset('mnist')
        estimator = tf.estimator.Estimator(model_fn)
        product = tf.mul(a, b)
        writer = tf.train.SummaryWriter('logs')
        cell = rnn.BasicLSTMCell(10)
        outputs = tf.nn.rnn_cell.BasicLSTMCell(10)
        ''')
    status, captured = check_output(capsys, monkeypatch, script)
    assert status == 1
    reported = [line.split(' ', 2)[:2] for line in captured.out.splitlines()[:-1]]
    assert reported == [
        ['%s:2:' % script, 'tf.contrib.slim'],
        ['%s:3:' % script, 'tf.contrib.rnn'],
        ['%s:5:' % script, 'tf.examples.tutorials.mnist.mnist_deep'],
        ['%s:8:' % script, 'tf.estimator.Estimator'],
        ['%s:9:' % script, 'note:'],
        ['%s:10:' % script, 'note:'],
        ['%s:11:' % script, 'tf.contrib.rnn.BasicLSTMCell'],
        ['%s:12:' % script, 'tf.nn.rnn_cell.BasicLSTMCell'],
    ]
    assert 'note: tf.mul was renamed to tf.multiply in TensorFlow 1.0' in captured.out
    assert 'note: tf.train.SummaryWriter was renamed to tf.summary.FileWriter' in captured.out


def test_check_reads_python_2_code_translated(tmp_path, capsys, monkeypatch):
    script = write(tmp_path / 'py2.py', 'import tensorflow as tf\nprint "accuracy", tf.mul\n')
    status, captured = check_output(capsys, monkeypatch, script)
    assert (status, captured.out.splitlines()) == (0, [
        '%s:1: note: the file is Python 2 code; it is translated to Python 3 (fissix) when it '
        'runs' % script,
        '%s:2: note: tf.mul was renamed to tf.multiply in TensorFlow 1.0; it works as that name'
        % script,
        'no problems found in 1 file'])


def test_check_imports_nothing(tmp_path):
    code = ('import sys; from tf1_mnist import run; status = run.main(["--check", %r]); '
            'print(status, "tensorflow" in sys.modules)' % str(SCRIPTS / 'mnist_deep.py'))
    result = warm.run([sys.executable, '-c', code], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.stdout.splitlines()[-1] == '0 False'


def NOTHING(module):
    """No third-party module is installed."""
    return False


def EVERYTHING(module):
    return True


def test_classify_table():
    assert table.classify(('contrib', 'learn', 'datasets', 'mnist', 'read_data_sets'),
                          NOTHING) is None
    assert table.classify(('examples', 'tutorials', 'mnist'), NOTHING) is None
    assert table.classify(('nn', 'relu'), NOTHING) is None
    estimator = table.classify(('contrib', 'learn', 'Estimator'), NOTHING)
    assert estimator.symbol == 'tf.contrib.learn.Estimator'
    assert 'tf.estimator.Estimator' in estimator.advice
    iris = table.classify(('contrib', 'learn', 'datasets', 'load_iris'), NOTHING)
    assert (iris.symbol, iris.advice) == ('tf.contrib.learn.datasets.load_iris',
                                          "use tf1_mnist.input_data's read_data_sets instead")
    assert table.classify(('layers', 'dense'), EVERYTHING).kind == table.NOTE
    assert table.classify(('layers',), NOTHING).symbol == 'tf.layers'
    findings, _ = check.check_source('import tensorflow\ntensorflow.contrib.ffmpeg\n',
                                     'x.py', NOTHING)
    assert [(f.line, f.verdict.symbol) for f in findings] == [(2, 'tf.contrib.ffmpeg')]


# Misuse of the command line: one line, exit status 2.

@pytest.mark.parametrize('args, message', [
    ([], 'no script given'),
    (['--check'], 'nothing to check given'),
    (['no_such_script.py'], 'no_such_script.py: no such file'),
    (['--check', 'no_such_script.py'], 'no_such_script.py: no such file or folder'),
    ([str(SCRIPTS)], '%s: is a folder' % SCRIPTS),
])
def test_command_line_misuse(capsys, args, message):
    with pytest.raises(SystemExit) as stop:
        run.main(args)
    assert stop.value.code == 2
    assert capsys.readouterr().err == 'python -m tf1_mnist.run: error: %s\n' % message


def test_compatibility_page_table_is_the_table_in_code():
    page = (REPO / 'docs' / 'compatibility.md').read_text()
    assert table.markdown() in page, 'regenerate it: python -m tf1_mnist.runner.engine.table'


def test_text_graphs_are_written_and_read_back(tmp_path):
    # The runner's TensorFlow writes text graphs (tf.train.write_graph's default, tf.estimator's
    # graph.pbtxt); TensorFlow 2.20 with protobuf 7 raised TypeError on float_format here.
    import numpy as np
    import tensorflow as tf
    from google.protobuf import text_format
    from tf1_mnist.runner.engine import process

    process.keep_text_graphs_writable()
    values = [0.1, 1 / 3, 1e-7, 3.4e38, -2.5]
    with tf.Graph().as_default() as graph:
        for n, value in enumerate(values):
            tf.constant(value, dtype=tf.float32, name='f%d' % n)
        tf.constant(0.1, dtype=tf.float64, name='d')
    graph_def = graph.as_graph_def()
    path = tf.io.write_graph(graph_def, str(tmp_path), 'graph.pbtxt')
    read = text_format.Parse(Path(path).read_text(), tf.compat.v1.GraphDef())
    assert read == graph_def
    floats = [node.attr['value'].tensor.float_val[0] for node in read.node[:len(values)]]
    assert np.array_equal(np.float32(floats), np.float32(values))
    assert read.node[-1].attr['value'].tensor.double_val[0] == 0.1
