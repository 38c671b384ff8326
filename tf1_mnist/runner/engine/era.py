"""The era's other libraries for legacy code: the NumPy, SciPy, matplotlib and Python names of
2016-2018 that those libraries have removed since (``table.ERA_NAMES`` and
``table.ERA_CHANGES``), given back to the script's own code only.

A removed module attribute (``numpy.float``) comes back through the module's ``__getattr__``,
which Python calls only for a name the module lacks: it answers callers in legacy code (the
frame that looks the name up) and leaves every other caller to what the module did before, so
an installed library that asks ``hasattr(numpy, 'float')`` still gets False. A removed method
or keyword (``canvas.set_window_title``, ``hist(normed=...)``) is given back by a provider
function that looks at the first caller outside the library (``legacy_caller``). Modules not
imported yet are changed as soon as they are. Each name says once, in one line, what it does.
"""

import builtins
import functools
import importlib
import importlib.abc
import importlib.util
import os
import sys
import types

from tf1_mnist.runner.engine import table
from tf1_mnist.runner.engine.finders import spec_from_other_finders
from tf1_mnist.runner.engine.replacements.mnist_downloads import note_once


def resolve(provider):
    """The object ``'module'`` or ``'module:attribute'`` names."""
    module_name, _, attribute = provider.partition(':')
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


def say_once(key, text):
    """The runner's one line about an era shim, once per process."""
    note_once('era:' + key, text)


def package_folder(module_name):
    """The folder of the installed top-level package of ``module_name``, or None."""
    top = sys.modules.get(module_name.split('.')[0])
    path = getattr(top, '__path__', None)
    if not path:
        return None
    return os.path.normcase(os.path.realpath(list(path)[0])) + os.sep


def legacy_caller(scope, package, depth=2):
    """Whether the first caller outside the folder of ``package`` (and outside tf1_mnist), from
    ``depth`` frames up, is legacy code: ``plt.hist(...)`` reaches ``Axes.hist`` through
    pyplot, and it is the script's call that counts."""
    folders = tuple(f for f in (package_folder(package), package_folder('tf1_mnist')) if f)
    frame = sys._getframe(depth)
    while frame is not None:
        if not _real(frame.f_code.co_filename).startswith(folders):
            return scope(frame.f_globals.get('__file__'))
        frame = frame.f_back
    return False


@functools.lru_cache(maxsize=4096)
def _real(filename):
    return os.path.normcase(os.path.realpath(filename)) if filename[:1] != '<' else filename


class LegacyAttribute:
    """A class attribute that only legacy callers see: ``canvas.set_window_title`` for the
    script, and for everyone else an AttributeError, as today."""

    def __init__(self, name, value, scope, package, key, text):
        self.name, self.value, self.scope, self.package = name, value, scope, package
        self.key, self.text = key, text

    def __get__(self, instance, owner=None):
        if legacy_caller(self.scope, self.package):
            say_once(self.key, self.text)
            return self.value.__get__(instance, owner) if instance is not None else self.value
        raise AttributeError('%r object has no attribute %r'
                             % ((owner if instance is None else type(instance)).__name__,
                                self.name))


def add_legacy_attribute(cls, name, value, scope, package, key, text):
    """Give ``cls`` the attribute ``name`` for legacy callers; return what undoes it (nothing,
    when the class has the attribute already)."""
    if name in cls.__dict__ or hasattr(cls, name):
        return lambda: None
    setattr(cls, name, LegacyAttribute(name, value, scope, package, key, text))
    return lambda: delattr(cls, name) if name in cls.__dict__ else None


UNCHANGED = object()


def wrap_for_legacy_callers(owner, name, change, scope, package, key, text):
    """Replace the function ``owner.name`` by one that, for legacy callers, returns what
    ``change(original, args, kwargs)`` returns (and says so once), unless that is UNCHANGED;
    everyone else, and the calls the change leaves alone, get the original. Return what undoes
    it."""
    original = owner.__dict__.get(name)
    if original is None or getattr(original, 'tf1_mnist_original', None) is not None:
        return lambda: None

    @functools.wraps(original)
    def for_legacy_callers(*args, **kwargs):
        if legacy_caller(scope, package):
            result = change(original, args, kwargs)
            if result is not UNCHANGED:
                say_once(key, text)
                return result
        return original(*args, **kwargs)
    for_legacy_callers.tf1_mnist_original = original
    setattr(owner, name, for_legacy_callers)
    return lambda: setattr(owner, name, original)


def attribute_getter(module, names, scope):
    """A module ``__getattr__`` that gives legacy callers the era names ``names`` (name ->
    EraName) and hands every other lookup to the module's own ``__getattr__``, if any."""
    original = module.__dict__.get('__getattr__')
    module_name = module.__name__

    def __getattr__(name):  # noqa: N807 (the module hook's name)
        era_name = names.get(name)
        if era_name is not None and scope(sys._getframe(1).f_globals.get('__file__')):
            value = resolve(era_name.provider)
            say_once('%s.%s' % (module_name, name), '%s.%s %s' % (
                _shown(module_name), name, era_name.what))
            return value
        if original is not None:
            return original(name)
        raise AttributeError('module %r has no attribute %r' % (module_name, name))
    __getattr__.tf1_mnist_original = original
    return __getattr__


def _shown(module_name):
    return {'numpy': 'np', 'matplotlib.pyplot': 'plt'}.get(module_name, module_name)


