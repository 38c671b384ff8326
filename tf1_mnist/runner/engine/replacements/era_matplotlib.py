"""matplotlib names and keywords of 2016-2018 that matplotlib 2.2 to 3.9 removed, as they were,
for calls from legacy code (``tf1_mnist.runner.engine.table.ERA_NAMES`` and ``ERA_CHANGES``).

The ``change_*`` functions are called with the module just imported and the legacy scope, and
return what undoes them; each change applies only where the first caller outside matplotlib is
legacy code, so that matplotlib itself and the libraries built on it see today's matplotlib.
"""

import math

from tf1_mnist.runner.engine import era, table

__all__ = ['change_axes_hold', 'change_axisbg', 'change_canvas', 'change_color_cycle',
           'change_gca', 'change_hist', 'change_style', 'change_use', 'get_cmap', 'hold',
           'ishold', 'normpdf']

PACKAGE = 'matplotlib'


def _said(function):
    """(key, line) that the change ``function`` says once."""
    provider = '%s:%s' % (__name__, function.__name__)
    for change in table.ERA_CHANGES:
        if change.provider == provider:
            return provider, change.what
    raise LookupError(provider)


def hold(b=None):
    """``plt.hold``: matplotlib 2.0 held plots always and made the call a no-op (with a
    warning); it stays one."""


def ishold():
    """``plt.ishold()``: True, plots being always held."""
    return True


def get_cmap(name=None, lut=None):
    """``matplotlib.cm.get_cmap(name=None, lut=None)``: the registered colormap (the default
    ``image.cmap`` for None), resampled to ``lut`` colours when given; a Colormap is returned
    as it is."""
    import matplotlib
    from matplotlib import colors
    if isinstance(name, colors.Colormap):
        return name
    if name is None:
        name = matplotlib.rcParams['image.cmap']
    cmap = matplotlib.colormaps[name]
    return cmap if lut is None else cmap.resampled(lut)


def normpdf(x, *args):
    """``matplotlib.mlab.normpdf(x, mu, sigma)``: the normal density at ``x``."""
    import numpy as np
    mu, sigma = args
    return 1. / (math.sqrt(2 * np.pi) * sigma) * np.exp(-0.5 * (1. / sigma * (x - mu)) ** 2)


def change_use(module, scope):
    """``matplotlib.use(arg, warn=True, force=False)`` of matplotlib 2.x: ``warn`` (accepted
    and dropped: 3.x never warns) and ``force=False``, which switched only before pyplot was
    imported; today's ``use(backend, *, force=True)``."""
    import sys

    def change(original, args, kwargs):
        rest = list(args[1:])
        if not rest and 'warn' not in kwargs and 'force' in kwargs:
            return era.UNCHANGED
        if not rest and 'warn' not in kwargs:
            kwargs = dict(kwargs, force=False)
        else:
            kwargs = dict(kwargs)
            kwargs.pop('warn', None)
            if rest:
                rest.pop(0)
            if rest:
                kwargs['force'] = rest.pop(0)
            kwargs.setdefault('force', False)
        if not kwargs['force'] and 'matplotlib.pyplot' in sys.modules:
            return None  # matplotlib 2.x ignored the call then; today it would switch or raise
        return original(args[0], **kwargs)
    key, text = _said(change_use)
    return [era.wrap_for_legacy_callers(module, 'use', change, scope, PACKAGE, key, text)]


def change_canvas(pyplot, scope):
    """``canvas.set_window_title(title)`` and ``canvas.get_window_title()``: the figure
    manager's, when the canvas has one (and nothing, or None, without), as matplotlib 3.3
    did."""
    from matplotlib.backend_bases import FigureCanvasBase

    def set_window_title(self, title):
        if getattr(self, 'manager', None) is not None:
            self.manager.set_window_title(title)

    def get_window_title(self):
        if getattr(self, 'manager', None) is not None:
            return self.manager.get_window_title()
        return None
    key, text = _said(change_canvas)
    return [era.add_legacy_attribute(FigureCanvasBase, name, function, scope, PACKAGE, key, text)
            for name, function in (('set_window_title', set_window_title),
                                   ('get_window_title', get_window_title))]


def change_hist(pyplot, scope):
    """``hist(..., normed=...)``: ``density=``, as matplotlib 2.x read it; both at once is the
    error matplotlib 2.2 gave."""
    from matplotlib.axes import Axes

    def change(original, args, kwargs):
        if 'normed' not in kwargs:
            return era.UNCHANGED
        kwargs = dict(kwargs)
        normed = kwargs.pop('normed')
        # pyplot.hist passes density=False when it is not given.
        if normed is not None and kwargs.get('density'):
            raise ValueError("kwargs 'density' and 'normed' cannot be used simultaneously. "
                             "Please only use 'density', since 'normed'is deprecated.")
        if normed is not None:
            kwargs['density'] = normed
        return original(*args, **kwargs)
    key, text = _said(change_hist)
    return [era.wrap_for_legacy_callers(Axes, 'hist', change, scope, PACKAGE, key, text)]


