"""The Jupyter kernel for TF1 course material, and ``%load_ext tf1_mnist``.

The kernel spec is installed into a temporary prefix and found there by jupyter_client, as
Jupyter finds it; the slow tests start kernels for real and run cells in them with nbclient.
"""

import json
import subprocess
import sys

import pytest

nbformat = pytest.importorskip('nbformat')
nbclient = pytest.importorskip('nbclient')
kernelspec = pytest.importorskip('jupyter_client.kernelspec')
from nbformat.v4 import new_code_cell, new_notebook  # noqa: E402

from conftest import PACKAGE_PARENT, lines_of, run_module, subprocess_env, usage_error  # noqa: E402
from tf1_mnist import kernel  # noqa: E402
from tf1_mnist.legacy import table  # noqa: E402


def install_into(prefix, cwd):
    return run_module('tf1_mnist.kernel', 'install', '--prefix', prefix, cwd=cwd)


@pytest.fixture
def jupyter_path(tmp_path, monkeypatch):
    """A temporary prefix that Jupyter searches for kernels, and an environment whose kernels
    import this tf1_mnist."""
    prefix = tmp_path / 'prefix'
    monkeypatch.setenv('JUPYTER_PATH', str(prefix / 'share' / 'jupyter'))
    monkeypatch.setenv('PYTHONPATH', subprocess_env()['PYTHONPATH'])
    return prefix


def test_kernel_spec_installs_into_a_prefix_and_jupyter_finds_it(tmp_path, jupyter_path):
    result = install_into(jupyter_path, tmp_path)
    assert result.returncode == 0, result.stderr
    folder = jupyter_path / 'share' / 'jupyter' / 'kernels' / kernel.KERNEL_NAME
    assert lines_of(result.stdout) == [
        'installed the kernel "Python 3 (TF1 course material)" in %s' % folder]
    specs = kernelspec.KernelSpecManager().get_all_specs()
    assert specs[kernel.KERNEL_NAME]['resource_dir'] == str(folder)
    spec = kernelspec.KernelSpecManager().get_kernel_spec(kernel.KERNEL_NAME)
    assert spec.display_name == 'Python 3 (TF1 course material)'
    assert spec.language == 'python'
    assert spec.argv == [sys.executable, '-m', 'tf1_mnist.kernel', 'launch',
                         '-f', '{connection_file}']
    # Installing again replaces the spec: still one kernel of that name.
    assert install_into(jupyter_path, tmp_path).returncode == 0
    assert list((jupyter_path / 'share' / 'jupyter' / 'kernels').iterdir()) == [folder]


def test_jupyter_kernelspec_list_shows_it(tmp_path, jupyter_path):
    assert install_into(jupyter_path, tmp_path).returncode == 0
    listed = subprocess.run([sys.executable, '-m', 'jupyter_client.kernelspecapp', 'list',
                             '--json'], capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    specs = json.loads(listed.stdout)['kernelspecs']
    assert specs[kernel.KERNEL_NAME]['spec']['display_name'] == kernel.DISPLAY_NAME


def test_install_misuse_is_one_line(capsys):
    line = usage_error(capsys, kernel.main, ['install', '--user', '--prefix', '/tmp/x'])
    assert 'not allowed with argument --user' in line
    assert 'expected a command' in usage_error(capsys, kernel.main, [])


def test_importing_the_package_stays_cheap():
    # The extension hook lives in tf1_mnist/__init__.py; it must not pull TensorFlow in.
    code = ('import sys, tf1_mnist, tf1_mnist.kernel, tf1_mnist.notebook, tf1_mnist.course; '
            'print(callable(tf1_mnist.load_ipython_extension), '
            '"tensorflow" in sys.modules, "IPython" in sys.modules)')
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                            env=subprocess_env(), timeout=120)
    assert result.stdout.split() == ['True', 'False', 'False'], result.stderr


def execute(cells, kernel_name, cwd):
    nb = new_notebook(cells=[new_code_cell(source) for source in cells])
    client = nbclient.NotebookClient(nb, kernel_name=kernel_name, timeout=600,
                                     startup_timeout=600, allow_errors=True,
                                     resources={'metadata': {'path': str(cwd)}})
    client.execute()
    return nb.cells


def outputs(cell):
    texts = []
    for output in cell.outputs:
        if output.output_type == 'stream':
            texts.append(output.text)
        elif output.output_type == 'error':
            texts.append('%s: %s' % (output.ename, output.evalue))
    return ''.join(texts)


TF1_PROBE = ('import tensorflow as tf\n'
             'print(tf.executing_eagerly(), type(tf.placeholder).__name__, tf.__name__)')


@pytest.mark.slow
def test_installed_kernel_runs_tf1_cells(tmp_path, jupyter_path):
    assert install_into(jupyter_path, tmp_path).returncode == 0
    (tmp_path / 'graph_mode.py').write_text('import tensorflow as tf\n'
                                        'def graph_mode():\n'
                                        '    return hasattr(tf, "Session")\n')
    cells = execute([TF1_PROBE,
                     'import graph_mode\nprint(graph_mode.graph_mode())',
                     'x = tf.contrib.factorization.KMeans',
                     'print "Python 2 cell", 7 // 2'], kernel.KERNEL_NAME, tmp_path)
    assert outputs(cells[0]) == 'False function tensorflow\n'
    assert outputs(cells[1]) == 'True\n'  # a module beside the notebook is legacy code too
    verdict = table.classify(('contrib', 'factorization', 'KMeans'))  # the name the cell used
    assert outputs(cells[2]).startswith('UnsupportedSymbolError: %s %s' % (verdict.symbol,
                                                                          verdict.what))
    assert outputs(cells[3]) == 'Python 2 cell 3\n'


@pytest.mark.slow
def test_load_ext_switches_a_fresh_ordinary_kernel(tmp_path, monkeypatch):
    monkeypatch.setenv('PYTHONPATH', PACKAGE_PARENT)
    cells = execute(['%load_ext tf1_mnist', TF1_PROBE], 'python3', tmp_path)
    assert outputs(cells[0]) == ('tf1_mnist: this kernel now runs TF1 course material '
                                 '(import tensorflow gives the TF1 API)\n')
    assert outputs(cells[1]) == 'False function tensorflow\n'


@pytest.mark.slow
def test_load_ext_after_tensorflow_says_to_restart(tmp_path, monkeypatch):
    monkeypatch.setenv('PYTHONPATH', PACKAGE_PARENT)
    cells = execute(['import tensorflow as tf\nprint(tf.executing_eagerly())',
                     '%load_ext tf1_mnist',
                     'print(tf.executing_eagerly())'], 'python3', tmp_path)
    assert outputs(cells[1]).strip() == (
        'tf1_mnist: TensorFlow was imported before %load_ext tf1_mnist, so this kernel cannot '
        'be switched to TF1 behaviour; restart the kernel and run %load_ext tf1_mnist first')
    assert outputs(cells[2]).strip().endswith('True')  # left as it was
