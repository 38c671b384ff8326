"""Unmodified TensorFlow 1 code on TensorFlow 2: what ``python -m tf1_mnist.run`` is built on.

- ``table``: what each TF1 name does (provided, needs an extra, refused with advice); the one
  source for the runner, ``--check`` and the compatibility table (docs/compatibility.md).
- ``namespace``: the ``tensorflow`` object legacy code sees, built from the table.
- ``imports``: the import hook, and which code counts as legacy.
- ``check``: the static check, ``--check``, on source text alone.
- ``process``: switching a process (the runner's, a notebook kernel's) to TF1 behaviour.
- ``replacements``: implementations of removed TF1 APIs, one module per API family.

``install_legacy(FOLDER, interactive=True)`` (from ``process``, importable from here) sets up
a notebook kernel in one call.
"""

__all__ = ['install_legacy', 'uninstall_legacy']


def __getattr__(name):
    # Imported on first use, so that ``python -m tf1_mnist.runner.engine.table`` loads the
    # table once.
    if name in __all__:
        from tf1_mnist.runner.engine import process
        return getattr(process, name)
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
