"""Training curves as a PNG, for the lessons' ``--plot FILE.png``.

matplotlib is an optional extra (``pip install "tf1_mnist[plot]"``), imported here only when a
plot is asked for. Figures are drawn on matplotlib's Agg canvas without pyplot, so no window
opens and no process-wide backend is switched.
"""

import collections

from tf1_mnist import atomic

MISSING_MATPLOTLIB = '--plot needs matplotlib: pip install "tf1_mnist[plot]"'

# Each panel has matplotlib's default figure size, so a two-panel PNG is 1280x480 pixels.
PANEL_INCHES = (6.4, 4.8)
DPI = 100

Series = collections.namedtuple('Series', 'label xs ys')
Panel = collections.namedtuple('Panel', 'title xlabel series')


class MatplotlibMissing(ImportError):
    """``--plot`` was asked for and matplotlib cannot be imported."""


def require_matplotlib():
    """Import what drawing needs, or raise ``MatplotlibMissing``; called before training too,
    so that a missing matplotlib is reported at once rather than after a long run."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise MatplotlibMissing(MISSING_MATPLOTLIB) from None
    return Figure, FigureCanvasAgg, MaxNLocator


def image_size(panels):
    """The (width, height) in pixels of a PNG of ``panels`` panels side by side."""
    return round(PANEL_INCHES[0] * panels * DPI), round(PANEL_INCHES[1] * DPI)


def save_panels(path, panels):
    """Draw ``panels`` (``Panel`` tuples of ``Series``) side by side into the PNG ``path``."""
    Figure, FigureCanvasAgg, MaxNLocator = require_matplotlib()
    figure = Figure(figsize=(PANEL_INCHES[0] * len(panels), PANEL_INCHES[1]), dpi=DPI)
    FigureCanvasAgg(figure)
    for i, panel in enumerate(panels, 1):
        axes = figure.add_subplot(1, len(panels), i)
        for series in panel.series:
            # A lone point (a test accuracy at the end) needs a marker to be seen at all.
            axes.plot(series.xs, series.ys, marker='o' if len(series.xs) == 1 else '.',
                      label=series.label)
        axes.set_title(panel.title)
        axes.set_xlabel(panel.xlabel)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs and steps count
        axes.grid(True, alpha=0.3)
        axes.legend()
    figure.tight_layout()
    with atomic.atomic_path(path) as tmp:
        figure.savefig(tmp, format='png', dpi=DPI)
    return path


def epoch_curves(path, epochs, accuracy, val_accuracy, loss, val_loss):
    """The two figures of the Keras lesson in one PNG: training and validation accuracy, and
    training and validation loss, against the epoch."""
    return save_panels(path, [
        Panel('Training and Validation Accuracy', 'epoch',
              [Series('Training Accuracy', epochs, accuracy),
               Series('Validation Accuracy', epochs, val_accuracy)]),
        Panel('Training and Validation Loss', 'epoch',
              [Series('Training Loss', epochs, loss),
               Series('Validation Loss', epochs, val_loss)]),
    ])


def step_curve(path, history, test_accuracy, final_step):
    """One panel: the training accuracy logged every few steps (``history`` of (step,
    accuracy) pairs) and the test accuracy reached at ``final_step``."""
    return save_panels(path, [
        Panel('Training and Test Accuracy', 'step',
              [Series('Training Accuracy', [s for s, _ in history], [a for _, a in history]),
               Series('Test Accuracy', [final_step], [test_accuracy])]),
    ])
