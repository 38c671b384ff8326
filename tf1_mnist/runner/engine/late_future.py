"""``from __future__`` imports that are not at the top of a file.

Scripts exported from notebooks (``jupyter nbconvert --to script``, or copied cell by cell)
keep each cell's ``from __future__ import print_function``: in a notebook every cell is
compiled on its own, so a later cell may start with one; in a file Python refuses them all but
the first block ("from __future__ imports must occur at the beginning of the file"). The
features such scripts name (``print_function``, ``division``, ``absolute_import``,
``unicode_literals``, ...) are always on in Python 3, so the late imports are dropped and the
file compiles as the notebook ran. An import of a feature that is not always on
(``annotations``) stays, and Python's own error with it.
"""

import __future__
import ast
import sys

from tf1_mnist.runner.engine import source_text

LATE = 'from __future__ imports must occur at the beginning of the file'
# Every feature whose mandatory release Python 3 has reached: importing it changes nothing.
ALWAYS_ON = frozenset(name for name in __future__.all_feature_names
                      if getattr(__future__, name).getMandatoryRelease() is not None
                      and getattr(__future__, name).getMandatoryRelease() <= sys.version_info)

_said = set()


def late_futures(tree):
    """The ``from __future__`` statements of ``tree`` after its first other statement."""
    late, leading = [], True
    for index, node in enumerate(tree.body):
        is_future = isinstance(node, ast.ImportFrom) and node.module == '__future__'
        docstring = (index == 0 and isinstance(node, ast.Expr)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))
        if leading and (is_future or docstring):
            continue
        leading = False
        if is_future:
            late.append(node)
    # Nested ones (inside a function or a class) are late wherever they stand.
    for node in ast.walk(tree):
        if node in tree.body:
            continue
        if isinstance(node, ast.ImportFrom) and node.module == '__future__':
            late.append(node)
    return late


def compile_source(source, filename):
    """``compile(source, filename, 'exec')``, dropping late ``from __future__`` imports of
    features Python 3 always has; says once per file, in one line, that it did."""
    if isinstance(source, bytes):
        try:
            source = source_text.decode(source, filename)
        except (UnicodeDecodeError, LookupError) as error:
            raise SyntaxError('not text in its declared encoding (%s)' % error) from None
    try:
        return compile(source, filename, 'exec', dont_inherit=True)
    except SyntaxError as error:
        if LATE not in str(error.msg):
            raise
        original = error
    tree = ast.parse(source, filename)
    late = late_futures(tree)
    if not late or any(alias.name not in ALWAYS_ON for node in late for alias in node.names):
        raise original
    for node in ast.walk(tree):
        for field in ('body', 'orelse', 'finalbody'):
            statements = getattr(node, field, None)
            if isinstance(statements, list):
                statements[:] = [ast.copy_location(ast.Pass(), s) if s in late else s
                                 for s in statements]
    if filename not in _said:
        _said.add(filename)
        sys.stderr.write('tf1_mnist.run: %s: the from __future__ imports after its first lines '
                         '(line %s) are dropped: Python 3 always has %s\n'
                         % (filename, ', '.join(str(node.lineno) for node in late),
                            ', '.join(sorted({a.name for node in late for a in node.names}))))
        sys.stderr.flush()
    return compile(tree, filename, 'exec', dont_inherit=True)
