"""Switching a process to TF1 behaviour for legacy code outside the runner: what a notebook
kernel calls, ``tf1_mnist.runner.engine.install_legacy``. Each case runs in its own process, since
the switch is process-wide."""

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.slow  # each test starts TensorFlow in a subprocess

PROBE = textwrap.dedent('''\
    import json, sys
    from tf1_mnist.runner.engine import install_legacy, uninstall_legacy

    installed = install_legacy(sys.argv[1], interactive=sys.argv[2] == 'cells')
    sys.path.insert(0, sys.argv[1])
    import model
    cell = {}
    exec('import tensorflow as tf', cell)  # code with no file, as a notebook cell runs
    real = installed.tensorflow
    facts = {'cell_tf1': cell['tf'] is installed.api.root,
             'cell_tf2': cell['tf'] is real,
             'module_in_folder_tf1': model.tf is installed.api.root,
             'graph_mode': not real.executing_eagerly(),
             'placeholder': str(installed.api.root.placeholder(real.float32, [None, 3]).shape)}
    uninstall_legacy(installed)
    exec('import tensorflow as tf', cell)
    facts['cell_tf2_after_uninstall'] = cell['tf'] is real
    print(json.dumps(facts))
    ''')


def probe(tmp_path, mode):
    course = tmp_path / 'course'
    course.mkdir()
    (course / 'model.py').write_text('import tensorflow as tf\n')
    script = tmp_path / 'probe.py'
    script.write_text(PROBE)
    result = subprocess.run([sys.executable, str(script), str(course), mode],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_cells_and_folder_get_tf1_when_asked(tmp_path):
    assert probe(tmp_path, 'cells') == {
        'cell_tf1': True, 'cell_tf2': False, 'module_in_folder_tf1': True, 'graph_mode': True,
        'placeholder': '(?, 3)', 'cell_tf2_after_uninstall': True}


def test_cells_keep_tensorflow_2_unless_asked(tmp_path):
    assert probe(tmp_path, 'files') == {
        'cell_tf1': False, 'cell_tf2': True, 'module_in_folder_tf1': True, 'graph_mode': True,
        'placeholder': '(?, 3)', 'cell_tf2_after_uninstall': True}