def change_axisbg(pyplot, scope):
    """``axisbg=`` of every way to make axes (``plt.axes``, ``plt.subplot``,
    ``fig.add_subplot``, ``fig.add_axes``: they all pass it to ``Axes.__init__``) is
    ``facecolor=``, and ``set_axis_bgcolor`` / ``get_axis_bgcolor`` are ``set_facecolor`` /
    ``get_facecolor``, as in matplotlib 2.0 and 2.1."""
    from matplotlib.axes import Axes
    from matplotlib.axes._base import _AxesBase

    def change(original, args, kwargs):
        if 'axisbg' not in kwargs:
            return era.UNCHANGED
        kwargs = dict(kwargs)
        axisbg = kwargs.pop('axisbg')
        if axisbg is not None and kwargs.get('facecolor') is not None:
            raise TypeError('Both axisbg and facecolor are not None. These keywords are '
                            'aliases, only one may be provided.')
        if axisbg is not None:
            kwargs['facecolor'] = axisbg
        return original(*args, **kwargs)
    key, text = _said(change_axisbg)
    return [era.wrap_for_legacy_callers(_AxesBase, '__init__', change, scope, PACKAGE, key,
                                        text),
            era.add_legacy_attribute(Axes, 'set_axis_bgcolor', Axes.set_facecolor, scope,
                                     PACKAGE, key, text),
            era.add_legacy_attribute(Axes, 'get_axis_bgcolor', Axes.get_facecolor, scope,
                                     PACKAGE, key, text)]


def change_axes_hold(pyplot, scope):
    """``ax.hold(b)`` and ``ax.ishold()``: as ``plt.hold``, plots always held."""
    from matplotlib.axes import Axes

    def axes_hold(self, b=None):
        pass

    def axes_ishold(self):
        return True
    key, text = _said(change_axes_hold)
    return [era.add_legacy_attribute(Axes, name, function, scope, PACKAGE, key, text)
            for name, function in (('hold', axes_hold), ('ishold', axes_ishold))]


def change_color_cycle(pyplot, scope):
    """``ax.set_color_cycle(colors)``: ``set_prop_cycle('color', colors)``, as matplotlib 1.5
    made it."""
    from matplotlib.axes import Axes

    def set_color_cycle(self, clist):
        self.set_prop_cycle('color', clist)
    key, text = _said(change_color_cycle)
    return [era.add_legacy_attribute(Axes, 'set_color_cycle', set_color_cycle, scope, PACKAGE,
                                     key, text)]


def change_gca(pyplot, scope):
    """``fig.gca(**kwargs)`` and ``plt.gca(**kwargs)`` (``projection='3d'``): the current
    axes when there are some and no keywords are given, else a new ``add_subplot(1, 1, 1,
    **kwargs)``, as matplotlib 3.4 did for keywords that did not match the current axes."""
    from matplotlib.figure import FigureBase

    def change(original, args, kwargs):
        if not kwargs:
            return era.UNCHANGED
        return args[0].add_subplot(1, 1, 1, **kwargs)

    def change_pyplot(original, args, kwargs):
        if not kwargs:
            return era.UNCHANGED
        return pyplot.gcf().add_subplot(1, 1, 1, **kwargs)
    key, text = _said(change_gca)
    return [era.wrap_for_legacy_callers(FigureBase, 'gca', change, scope, PACKAGE, key, text),
            era.wrap_for_legacy_callers(pyplot, 'gca', change_pyplot, scope, PACKAGE, key,
                                        text)]


def change_style(pyplot, scope):
    """``plt.style.use('seaborn-whitegrid')``: matplotlib 3.6 renamed the seaborn styles
    ``seaborn-v0_8-*``; the old names are the renamed styles."""
    from matplotlib import style

    def renamed(name):
        if isinstance(name, str) and (name == 'seaborn' or name.startswith('seaborn-')) \
                and not name.startswith('seaborn-v0_8') and name not in style.library:
            return name.replace('seaborn', 'seaborn-v0_8', 1)
        return name

    def change(original, args, kwargs):
        if not args:
            return era.UNCHANGED
        value = args[0]
        if isinstance(value, (list, tuple)):
            new = type(value)(renamed(v) for v in value)
        else:
            new = renamed(value)
        if new == value:
            return era.UNCHANGED
        return original(new, *args[1:], **kwargs)
    key, text = _said(change_style)
    undo = [era.wrap_for_legacy_callers(style, 'use', change, scope, PACKAGE, key, text)]
    core = getattr(style, 'core', None)
    if core is not None and getattr(core, 'use', None) is not style.use:
        undo.append(era.wrap_for_legacy_callers(core, 'use', change, scope, PACKAGE, key, text))
    return undo
