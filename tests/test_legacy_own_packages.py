"""Modules a course's code imports that Python finds nowhere from the script's folder, though
the course meant something definite: the package the script is part of, and the TF1 tutorial's
``input_data`` (also under TensorFlow 0.x's ``tensorflow.g3doc`` path)."""

import gzip
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import warm
from tf1_mnist import input_data

pytestmark = pytest.mark.slow  # each test starts TensorFlow in a subprocess


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def run(folder, *command):
    return warm.run([sys.executable] + list(command), cwd=folder, capture_output=True,
                          text=True, timeout=300)


def test_a_script_inside_a_package_imports_its_own_package_as_python_dash_m_would(tmp_path):
    # The layout of a Cloud ML Engine trainer: run as `python -m trainer.task` from above.
    write(tmp_path / 'trainer' / '__init__.py', '')
    write(tmp_path / 'trainer' / 'model.py', '''\
        import numpy as np
        import tensorflow as tf

        LEGACY = hasattr(tf, 'placeholder')


        def weights(seed):
            return np.random.RandomState(seed).randn(3).round(6).tolist()
        ''')
    write(tmp_path / 'trainer' / 'task.py', '''\
        from trainer import model
        from trainer.model import weights

        print('weights', weights(4))
        print('module', model.__name__, model.__file__)
        print('legacy', model.LEGACY)
        ''')
    runner = run(tmp_path / 'trainer', '-m', 'tf1_mnist.run', 'task.py')
    assert runner.returncode == 0, runner.stderr
    # The same module file as `python -m trainer.task` imports, computing the same numbers.
    plain = run(tmp_path, '-m', 'trainer.task')
    assert plain.returncode == 0, plain.stderr
    lines, plain_lines = runner.stdout.splitlines(), plain.stdout.splitlines()
    assert lines[:2] == plain_lines[:2]
    assert lines[1] == 'module trainer.model %s' % (tmp_path / 'trainer' / 'model.py')
    # Under the runner the package's modules are the course's code: they get TF1's names.
    assert lines[2] == 'legacy True'
    said = [line for line in runner.stderr.splitlines() if 'import trainer' in line]
    assert said == ['tf1_mnist.run: import trainer: the package %s holds the course\'s code, so '
                    'it is imported from %s, as Python does with that folder on its path'
                    % (tmp_path / 'trainer', tmp_path)]
    check = run(tmp_path / 'trainer', '-m', 'tf1_mnist.run', '--check', 'task.py')
    assert 'finds no module trainer' not in check.stdout + check.stderr


def test_a_repository_folder_named_in_the_scripts_imports(tmp_path):
    # An IDE's project: `from book.common import util` in book/ch1/train.py, no __init__.py.
    write(tmp_path / 'book' / 'common' / 'util.py', '''\
        import tensorflow as tf


        def layer_names():
            x = tf.placeholder(tf.float32, [None, 4], name='x')
            return x.op.name
        ''')
    write(tmp_path / 'book' / 'ch1' / 'train.py', '''\
        from book.common import util

        print('name', util.layer_names())
        ''')
    runner = run(tmp_path / 'book' / 'ch1', '-m', 'tf1_mnist.run', 'train.py')
    assert runner.returncode == 0, runner.stderr
    assert runner.stdout.splitlines() == ['name x']
    # A name that is no folder above the script still fails as Python says.
    write(tmp_path / 'book' / 'ch1' / 'other.py', 'import nobook.common\n')
    failing = run(tmp_path / 'book' / 'ch1', '-m', 'tf1_mnist.run', 'other.py')
    assert failing.returncode == 1
    assert 'nobook' in failing.stderr.splitlines()[-1]


def idx_labels(path):
    with gzip.open(path, 'rb') as f:
        return np.frombuffer(f.read()[8:], dtype=np.uint8)


