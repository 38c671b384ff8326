"""Python 2 course code: translated to Python 3 in memory, and its integer divisions found.

Much TF1 material was written for Python 2 (``print "..."``, ``xrange``, ``except E, e``,
``dict.iteritems``). When a file does not compile as Python 3 it is translated with fissix
(the maintained fork of lib2to3, the ``legacy`` extra) before it is checked or run; the file on
disk is never changed. One change of meaning is not in the source: ``/`` between integers was
floor division in Python 2 and gives a float in Python 3. The translation the runner compiles
(``compile_translation``) computes each ``/`` (and ``x /= y``) of a file without ``from
__future__ import division`` as Python 2 did, with ``python2_division``, whatever the operands
turn out to be. Where such a quotient is used as a size or an index (a slice, ``range``, a
shape), ``integer_divisions`` points at it, for source that has to be Python 3.

What Python 2 accepted is decided by parsing, not guessed: indentation that mixes tabs and
spaces is read as Python 2 read it (a tab to the next multiple of 8 columns); a file that imports
``print_function`` from ``__future__`` yet has a ``print x`` statement somewhere (which Python 2
rejected too, but course files carry) gets that statement made a call and keeps its other
``print(...)`` calls as calls. A file that is neither Python 3 nor Python 2 is reported at the
line where its Python 2 parse stops, when that is further than Python 3 got; a translation that
Python 3 still rejects is reported at the line of the original file.
"""

import ast
import builtins
import difflib
import functools
import io
import numbers

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


@functools.lru_cache(maxsize=1)
def _print_tool():
    from fissix import refactor
    return refactor.RefactoringTool(['fissix.fixes.fix_print'])


def _python2_indentation(source):
    """``source`` with the tabs in its indentation expanded as Python 2 read them (to the next
    multiple of 8 columns); lines inside a string that spans lines are left as they are."""
    if '\t' not in source:
        return source
    from fissix.pgen2 import token, tokenize
    inside_strings = set()
    try:
        for kind, _, start, end, _ in tokenize.generate_tokens(io.StringIO(source).readline):
            if kind == token.STRING and end[0] > start[0]:
                inside_strings.update(range(start[0] + 1, end[0] + 1))
    except (tokenize.TokenError, IndentationError):
        return source
    lines = source.splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        body = line.lstrip(' \t\f')
        if number not in inside_strings and '\t' in line[:len(line) - len(body)]:
            lines[number - 1] = line[:len(line) - len(body)].expandtabs(8) + body
    return ''.join(lines)


def _print_statement_as_call(source, number):
    """``source`` with the ``print`` statement that starts on line ``number`` made a call, or
    None when no print statement starts there. The statement is translated on its own (it may
    go on over the next lines), so the rest of the file keeps its meaning."""
    lines = source.splitlines(keepends=True)
    if not 0 < number <= len(lines):
        return None
    line = lines[number - 1]
    body = line.lstrip(' \t')
    if not body.startswith('print'):
        return None
    indent = line[:len(line) - len(body)]
    for end in range(number, min(len(lines), number + 50) + 1):
        statement = ''.join(text[len(indent):] if text.startswith(indent) else text
                            for text in lines[number - 1:end])
        try:
            call = str(_print_tool().refactor_string(statement, '<print statement>'))
        except Exception:  # fissix raises what its parser met; the statement goes on
            continue
        if call != statement:
            call = ''.join(indent + text if text.strip() else text
                           for text in call.splitlines(keepends=True))
            return ''.join(lines[:number - 1]) + call + ''.join(lines[end:])
    return None


def translate(source, filename):
    """Python 3 source for the Python 2 ``source`` (text) of ``filename``.

    Raises SyntaxError (with the line where the Python 2 parse stopped) when it is not Python 2
    either, TranslationUnavailable without fissix.
    """
    from fissix import refactor
    from fissix.pgen2.parse import ParseError
    from fissix.pgen2.tokenize import TokenError
    tool = _tool()
    if not source.endswith('\n'):
        source += '\n'
    source = _python2_indentation(source)
    print_function = None
    for _ in range(source.count('\n') + 1):
        try:
            return str(tool.refactor_string(source, filename))
        except ParseError as error:
            number = error.context[1][0]
            if print_function is None:
                print_function = 'print_function' in refactor._detect_future_features(source)
            fixed = _print_statement_as_call(source, number) if print_function else None
            if fixed is None:
                raise _not_python2('its Python 2 parse stops at %r' % error.value, number,
                                   filename) from None
            source = fixed
        except IndentationError as error:
            raise _not_python2(error.msg, error.lineno, filename) from None
        except TokenError as error:
            number = error.args[1][0] if len(error.args) > 1 else None
            raise _not_python2(error.args[0], number, filename) from None
    raise SyntaxError('neither Python 3 nor Python 2')


