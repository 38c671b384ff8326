"""The Jupyter kernel for TF1 course material, and ``%load_ext tf1_mnist``.

The kernel spec is installed into a temporary prefix and found there by jupyter_client, as
Jupyter finds it; the slow tests start kernels for real and run cells in them with nbclient.
"""

import json
import os
import stat
import subprocess
import sys

import pytest

nbformat = pytest.importorskip('nbformat')
nbclient = pytest.importorskip('nbclient')
kernelspec = pytest.importorskip('jupyter_client.kernelspec')
from nbformat.v4 import new_code_cell, new_notebook  # noqa: E402

from conftest import PACKAGE_PARENT, lines_of, run_module, subprocess_env, usage_error  # noqa: E402
from tf1_mnist.runner import kernel  # noqa: E402
from tf1_mnist.runner.engine import table  # noqa: E402


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


def spec_folder(prefix):
    return prefix / 'share' / 'jupyter' / 'kernels' / kernel.KERNEL_NAME


def test_an_installed_spec_is_readable_by_every_user_whatever_the_umask(tmp_path, capsys):
    old = os.umask(0o077)
    try:
        assert kernel.main(['install', '--prefix', str(tmp_path / 'p')]) == 0
    finally:
        os.umask(old)
    folder = spec_folder(tmp_path / 'p')
    # As ``jupyter kernelspec install`` leaves a spec: folders 0755, files 0644.
    for path, mode in ((folder, 0o755), (folder.parent, 0o755), (folder / 'kernel.json', 0o644)):
        assert stat.S_IMODE(path.stat().st_mode) == mode, (path, oct(path.stat().st_mode))


def users_spec(prefix):
    """A kernel spec of the user's own under the name tf1_mnist: kernel.json, logo, README."""
    folder = spec_folder(prefix)
    folder.mkdir(parents=True)
    mine = {'argv': ['/opt/env/bin/python', '-m', 'ipykernel', '-f', '{connection_file}'],
            'display_name': 'my TF1', 'language': 'python', 'env': {'CUDA_VISIBLE_DEVICES': '1'}}
    (folder / 'kernel.json').write_text(json.dumps(mine))
    (folder / 'logo-64x64.png').write_bytes(b'\x89PNG mine')
    (folder / 'README').write_text('my notes')
    return folder, {n: (folder / n).read_bytes() for n in os.listdir(folder)}


def test_install_over_a_users_spec_is_refused_without_replace(tmp_path, capsys):
    folder, before = users_spec(tmp_path / 'p')
    with pytest.raises(SystemExit) as info:
        kernel.main(['install', '--prefix', str(tmp_path / 'p')])
    err = lines_of(capsys.readouterr().err)
    assert info.value.code == 1 and len(err) == 1, err
    assert err[0] == ('python -m tf1_mnist.kernel: error: %s already holds a kernel spec named '
                      'tf1_mnist that this command did not write; nothing was changed (pass '
                      '--replace to install over it, keeping its kernel.json as '
                      'kernel.json.bak)' % folder)
    assert {n: (folder / n).read_bytes() for n in os.listdir(folder)} == before


def test_replace_keeps_the_users_files_and_says_so(tmp_path, capsys):
    folder, before = users_spec(tmp_path / 'p')
    assert kernel.main(['install', '--replace', '--prefix', str(tmp_path / 'p')]) == 0
    out = lines_of(capsys.readouterr().out)
    assert out == ['kept the kernel.json that was there as %s' % (folder / 'kernel.json.bak'),
                   'installed the kernel "Python 3 (TF1 course material)" in %s' % folder]
    assert (folder / 'kernel.json.bak').read_bytes() == before['kernel.json']
    assert json.loads((folder / 'kernel.json').read_text()) == kernel.kernel_spec_dict()
    for name in ('logo-64x64.png', 'README'):
        assert (folder / name).read_bytes() == before[name]
    # A second --replace keeps the first backup and numbers the next one.
    (folder / 'kernel.json').write_text('{"edited": true}')
    assert kernel.main(['install', '--replace', '--prefix', str(tmp_path / 'p')]) == 0
    assert (folder / 'kernel.json.bak').read_bytes() == before['kernel.json']
    assert (folder / 'kernel.json.bak1').read_text() == '{"edited": true}'


@pytest.mark.parametrize('prefix', ['', '   '])
def test_an_empty_prefix_is_refused(capsys, prefix):
    line = usage_error(capsys, kernel.main, ['install', '--prefix', prefix])
    assert line == ("python -m tf1_mnist.kernel: error: --prefix: expected a folder, got %r"
                    % prefix)


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
