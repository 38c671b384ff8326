"""A script ends under the runner as it ends under ``python SCRIPT.py``: what it left open is
flushed and closed when the interpreter exits."""

import subprocess
import sys
import textwrap

import pytest

from conftest import subprocess_env

SCRIPT = textwrap.dedent('''\
    import sys
    import tensorflow as tf

    log = open('training.log', 'w')  # never closed, as many course scripts leave it
    log.write('step 0, loss %g\\n' % 2.3)
    helper = lambda: log  # a function, so the module's globals are in a reference cycle
    if len(sys.argv) > 1:
        sys.exit(int(sys.argv[1]))
    ''')


@pytest.mark.slow
@pytest.mark.parametrize('args', [[], ['4']])
def test_what_a_script_left_open_is_flushed_when_it_ends(tmp_path, args):
    (tmp_path / 'lesson.py').write_text(SCRIPT)
    plain = tmp_path / 'plain'
    plain.mkdir()
    (plain / 'lesson.py').write_text(SCRIPT)
    expected = subprocess.run([sys.executable, 'lesson.py', *args], cwd=str(plain),
                              env=subprocess_env(), capture_output=True, text=True, timeout=300)
    # A fresh process, not a warm one: the interpreter's own exit is what is under test.
    done = subprocess.run([sys.executable, '-m', 'tf1_mnist.run', 'lesson.py', *args],
                          cwd=str(tmp_path), env=subprocess_env(), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == expected.returncode == (int(args[0]) if args else 0), done.stderr
    for folder in (plain, tmp_path):
        assert (folder / 'training.log').read_text() == 'step 0, loss 2.3\n'