def _not_python2(why, number, filename=None):
    error = SyntaxError('neither Python 3 nor Python 2 (%s)' % why)
    error.filename, error.lineno = filename, number
    return error


def _original_line(source, translated, number):
    """The line of ``source`` that line ``number`` of its translation ``translated`` came
    from (fixers such as tuple parameters add lines)."""
    original, new = source.splitlines(), translated.splitlines()
    if len(original) == len(new):
        return number
    matcher = difflib.SequenceMatcher(None, original, new, autojunk=False)
    for tag, start, end, new_start, new_end in matcher.get_opcodes():
        if new_start < number <= new_end or (new_start == new_end == number - 1):
            return min(start + (number - 1 - new_start), max(end - 1, start)) + 1
    return number


# The name the compiled translation calls for ``/``, put in ``builtins`` by
# ``compile_translation``.
DIVISION = '__tf1_mnist_python2_division__'


def _integral(value):
    """Whether Python 2's ``/`` divided ``value`` as an integer: a Python or NumPy integer, or
    an array or tensor of an integer type."""
    if isinstance(value, numbers.Integral):
        return True
    dtype = getattr(value, 'dtype', None)
    if dtype is None:
        return False
    is_integer = getattr(dtype, 'is_integer', None)  # a TensorFlow DType
    if isinstance(is_integer, bool):
        return is_integer
    return getattr(dtype, 'kind', None) in ('i', 'u')  # a NumPy dtype


def python2_division(a, b):
    """``a / b`` as Python 2 computed it: floor division when both are integers (Python's and
    NumPy's integers and integer arrays, TensorFlow's integer tensors, whose ``/`` was
    ``tf.div``), true division otherwise."""
    if _integral(a) and _integral(b):
        return a // b
    return a / b


class _Python2Division(ast.NodeTransformer):
    """``a / b`` as ``python2_division(a, b)``, and ``name /= b`` as ``name =
    python2_division(name, b)``."""

    @staticmethod
    def _call(left, right, like):
        return ast.copy_location(ast.Call(ast.Name(DIVISION, ast.Load()), [left, right], []),
                                 like)

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Div):
            return self._call(node.left, node.right, node)
        return node

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Div) and isinstance(node.target, ast.Name):
            read = ast.copy_location(ast.Name(node.target.id, ast.Load()), node.target)
            return ast.copy_location(
                ast.Assign([node.target], self._call(read, node.value, node)), node)
        return node


def imports_future(source, feature):
    """Whether ``source`` (Python 2 or 3) imports ``feature`` from ``__future__``, which its
    translation no longer shows."""
    from fissix import refactor
    from fissix.pgen2.tokenize import TokenError
    try:
        return feature in refactor._detect_future_features(source)
    except (TokenError, IndentationError):  # a cell that is not Python yet: no such import
        return False


def python2_divisions(tree):
    """``tree`` (an ``ast.Module``) with each ``/`` computed as Python 2 did."""
    setattr(builtins, DIVISION, python2_division)
    return ast.fix_missing_locations(_Python2Division().visit(tree))


def compile_translation(source, translated, filename, optimize=-1):
    """The code of ``translated``, the translation of ``source``, with Python 2's ``/`` (see
    above); a SyntaxError in it names the line of ``source`` it comes from."""
    try:
        tree = compile(translated, filename, 'exec', ast.PyCF_ONLY_AST, dont_inherit=True)
        if not imports_future(source, 'division'):
            tree = python2_divisions(tree)
        return compile(tree, filename, 'exec', dont_inherit=True, optimize=optimize)
    except SyntaxError as error:
        number = _original_line(source, translated, error.lineno or 1)
        lines = source.splitlines()
        text = lines[number - 1] if 0 < number <= len(lines) else None
        raise SyntaxError('%s, in its Python 3 translation' % error.msg,
                          (filename, number, None, text)) from None


def better_error(python3_error, python2_error):
    """Of the errors of parsing a file as Python 3 and as Python 2, the one that says more: the
    Python 2 parse's when it got further (the Python 3 error was Python 2 syntax)."""
    if (python2_error.lineno or 0) > (python3_error.lineno or 0):
        return python2_error
    return python3_error


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
