"""--plot FILE.png for the MLP lessons and the deep CNN: a real PNG of the expected size with
the curves drawn, and a one-line message, before any training, when matplotlib is missing."""

import os
import struct

import numpy as np
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


# matplotlib's first two colours, in which the first and second series of a panel are drawn.
FIRST, SECOND = (0x1f, 0x77, 0xb4), (0xff, 0x7f, 0x0e)


def pixels_of(path, colour, panel=None, panels=1):
    """How many pixels of the PNG (of the ``panel``-th of ``panels`` side by side) are drawn in
    ``colour``."""
    from matplotlib.image import imread
    rgb = np.round(imread(str(path))[..., :3] * 255).astype(int)
    if panel is not None:
        width = rgb.shape[1] // panels
        rgb = rgb[:, panel * width:(panel + 1) * width]
    return int(np.sum(np.all(np.abs(rgb - colour) <= 8, axis=-1)))


# A legend's sample line is about 30 pixels; a curve across a panel is hundreds.
CURVE_PIXELS = 300


def test_epoch_curves_write_one_png_of_two_panels_with_two_curves_each(tmp_path):
    target = tmp_path / 'sub' / 'curves.png'
    plots.epoch_curves(str(target), [1, 2, 3], [0.91, 0.96, 0.97], [0.95, 0.96, 0.97],
                       [0.27, 0.13, 0.11], [0.17, 0.12, 0.10])
    assert png_size(target) == (1280, 480)
    assert os.listdir(target.parent) == ['curves.png']  # no temporary file left behind
    for panel in (0, 1):
        for colour in (FIRST, SECOND):
            assert pixels_of(target, colour, panel, 2) > CURVE_PIXELS


def test_an_empty_series_draws_no_curve(tmp_path):
    """The pixel count above tells a curve from a legend sample."""
    target = tmp_path / 'empty.png'
    plots.epoch_curves(str(target), [], [], [], [], [])
    assert pixels_of(target, FIRST) < CURVE_PIXELS


@pytest.mark.slow
def test_mlp_plot_flag(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert mlp.main(['--lesson', 'dense-100', '--batch_size', '3000', '--epochs', '2',
                     '--log_every', '0', '--seed', '1', '--plot', 'curves.png']) == 0
    assert 'wrote curves.png' in capsys.readouterr().out
    assert png_size(tmp_path / 'curves.png') == (1280, 480)
    assert pixels_of(tmp_path / 'curves.png', FIRST, 0, 2) > CURVE_PIXELS


@pytest.mark.slow
def test_deep_cnn_plot_flag(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert deep_cnn.main(['--max_steps', '3', '--log_every', '1', '--seed', '1',
                          '--plot', 'steps.png']) == 0
    out = capsys.readouterr().out
    assert 'step 2, training accuracy' in out and 'wrote steps.png' in out
    assert png_size(tmp_path / 'steps.png') == (640, 480)
    assert pixels_of(tmp_path / 'steps.png', FIRST) > CURVE_PIXELS  # the training accuracy
    assert pixels_of(tmp_path / 'steps.png', SECOND) > 0  # the test accuracy's point


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
