"""Every lesson prints exactly what it printed when these files were recorded (``--seed 1``,
short runs). Timing lines vary and are left out; the data folder in ``Extracting`` lines is
reduced to the file name, so an installed package and a checkout compare alike.

Re-record only with a change that means to alter the numerics, and say so:
``python tests/test_golden.py``.
"""

import os
import sys

import pytest

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'golden')

# name: (module, flags)
RUNS = {
    'softmax': ('softmax', ['--seed', '1']),
    'deep_cnn': ('deep_cnn', ['--seed', '1', '--max_steps', '201', '--log_every', '100']),
    'mlp_dense-512': ('mlp', ['--lesson', 'dense-512', '--seed', '1', '--max_steps', '201']),
    'mlp_dense-256-128-64-32': ('mlp', ['--lesson', 'dense-256-128-64-32', '--seed', '1',
                                        '--max_steps', '100', '--log_every', '50']),
    'mlp_dense-100': ('mlp', ['--lesson', 'dense-100', '--seed', '1', '--max_steps', '60',
                              '--log_every', '20']),
    'mlp_dense-512-256-mse': ('mlp', ['--lesson', 'dense-512-256-mse', '--seed', '1',
                                      '--batch_size', '6000', '--epochs', '2',
                                      '--log_every', '5']),
}
FAST = {'softmax'}


def comparable(text):
    """The lines of a lesson's output that must not change."""
    lines = []
    for line in text.splitlines():
        if line.startswith('trained '):
            continue
        if line.startswith('Extracting '):
            line = 'Extracting ' + os.path.basename(line.split(' ', 1)[1])
        lines.append(line)
    return lines


def run_lesson(module, flags):
    """Run ``python -m tf1_mnist.<module> flags`` in this process; return its stdout."""
    import contextlib
    import importlib
    import io
    lesson = importlib.import_module('tf1_mnist.' + module)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert lesson.main(flags) == 0
    return out.getvalue()


def golden_path(name):
    return os.path.join(GOLDEN, name + '.txt')


@pytest.mark.parametrize('name', [pytest.param(n, marks=() if n in FAST else pytest.mark.slow)
                                  for n in RUNS])
def test_lesson_prints_its_golden_lines(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open(golden_path(name)) as f:
        expected = f.read().splitlines()
    assert comparable(run_lesson(*RUNS[name])) == expected


def record():
    for name, (module, flags) in RUNS.items():
        lines = comparable(run_lesson(module, flags))
        with open(golden_path(name), 'w') as f:
            f.write('\n'.join(lines) + '\n')
        print('%s: %d lines' % (name, len(lines)), file=sys.stderr)


if __name__ == '__main__':
    record()
