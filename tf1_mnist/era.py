"""Functions of the era's libraries (2016-2018) that today's have dropped with no equivalent of
the same meaning, for migrated source.

``python -m tf1_mnist.upgrade`` writes ``tf1_mnist.era.imread`` where a script said
``scipy.misc.imread`` (and likewise ``imsave``, ``imresize``, ``toimage``, ``np.asscalar``,
``np.in1d``, ``plt.hold``, ``matplotlib.cm.get_cmap``, ``inspect.getargspec``, ...): the
functions the runner gives back to legacy code (``tf1_mnist.runner.engine.table.ERA_NAMES``), as the
old libraries computed them. Names with an exact equivalent today become that name instead
(``np.float`` is ``float``, ``collections.Mapping`` is ``collections.abc.Mapping``).
"""

import importlib

from tf1_mnist.runner.engine import table

__all__ = sorted(table.era_upgrade_providers())


def __getattr__(name):
    provider = table.era_upgrade_providers().get(name)
    if provider is None:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    module, _, attribute = provider.partition(':')
    return getattr(importlib.import_module(module), attribute)


def __dir__():
    return sorted(set(globals()) | set(__all__))