@pytest.mark.parametrize('statement', [
    'import input_data',
    'from tensorflow.g3doc.tutorials.mnist import input_data',
])
def test_the_tutorials_input_data_without_a_copy_beside_the_script(tmp_path, statement):
    write(tmp_path / 'train.py', '''\
        %s
        import numpy as np

        mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
        print(mnist.train.images.shape, mnist.validation.images.shape)
        print(' '.join(str(int(n)) for n in mnist.test.labels.sum(axis=0)))
        ''' % statement)
    runner = run(tmp_path, '-m', 'tf1_mnist.run', 'train.py')
    assert runner.returncode == 0, runner.stderr
    lines = runner.stdout.splitlines()[-2:]  # after the loader's own lines
    # Counted straight from the bundled IDX file: one-hot sums are the label counts.
    labels = idx_labels(os.path.join(input_data.bundled_data_dir(), input_data.TEST_LABELS))
    assert lines == ['(55000, 784) (5000, 784)',
                     ' '.join(str(n) for n in np.bincount(labels, minlength=10))]
    if statement == 'import input_data':
        assert ("tf1_mnist.run: import input_data: no input_data.py is beside the script; it "
                "gets tf1_mnist.input_data, the TF1 tutorial's module it was a copy of, reading "
                "the bundled MNIST") in runner.stderr.splitlines()


def test_late_future_imports_of_a_script_exported_from_a_notebook(tmp_path):
    # Each cell of the notebook began with its own future import; in a file only the first
    # block is allowed, and Python refuses the file.
    cells = ['from __future__ import print_function\nimport helper\n',
             'from __future__ import division\nprint(7 / 2, helper.half(9))\n',
             'from __future__ import absolute_import, print_function\nprint("done")\n']
    write(tmp_path / 'lesson.py', '\n'.join(cells))
    write(tmp_path / 'helper.py', 'x = 1\nfrom __future__ import division\n\n\n'
                                  'def half(n):\n    return n / 2\n')
    plain = run(tmp_path, 'lesson.py')
    assert 'from __future__ imports must occur at the beginning of the file' in plain.stderr
    runner = run(tmp_path, '-m', 'tf1_mnist.run', 'lesson.py')
    assert runner.returncode == 0, runner.stderr
    # What the notebook printed: its cells run one after another as plain Python 3 code,
    # with a helper module that never had the late import.
    reference = tmp_path / 'reference'
    write(reference / 'helper.py', 'x = 1\n\n\ndef half(n):\n    return n / 2\n')
    cells_run = subprocess.run(
        [sys.executable, '-c', 'import sys; sys.path.insert(0, "."); namespace = {}\n'
         'for cell in %r: exec(compile(cell, "cell", "exec"), namespace)' % (cells,)],
        cwd=reference, capture_output=True, text=True)
    assert cells_run.returncode == 0, cells_run.stderr
    assert runner.stdout.splitlines() == cells_run.stdout.splitlines() == ['3.5 4.5', 'done']
    said = [line for line in runner.stderr.splitlines() if '__future__' in line]
    assert said == [
        'tf1_mnist.run: %s: the from __future__ imports after its first lines (line 4, 7) are '
        'dropped: Python 3 always has absolute_import, division, print_function'
        % (tmp_path / 'lesson.py'),
        'tf1_mnist.run: %s: the from __future__ imports after its first lines (line 2) are '
        'dropped: Python 3 always has division' % (tmp_path / 'helper.py')]


def test_a_late_future_import_python_3_does_not_always_have_stays(tmp_path):
    from tf1_mnist.runner.engine import late_future
    with pytest.raises(SyntaxError, match='must occur at the beginning of the file'):
        late_future.compile_source('x = 1\nfrom __future__ import annotations\n', 'a.py')
    code = late_future.compile_source('"""Doc."""\nfrom __future__ import division\n'
                                      'x = 1\nfrom __future__ import division\ny = 3 / 2\n',
                                      'b.py')
    namespace = {}
    exec(code, namespace)
    assert namespace['y'] == 1.5