class EraShims:
    """Installs the era names and changes for the code ``scope`` accepts: now in the modules
    already imported, and in the others when they are imported."""

    def __init__(self, scope):
        self.scope = scope
        self.undo = []
        self.pending = {}  # module name -> [EraName or EraChange]

    def install(self):
        if table.installed(table.ERA_KERAS.provider):
            self.keras = KerasImporter(self.scope, builtins.__import__)
            builtins.__import__ = self.keras
        wanted = {}
        for item in table.ERA_NAMES + table.ERA_CHANGES:
            wanted.setdefault(item.module, []).append(item)
        for module_name, items in wanted.items():
            if module_name in sys.modules and sys.modules[module_name] is not None:
                self._apply(sys.modules[module_name], items)
            else:
                self.pending[module_name] = items
        sys.meta_path.insert(0, self)

    def uninstall(self):
        keras = getattr(self, 'keras', None)
        if keras is not None and builtins.__import__ is keras:
            builtins.__import__ = keras.original
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        for undo in reversed(self.undo):
            undo()
        self.undo = []

    def _apply(self, module, items):
        names = {item.name: item for item in items if isinstance(item, table.EraName)
                 and item.name not in module.__dict__}
        if names:
            previous = module.__dict__.get('__getattr__', _ABSENT)
            module.__getattr__ = attribute_getter(module, names, self.scope)

            def restore(module=module, previous=previous):
                if previous is _ABSENT:
                    module.__dict__.pop('__getattr__', None)
                else:
                    module.__getattr__ = previous
            self.undo.append(restore)
        for item in items:
            if isinstance(item, table.EraChange):
                change = resolve(item.provider)
                try:
                    self.undo.extend(change(module, self.scope))
                except Exception as error:  # a library version the change does not know
                    say_once(item.provider, '%s could not be given back (%s)' % (
                        item.what.split(';')[0], error))

    def find_spec(self, name, path=None, target=None):
        if name in _ERA_MODULES:
            return self._era_module_spec(name, path, target)
        if name not in self.pending:
            return None
        # Taken off first: another finder that adjusts imports asks the others, this one too.
        items = self.pending.pop(name)
        spec = spec_from_other_finders(self, name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, 'exec_module'):
            if spec is None:
                self.pending[name] = items
            return spec
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            self._apply(module, items)
        spec.loader.exec_module = exec_module
        return spec


    def _era_module_spec(self, name, path, target):
        """The spec of a gone module (``table.ERA_MODULES``) for an import in legacy code, when
        nothing else provides the module."""
        if not importing_from_legacy_code(self.scope):
            return None
        if spec_from_other_finders(self, name, path, target) is not None:
            return None
        return importlib.util.spec_from_loader(name, EraModuleLoader(_ERA_MODULES[name]))


class EraModuleLoader(importlib.abc.Loader):
    """Loads a gone module as its provider module's ``__all__``, saying so once."""

    def __init__(self, era_module):
        self.era_module = era_module

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        provider = importlib.import_module(self.era_module.provider)
        module.__doc__ = provider.__doc__
        for name in provider.__all__:
            setattr(module, name, getattr(provider, name))
        say_once(self.era_module.module, '%s %s' % (self.era_module.module,
                                                    self.era_module.what))


class KerasImporter:
    """A ``builtins.__import__`` that gives legacy code tf-keras for ``keras``
    (``table.ERA_KERAS``), Keras 2's module paths included (``table.KERAS2_MODULES``)."""

    def __init__(self, scope, original):
        self.scope = scope
        self.original = original

    def __call__(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and (name == 'keras' or name.startswith('keras.')):
            importer = globals if globals is not None else sys._getframe(1).f_globals
            if self.scope(importer.get('__file__')):
                return self._keras(name, globals, locals, fromlist)
        return self.original(name, globals, locals, fromlist, level)

    def _keras(self, name, globals, locals, fromlist):
        keras = table.ERA_KERAS
        say_once('keras', 'import keras %s' % keras.what)
        top = self.original(keras.provider, globals, locals, (), 0)
        if not fromlist:
            self._import_path(name)
            return top
        module = self._import_path(name)
        gone = {item: '%s.%s' % (name, item) for item in fromlist
                if '%s.%s' % (name, item) in table.KERAS2_MODULES and not hasattr(module, item)}
        if not gone:
            return module
        # ``from keras.utils import np_utils``: tf-keras's module with Keras 2's submodule
        # beside its names, in a copy, so that tf-keras itself is left as it is.
        view = types.ModuleType(module.__name__, module.__doc__)
        view.__dict__.update((k, v) for k, v in vars(module).items() if k != '__name__')
        for item, path in gone.items():
            setattr(view, item, self._import_path(path))
        return view

    def _import_path(self, name):
        """The module that stands for Keras 2's ``name``."""
        for old, new in sorted(table.KERAS2_MODULES.items(), key=lambda i: -len(i[0])):
            if name == old or name.startswith(old + '.'):
                return importlib.import_module(new)
        try:
            return importlib.import_module(table.ERA_KERAS.provider + name[len('keras'):])
        except ModuleNotFoundError as error:
            if not (error.name or '').startswith(table.ERA_KERAS.provider):
                raise
            raise ModuleNotFoundError('No module named %r (Keras 2 under the runner is '
                                      'tf-keras, which has no such module)' % name,
                                      name=name) from None


def importing_from_legacy_code(scope):
    """Whether the import under way was asked for by legacy code: the first frame outside
    importlib and tf1_mnist."""
    own = package_folder('tf1_mnist')
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith('<frozen') and not (own and _real(filename).startswith(own)):
            return scope(frame.f_globals.get('__file__'))
        frame = frame.f_back
    return False


_ERA_MODULES = {era_module.module: era_module for era_module in table.ERA_MODULES}
_ABSENT = object()
