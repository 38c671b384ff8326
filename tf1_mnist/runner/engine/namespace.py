"""The ``tensorflow`` that legacy scripts see: ``tensorflow.compat.v1`` with what the table
(``tf1_mnist.runner.engine.table``) provides put back and what it refuses raising a clear error.
"""

import importlib
import linecache
import re
import sys
import types

from tf1_mnist.runner.engine import table
from tf1_mnist.runner.engine.replacements.flags import allowing_absl_flag_names


class UnsupportedTF1Name(Exception):
    """A legacy script used a TF1 name that cannot work on TensorFlow 2; ``verdict`` says why."""

    def __init__(self, verdict, **kwargs):
        super().__init__('%s %s; %s' % (verdict.symbol, verdict.what, verdict.advice), **kwargs)
        self.verdict = verdict


class UnsupportedSymbolError(UnsupportedTF1Name, AttributeError):
    """Raised on ``tf.<name>``: an AttributeError, so ``hasattr(tf, 'estimator')`` is False."""


class UnsupportedModuleError(UnsupportedTF1Name, ModuleNotFoundError):
    """Raised on ``import tensorflow.<name>``: a ModuleNotFoundError, as TensorFlow 2 raises,
    so that a script's ``except ImportError`` fallback still runs."""


def verdict_for_the_name_used(verdict, frame):
    """The verdict about the name the script's line used below ``verdict.symbol``.

    A refused TF1 module fails as soon as it is looked up (``tf.contrib.layers``), so that
    ``hasattr`` and ``except ImportError`` keep working; the line's text after that lookup
    (Python 3.11 and later record its columns) says which name of it was wanted.
    """
    end = getattr(frame, 'end_colno', None)
    if end is None or frame.end_lineno != frame.lineno:
        return verdict
    rest = linecache.getline(frame.filename, frame.lineno)[end:]
    name = re.match(r'\s*\.\s*(\w+)', rest)
    if name is None or not verdict.symbol.startswith('tf.'):
        return verdict
    path = verdict.symbol.split('.')[1:] + [name.group(1)]
    named = table.classify(path, table.installed)
    return named if named is not None and named.kind == table.BLOCKED else verdict


# The TF1 modules of command-line flags: tf.flags and tf.app.flags.
FLAG_MODULES = (('flags',), ('app', 'flags'))


class LegacyModule(types.ModuleType):
    """One namespace of the TF1 API as a legacy script sees it: ``tf``, ``tf.train``, ...

    Names come from ``target``, the module it stands for (a ``tensorflow.compat.v1`` module, a
    replacement module, or None for namespaces TF2 no longer has), after what the table says.
    A name found is kept in this module's ``__dict__``, so each is looked up only once.
    """

    def __init__(self, api, path, target):
        super().__init__('.'.join(('tensorflow',) + path), getattr(target, '__doc__', None))
        self._tf1_api = api
        self._tf1_path = path
        self._tf1_target = target

    def __getattr__(self, name):
        if name.startswith('_'):
            if self._tf1_target is None:
                raise AttributeError('module %r has no attribute %r' % (self.__name__, name))
            return getattr(self._tf1_target, name)
        value = self._tf1_api.lookup(self._tf1_path + (name,), self._tf1_target)
        setattr(self, name, value)
        return value

    def __dir__(self):
        names = set(self.__dict__)
        if self._tf1_target is not None:
            names.update(getattr(self._tf1_target, '__all__', None) or dir(self._tf1_target))
        return sorted(name for name in names if not name.startswith('_tf1_'))


class LegacyAPI:
    """The ``tensorflow`` a legacy script imports: ``tensorflow.compat.v1`` plus TF1's extras.

    ``installed(module)`` says whether a third-party module the table may need is importable.
    """

    def __init__(self, tensorflow, installed=table.installed):
        self.tensorflow = tensorflow
        self.v1 = tensorflow.compat.v1
        self.installed = installed
        self.root = LegacyModule(self, (), self.v1)

    def resolve(self, provider):
        """The object a table entry's ``provider`` names."""
        if provider.startswith('tf.'):
            value = self.root
            for name in provider.split('.')[1:]:
                value = getattr(value, name)
            return value
        module_name, _, attribute = provider.partition(':')
        module = importlib.import_module(module_name)
        return getattr(module, attribute) if attribute else module

    def _namespace_target(self, path, target):
        """What a namespace stands for: its own replacement module, or the TF1 name it is
        another name of (``tf.contrib.keras``), where its requirements are installed
        (``tf.contrib.learn``), else ``target``'s attribute."""
        entry = table.BY_KEY.get(path)
        if (entry is not None and entry.provider is not None
                and (entry.provides_module or entry.provider.startswith('tf.'))
                and all(self.installed(module) for module in entry.requires)):
            return self.resolve(entry.provider)
        return getattr(target, path[-1], None)

    def lookup(self, path, target):
        """Return what ``tf.<path>`` is for a legacy script; ``target`` holds ``path[:-1]``."""
        if path == ('compat', 'v1'):
            return self.root
        if path == ('compat',):
            return LegacyModule(self, path, self.tensorflow.compat)
        if path in table.NAMESPACES:
            return LegacyModule(self, path, self._namespace_target(path, target))
        entry = table.find(path)
        if entry is not None:
            exact = entry.key == path
            verdict = table.classify(path, self.installed)
            if (exact and verdict is not None and verdict.kind == table.BLOCKED
                    and entry.requires and not entry.refused
                    and (entry.provider is None or entry.provides_module)):
                # ``tf.layers`` itself may be named; ``tf.layers.dense`` is what fails.
                return LegacyModule(self, path, None)
            if verdict is not None and verdict.kind == table.BLOCKED:
                raise UnsupportedSymbolError(verdict)
            if exact and entry.provider is not None:
                value = self.resolve(entry.provider)
                if entry.provides_module:
                    return LegacyModule(self, path, value)
                return value
            if entry.provides_module and not exact:
                return getattr(target, path[-1])  # in the module's __all__, as classify found
        try:
            if target is None:
                raise AttributeError(path[-1])
            value = getattr(target, path[-1])
        except AttributeError:
            real_submodule = sys.modules.get('tensorflow.' + '.'.join(path))
            if len(path) == 1 and real_submodule is not None:
                return real_submodule  # tensorflow.python and the like, imported by their path
            if entry is not None and entry.advice:
                raise UnsupportedSymbolError(table.not_provided(path, entry)) from None
            raise UnsupportedSymbolError(table.not_in_compat_v1(path)) from None
        if isinstance(value, types.ModuleType) and path[0] != 'compat':
            # tf.compat.v2 and its like stay as they are.
            return LegacyModule(self, path, value)
        if path[:-1] in FLAG_MODULES and path[-1].startswith('DEFINE') and callable(value):
            return allowing_absl_flag_names(value)
        return value

    def holds(self, first_name):
        """Whether ``tensorflow.<first_name>...`` is resolved in this namespace, not imported."""
        return first_name in table.FIRST_NAMES or hasattr(self.v1, first_name)
