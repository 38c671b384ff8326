"""The import hook: ``import tensorflow`` in legacy code gives the TF1 namespace, elsewhere the
real TensorFlow 2.

Which code is legacy is decided by the file of the module doing the import (``LegacyScope``):
files under the course folder, except installed packages and tf1_mnist itself. Code with no
file (a notebook's cells, ``exec``'d text) is legacy only when the scope says so.
"""

import builtins
import contextlib
import functools
import importlib
import importlib.machinery
import importlib.util
import os
import sys
import sysconfig

from tf1_mnist.runner.engine import era, late_future, python2, source_text, table
from tf1_mnist.runner.engine.finders import spec_from_other_finders
from tf1_mnist.runner.engine.namespace import UnsupportedModuleError, UnsupportedSymbolError

# tf1_mnist's own folder: its code is never legacy code.
PACKAGE_FOLDER = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class LegacyScope:
    """Decides which files are legacy code: those under ``root``, except installed packages (a
    virtual environment may live there too) and tf1_mnist itself; with ``interactive``, code
    that has no file too."""

    def __init__(self, root, interactive=False):
        self.root = self._normal(root)
        self.roots = [self.root]
        self.interactive = interactive
        excluded = {self._normal(PACKAGE_FOLDER)}
        for prefix in (sys.prefix, sys.base_prefix, sys.exec_prefix):
            excluded.add(self._normal(prefix))
        for key in ('stdlib', 'platstdlib', 'purelib', 'platlib'):
            path = sysconfig.get_paths().get(key)
            if path:
                excluded.add(self._normal(path))
        self.excluded = tuple(excluded)
        self._cache = {}

    @staticmethod
    def _normal(path):
        return os.path.normcase(os.path.realpath(path))

    @staticmethod
    def _within(path, folder):
        return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)

    def __call__(self, filename):
        if not filename:
            return self.interactive
        try:
            return self._cache[filename]
        except KeyError:
            pass
        path = self._normal(filename)
        parts = path.split(os.sep)
        legacy = (any(self._within(path, root) for root in self.roots)
                  and 'site-packages' not in parts and 'dist-packages' not in parts
                  and not any(self._within(path, folder) and not self._within(self.root, folder)
                              for folder in self.excluded))
        self._cache[filename] = legacy
        return legacy

    def widen(self, folder):
        """Count the files under ``folder`` as legacy code too (a package the course's code is
        part of)."""
        folder = self._normal(folder)
        if folder not in self.roots:
            self.roots.append(folder)
            self._cache.clear()


class LegacyImporter:
    """A ``builtins.__import__`` that gives legacy code the LegacyAPI for ``tensorflow``."""

    def __init__(self, api, scope, original=None):
        self.api = api
        self.scope = scope
        self.original = original or builtins.__import__

    def __call__(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and (name == 'tensorflow' or name.startswith('tensorflow.')):
            importer_globals = globals if globals is not None else sys._getframe(1).f_globals
            if self.scope(importer_globals.get('__file__')):
                return self._import_legacy(name, globals, locals, fromlist)
        return self.original(name, globals, locals, fromlist, level)

    def _import_legacy(self, name, globals, locals, fromlist):
        path = tuple(name.split('.')[1:])
        if path and not self.api.holds(path[0]):
            # tensorflow.python.framework and the like: the real modules.
            module = self.original(name, globals, locals, fromlist, 0)
            return module if fromlist else self.api.root
        node = self.api.root
        try:
            for part in path:
                node = getattr(node, part)
            for item in fromlist or ():
                if item != '*':
                    getattr(node, item)  # what cannot work fails here, with its own message
        except UnsupportedSymbolError as error:
            raise UnsupportedModuleError(error.verdict, name=name) from None
        return node if fromlist else self.api.root


class Python2Loader(importlib.machinery.SourceFileLoader):
    """Loads a legacy module; Python 2 source is translated to Python 3 first."""

    def source_to_code(self, data, path, *, _optimize=-1):
        return compile_legacy_source(data, path, optimize=_optimize)


def compile_legacy_source(data, path, optimize=-1):
    """The code of the legacy source file ``path`` (its bytes ``data``): as Python compiles it,
    read in its legacy encoding and without late ``from __future__`` imports where needed, or,
    for Python 2 source, its Python 3 translation. Raises SyntaxError (at the original's line)
    for source neither Python reads, or python2.TranslationUnavailable."""
    try:
        return late_future.compile_source(data, path)
    except SyntaxError as python3_error:
        source = source_text.decode(data, path)
        try:
            translated = python2.translate(source, path)
        except SyntaxError as python2_error:
            raise python2.better_error(python3_error, python2_error) from None
        return python2.compile_translation(source, translated, path, optimize=optimize)


class CopyLoader(importlib.machinery.SourceFileLoader):
    """Loads, in place of a legacy module that is a copy of an old TensorFlow module
    (``table.COPIES``), the copy's provider, saying so in one line."""

    def __init__(self, name, path, copy):
        super().__init__(name, path)
        self.copy = copy

    def exec_module(self, module):
        provider = importlib.import_module(self.copy.provider)
        module.__doc__ = provider.__doc__
        for name in provider.__all__:
            setattr(module, name, getattr(provider, name))
        shown = os.path.relpath(self.path)
        if shown.startswith(os.pardir):
            shown = self.path
        sys.stderr.write('tf1_mnist.run: %s is %s, which %s\n'
                         % (shown, self.copy.description, self.copy.note))
        sys.stderr.flush()


def _copy_at(path):
    """The ``table.Copy`` that the module file ``path`` is, or None."""
    try:
        with open(path, 'rb') as f:
            return table.copy_of(importlib.util.decode_source(f.read()))
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError):
        return None


