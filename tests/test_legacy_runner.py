"""How the runner reports what goes wrong in a script: as ``python SCRIPT.py`` would (Ctrl-C,
errors in the script's own imports), or in one line that names the file and line."""

import os
import sys
import textwrap

import pytest

import warm
pytestmark = pytest.mark.slow  # each test starts TensorFlow in a subprocess


def write(path, text):
    path.write_text(textwrap.dedent(text))
    return path


def run(folder, *command):
    env = dict(os.environ)
    env.pop('TF_CPP_MIN_LOG_LEVEL', None)
    return warm.run([sys.executable] + list(command), cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)


def test_ctrl_c_shows_only_the_scripts_frames_and_exits_130(tmp_path):
    write(tmp_path / 'train.py', '''\
        import os
        import signal


        def train():
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, in the middle of training


        train()
        ''')
    runner = run(tmp_path, '-m', 'tf1_mnist.run', 'train.py')
    python = run(tmp_path, 'train.py')
    assert runner.returncode == 130
    assert 'KeyboardInterrupt' in python.stderr
    assert runner.stderr == python.stderr
    assert 'tf1_mnist' not in runner.stderr


def test_error_in_the_scripts_own_imports_shows_no_frame_of_the_import_hook(tmp_path):
    write(tmp_path / 'main.py', 'import tensorflow as tf\nimport settings\n')
    write(tmp_path / 'settings.py', '''\
        import json

        CONFIG = json.loads('{not json')
        ''')
    runner = run(tmp_path, '-m', 'tf1_mnist.run', 'main.py')
    assert runner.returncode == 1
    # The error is the script's own: plain Python gets a stand-in tensorflow, which saves
    # starting TensorFlow a second time.
    plain = run(tmp_path, '-c', 'import runpy, sys, types; '
                'sys.modules["tensorflow"] = types.ModuleType("tensorflow"); '
                'runpy.run_path("main.py", run_name="__main__")')
    assert 'json.decoder.JSONDecodeError' in runner.stderr.splitlines()[-1]
    assert 'tf1_mnist' not in runner.stderr
    assert 'importlib' not in runner.stderr
    frames = [line for line in runner.stderr.splitlines() if line.startswith('  File ')]
    assert frames[:2] == ['  File "%s", line 2, in <module>' % (tmp_path / 'main.py'),
                          '  File "%s", line 3, in <module>' % (tmp_path / 'settings.py')]
    assert runner.stderr.splitlines()[-1] == plain.stderr.splitlines()[-1]


def test_missing_third_party_package_is_one_line_before_running(tmp_path):
    write(tmp_path / 'main.py', '''\
        import tensorflow as tf
        import no_such_package_for_tf1_mnist
        print('ran')
        ''')
    runner = run(tmp_path, '-m', 'tf1_mnist.run', 'main.py')
    assert (runner.returncode, runner.stdout) == (1, '')
    assert runner.stderr == (
        'tf1_mnist.run: import no_such_package_for_tf1_mnist finds no module '
        'no_such_package_for_tf1_mnist installed or beside the script (main.py:2); install the '
        'package that provides it, or copy no_such_package_for_tf1_mnist.py beside the '
        'script\n')


def test_ambiguous_call_is_one_line_naming_file_and_line(tmp_path):
    write(tmp_path / 'main.py', '''\
        import tensorflow as tf
        a = tf.placeholder(tf.float32)
        joined = tf.concat(a, a)
        ''')
    runner = run(tmp_path, '-m', 'tf1_mnist.run', 'main.py')
    assert runner.returncode == 1
    assert runner.stderr == (
        'tf1_mnist.run: tf.concat was called with arguments that fit both its TF 0.x order '
        '(concat_dim, values) and its TF 1.x order (values, axis) (main.py:3); name them '
        '(e.g. axis=) so the call says which is meant\n')
