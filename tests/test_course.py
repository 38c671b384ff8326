"""A whole course folder: every script and notebook found, checked, run within a budget, and
reported with the right class."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import lines_of, run_module, subprocess_env
from tf1_mnist.runner import course
from tf1_mnist.runner.engine import table

nbformat = pytest.importorskip('nbformat')
from nbformat.v4 import new_code_cell, new_notebook  # noqa: E402


def write_notebook(path, cells):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells]), str(path))


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


QUICK_SOFTMAX = '''\
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data
mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.matmul(x, W) + b
y_ = tf.placeholder(tf.float32, [None, 10])
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(100):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
    print('test accuracy %g' % sess.run(accuracy, feed_dict={x: mnist.test.images,
                                                            y_: mnist.test.labels}))
'''


def small_course(root):
    """A course of each class, with a module of constants that is not an item of its own."""
    write(root / 'lesson1' / 'softmax.py', QUICK_SOFTMAX)
    write(root / 'lesson1' / 'plot.py', 'import matplotlib.pyplot as plt\n'
                                        'open("scores.txt", "w").write("1")\n'
                                        'plt.plot([0.2, 0.5, 0.9])\nplt.show()\n')
    write(root / 'lesson2' / 'forever.py', 'import time\nfrom steps import STEPS\n'
                                           'for step in range(STEPS):\n'
                                           '    print("step %d" % step, flush=True)\n'
                                           '    time.sleep(0.5)\n')
    write(root / 'lesson2' / 'steps.py', 'STEPS = 10 ** 6\n')
    write(root / 'lesson2' / 'contrib.py', 'import tensorflow as tf\n'
                                           'net = tf.contrib.factorization.KMeans(tf.ones([2, 2]))\n')
    write(root / 'lesson2' / 'webcam.py', 'import tensorflow as tf\n'
                                          'import course_extras_not_installed\n')
    write(root / 'lesson2' / 'broken.py', 'import tensorflow as tf\n'
                                          'raise ValueError("the data folder is empty")\n')
    write_notebook(root / 'notebooks' / 'intro.ipynb', [
        'import tensorflow as tf', 'sess = tf.Session()',
        'accuracy = sess.run(tf.constant(0.875))\nprint(accuracy)'])
    write_notebook(root / '.ipynb_checkpoints' / 'intro-checkpoint.ipynb', ['1'])
    write_notebook(root / 'notebooks' / 'intro.tf1.ipynb', ['1'])
    write(root / 'venv' / 'pyvenv.cfg', 'home = /usr\n')
    write(root / 'venv' / 'lib' / 'x.py', 'print(1)\n')
    # An item that reads a file beside it and writes over it: the scratch folder has the file,
    # the course keeps its own.
    write(root / 'lesson3' / 'data' / 'settings.txt', '7\n')
    write(root / 'lesson3' / 'read_beside.py',
          "with open('data/settings.txt') as f:\n    steps = int(f.read())\n"
          "with open('data/settings.txt', 'w') as f:\n    f.write('overwritten')\n"
          "print('steps', steps)\n")


EXPECTED = {
    'lesson1/plot.py': course.RUNS,
    'lesson1/softmax.py': course.RUNS,
    'lesson2/broken.py': course.CRASHED,
    'lesson2/contrib.py': course.REFUSED,
    'lesson2/forever.py': course.TRAINING,
    'lesson2/webcam.py': course.NEEDS_PACKAGE,
    'lesson3/read_beside.py': course.RUNS,
    'notebooks/intro.ipynb': course.RUNS,
}


def test_finds_scripts_and_notebooks_but_not_modules_copies_or_environments(tmp_path):
    small_course(tmp_path)
    items = course.find_items(str(tmp_path))
    assert [item.relative for item in items] == sorted(EXPECTED)
    assert [item.kind for item in items].count('notebook') == 1


def test_a_module_with_a_main_block_is_a_script(tmp_path):
    write(tmp_path / 'mnist.py', 'def inference():\n    pass\n'
                                 "if __name__ == '__main__':\n    inference()\n")
    write(tmp_path / 'train.py', 'import mnist\n')
    write(tmp_path / 'input_data.py', 'def read_data_sets():\n    pass\n')
    write_notebook(tmp_path / 'lesson.ipynb', ['import input_data'])
    assert [item.relative for item in course.find_items(str(tmp_path))] == [
        'lesson.ipynb', 'mnist.py', 'train.py']


def test_classes_of_finished_runs():
    refusal = ('tf1_mnist.run: tf.contrib.factorization.KMeans is not available in TensorFlow 2 '
               '(a.py:2); use tf.keras.layers.Flatten instead')
    assert course.classify(1, False, '', 'Traceback ...\n' + refusal + '\n') == (
        course.REFUSED, refusal[len('tf1_mnist.run: '):])
    assert course.classify(1, False, '', "ModuleNotFoundError: No module named 'cv2'\n") == (
        course.NEEDS_PACKAGE, 'pip install opencv-python')
    assert course.classify(1, False, '', "ImportError: No module named 'sklearn.svm'\n") == (
        course.NEEDS_PACKAGE, 'pip install scikit-learn')
    # A TensorFlow module that is missing is not a package to install.
    assert course.classify(1, False, '', "ModuleNotFoundError: No module named "
                                         "'tensorflow.foo'\n")[0] == course.CRASHED
    assert course.classify(1, False, 'step 1\n', 'Traceback\nKeyError: 3\n'
                                                  'tf1_mnist.run: 2 figures saved to f/ (a)\n') \
        == (course.CRASHED, 'KeyError: 3')
    assert course.classify(-15, True, 'step 1\nstep 2\n', '') == (course.TRAINING, 'step 2')
    assert course.classify(0, False, 'done\n', '') == (course.RUNS, '')


def test_last_accuracy_printed():
    lines = ['step 0, training accuracy 0.12', 'step 100, training accuracy 0.9',
             'loss 2.3', 'test accuracy 0.9137']
    assert course._accuracy_in(lines, True) == pytest.approx(0.9137)
    assert course._accuracy_in(['Accuracy: 97.5%'], True) == pytest.approx(0.975)
    assert course._accuracy_in(['0.9201'], True) == pytest.approx(0.9201)
    assert course._accuracy_in(['0.9201'], False) is None  # a bare number, no accuracy around
    assert course._accuracy_in(['loss 0.3', 'epoch 3'], True) is None


def test_report_folder_not_made_by_the_sweep_is_refused(tmp_path):
    write(tmp_path / 'course' / 'a.py', 'print(1)\n')
    write(tmp_path / 'mine' / 'notes.txt', 'keep me\n')
    result = run_module('tf1_mnist.course', 'course', '--report', 'mine', cwd=tmp_path)
    assert result.returncode == 2
    assert lines_of(result.stderr) == [
        'python -m tf1_mnist.course: error: --report mine: the folder exists and was not made '
        'by this sweep; choose another']
    assert os.listdir(tmp_path / 'mine') == ['notes.txt']


def test_misuse_is_one_line(tmp_path):
    result = run_module('tf1_mnist.course', 'nowhere', cwd=tmp_path)
    assert result.returncode == 2
    assert lines_of(result.stderr) == ['python -m tf1_mnist.course: error: nowhere: no such '
                                       'folder']
    (tmp_path / 'empty').mkdir()
    result = run_module('tf1_mnist.course', 'empty', '--budget', '0', cwd=tmp_path)
    assert result.returncode == 2 and len(lines_of(result.stderr)) == 1


@pytest.fixture(scope='module')
def small_course_sweep(tmp_path_factory):
    """The small course swept once, for the tests that read its report: (folder, the course's
    files before the sweep, the completed process)."""
    tmp_path = tmp_path_factory.mktemp('sweep')
    root = tmp_path / 'course'
    small_course(root)
    before = sorted(str(p.relative_to(root)) for p in root.rglob('*'))
    result = run_module('tf1_mnist.run', '--sweep', 'course', '--budget', '20', '--jobs', '2',
                        '--report', 'report', '--json', cwd=tmp_path, timeout=900)
    return tmp_path, before, result


@pytest.mark.slow
def test_sweep_of_a_small_course_reports_each_class(small_course_sweep):
    tmp_path, before, result = small_course_sweep
    root = tmp_path / 'course'
    assert result.returncode == 1, result.stderr  # items were refused and crashed
    report = json.loads(result.stdout)
    results = {item['item']: item for item in report['items']}
    assert {name: item['result'] for name, item in results.items()} == EXPECTED
    assert report['summary'] == ('4/8 run (1 still training at the budget, 1 refused, '
                                 '1 needs a package, 1 crashed)')
    verdict = table.classify(('contrib', 'factorization', 'KMeans'))
    assert results['lesson2/contrib.py']['detail'].startswith(verdict.symbol + ' ' + verdict.what)
    assert results['lesson2/webcam.py']['detail'] == (
        'pip install course_extras_not_installed')
    assert results['lesson2/broken.py']['detail'] == 'ValueError: the data folder is empty'
    assert results['lesson2/forever.py']['detail'].startswith('step ')
    assert 0.8 < results['lesson1/softmax.py']['accuracy'] < 1.0
    assert results['notebooks/intro.ipynb']['accuracy'] == pytest.approx(0.875)
    figures = results['lesson1/plot.py']['figures']
    assert len(figures) == 1
    assert (tmp_path / 'report' / figures[0]).read_bytes().startswith(b'\x89PNG')
    # Each item ran in a scratch folder: nothing was written into the course.
    assert sorted(str(p.relative_to(root)) for p in root.rglob('*')) == before
    assert list((tmp_path / 'report' / 'items').rglob('scores.txt'))
    markdown = (tmp_path / 'report' / 'report.md').read_text()
    assert report['summary'] in markdown
    for name, result_class in EXPECTED.items():
        assert any(line.startswith('| %s | %s' % (name, result_class))
                   for line in markdown.splitlines()), name
    assert '<img src="items/' in markdown
    html = (tmp_path / 'report' / 'report.html').read_text()
    assert html.count('<tr style=') == 8 and '<img src="items/' in html


@pytest.mark.slow
def test_ctrl_c_stops_the_sweep_and_reports_what_finished(tmp_path):
    write(tmp_path / 'course' / 'a_quick.py', 'print("test accuracy 0.5")\n')
    write(tmp_path / 'course' / 'b_forever.py', 'import time\nwhile True:\n    time.sleep(1)\n')
    process = subprocess.Popen(
        [sys.executable, '-m', 'tf1_mnist.course', 'course', '--jobs', '2', '--budget', '600'],
        cwd=tmp_path, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    progress = ''
    while '[1/2]' not in progress:
        line = process.stderr.readline()
        assert line, 'the sweep ended early'
        progress += line
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=60)
    assert process.returncode == 130
    assert lines_of(stdout)[0] == '1/2 run; stopped after 1 of 2 items'
    markdown = (tmp_path / course.DEFAULT_REPORT / 'report.md').read_text()
    assert '| a_quick.py | runs |' in markdown and 'b_forever' not in markdown
    assert '50.00%' in markdown
    # The stopped item's process is gone.
    ps = subprocess.run(['ps', '-eo', 'args'], capture_output=True, text=True).stdout
    assert str(tmp_path / 'course' / 'b_forever.py') not in ps


class FakeTerminal:
    def __init__(self, tty):
        self.tty = tty
        self.text = ''

    def isatty(self):
        return self.tty

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def finished(relative, result):
    item = course.Item('/c/' + relative, relative)
    item.result, item.seconds = result, 1.5
    return item


def test_exit_status_says_whether_every_item_ran():
    ran = [finished('a.py', course.RUNS), finished('b.py', course.TRAINING)]
    assert course.exit_status(ran, stopped=False) == 0
    for result in (course.REFUSED, course.NEEDS_PACKAGE, course.CRASHED):
        assert course.exit_status(ran + [finished('c.py', result)], stopped=False) == 1
    assert course.exit_status(ran, stopped=True) == 130
    assert course.exit_status([finished('c.py', course.CRASHED)], stopped=True) == 130


def test_progress_bar_on_a_terminal_and_lines_elsewhere():
    terminal = FakeTerminal(tty=True)
    progress = course.Progress(2, terminal)
    progress.done(finished('a.py', course.RUNS))
    assert terminal.text.split('\r')[-1].startswith('[' + '#' * 15 + '.' * 15 + '] 1/2 a.py: runs')
    progress.done(finished('b.ipynb', course.CRASHED))
    assert terminal.text.split('\r')[-1].startswith('[' + '#' * 30 + '] 2/2 b.ipynb: crashed')
    assert terminal.text.endswith('\n')
    log = FakeTerminal(tty=False)
    progress = course.Progress(2, log)
    progress.done(finished('a.py', course.RUNS))
    assert log.text == '[1/2] a.py: runs (1.5 s)\n'


def test_the_scratch_folder_starts_with_the_items_own_files(tmp_path, monkeypatch):
    course_folder = tmp_path / 'course'
    (course_folder / 'images').mkdir(parents=True)
    (course_folder / 'images' / 'flowchart.png').write_bytes(b'\x89PNG small')
    (course_folder / 'notes.txt').write_text('the author\'s notes\n')
    (course_folder / 'big.npz').write_bytes(b'0' * 2048)
    (course_folder / 'figures').mkdir()
    (course_folder / 'figures' / 'old.png').write_bytes(b'a figure of the author')
    (course_folder / 'lesson.tf1.ipynb').write_text('{}')
    (course_folder / 'helpers.py').write_text('import tensorflow as tf\n')  # imported in place
    report = course_folder / 'report'
    (report / 'items').mkdir(parents=True)
    scratch = tmp_path / 'scratch'
    scratch.mkdir()
    (scratch / 'stdout.txt').write_text('the item\'s own output\n')
    monkeypatch.setattr(course, 'MIRROR_COPY_BYTES', 1024)
    laid = course.mirror_folder(str(course_folder), str(scratch), keep_out=(str(report),))
    assert sorted(str(p.relative_to(scratch)) for p in scratch.rglob('*')) == [
        'big.npz', 'images', 'images/flowchart.png', 'notes.txt', 'stdout.txt']
    assert laid == 3
    # Small files are copies: what the item writes to them stays in the scratch folder.
    assert not (scratch / 'notes.txt').is_symlink()
    (scratch / 'notes.txt').write_text('overwritten by the item\n')
    assert (course_folder / 'notes.txt').read_text() == 'the author\'s notes\n'
    # A large one is a link to the original, read where it is.
    assert (scratch / 'big.npz').is_symlink()
    assert os.path.realpath(scratch / 'big.npz') == str(course_folder / 'big.npz')
    assert (scratch / 'stdout.txt').read_text() == 'the item\'s own output\n'


@pytest.mark.slow
def test_an_item_finds_the_files_beside_it_in_its_scratch_folder(small_course_sweep):
    tmp_path, _, result = small_course_sweep
    course_folder = tmp_path / 'course' / 'lesson3'
    items = {i['item']: i for i in json.loads(result.stdout)['items']}
    item = items['lesson3/read_beside.py']
    assert item['result'] == course.RUNS
    scratch = tmp_path / 'report' / item['scratch']
    assert (scratch / 'stdout.txt').read_text() == 'steps 7\n'
    assert (course_folder / 'data' / 'settings.txt').read_text() == '7\n'
    assert not (course_folder / 'stdout.txt').exists()
