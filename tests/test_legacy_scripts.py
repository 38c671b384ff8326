"""Old spellings of one lesson, run by the runner, compute exactly what the TF 1.x spelling
computes: TF 0.12's names and argument orders, and Python 2."""

import os
import shutil
import sys
from pathlib import Path

import pytest

import warm
SCRIPTS = Path(__file__).resolve().parent / 'legacy_scripts'


def run_copy(tmp_path, *names):
    """Copy ``names`` from the corpus into a folder of their own and run the first there."""
    folder = tmp_path / names[0].replace('.py', '')
    folder.mkdir()
    for name in names:
        shutil.copy(SCRIPTS / name, folder / name)
    env = dict(os.environ, TMPDIR=str(folder))
    env.pop('TF_CPP_MIN_LOG_LEVEL', None)
    return warm.run([sys.executable, '-m', 'tf1_mnist.run', names[0]], cwd=folder,
                          env=env, capture_output=True, text=True, timeout=600), folder


@pytest.fixture(scope='module')
def modern(tmp_path_factory):
    result, folder = run_copy(tmp_path_factory.mktemp('modern'), 'modern_softmax.py')
    assert (result.returncode, result.stderr) == (0, '')
    return result.stdout


def lesson_lines(stdout):
    """The lines the lesson printed, after the data set's four Extracting lines and the line
    that says the bundled copy was read."""
    lines = stdout.splitlines()
    assert [line.split()[0] for line in lines[:4]] == ['Extracting'] * 4
    assert lines[4] == '(MNIST_data does not hold MNIST: the copy bundled with tf1_mnist was read)'
    return lines[5:]


@pytest.mark.slow
def test_modern_reference_learns(modern):
    lines = lesson_lines(modern)
    assert lines[0] == "variables ['W', 'b']"
    assert len([line for line in lines if line.startswith('step ')]) == 4
    accuracy = float(lines[-1].split()[-1])
    assert 0.75 < accuracy < 1.0


@pytest.mark.slow
def test_pre_1_0_spelling_computes_the_same_numbers(tmp_path, modern):
    result, folder = run_copy(tmp_path, 'pre_1_0_softmax.py')
    assert (result.returncode, result.stderr) == (0, '')
    assert lesson_lines(result.stdout) == lesson_lines(modern)
    assert list((folder / 'logs').glob('events.out.tfevents.*'))


@pytest.mark.slow
def test_python_2_script_and_module_are_translated_and_compute_the_same(tmp_path, modern):
    result, folder = run_copy(tmp_path, 'py2_softmax.py', 'py2_model.py')
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        'tf1_mnist.run: %s is Python 2 code; running its Python 3 translation (fissix)' % name
        for name in ('py2_softmax.py', 'py2_model.py')]
    assert lesson_lines(result.stdout) == lesson_lines(modern)
    assert (folder / 'py2_softmax.py').read_bytes() == (SCRIPTS / 'py2_softmax.py').read_bytes()
