"""--plot FILE.png for the MLP lessons and the deep CNN: a real PNG of the expected size, and a
one-line message, before any training, when matplotlib is missing."""

import os
import struct

import pytest

from conftest import lines_of, run_module
from tf1_mnist import deep_cnn, mlp, plots

PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'


def png_size(path):
    """(width, height) from the IHDR chunk, which must follow the PNG signature."""
    with open(path, 'rb') as f:
        head = f.read(24)
    assert head[:8] == PNG_SIGNATURE
    assert head[12:16] == b'IHDR'
    return struct.unpack('>II', head[16:24])


def test_image_sizes_follow_the_configured_figure():
    assert plots.image_size(2) == (1280, 480)
    assert plots.image_size(1) == (640, 480)


def test_epoch_curves_write_one_png_atomically(tmp_path):
    target = tmp_path / 'sub' / 'curves.png'
    plots.epoch_curves(str(target), [1, 2, 3], [0.91, 0.96, 0.97], [0.95, 0.96, 0.97],
                       [0.27, 0.13, 0.11], [0.17, 0.12, 0.10])
    assert png_size(target) == plots.image_size(2)
    assert os.listdir(target.parent) == ['curves.png']  # no temporary file left behind


def test_mlp_plot_flag(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert mlp.main(['--lesson', 'dense-100', '--batch_size', '3000', '--epochs', '2',
                     '--log_every', '0', '--seed', '1', '--plot', 'curves.png']) == 0
    assert 'wrote curves.png' in capsys.readouterr().out
    assert png_size(tmp_path / 'curves.png') == plots.image_size(2)


def test_deep_cnn_plot_flag(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert deep_cnn.main(['--max_steps', '3', '--log_every', '1', '--seed', '1',
                          '--plot', 'steps.png']) == 0
    out = capsys.readouterr().out
    assert 'step 2, training accuracy' in out and 'wrote steps.png' in out
    assert png_size(tmp_path / 'steps.png') == plots.image_size(1)


@pytest.fixture
def without_matplotlib(tmp_path):
    """A PYTHONPATH entry whose ``matplotlib`` fails to import, as if it were not installed."""
    blocker = tmp_path / 'blocker' / 'matplotlib'
    blocker.mkdir(parents=True)
    (blocker / '__init__.py').write_text("raise ImportError('No module named matplotlib')\n")
    return {'PYTHONPATH': str(blocker.parent)}


@pytest.mark.parametrize('module, flags', [
    ('tf1_mnist.mlp', ['--lesson', 'dense-512']),
    ('tf1_mnist.deep_cnn', []),
])
def test_without_matplotlib_plot_fails_at_once_in_one_line(tmp_path, without_matplotlib,
                                                           module, flags):
    result = run_module(module, *flags, '--plot', 'curves.png', cwd=tmp_path,
                        env=without_matplotlib, timeout=120)
    assert result.returncode == 2
    assert lines_of(result.stderr) == [
        'python -m %s: error: --plot needs matplotlib: pip install "tf1_mnist[plot]"' % module]
    assert result.stdout == ''  # nothing was read or trained
    assert not os.path.exists(tmp_path / 'curves.png')


def test_lessons_import_without_matplotlib(tmp_path, without_matplotlib):
    result = run_module('tf1_mnist.mlp', '--list', cwd=tmp_path, env=without_matplotlib,
                        timeout=120)
    assert result.returncode == 0, result.stderr
    assert 'dense-512' in result.stdout