class Python2Finder:
    """Finds the modules of legacy code as Python does, and loads them with Python2Loader (or,
    for a copy of an old TensorFlow module, with CopyLoader)."""

    def __init__(self, scope):
        self.scope = scope

    def find_spec(self, name, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if (spec is None or type(spec.loader) is not importlib.machinery.SourceFileLoader
                or not self.scope(spec.origin)):
            return None
        copy = _copy_at(spec.origin)
        if copy is not None:
            spec.loader = CopyLoader(spec.name, spec.origin, copy)
        else:
            spec.loader = Python2Loader(spec.name, spec.origin)
        return spec


class OwnPackages:
    """The last finder on ``sys.meta_path``: what legacy code imports and Python finds nowhere,
    where the course meant a module the runner can name.

    * A package that holds the course's code (``trainer/task.py`` importing ``trainer.model``,
      a script run as ``python -m trainer.task`` from the folder above; a repository folder
      ``BookStudy`` whose scripts import ``BookStudy.book2...``, as an IDE that puts the
      folder above on the path runs them): the folder above that package is searched too.
    * ``import input_data`` with no ``input_data.py`` anywhere: the TF1 tutorial's module,
      which such scripts had as a copy beside them (``tf1_mnist.input_data``).

    Each says once, in one line, what it did.
    """

    INPUT_DATA = 'input_data'

    def __init__(self, scope):
        self.scope = scope
        self.searched = set()

    def find_spec(self, name, path=None, target=None):
        if path is not None or '.' in name:
            return None
        for folder in self._ancestors():
            if os.path.basename(folder) != name:
                continue
            above = os.path.dirname(folder)
            spec = importlib.machinery.PathFinder.find_spec(name, [above], target)
            if spec is None:
                continue
            self.scope.widen(folder)
            self._say('import %s: the package %s holds the course\'s code, so it is imported '
                      'from %s, as Python does with that folder on its path'
                      % (name, folder, above))
            if type(spec.loader) is importlib.machinery.SourceFileLoader:
                spec.loader = Python2Loader(spec.name, spec.origin)
            return spec
        if name == self.INPUT_DATA:
            self._say('import input_data: no input_data.py is beside the script; it gets '
                      "tf1_mnist.input_data, the TF1 tutorial's module it was a copy of, "
                      'reading the bundled MNIST')
            return importlib.util.spec_from_loader(name, ProviderLoader(
                table.COPIES[0].provider))
        return None

    def _ancestors(self):
        seen = set()
        for root in list(self.scope.roots):
            folder = root
            while folder not in seen:
                seen.add(folder)
                yield folder
                parent = os.path.dirname(folder)
                if parent == folder:
                    break
                folder = parent

    def _say(self, line):
        if line not in self.searched:
            self.searched.add(line)
            sys.stderr.write('tf1_mnist.run: %s\n' % line)
            sys.stderr.flush()


class ProviderLoader:
    """Loads a module as the names of a provider module (its ``__all__``)."""

    def __init__(self, provider):
        self.provider = provider

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        provider = importlib.import_module(self.provider)
        module.__doc__ = provider.__doc__
        for name in provider.__all__:
            setattr(module, name, getattr(provider, name))


class StandIns:
    """Replaces the functions of ``table.STAND_INS`` (the downloads of MNIST) for callers in
    legacy code: now in the modules already imported (in each module that holds the function
    under its name), and in the others as soon as they are imported. Callers elsewhere get the
    original function."""

    def __init__(self, scope):
        self.scope = scope
        self.patched = []  # (module, attribute, original)
        self.pending = {}  # module name -> stand-ins waiting for it

    def install(self):
        for stand_in in table.STAND_INS:
            if stand_in.module in sys.modules:
                self._patch(sys.modules[stand_in.module], stand_in)
            else:
                self.pending.setdefault(stand_in.module, []).append(stand_in)
        sys.meta_path.insert(0, self)

    def uninstall(self):
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        for module, attribute, original in reversed(self.patched):
            setattr(module, attribute, original)
        self.patched = []

    def _wrap(self, original, stand_in):
        scope = self.scope
        module_name, _, attribute = stand_in.provider.partition(':')

        @functools.wraps(original)
        def for_legacy_callers(*args, **kwargs):
            if scope(sys._getframe(1).f_globals.get('__file__')):
                replacement = getattr(importlib.import_module(module_name), attribute)
                return replacement(original, *args, **kwargs)
            return original(*args, **kwargs)
        for_legacy_callers.tf1_mnist_original = original
        return for_legacy_callers

    def _patch(self, module, stand_in):
        original = getattr(module, stand_in.attribute, None)
        if original is None or hasattr(original, 'tf1_mnist_original'):
            return
        wrapper = self._wrap(original, stand_in)
        for holder in list(sys.modules.values()):
            namespace = getattr(holder, '__dict__', None)
            if (isinstance(namespace, dict)
                    and namespace.get(stand_in.attribute) is original):
                setattr(holder, stand_in.attribute, wrapper)
                self.patched.append((holder, stand_in.attribute, original))

    def find_spec(self, name, path=None, target=None):
        if name not in self.pending:
            return None
        spec = spec_from_other_finders(self, name, path, target)
        if spec is None:
            return None
        loader, stand_ins = spec.loader, self.pending.pop(name)
        if loader is None or not hasattr(loader, 'exec_module'):
            return spec
        execute = loader.exec_module

        def exec_module(module):
            execute(module)
            for stand_in in stand_ins:
                self._patch(module, stand_in)
        loader.exec_module = exec_module
        return spec


def install(api, scope):
    """Route ``import tensorflow`` in the code ``scope`` accepts to ``api``, and load that
    code's Python 2 modules translated; return the hook, for ``uninstall``."""
    shims = era.EraShims(scope)
    shims.install()  # before the hook, which goes on to the import it may install
    hook = LegacyImporter(api, scope, builtins.__import__)
    hook.era = shims
    hook.finder = Python2Finder(scope)
    sys.meta_path.insert(0, hook.finder)
    hook.stand_ins = StandIns(scope)
    hook.stand_ins.install()
    hook.own_packages = OwnPackages(scope)
    sys.meta_path.append(hook.own_packages)
    builtins.__import__ = hook
    return hook


def uninstall(hook):
    """Undo ``install``: imports go where they went before it."""
    if builtins.__import__ is hook:
        builtins.__import__ = hook.original
    for finder in (hook.finder, hook.own_packages):
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
    hook.stand_ins.uninstall()
    hook.era.uninstall()


@contextlib.contextmanager
def legacy_imports(api, scope):
    """Route ``import tensorflow`` in legacy code to ``api`` while the block runs."""
    hook = install(api, scope)
    try:
        yield hook
    finally:
        uninstall(hook)
