"""The runner's modules under the names they had before it had a package of its own.

``tf1_mnist.run`` is ``tf1_mnist.runner.script``, ``tf1_mnist.legacy.table`` is
``tf1_mnist.runner.engine.table``, and so on: the very same module objects, so that what one
name sets the other sees, and ``python -m tf1_mnist.run`` starts the same ``main``.
"""

import importlib
import importlib.abc
import importlib.util
import sys

OLD_PACKAGE = 'tf1_mnist.legacy'
NEW_PACKAGE = 'tf1_mnist.runner.engine'


def stand_in(old_name, new_name):
    """Called by the module ``old_name``: make it ``new_name``. Run as a program (``python -m
    old_name``), start ``new_name``'s ``main`` and exit with its status."""
    module = importlib.import_module(new_name)
    if old_name == '__main__':
        raise SystemExit(module.main())
    sys.modules[old_name] = module


class _OldEngineNames(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``tf1_mnist.legacy.X`` as the module ``tf1_mnist.runner.engine.X`` itself."""

    def find_spec(self, name, path=None, target=None):
        if name.startswith(OLD_PACKAGE + '.'):
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return importlib.import_module(NEW_PACKAGE + spec.name[len(OLD_PACKAGE):])

    def exec_module(self, module):
        pass  # the module ran under its own name already


class ModuleAliases(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``package.X`` as the module ``targets[X]`` itself, for a module ``package`` that
    stands for modules kept elsewhere (``tf1_mnist.contrib.metrics``)."""

    def __init__(self, package, targets):
        self.package, self.targets = package + '.', targets

    def find_spec(self, name, path=None, target=None):
        if name.startswith(self.package) and name[len(self.package):] in self.targets:
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        module = importlib.import_module(self.targets[spec.name[len(self.package):]])
        spec.loader_state = module.__spec__
        return module

    def exec_module(self, module):
        # The module ran under its own name already; the import gave it this name's spec.
        module.__spec__ = module.__spec__.loader_state


def module_aliases(package, targets):
    """Let ``package.X`` be imported as ``targets[X]``, once per process."""
    if not any(isinstance(finder, ModuleAliases) and finder.package == package + '.'
               for finder in sys.meta_path):
        sys.meta_path.append(ModuleAliases(package, targets))


def old_engine_names():
    """Let ``tf1_mnist.legacy.X`` be imported, once per process."""
    if not any(isinstance(finder, _OldEngineNames) for finder in sys.meta_path):
        sys.meta_path.insert(0, _OldEngineNames())
