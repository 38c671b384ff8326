"""Python 2 course code: translated to Python 3 in memory, and its integer divisions found.

Much TF1 material was written for Python 2 (``print "..."``, ``xrange``, ``except E, e``,
``dict.iteritems``). When a file does not compile as Python 3 it is translated with fissix
(the maintained fork of lib2to3, the ``legacy`` extra) before it is checked or run; the file on
disk is never changed. One change of meaning cannot be translated safely: ``/`` between
integers was floor division in Python 2 and gives a float in Python 3. Where such a quotient is
used as a size or an index (a slice, ``range``, a shape), ``integer_divisions`` points at it.
"""

import ast
import functools

# Fixers left out: ``import`` turns ``import helper`` into ``from . import helper``, which a
# script run as __main__ cannot import.
SKIPPED_FIXERS = frozenset({'fissix.fixes.fix_import'})

# Calls whose arguments are sizes, counts or shapes.
SIZE_CALLS = frozenset({
    'range', 'xrange', 'reshape', 'zeros', 'ones', 'empty', 'full', 'placeholder',
    'truncated_normal', 'random_normal', 'random_uniform', 'get_variable', 'resize', 'tile',
    'one_hot', 'next_batch', 'split', 'slice', 'arange', 'linspace', 'randint', 'choice',
    'fully_connected', 'dense', 'conv2d', 'max_pool', 'BasicLSTMCell', 'LSTMCell', 'GRUCell',
})
SIZE_KEYWORDS = frozenset({'shape', 'size', 'batch_size', 'num_units', 'units', 'num_outputs',
                           'ksize', 'strides', 'num_or_size_splits', 'num_split', 'depth',
                           'filters', 'kernel_size', 'pool_size'})


class TranslationUnavailable(Exception):
    """Python 2 code met, but fissix (the ``legacy`` extra) is not installed."""


@functools.lru_cache(maxsize=1)
def _tool():
    try:
        from fissix import refactor
    except ImportError:
        raise TranslationUnavailable(
            "Python 2 code needs the legacy extra to be translated: pip install "
            "'tf1_mnist[legacy]'") from None
    fixers = [name for name in refactor.get_fixers_from_package('fissix.fixes')
              if name not in SKIPPED_FIXERS]
    return refactor.RefactoringTool(fixers)


def translate(source, filename):
    """Python 3 source for the Python 2 ``source`` (text) of ``filename``.

    Raises SyntaxError when it is not Python 2 either, TranslationUnavailable without fissix.
    """
    from fissix.pgen2.parse import ParseError
    from fissix.pgen2.tokenize import TokenError
    tool = _tool()
    if not source.endswith('\n'):
        source += '\n'
    try:
        return str(tool.refactor_string(source, filename))
    except (ParseError, TokenError, IndentationError) as error:
        raise SyntaxError('neither Python 3 nor Python 2 (%s)' % error) from None


def _parents(tree):
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    return parents


def _call_name(call):
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _used_as_size(node, parents):
    """Whether the value of ``node`` ends up as an index, a slice bound, a size or a shape."""
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.Subscript) and child is parent.slice:
            return True
        if isinstance(parent, ast.Slice):
            return True
        if isinstance(parent, ast.keyword):
            return parent.arg in SIZE_KEYWORDS
        if isinstance(parent, ast.Call):
            return child is not parent.func and _call_name(parent) in SIZE_CALLS
        if not isinstance(parent, (ast.BinOp, ast.UnaryOp, ast.List, ast.Tuple, ast.Starred)):
            return False
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Div):
            return False  # the outer division is the one reported
        child, parent = parent, parents.get(parent)
    return False


def integer_divisions(tree):
    """Line numbers of the ``/`` in ``tree`` whose quotient is used as a size or an index."""
    parents = _parents(tree)
    lines = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
                and not any(isinstance(side, ast.Constant) and isinstance(side.value, float)
                            for side in (node.left, node.right))
                and _used_as_size(node, parents)):
            lines.add(node.lineno)
    return sorted(lines)
