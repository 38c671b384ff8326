"""Figures of scripts that expect a screen, saved to files instead of shown in windows.

Old course scripts call ``plt.show()``, ``plt.waitforbuttonpress()`` or ``cv2.imshow`` and
wait for whoever sits at the screen. Under ``python -m tf1_mnist.run --figures DIR`` (the
default when there is no display) every figure a script shows is saved as
``DIR/<script>-<n>.png`` instead (numbered on after the files already there, which are never
replaced), and nothing waits for a key or a click:

* ``plt.show()`` saves each open figure drawn since it was last saved, then closes them, as
  closing the windows would;
* ``plt.waitforbuttonpress()`` saves the current figure and answers as if a key was pressed;
  ``plt.ginput()`` answers with no clicks;
* ``cv2.imshow(name, image)`` writes the image; ``cv2.waitKey()`` answers as if no key was
  pressed; window functions do nothing.

matplotlib and OpenCV are patched when the script imports them; neither is imported otherwise.
"""

import importlib.abc
import os
import sys

from tf1_mnist import atomic
from tf1_mnist.runner.engine import imports

DEFAULT_FOLDER = 'tf1_figures'
CV2_WINDOW_FUNCTIONS = ('namedWindow', 'destroyWindow', 'destroyAllWindows', 'moveWindow',
                        'resizeWindow', 'setWindowTitle', 'startWindowThread')


def headless():
    """Whether this process has no screen to open windows on."""
    if sys.platform in ('darwin', 'win32'):
        return False
    return not (os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY'))


class _PatchingLoader(importlib.abc.Loader):
    """Executes a module with its own loader, then hands it to ``patch``."""

    def __init__(self, loader, patch):
        self.loader = loader
        self.patch = patch

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        self.patch(sys.modules.get(module.__name__, module))

    def __getattr__(self, name):  # get_resource_reader, is_package, ...
        return getattr(self.loader, name)


class _AfterImport(importlib.abc.MetaPathFinder):
    """Calls ``patches[name](module)`` once the module ``name`` has been imported."""

    def __init__(self, patches):
        self.patches = patches

    def find_spec(self, name, path, target=None):
        if name not in self.patches:
            return None
        spec = imports.spec_from_other_finders(self, name, path, target)
        if spec is None:
            return None
        if spec.loader is not None and hasattr(spec.loader, 'exec_module'):
            spec.loader = _PatchingLoader(spec.loader, self.patches[name])
        return spec


class FigureSaver:
    """Saves the figures a script shows to ``folder/<script>-<n>.png``."""

    def __init__(self, folder, script, out=None):
        self.folder = folder
        self.stem = os.path.splitext(os.path.basename(script))[0]
        self.out = out
        self.saved = []
        self.not_saved = []  # (file name, why)
        self._number = 0  # of the last figure saved
        self._finder = None
        self._saved_figures = {}  # figure number -> the figure object saved under it
        self._environ = None
        self._replaced = []  # (module, name, original value)

    def _save_new(self, write):
        """Save with ``write(path)`` as the next free ``<script>-<n>.png``: a file already in
        the folder (an earlier run's, another script's of the same name) is never replaced."""
        try:
            path = atomic.write_new(self.folder, lambda n: '%s-%d.png' % (self.stem, n), write,
                                    first=self._number + 1)
        except OSError as error:  # a full disk, a folder removed meanwhile: the script goes on
            self._number += 1
            self.not_saved.append(('%s-%d.png' % (self.stem, self._number),
                                   error.strerror or str(error)))
            return None
        self._number = int(path.rsplit('-', 1)[1][:-len('.png')])
        self.saved.append(path)
        return path

    def _save_figure(self, figure):
        self._save_new(lambda path: figure.savefig(path, format='png'))
        figure.stale = False  # saving restores the figure's settings, which marks it changed
        self._saved_figures[figure.number] = figure

    def _needs_saving(self, figure):
        return self._saved_figures.get(figure.number) is not figure or figure.stale

    def patch_pyplot(self, plt):
        def show(*args, **kwargs):
            for number in plt.get_fignums():
                figure = plt.figure(number)
                if self._needs_saving(figure):
                    self._save_figure(figure)
            # A blocking show returns once its windows are closed, figures gone.
            plt.close('all')
            self._saved_figures.clear()

        def waitforbuttonpress(*args, **kwargs):
            if plt.get_fignums():
                figure = plt.gcf()
                if self._needs_saving(figure):
                    self._save_figure(figure)
            return True

        def ginput(*args, **kwargs):
            waitforbuttonpress()
            return []

        self._replace(plt, show=show, waitforbuttonpress=waitforbuttonpress, ginput=ginput)

    def patch_cv2(self, cv2):
        write = cv2.imwrite

        def imshow(winname, mat):
            self._save_new(lambda path: write(path, mat))

        def wait_key(delay=0):
            return -1

        self._replace(cv2, imshow=imshow, waitKey=wait_key)
        if hasattr(cv2, 'waitKeyEx'):
            self._replace(cv2, waitKeyEx=wait_key)
        for name in CV2_WINDOW_FUNCTIONS:
            if hasattr(cv2, name):
                self._replace(cv2, **{name: lambda *args, **kwargs: None})

    def _replace(self, module, **functions):
        for name, function in functions.items():
            self._replaced.append((module, name, getattr(module, name, None)))
            setattr(module, name, function)

    def install(self):
        """Patch matplotlib and OpenCV now if imported, else when the script imports them."""
        self._environ = os.environ.get('MPLBACKEND')
        os.environ['MPLBACKEND'] = 'Agg'  # no windows, whatever the display
        patches = {'matplotlib.pyplot': self.patch_pyplot, 'cv2': self.patch_cv2}
        for name in list(patches):
            if name in sys.modules:
                patches.pop(name)(sys.modules[name])
        self._finder = _AfterImport(patches)
        sys.meta_path.insert(0, self._finder)

    def uninstall(self):
        """Put matplotlib, OpenCV and the import machinery back as they were."""
        if self._finder in sys.meta_path:
            sys.meta_path.remove(self._finder)
        for module, name, original in reversed(self._replaced):
            setattr(module, name, original)
        self._replaced = []
        if self._environ is None:
            os.environ.pop('MPLBACKEND', None)
        else:
            os.environ['MPLBACKEND'] = self._environ

    def report(self):
        """One line saying where the figures went, if any were saved, and one for those that
        could not be saved."""
        out = self.out or sys.stderr
        if self.not_saved:
            names = [name for name, _ in self.not_saved]
            which = names[0] if len(names) == 1 else '%d figures (%s to %s)' % (
                len(names), names[0], names[-1])
            out.write('tf1_mnist.run: figure%s %s could not be saved in %s (%s)\n'
                      % ('' if len(names) == 1 else 's', which, os.path.join(self.folder, ''),
                         self.not_saved[-1][1]))
            out.flush()
        if not self.saved:
            return
        names = [os.path.basename(path) for path in self.saved]
        which = names[0] if len(names) == 1 else '%s to %s' % (names[0], names[-1])
        out.write('tf1_mnist.run: %d figure%s saved to %s (%s)\n'
                  % (len(names), '' if len(names) == 1 else 's',
                     os.path.join(self.folder, ''), which))
        out.flush()
