"""Scripts that expect a screen: under the runner without a display their figures are saved as
PNG files, and nothing waits for a key or a click."""

import os
import types

import pytest

from conftest import lines_of, run_module
from tf1_mnist.runner import figures

PNG_MAGIC = b'\x89PNG\r\n\x1a\n'

PLOTTING_SCRIPT = '''\
import matplotlib.pyplot as plt
import tensorflow as tf

with tf.Session() as sess:
    losses = sess.run(tf.constant([3.0, 2.0, 1.5, 1.2]))
plt.plot(losses)
plt.title('loss')
plt.show()
plt.imshow([[0, 1], [1, 0]])
if plt.waitforbuttonpress():
    print('key pressed')
plt.show()
plt.figure()
plt.plot([1, 2])
plt.figure()
plt.plot([2, 1])
plt.show()
print('done')
'''


def headless_env():
    return {'DISPLAY': '', 'WAYLAND_DISPLAY': '', 'MPLBACKEND': ''}


def png_size(path):
    import matplotlib.image
    return matplotlib.image.imread(str(path)).shape[:2]


@pytest.mark.slow
def test_show_saves_each_figure_and_does_not_block(tmp_path):
    pytest.importorskip('matplotlib')
    (tmp_path / 'lesson_plot.py').write_text(PLOTTING_SCRIPT)
    result = run_module('tf1_mnist.run', 'lesson_plot.py', cwd=tmp_path, env=headless_env(),
                        timeout=300)
    assert result.returncode == 0, result.stderr
    assert lines_of(result.stdout) == ['key pressed', 'done']
    saved = sorted(os.listdir(tmp_path / figures.DEFAULT_FOLDER))
    # The loss curve, the image (saved once, at the key press) and the two last figures.
    assert saved == ['lesson_plot-%d.png' % n for n in (1, 2, 3, 4)]
    for name in saved:
        path = tmp_path / figures.DEFAULT_FOLDER / name
        assert path.read_bytes().startswith(PNG_MAGIC)
        assert png_size(path) == (480, 640)  # matplotlib's default 6.4 x 4.8 in at 100 dpi
    assert lines_of(result.stderr) == [
        'tf1_mnist.run: 4 figures saved to %s/ (lesson_plot-1.png to lesson_plot-4.png)'
        % figures.DEFAULT_FOLDER]


@pytest.mark.slow
def test_figures_flag_chooses_the_folder(tmp_path):
    pytest.importorskip('matplotlib')
    (tmp_path / 'one.py').write_text('import matplotlib.pyplot as plt\n'
                                     'plt.plot([1, 2, 3])\nplt.show()\n')
    result = run_module('tf1_mnist.run', '--figures', 'out/figs', 'one.py', cwd=tmp_path,
                        env={'DISPLAY': ':0'}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / 'out' / 'figs' / 'one-1.png').read_bytes().startswith(PNG_MAGIC)
    assert not (tmp_path / figures.DEFAULT_FOLDER).exists()
    assert lines_of(result.stderr) == [
        'tf1_mnist.run: 1 figure saved to out/figs/ (one-1.png)']


def test_headless_means_no_display(monkeypatch):
    monkeypatch.setattr(figures.sys, 'platform', 'linux')
    monkeypatch.delenv('DISPLAY', raising=False)
    monkeypatch.delenv('WAYLAND_DISPLAY', raising=False)
    assert figures.headless()
    monkeypatch.setenv('DISPLAY', ':0')
    assert not figures.headless()


def test_opencv_windows_become_files(tmp_path):
    def imwrite(path, image):
        with open(path, 'w') as f:
            f.write(image)
        return True
    cv2 = types.SimpleNamespace(
        imwrite=imwrite,
        imshow=None, waitKey=None, destroyAllWindows=None, namedWindow=None)
    saver = figures.FigureSaver(str(tmp_path / 'figs'), '/course/webcam.py')
    saver.patch_cv2(cv2)
    cv2.namedWindow('frame')
    cv2.imshow('frame', 'image one')
    assert cv2.waitKey(0) == -1  # as when the wait times out: no key
    cv2.imshow('frame', 'image two')
    cv2.destroyAllWindows()
    assert saver.saved == [str(tmp_path / 'figs' / 'webcam-1.png'),
                           str(tmp_path / 'figs' / 'webcam-2.png')]
    assert [open(path).read() for path in saver.saved] == ['image one', 'image two']
    assert sorted(os.listdir(tmp_path / 'figs')) == ['webcam-1.png', 'webcam-2.png']


def test_patches_apply_when_the_module_is_imported_later(tmp_path, monkeypatch):
    # A stand-in for cv2, imported only after the saver is installed.
    (tmp_path / 'cv2.py').write_text('def imwrite(path, image):\n    return True\n'
                                     'def imshow(name, image):\n    raise RuntimeError("no GUI")\n'
                                     'def waitKey(delay=0):\n    raise RuntimeError("blocks")\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(figures.sys.modules, 'cv2', raising=False)
    saver = figures.FigureSaver(str(tmp_path / 'figs'), 'demo.py')
    saver.install()
    try:
        import cv2
        cv2.imshow('w', object())
        assert cv2.waitKey() == -1
        saver.uninstall()
        with pytest.raises(RuntimeError, match='no GUI'):
            cv2.imshow('w', object())  # put back
    finally:
        saver.uninstall()
        figures.sys.modules.pop('cv2', None)
    assert saver.saved == [str(tmp_path / 'figs' / 'demo-1.png')]
    assert saver._finder not in figures.sys.meta_path


def show_one_figure(saver, values):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    saver.patch_pyplot(plt)
    try:
        plt.plot(values)
        plt.show()
    finally:
        saver.uninstall()


def test_figures_never_replace_files_already_there(tmp_path):
    pytest.importorskip('matplotlib')
    folder = tmp_path / 'figs'
    folder.mkdir()
    (folder / 'plot-1.png').write_bytes(b'my own figure')
    first = figures.FigureSaver(str(folder), '/course/l1/plot.py')
    show_one_figure(first, [1, 2, 3])
    second = figures.FigureSaver(str(folder), '/course/l2/plot.py')
    show_one_figure(second, [3, 2, 1])
    assert (folder / 'plot-1.png').read_bytes() == b'my own figure'
    assert first.saved == [str(folder / 'plot-2.png')]
    assert second.saved == [str(folder / 'plot-3.png')]
    assert (folder / 'plot-2.png').read_bytes() != (folder / 'plot-3.png').read_bytes()
    assert sorted(os.listdir(folder)) == ['plot-1.png', 'plot-2.png', 'plot-3.png']
