"""What the other finders on ``sys.meta_path`` would import: for a finder that only adjusts
what Python imports (the era's names, the MNIST download stand-ins, the figure saver)."""

import sys


def spec_from_other_finders(finder, name, path=None, target=None):
    """The spec the first of the other finders on ``sys.meta_path`` gives for ``name``, or
    None: for a finder that only adjusts what Python would import without it."""
    for other in sys.meta_path:
        if other is finder or not hasattr(other, 'find_spec'):
            continue
        spec = other.find_spec(name, path, target)
        if spec is not None:
            return spec
    return None
