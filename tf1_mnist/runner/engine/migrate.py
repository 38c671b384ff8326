"""The migrated source of TF1 code: what ``python -m tf1_mnist.upgrade`` writes.

The source is read into fissix's concrete syntax tree (the one lib2to3 made), which keeps every
comment, blank line and space; only the nodes of a change are replaced, so only the lines that
change change. What a name becomes is the table's (``tf1_mnist.runner.engine.table``): an entry's
``upgrade``, a renamed name's provider, its ``keywords`` and ``old_order``. A name the table
refuses, or that only the runner provides, is left as it was, its line marked with a comment
(``MARK``) and listed.

Python 2 source is first translated with fissix's fixers (``tf1_mnist.runner.engine.python2``); each
line they change is listed, and a ``/`` whose quotient is used as a size or an index is marked.
"""

import collections
import difflib
import functools
import re
import warnings

from tf1_mnist.runner.engine import era_check, late_future, python2, table

MARK = '# tf1_mnist.upgrade: not converted, see the report'
LEGACY_KERAS = "os.environ['TF_USE_LEGACY_KERAS'] = '1'"
LEGACY_KERAS_WHY = '  # tf.layers, rnn_cell and tf.keras need Keras 2 (tf-keras)'

# Flags absl.logging defines, which TensorFlow 1.x's own tf.app.flags (before 1.5) let scripts
# define; in TensorFlow 2 a second definition stops the script (the runner lets it replace
# absl's).
ABSL_FLAGS = frozenset({'log_dir', 'v', 'verbosity', 'logtostderr', 'alsologtostderr',
                        'stderrthreshold', 'showprefixforinfo', 'logger_levels'})

# ``[cell] * n``: one cell object as every layer of a MultiRNNCell.
# absl's DEFINE functions and the Python type of their default.
FLAG_TYPES = {'DEFINE_integer': 'int', 'DEFINE_float': 'float', 'DEFINE_boolean': 'bool',
              'DEFINE_bool': 'bool', 'DEFINE_string': 'str'}
_REPEATED_LIST = re.compile(r'^\[[^\]]*\]\*')

# The era's removed names by (module, name), the packages they belong to, and modules that
# scripts reach through another's attribute (``plt.cm`` is ``matplotlib.cm``).
_ERA_NAMES = {(item.module, item.name): item for item in table.ERA_NAMES}
_ERA_PACKAGES = frozenset([item.module.split('.')[0] for item in table.ERA_NAMES]
                          + [module.split('.')[0] for module in table.OTHER_UPGRADES])
_ERA_MODULE_NAMES = {m.module: m.names for m in table.ERA_MODULES if m.names}
_ATTRIBUTE_MODULES = {'matplotlib.pyplot.cm': 'matplotlib.cm',
                      'matplotlib.pyplot.mlab': 'matplotlib.mlab'}

# A change made, or one that could not be made: 1-based line, 0-based column (as
# tf_upgrade_v2 reports them).
Finding = collections.namedtuple('Finding', 'unit line col what')


class Unmigratable(ValueError):
    """Source that is neither Python 3 nor Python 2."""


@functools.lru_cache(maxsize=1)
def _driver():
    from fissix import pygram, pytree
    from fissix.pgen2 import driver
    return driver.Driver(pygram.python_grammar_no_print_and_exec_statement,
                         convert=pytree.convert)


def _parse(source):
    from fissix.pgen2.parse import ParseError
    from fissix.pgen2.tokenize import TokenError
    try:
        return _driver().parse_string(source)
    except (ParseError, TokenError, IndentationError) as error:
        raise Unmigratable('cannot be read as Python (%s)' % error) from None


def _syms():
    from fissix.pygram import python_symbols
    return python_symbols


def _leaf(kind, value, prefix=''):
    from fissix import pytree
    from fissix.pgen2 import token
    return pytree.Leaf(getattr(token, kind), value, prefix=prefix)


def _statements(text, prefix=''):
    """The statement nodes of ``text`` (whole lines), the first with ``prefix``."""
    nodes = [child.clone() for child in _parse(text).children if str(child).strip()]
    if nodes:
        nodes[0].prefix = prefix
    return nodes


def _dotted(node):
    return ''.join(str(node).split())


def _first_leaf(node):
    while node.children:
        node = node.children[0]
    return node


def _statement_of(node):
    """The simple statement that holds ``node``."""
    syms = _syms()
    while node is not None and node.type != syms.simple_stmt:
        node = node.parent
    return node


def _top_statement(node):
    """The statement of the module (a child of ``file_input``) that holds ``node``."""
    while node.parent is not None and node.parent.type != _syms().file_input:
        node = node.parent
    return node


def _line_root(node):
    """The statement (or compound statement) whose lines hold ``node``."""
    syms = _syms()
    while node.parent is not None and node.parent.type not in (syms.file_input, syms.suite):
        node = node.parent
    return node


def _realign(root, line, col, delta):
    """Move the continuation lines of ``root`` that are aligned to a bracket an edit at
    (``line``, ``col``) shifted by ``delta`` characters, so that they stay aligned to it."""
    if not delta:
        return
    stack = []
    for leaf in root.leaves():
        if '\n' in leaf.prefix and stack and leaf.lineno > line:
            bracket, visual = stack[-1]
            head, _, spaces = leaf.prefix.rpartition('\n')
            if (visual and bracket.lineno == line and bracket.column >= col
                    and not spaces.strip()):
                leaf.prefix = head + '\n' + ' ' * max(1, len(spaces) + delta)
        if stack and stack[-1][1] is None:
            # A bracket followed on its own line aligns the lines below it to itself; one
            # that ends its line has a hanging indent, which stays.
            stack[-1] = (stack[-1][0], '\n' not in leaf.prefix)
        if leaf.value and leaf.value in '([{':
            stack.append((leaf, None))
        elif leaf.value and leaf.value in ')]}' and stack:
            stack.pop()


def _indent_of(statement, lines):
    leaf = _first_leaf(statement)
    line = lines[leaf.lineno - 1] if 0 < leaf.lineno <= len(lines) else ''
    return line[:len(line) - len(line.lstrip())]


class Target(collections.namedtuple('Target', 'module attrs')):
    """Where a name goes: ``module`` ``'tf'`` (the TF1 API, ``tensorflow.compat.v1``) or a
    module to import (``'tf_slim'``), and the attributes below it."""

    @classmethod
    def parse(cls, text, rest=()):
        if text.startswith('tf.') or text == 'tf':
            return cls('tf', tuple(text.split('.')[1:]) + tuple(rest))
        module, _, attribute = text.partition(':')
        return cls(module, tuple(attribute.split('.') if attribute else ()) + tuple(rest))

    def __str__(self):
        return '.'.join((self.module,) + self.attrs)


class Blocked(collections.namedtuple('Blocked', 'symbol why')):
    """A name that the migrated source cannot have: what it is, and why."""


def upgraded(path):
    """What ``tf.<path>`` becomes in migrated source: a Target, a Blocked, or None when the
    name stays as it is (``tensorflow.compat.v1`` has it)."""
    path = tuple(path)
    namespace = table.UPGRADE_NAMESPACES.get('.'.join(path))
    if namespace is not None:
        return Target.parse(namespace.to)
    entry = table.find(path)
    if entry is None:
        return None
    rest = path[len(entry.key):]
    shown = table.symbol(path, entry)
    if entry.upgrade is not None:
        names = dict(entry.upgrade.names)
        if rest and rest[0] in names:
            return Target.parse(names[rest[0]], rest[1:])
        if (entry.provides_module and rest and not rest[0].startswith('_')
                and rest[0] not in table.provided_names(entry.provider)):
            verdict = table.not_provided(path, entry)
            return Blocked(verdict.symbol, '%s; %s' % (verdict.what, verdict.advice))
        return Target.parse(entry.upgrade.to, rest)
    if entry.provider is not None and entry.provider.startswith('tf.'):
        renamed = Target.parse(entry.provider, rest)
        # The new name may go elsewhere in turn (tf.contrib.keras.datasets.mnist is
        # tf.keras.datasets.mnist, which becomes tf1_mnist.keras_mnist).
        again = upgraded(renamed.attrs) if renamed.attrs != path else None
        return again if isinstance(again, Target) else renamed
    if entry.refused:
        return Blocked(shown, '%s; %s' % (entry.what, entry.advice))
    if entry.provider is None or (entry.provider.startswith(table.ARGUMENT_ORDER + ':')
                                  and entry.path != 'op_scope'):
        return None
    why = 'works only under the runner (tf1_mnist provides it)'
    if entry.note:
        why = '%s, and %s' % (entry.note, why)
    if entry.advice:
        why += '; without it, %s' % entry.advice
    return Blocked(shown, why)


def _int_literal(node):
    text = _dotted(node)
    return text.lstrip('-').isdigit()


def _bool_list(node):
    """The list of booleans a literal ``[True, False]`` is, or None."""
    text = _dotted(node)
    if not (text.startswith('[') and text.endswith(']')):
        return None
    items = [item for item in text[1:-1].split(',') if item]
    if not items or any(item not in ('True', 'False') for item in items):
        return None
    return [item == 'True' for item in items]


class Unit:
    """One source read for migration: a script, or one cell of a notebook."""

    def __init__(self, name, source):
        self.name, self.original = name, source
        self.python2 = False
        self.late_futures = ()
        text = source if source.endswith('\n') else source + '\n'
        try:
            with warnings.catch_warnings():
                # The author's `x is 1` is theirs to see, not the upgrade's to print.
                warnings.simplefilter('ignore', SyntaxWarning)
                compile(text, name, 'exec')
        except SyntaxError as python3_error:
            self.late_futures = self._late_futures(text, python3_error)
            if not self.late_futures:
                try:
                    text = python2.translate(text, name)
                except SyntaxError:
                    raise Unmigratable('%s (line %s)' % (python3_error.msg,
                                                         python3_error.lineno))
                self.python2 = True
        except (ValueError, RecursionError, MemoryError) as error:
            raise Unmigratable(str(error)) from None
        self.translated = text
        self.lines = text.splitlines()
        self.tree = _parse(text)

    @staticmethod
    def _late_futures(text, error):
        """The lines of the ``from __future__`` imports after a file's first lines, when they
        are all Python 3 refuses in it and name features it always has (a script exported from
        a notebook, as the runner runs it); else ()."""
        import ast
        if late_future.LATE not in str(error.msg):
            return ()
        try:
            late = late_future.late_futures(ast.parse(text))
        except SyntaxError:
            return ()
        if not late or any(alias.name not in late_future.ALWAYS_ON
                           for node in late for alias in node.names):
            return ()
        return tuple(node.lineno for node in late)

    def source(self):
        text = str(self.tree)
        if not self.original.endswith('\n') and text.endswith('\n'):
            text = text[:-1]
        return text


class Migration:
    """The migration of a script, or of a notebook's cells taken together (names imported in
    one cell are used in the next)."""

    def __init__(self, units):
        self.units = units
        self.changes, self.problems = [], []
        self.bindings = {}        # local name -> path below tensorflow, from the imports
        self.root_names = []      # local names bound to the TF1 API
        self.needs_legacy_keras = False
        self.modules = []         # modules the rewritten names need imported
        self.dependencies = set()  # tf1_mnist modules the migrated source imports
        self.first_import = None  # (unit, statement) of the first TensorFlow import
        self.root_import = None   # (unit, statement, line) of the first TF1 API import
        self.era_bindings = {}    # local name -> module of the era's libraries (np: numpy)
        self.era_import = None    # (unit, statement, line) of the first such import
        self.first_keras_import = None  # (unit, statement, line) of standalone Keras's first
        self.marked = set()

    # Reporting.
    def changed(self, unit, node, what, at=None):
        leaf = _first_leaf(node)
        line, col = at or (leaf.lineno, leaf.column)
        self.changes.append(Finding(unit.name, line, col, what))

    def refuse(self, unit, node, what, at=None):
        leaf = _first_leaf(node)
        line, col = at or (leaf.lineno, leaf.column)
        self.problems.append(Finding(unit.name, line, col, what))
        self._mark(node)

    def _mark(self, node):
        """Put ``MARK`` at the end of the line (the statement) that holds ``node``."""
        from fissix.pgen2 import token
        root, start = node, _first_leaf(node)
        while root.parent is not None:
            root = root.parent
        leaf, seen = None, False
        for candidate in root.leaves():
            seen = seen or candidate is start
            if seen and candidate.type == token.NEWLINE:
                leaf = candidate
                break
        if leaf is None or id(leaf) in self.marked:
            return
        self.marked.add(id(leaf))
        comment = leaf.prefix.strip()
        leaf.prefix = ('  %s; %s' % (comment, MARK[2:])) if comment else '  ' + MARK

    def note_needs(self, path):
        entry = table.find(path)
        if entry is not None and 'tf_keras' in entry.requires:
            self.needs_legacy_keras = True
        # tf.keras in TF1's graph is Keras 2's, under the runner as in TensorFlow 1.
        if tuple(path[:1]) == ('keras',) or tuple(path[:2]) == ('contrib', 'keras'):
            self.needs_legacy_keras = True

    def need_module(self, module):
        if module.startswith(table.PROVIDED_BY_TF1_MNIST + '.'):
            self.dependencies.add(module)
        if module != 'tf' and module not in self.modules:
            self.modules.append(module)

    # The passes.
    def run(self):
        for unit in self.units:
            if unit.python2:
                self._python2_changes(unit)
            if unit.late_futures:
                self._drop_late_futures(unit)
        for unit in self.units:
            self._read_imports(unit)
        for unit in self.units:
            self._rewrite_uses(unit)
        for unit in self.units:
            self._rewrite_imports(unit)
            self._rewrite_era_imports(unit)
            self._rewrite_keras_imports(unit)
        for unit in self.units:
            self._era_names_left(unit)
        self._add_preamble()
        return self

    def _era_names_left(self, unit):
        """Mark and list the era's names the copy still uses: the runner gives them back to a
        script at run time (``--check`` notes them), plain Python does not."""
        import ast
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore', SyntaxWarning)
                tree = ast.parse(str(unit.tree))
        except SyntaxError:
            return
        leaves = self._leaves_by_current_line(unit)
        # A line this upgrade changed has had its era name made today's (``--check`` would
        # still note ``canvas.manager.set_window_title`` by its method's name).
        changed = {f.line for f in self.changes if f.unit == unit.name}
        for line, verdict in era_check.findings(tree, unit.name):
            leaf = leaves.get(line)
            # A line that starts with what the upgrade wrote (line number 0) was changed.
            if leaf is None or leaf.lineno == 0 or leaf.lineno in changed:
                continue
            self.refuse(unit, leaf, '%s %s; only the runner gives it back at run time, so it '
                        'is left as it was' % (verdict.symbol, verdict.what))

    def _drop_late_futures(self, unit):
        """A late ``from __future__`` import of a feature Python 3 always has is dropped (an
        indented one becomes ``pass``), as the runner drops it."""
        for node in list(self._imports(unit)):
            leaf = _first_leaf(node)
            if (node.type != _syms().import_from or leaf.lineno not in unit.late_futures
                    or _dotted(node.children[1]) != '__future__'):
                continue
            statement = _statement_of(node)
            text = str(node).strip()
            self.changes.append(Finding(unit.name, leaf.lineno, leaf.column,
                                        "Dropped '%s' (after the file's first lines; Python 3 "
                                        'always has it)' % text))
            if len(statement.children) != 2 or statement.parent.type != _syms().file_input:
                node.replace(_leaf('NAME', 'pass', node.prefix))
                continue
            after = statement.next_sibling
            prefix = statement.prefix
            statement.remove()
            if after is not None:
                after.prefix = prefix + after.prefix

    @staticmethod
    def _leaves_by_current_line(unit):
        """The first leaf with text on each line of the tree as it reads now (a rewrite may
        have added lines above, so the leaves' own line numbers may be the parse's)."""
        first, line = {}, 1
        for leaf in unit.tree.leaves():
            line += leaf.prefix.count('\n')
            if leaf.value.strip() and line not in first:
                first[line] = leaf
            line += leaf.value.count('\n')
        return first

    def _python2_changes(self, unit):
        old = unit.original.splitlines()
        matcher = difflib.SequenceMatcher(None, old, unit.lines, autojunk=False)
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag == 'equal':
                continue
            for number in range(i1, max(i2, i1 + 1)):
                if number < len(old):
                    self.changes.append(Finding(unit.name, number + 1, 0,
                                                'Python 2 line translated to Python 3: %s'
                                                % old[number].strip()[:60]))
        import ast
        try:
            tree = ast.parse(unit.translated)
        except SyntaxError:
            return
        for line in python2.integer_divisions(tree):
            leaf = self._leaf_on_line(unit, line)
            if leaf is not None:
                self.refuse(unit, leaf, 'a / between integers was floor division in Python 2 '
                            'and gives a float in Python 3, here used as a size or an index: '
                            'write // if both sides are integers')

    @staticmethod
    def _leaf_on_line(unit, line):
        for leaf in unit.tree.leaves():
            if leaf.lineno == line and leaf.value.strip():
                return leaf
        return None

    def _imports(self, unit):
        syms = _syms()
        for node in unit.tree.pre_order():
            if node.type in (syms.import_name, syms.import_from):
                yield node

    @staticmethod
    def _import_items(node):
        """(module path, bound name, alias given) of each name an import statement binds;
        ``from`` imports give the module path with the name appended."""
        syms = _syms()
        items = []
        if node.type == syms.import_name:
            names = node.children[1]
            parts = (names.children[::2] if names.type == syms.dotted_as_names else [names])
            for part in parts:
                if part.type == syms.dotted_as_name:
                    module, alias = _dotted(part.children[0]), part.children[2].value
                    items.append((module, alias, True))
                else:
                    module = _dotted(part)
                    items.append((module, module.split('.')[0], False))
            return items
        module = _dotted(node.children[1])
        rest = node.children[3:]
        if rest and rest[0].type == _leaf('LPAR', '(').type:
            rest = rest[1:-1]
        if not rest:
            return items
        names = rest[0]
        parts = (names.children[::2] if names.type == syms.import_as_names else [names])
        for part in parts:
            if part.type == syms.import_as_name:
                name, alias = part.children[0].value, part.children[2].value
            else:
                name = alias = part.value
            if name == '*':
                continue
            items.append((module + '.' + name, alias, True))
        return items

    def _read_imports(self, unit):
        for node in self._imports(unit):
            self._missing_package(unit, node)
            for module, alias, aliased in self._import_items(node):
                parts = module.split('.')
                if parts[0] in _ERA_PACKAGES:
                    self._read_era_import(unit, node, module, alias, aliased)
                    continue
                if parts[0] != 'tensorflow' or module.startswith('tensorflow.compat'):
                    continue
                if self.first_import is None:
                    self.first_import = (unit, _statement_of(node), _first_leaf(node).lineno)
                if node.type == _syms().import_name and not aliased:
                    self.bindings[alias] = ()
                else:
                    self.bindings[alias] = tuple(parts[1:])
                if not self.bindings[alias]:
                    self.root_names.append(alias)
                self.note_needs(parts[1:])

    def _missing_package(self, unit, node):
        """An import of a package this machine lacks (``import cv2``) fails in the copy as in
        the original: marked and listed with the runner's advice, unless the author guarded it
        with ``try``."""
        if node.type == _syms().import_from:
            modules = [_dotted(node.children[1])]
        else:
            modules = [item[0] for item in self._import_items(node)]
        for module in modules:
            # The package only: whether a module of an installed one is there, only its
            # import can say (the runner's check does that when one fails).
            verdict = table.missing_package(module.split('.')[0])
            if verdict is not None and not self._guarded(node):
                self.refuse(unit, node, '%s %s (%s)' % (verdict.symbol, verdict.what,
                                                         verdict.advice))
                return

    @staticmethod
    def _guarded(node):
        while node is not None:
            if node.type == _syms().try_stmt:
                return True
            node = node.parent
        return False

    def _read_era_import(self, unit, node, module, alias, aliased):
        if node.type == _syms().import_name and not aliased:
            module = module.split('.')[0]
        self.era_bindings[alias] = module
        if self.era_import is None:
            self.era_import = (unit, _statement_of(node), _first_leaf(node).lineno)

    def _root(self):
        return self.root_names[0] if self.root_names else None

    # Uses: ``tf.a.b.c``, ``slim.conv2d``, and the calls of the table's functions.
    def _rewrite_uses(self, unit):
        syms = _syms()
        for node in list(unit.tree.pre_order()):
            if node.type != syms.power or node.parent is None:
                continue
            head = node.children[0]
            if head.type == _leaf('NAME', 'x').type:
                self._absl_flag(unit, node)
                self._flag_default(unit, node)
                self._era_calls(unit, node)
            if head.type != _leaf('NAME', 'x').type or (head.value not in self.bindings
                                                        and head.value not in self.era_bindings):
                continue
            chain = []
            for trailer in node.children[1:]:
                if (trailer.type == syms.trailer and trailer.children[0].value == '.'
                        and len(trailer.children) == 2):
                    chain.append(trailer.children[1].value)
                else:
                    break
            if head.value in self.bindings:
                self._rewrite_chain(unit, node, head.value, chain)
            else:
                self._rewrite_era_chain(unit, node, head.value, chain)

    def _absl_flag(self, unit, node):
        """Before ``flags.DEFINE_string('log_dir', ...)``: absl's flag of that name removed,
        so that the script's replaces it, as the runner does (TensorFlow 1.x before 1.5 had
        flags of its own, and scripts defined names absl.logging owns today)."""
        trailers = node.children[1:]
        for index, trailer in enumerate(trailers[:-1]):
            following = trailers[index + 1]
            if not (trailer.type == _syms().trailer and trailer.children[0].value == '.'
                    and trailer.children[1].value.startswith('DEFINE_')
                    and following.children[0].value == '(' and len(following.children) == 3):
                continue
            inner = following.children[1]
            first = inner.children[0] if inner.type == _syms().arglist else inner
            name = _dotted(first).strip('\'"')
            root = self._root()
            if name not in ABSL_FLAGS or root is None or not _dotted(first)[:1] in '\'"':
                return
            flags = '%s.app.flags.FLAGS' % root
            statement = _statement_of(node)
            self._before(unit, statement, "if '%s' in %s: delattr(%s, '%s')  # absl's, replaced"
                         % (name, flags, flags, name))
            self.changed(unit, node, "flag '%s' is absl.logging's in TensorFlow 2: absl's "
                         "definition is removed first, so that the script's replaces it (as "
                         'the runner does)' % name)
            return

    def _flag_default(self, unit, node):
        """``flags.DEFINE_integer('batch_size', np.power(2, 7), ...)``: the era's absl took a
        NumPy number as a flag's default, today's refuses it (the runner converts it); the
        default is written as the flag's Python type, ``int(np.power(2, 7))``."""
        from fissix import pytree
        numpy = {name for name, module in self.era_bindings.items()
                 if module.split('.')[0] == 'numpy'}
        trailers = node.children[1:]
        for index, trailer in enumerate(trailers[:-1]):
            call = trailers[index + 1]
            if not (trailer.type == _syms().trailer and trailer.children[0].value == '.'
                    and trailer.children[1].value in FLAG_TYPES
                    and call.type == _syms().trailer and call.children[0].value == '('):
                continue
            arguments = self._arguments(call)[0]
            positional = [a for a in arguments if self._keyword_of(a) is None]
            default = next((a.children[2] for a in arguments
                            if self._keyword_of(a) == 'default'), None)
            if default is None and len(positional) >= 2:
                default = positional[1]
            if default is None or _first_leaf(default).value not in numpy:
                return
            kind = FLAG_TYPES[trailer.children[1].value]
            prefix = default.prefix
            parent, at = default.parent, default.parent.children.index(default)
            default.remove()
            default.prefix = ''
            parent.insert_child(at, pytree.Node(_syms().power, [
                _leaf('NAME', kind, prefix),
                pytree.Node(_syms().trailer, [_leaf('LPAR', '('), default, _leaf('RPAR', ')')])]))
            self.changed(unit, node, "the default of flag %s as %s(...): absl refuses a NumPy "
                         'number, which the era\'s absl took' % (_dotted(positional[0])
                                                                 if positional else '?', kind))
            return

    def _era_calls(self, unit, node):
        """Calls of the era's methods and keywords that matplotlib and NumPy removed, as
        today's (``ax.hist(x, normed=True)`` as ``density=True``, ``set_axis_bgcolor`` as
        ``set_facecolor``), in a file that imports the package (``table.ERA_CHANGES``)."""
        packages = {module.split('.')[0] for module in self.era_bindings.values()}
        trailers = node.children[1:]
        for index, trailer in enumerate(trailers[:-1]):
            call = trailers[index + 1]
            if not (trailer.type == _syms().trailer and trailer.children[0].value == '.'
                    and call.type == _syms().trailer and call.children[0].value == '('):
                continue
            method = trailer.children[1]
            for change in table.ERA_CHANGES:
                if change.module.split('.')[0] not in packages:
                    continue
                for name, new_name, renamed, dropped, *values in change.upgrade:
                    if method.value == name:
                        self._era_call(unit, node, index, call, new_name, dict(renamed),
                                       dropped, values[0] if values else (), change)
                        return

    def _era_call(self, unit, node, index, call, new_name, renamed, dropped, values, change):
        method = node.children[1:][index].children[1]
        said = []
        for argument in self._arguments(call)[0]:
            keyword = self._keyword_of(argument)
            if keyword in renamed:
                argument.children[0].value = renamed[keyword]
                said.append('%s= as %s=' % (keyword, renamed[keyword]))
            elif keyword in dropped:
                self._remove_argument(argument)
                said.append('%s= left out' % keyword)
            for name, old, value in values:
                if keyword == name and str(argument.children[2]).strip() in old:
                    written = str(argument.children[2]).strip()
                    module = value.rpartition('.')[0]
                    argument.children[2].replace(
                        _statements(value + '\n')[0].children[0].clone())
                    argument.children[2].prefix = ''
                    if module:
                        self.need_module(module)
                    said.append('%s=%s as %s=%s' % (name, written, name, value))
        if new_name and new_name.startswith(table.ERA_UPGRADE + ':'):
            self._era_function_call(unit, node, index, call, new_name, change)
            return
        if new_name:
            said.insert(0, '%s as %s' % (method.value, new_name))
            method.value = new_name
        if said:
            self.changed(unit, node, '%s (%s)' % (', '.join(said), change.what.split(';')[0]))

    def _era_function_call(self, unit, node, index, call, new_name, change):
        """``np.fromstring(s, ...)`` as ``tf1_mnist.era.fromstring(s, ...)``, and a method's
        ``draw.textsize(t)`` as ``tf1_mnist.era.textsize(draw, t)``."""
        function = new_name.replace(':', '.')
        head = node.children[:index + 1]  # the object, before ``.method``
        owner = ''.join(str(child) for child in head).strip()
        arguments = str(call)[1:-1]
        if owner in self.era_bindings and len(head) == 1:
            text = '%s(%s)' % (function, arguments)
        else:
            text = '%s(%s%s)' % (function, owner, ', ' + arguments if arguments.strip() else '')
        prefix = node.prefix
        new = _statements(text + '\n')[0].children[0].clone()
        leaf = _first_leaf(node)
        line, col = leaf.lineno, leaf.column
        for child in node.children[:index + 3]:
            child.remove()
        parts = list(new.children) if new.type == _syms().power else [new]
        for offset, part in enumerate(parts):
            part.remove()
            node.insert_child(offset, part)
        node.prefix = prefix
        self.need_module(table.ERA_UPGRADE)
        self.changed(unit, node, '%s as %s (%s)' % (
            owner + '.' + new_name.partition(':')[2], function, change.what.split(';')[0]),
            at=(line, col))

    def _before(self, unit, statement, text):
        """Put the statement ``text`` on a line of its own before ``statement``."""
        indent = _indent_of(statement, unit.lines)
        first = _first_leaf(statement)
        new = _statements(text + '\n', first.prefix)
        first.prefix = indent
        parent = statement.parent
        index = parent.children.index(statement)
        for offset, item in enumerate(new):
            parent.insert_child(index + offset, item)

    def _rewrite_era_chain(self, unit, node, name, chain):
        """``np.float`` as ``float``, ``collections.Mapping`` as ``collections.abc.Mapping``,
        ``scipy.misc.imread`` as ``tf1_mnist.era.imread``: the table's era names."""
        base = self.era_bindings[name].split('.')
        parts = base + list(chain)
        for end in range(len(parts) - 1, len(base) - 1, -1):
            module = '.'.join(parts[:end])
            item = _ERA_NAMES.get((_ATTRIBUTE_MODULES.get(module, module), parts[end]))
            other = table.OTHER_UPGRADES.get('.'.join(parts[:end + 1]))
            if other is not None:
                item = table.EraName(module, parts[end], None, 'downloads; %s does not'
                                     % other, other)
            if item is not None:
                break
        else:
            return
        to = table.era_upgrade(item)
        if to is None:
            return
        target, _, attribute = to.partition(':')
        if target == 'builtins':
            written = attribute
        else:
            local = name if self.era_bindings[name] == target else next(
                (n for n, m in self.era_bindings.items() if m == target), None)
            if local is None and target.startswith(self.era_bindings[name] + '.'):
                local = name + target[len(self.era_bindings[name]):]
                self.need_module(target)
            elif local is None:
                local = target
                self.need_module(target)
            written = local + ('.' + attribute if attribute else '')
        length = end - len(base) + 1
        old = '.'.join([name] + list(chain[:length]))
        self.changed(unit, node, "Renamed '%s' to '%s' (it %s)" % (
            old, written, item.what.split(';')[0] if item.provider else item.what))
        root, head = _line_root(node), _first_leaf(node)
        self._replace_chain(node, length, written)
        _realign(root, head.lineno, head.column, len(written) - len(old))

    def _rewrite_chain(self, unit, node, name, chain):
        start = _first_leaf(node)
        at = (start.lineno, start.column)  # where the name was, before it is rewritten
        base = self.bindings[name]
        path = base + tuple(chain)
        if not base and path[:2] == ('compat', 'v1'):
            # ``tf.compat.v1.estimator`` is ``tf.estimator`` of the TF1 API the copy imports.
            path = path[2:]
        if not path:
            return
        self.note_needs(path)
        call = node.children[1 + len(chain)] if len(node.children) > 1 + len(chain) else None
        if call is not None and not (call.type == _syms().trailer
                                     and call.children[0].value == '('):
            call = None
        entry = table.find(path)
        target = upgraded(path)
        if isinstance(target, Blocked):
            self.refuse(unit, node, '%s %s' % (target.symbol, target.why))
            return
        if target is not None and entry.upgrade is not None and entry.upgrade.argument:
            if not self._drop_argument(node, call, entry.upgrade.argument):
                self.refuse(unit, node, 'tf.%s is converted only when called with %r as its one '
                            'argument' % ('.'.join(path), entry.upgrade.argument))
                return
        if (isinstance(target, Target) and target.attrs[-1:] == ('MultiRNNCell',)
                and call is not None and len(call.children) == 3
                and _REPEATED_LIST.match(_dotted(call.children[1]).split(',')[0])):
            # One cell object repeated: TensorFlow 1.0 gave each layer weights of its own.
            target = Target.parse(table.MULTI_RNN_CELL_UPGRADE)
        if target is not None:
            new_target = self._as_written(name, base, target)
            if new_target is None:
                self.refuse(unit, node, 'tf.%s becomes %s, which needs `import tensorflow as '
                            'tf` in the script' % ('.'.join(path), target))
                return
            old = name + ''.join('.' + part for part in chain)
            if new_target != old:
                self.changed(unit, node, "Renamed '%s' to '%s'" % (old, new_target))
                root, head = _line_root(node), _first_leaf(node)
                self._replace_chain(node, len(chain), new_target)
                _realign(root, head.lineno, head.column, len(new_target) - len(old))
                if target.module != 'tf' and (new_target + '.').startswith(
                        target.module + '.'):
                    self.need_module(target.module)
        if call is not None and entry is not None and entry.key == path:
            self._rewrite_call(unit, node, call, entry, 'tf.' + '.'.join(path))
        rest = path[len(entry.key):] if entry is not None else ()
        changes = dict(entry.upgrade.calls) if entry is not None and entry.upgrade else {}
        if call is not None and len(rest) == 1 and rest[0] in changes:
            self._change_call(unit, node, call, changes[rest[0]], 'tf.' + '.'.join(path), at)

    @staticmethod
    def _drop_argument(node, call, literal):
        """Leave the literal ``literal`` out of ``call``, its one argument; whether it was."""
        if call is None or len(call.children) != 3:
            return False
        argument = call.children[1]
        if _dotted(argument) not in (repr(literal), '"%s"' % literal):
            return False
        argument.remove()
        return True

    def _as_written(self, name, base, target):
        """How the source says ``target`` from the binding ``name`` of ``base``: through the
        binding where it leads there, else from the TF1 API's name or the module."""
        bound = upgraded(base) if base else Target('tf', ())
        if isinstance(bound, Target) and bound.module == target.module and (
                target.attrs[:len(bound.attrs)] == bound.attrs):
            return '.'.join((name,) + target.attrs[len(bound.attrs):])
        if base and bound is None and target.module == 'tf' and (
                target.attrs[:len(base)] == base):
            return '.'.join((name,) + target.attrs[len(base):])
        if target.module != 'tf':
            return str(target)
        root = self._root()
        if root is None:
            return None
        return '.'.join((root,) + target.attrs)

    @staticmethod
    def _replace_chain(node, length, dotted):
        syms = _syms()
        from fissix import pytree
        head = node.children[0]
        parts = dotted.split('.')
        new = [_leaf('NAME', parts[0], head.prefix)]
        for part in parts[1:]:
            new.append(pytree.Node(syms.trailer, [_leaf('DOT', '.'), _leaf('NAME', part)]))
        rest = [child for child in node.children[1 + length:]]
        for child in node.children[:]:
            child.remove()
        if len(new) == 1 and not rest:
            node.replace(new[0])
            return
        for child in new + rest:
            node.append_child(child)

    @staticmethod
    def _arguments(call):
        """The argument nodes of a call's trailer, and the node that holds them (None when the
        call has no arguments)."""
        syms = _syms()
        inner = call.children[1] if len(call.children) == 3 else None
        if inner is None:
            return [], None
        if inner.type == syms.arglist:
            return [child for child in inner.children if child.type != _leaf('COMMA', ',').type
                    ], inner
        return [inner], inner

    @staticmethod
    def _keyword_of(argument):
        syms = _syms()
        if argument.type == syms.argument and len(argument.children) == 3 and (
                argument.children[1].value == '='):
            return argument.children[0].value
        if argument.type == syms.argument and argument.children[0].value in ('*', '**'):
            return argument.children[0].value
        return None

    def _change_call(self, unit, node, call, change, shown, at):
        """A call's old defaults made explicit and its ignored keywords left out
        (``table.CallChange``)."""
        from fissix import pytree
        arguments, holder = self._arguments(call)
        keywords = [self._keyword_of(a) for a in arguments]
        positional = sum(1 for k in keywords if k is None)
        if '*' in keywords or '**' in keywords or (
                change.positional is not None and positional > change.positional):
            given = ', '.join('%s=%s' % pair for pair in change.keywords)
            self.refuse(unit, node, '%s: its arguments by position (or through * and **) may '
                        'mean others than they did: name them%s' % (
                            shown, ' and give %s, the old default' % given if given else ''), at)
            return
        said = []
        for argument, keyword in zip(arguments, keywords):
            if keyword in change.dropped:
                self._remove_argument(argument)
                said.append('%s= left out (unused)' % keyword)
        arguments, holder = self._arguments(call)
        for keyword, text in change.keywords:
            if keyword in keywords:
                continue
            new = _parse('f(%s=%s)\n' % (keyword, text)).children[0].children[0].children[1]
            argument = new.children[1].clone()
            if holder is None:
                call.insert_child(1, argument)
            elif holder.type == _syms().arglist:
                last = holder.children[-1]
                if last.type != _leaf('COMMA', ',').type:
                    holder.append_child(_leaf('COMMA', ','))
                argument.prefix = ' '
                holder.append_child(argument)
            else:
                argument.prefix = ' '
                holder.replace(pytree.Node(_syms().arglist, [holder.clone(),
                                                             _leaf('COMMA', ','), argument]))
            arguments, holder = self._arguments(call)
            said.append('%s=%s added (the TF 0.x default)' % (keyword, text))
        if said:
            self.changed(unit, node, '%s: %s' % (shown, ', '.join(said)), at)

    @staticmethod
    def _remove_argument(argument):
        """Take ``argument`` out of its arglist with the comma that separates it."""
        holder = argument.parent
        if holder.type != _syms().arglist:
            argument.remove()
            return
        siblings = holder.children
        index = siblings.index(argument)
        comma = siblings[index - 1] if index > 0 else (
            siblings[index + 1] if index + 1 < len(siblings) else None)
        if index == 0 and comma is not None and index + 2 < len(siblings):
            siblings[index + 2].prefix = argument.prefix
        argument.remove()
        if comma is not None:
            comma.remove()

    # Calls: old keywords renamed, TF 0.x positional arguments as keywords.
    def _rewrite_call(self, unit, node, call, entry, shown):
        syms = _syms()
        inner = call.children[1:-1]
        if not inner:
            return
        arguments = inner[0].children[::2] if inner[0].type == syms.arglist else [inner[0]]
        positional = [a for a in arguments
                      if not (a.type == syms.argument and len(a.children) == 3
                              and a.children[1].value == '=')
                      and not (a.type == syms.argument and a.children[0].value in ('*', '**'))
                      and _dotted(a) not in ('*', '**')]
        renames = dict(entry.keywords)
        for argument in arguments:
            if (argument.type == syms.argument and len(argument.children) == 3
                    and argument.children[0].value in renames):
                keyword = argument.children[0]
                old = keyword.value
                keyword.value = renames[old]
                _realign(_line_root(node), keyword.lineno, keyword.column,
                         len(keyword.value) - len(old))
                self.changed(unit, argument, "Renamed keyword argument '%s' of %s to '%s'"
                             % (old, shown, renames[old]))
        order = entry.old_order
        if not order or len(positional) < entry.positional_from:
            if entry.path == 'batch_matmul' and len(positional) > 2:
                self.refuse(unit, node, '%s with adj_x, adj_y given by position: name them '
                            '(adjoint_a=, adjoint_b=)' % shown)
            return
        if entry.path == 'svd':
            self.refuse(unit, node, '%s was called with positional flags, which TF 0.x read as '
                        '(compute_uv, full_matrices) and TF 1.x as (full_matrices, compute_uv): '
                        'name them' % shown)
            return
        if entry.path == 'reverse':
            mask = _bool_list(positional[1])
            if mask is None:
                if not _dotted(positional[1]).startswith('['):
                    self.refuse(unit, node, '%s: whether its second argument is a TF 0.x '
                                'boolean mask or a TF 1.x list of axes cannot be told from the '
                                'source; name it (axis=)' % shown)
                return
            axes = '[%s]' % ', '.join(str(i) for i, flag in enumerate(mask) if flag)
            new = _parse('f(axis=%s)\n' % axes).children[0].children[0].children[1]
            argument = new.children[1].clone()
            argument.prefix = positional[1].prefix
            positional[1].replace(argument)
            self.changed(unit, argument, "%s: the TF 0.x mask %s as axis=%s"
                         % (shown, _dotted(positional[1]), axes))
            return
        if order[0].endswith('_dim'):
            if _int_literal(positional[0]):
                pass
            elif (_dotted(positional[0]).startswith(('[', '(')) or len(positional) > 1
                  and _int_literal(positional[1])):
                return  # TF 1.x order already
            elif entry.path == 'split' and (len(positional) < 3 or _int_literal(positional[2])):
                # TF 0.x's split took three arguments, the tensor last: fewer, or an integer
                # third (the axis), is TF 1.x's split(value, num_or_size_splits, axis).
                return
            else:
                self.refuse(unit, node, '%s was called with arguments that fit both its TF 0.x '
                            'order (%s) and its TF 1.x order: name them (e.g. axis=)'
                            % (shown, ', '.join(order[:2])))
                return
        if len(positional) > len(order):
            self.refuse(unit, node, '%s takes at most %d positional arguments'
                        % (shown, len(order)))
            return
        names = [renames.get(name, name) for name in order[:len(positional)]]
        for argument, name in zip(positional, names):
            from fissix import pytree
            first = _first_leaf(argument)
            _realign(_line_root(node), first.lineno, first.column, len(name) + 1)
            prefix = argument.prefix
            value = argument.clone()
            value.prefix = ''
            keyword = pytree.Node(syms.argument, [_leaf('NAME', name, prefix),
                                                  _leaf('EQUAL', '='), value])
            argument.replace(keyword)
        self.changed(unit, node, '%s: TF 0.x positional arguments as keywords (%s)'
                     % (shown, ', '.join(name + '=' for name in names)))

    # Imports.
    def _rewrite_imports(self, unit):
        for node in list(self._imports(unit)):
            items = self._import_items(node)
            if not any(module.split('.')[0] == 'tensorflow' for module, _, _ in items):
                continue
            statements, changed, root = [], False, None
            for module, alias, aliased in items:
                text, did = self._import_text(unit, node, module, alias, aliased)
                statements.append(text)
                changed = changed or did
                if did and text.startswith('import tensorflow.compat.v1 as '):
                    root = alias
            if not changed:
                continue
            if node.type == _syms().import_from:
                statements = self._merge_from(node, items, statements)
            text = '; '.join(statements)
            statement = _statement_of(node)
            where = self._replace_import(unit, node, text)
            if root is not None:
                self._after(unit, statement, '%s.disable_v2_behavior()' % root)
                if self.root_import is None:
                    self.root_import = (unit, statement, where.line)

    def _rewrite_era_imports(self, unit):
        """``from scipy.misc import imread`` as ``from tf1_mnist.era import imread``,
        ``from collections import Mapping`` as ``from collections.abc import Mapping``."""
        for node in list(self._imports(unit)):
            if node.type != _syms().import_from:
                continue
            module = _dotted(node.children[1])
            if module.split('.')[0] not in _ERA_PACKAGES:
                continue
            kept, moved = [], collections.OrderedDict()
            for dotted, alias, _ in self._import_items(node):
                name = dotted[len(module) + 1:]
                item = _ERA_NAMES.get((module, name))
                to = table.era_upgrade(item) if item is not None else None
                if module in _ERA_MODULE_NAMES and name in _ERA_MODULE_NAMES[module]:
                    to = '%s:%s' % (table.ERA_UPGRADE, name)
                if dotted in table.OTHER_UPGRADES:
                    to = '%s:%s' % tuple(table.OTHER_UPGRADES[dotted].rsplit('.', 1))
                if to is None or ':' not in to:
                    kept.append(name if name == alias else '%s as %s' % (name, alias))
                    continue
                target, _, attribute = to.partition(':')
                moved.setdefault(target, []).append(
                    attribute if attribute == alias else '%s as %s' % (attribute, alias))
                if target.startswith(table.PROVIDED_BY_TF1_MNIST + '.'):
                    self.dependencies.add(target)
            if moved:
                kept = ['from %s import %s' % (module, ', '.join(kept))] if kept else []
                moved = ['from %s import %s' % (target, ', '.join(names))
                         for target, names in moved.items()]
                self._replace_import(unit, node, '; '.join(kept + moved))

    @staticmethod
    def _keras_module(module):
        """Where tf-keras keeps standalone Keras 2's ``module`` (``keras.layers.core`` is
        ``tf_keras.layers``), as the runner gives it; None for a module it stands in for."""
        for end in range(len(module.split('.')), 0, -1):
            head = '.'.join(module.split('.')[:end])
            if head in table.KERAS2_MODULES:
                target = table.KERAS2_MODULES[head]
                if not target.startswith(table.ERA_KERAS.provider):
                    return None
                return target + module[len(head):]
        return table.ERA_KERAS.provider + module[len('keras'):]

    def _rewrite_keras_imports(self, unit):
        """Standalone Keras 2 (``import keras``, ``from keras.layers.core import Dense``) as
        tf-keras, Keras 2 today, which runs in TF1's graph: plain ``keras`` is Keras 3 now."""
        for node in list(self._imports(unit)):
            if node.type == _syms().import_from:
                module = _dotted(node.children[1])
                if module.split('.')[0] != 'keras':
                    continue
                target = self._keras_module(module)
                if target is None:
                    continue
                names = str(node)[len(node.prefix):].strip().split(' import ', 1)[1]
                text = 'from %s import %s' % (target, names)
                if module == 'keras.utils' and names.strip() == 'np_utils':
                    # Keras 2's np_utils held to_categorical and normalize, tf-keras's utils
                    # hold them now.
                    text = 'from %s import utils as np_utils' % table.ERA_KERAS.provider
            else:
                items = self._import_items(node)
                if not any(m.split('.')[0] == 'keras' for m, _, _ in items):
                    continue
                parts = []
                for module, alias, aliased in items:
                    target = (self._keras_module(module) if module.split('.')[0] == 'keras'
                              else None)
                    if target is None:
                        parts.append('import %s as %s' % (module, alias) if aliased
                                     else 'import ' + module)
                    elif aliased or module == 'keras':
                        parts.append('import %s as %s' % (target, alias))
                    else:  # import keras.backend: keras bound, keras.backend loaded
                        parts.append('import %s as keras; import %s'
                                     % (table.ERA_KERAS.provider, target))
                text = '; '.join(parts)
            if self.first_keras_import is None:
                self.first_keras_import = (unit, _statement_of(node), _first_leaf(node).lineno)
            self._replace_import(unit, node, text)
            self.needs_legacy_keras = True

    def _replace_import(self, unit, node, text):
        """Put the statements ``text`` where the import ``node`` is; the Finding said."""
        old = str(node)[len(node.prefix):].strip()
        statement = _statement_of(node)
        where = Finding(unit.name, _first_leaf(node).lineno, _first_leaf(node).column,
                        "Import '%s' now '%s'" % (old, text))
        new = _statements(text + '\n')[0]
        replacement = new.children[0] if len(new.children) == 2 else None
        if replacement is not None and node.parent is statement and len(
                statement.children) == 2:
            replacement.prefix = node.prefix
            node.replace(replacement.clone())
        else:
            # Several statements for one: they share the line, joined by ``;``.
            parts = [child.clone() for child in new.children[:-1]]
            parts[0].prefix = node.prefix
            index = node.parent.children.index(node)
            parent = node.parent
            node.remove()
            for offset, part in enumerate(parts):
                parent.insert_child(index + offset, part)
        self.changes.append(where)
        return where

    def _import_text(self, unit, node, module, alias, aliased):
        """The import that binds ``alias`` in migrated source, and whether it changed."""
        parts = module.split('.')
        is_from = node.type == _syms().import_from
        original = self._original_item(node, module, alias, aliased)
        if parts[0] != 'tensorflow' or module.startswith('tensorflow.compat'):
            return original, False
        path = tuple(parts[1:])
        if not is_from and not aliased:
            return 'import tensorflow.compat.v1 as tensorflow', True
        if not path:
            return 'import tensorflow.compat.v1 as %s' % alias, True
        target = upgraded(path)
        if target is None:  # tensorflow's own module or name, kept as it is
            return original, False
        if isinstance(target, Blocked):
            self.refuse(unit, node, '%s %s' % (target.symbol, target.why))
            return original, False
        if target.module == 'tf':
            dotted = '.'.join(('tensorflow', 'compat', 'v1') + target.attrs)
        else:
            dotted = str(target)
            if target.module.startswith(table.PROVIDED_BY_TF1_MNIST + '.'):
                self.dependencies.add(target.module)
        head, _, last = dotted.rpartition('.')
        if head:
            text = 'from %s import %s' % (head, last)
            return (text if last == alias else text + ' as ' + alias), True
        return ('import %s' % dotted if dotted == alias else
                'import %s as %s' % (dotted, alias)), True

    @staticmethod
    def _original_item(node, module, alias, aliased):
        if node.type == _syms().import_name:
            return 'import %s as %s' % (module, alias) if aliased and module != alias \
                else 'import %s' % module
        head, _, name = module.rpartition('.')
        return 'from %s import %s' % (head, name if name == alias else name + ' as ' + alias)

    @staticmethod
    def _merge_from(node, items, statements):
        """``from m import a; from m import b`` as ``from m import a, b`` where unchanged."""
        merged, kept = [], []
        unchanged_prefix = 'from %s import ' % _dotted(node.children[1])
        for text in statements:
            if text.startswith(unchanged_prefix):
                kept.append(text[len(unchanged_prefix):])
            else:
                merged.append(text)
        if kept:
            merged.append(unchanged_prefix + ', '.join(kept))
        return merged

    def _after(self, unit, statement, text):
        """Put the statement ``text`` on a line of its own after ``statement``."""
        indent = _indent_of(statement, unit.lines)
        new = _statements(text + '\n', indent)
        parent = statement.parent
        index = parent.children.index(statement)
        for offset, node in enumerate(new):
            parent.insert_child(index + 1 + offset, node)

    def _add_preamble(self):
        # TF_USE_LEGACY_KERAS goes before whichever comes first: TensorFlow's import or
        # standalone Keras's (which imports TensorFlow).
        imports = [i for i in (self.first_import, self.first_keras_import) if i is not None]
        legacy_at = min(imports, key=lambda i: (self.units.index(i[0]), i[2]), default=None)
        if self.first_import is None:
            if self.modules and self.era_import is not None:
                unit, statement, line = self.era_import
                self._after(unit, statement, '; '.join('import %s' % m for m in self.modules))
                for module in self.modules:
                    self.changes.append(Finding(unit.name, line, 0, "Added 'import %s'" % module))
            if legacy_at is not None:
                # Keras 2 with no TensorFlow import: the runner runs it on TF1's graph.
                self._add_legacy_keras(*legacy_at, graph_mode=True)
            return
        unit, statement, first_line = self.first_import
        line = first_line
        if self.modules:
            # After the TF1 API's import, and disable_v2_behavior() when it follows.
            where, after, line = self.root_import or (unit, statement, line)
            following = after.next_sibling
            if following is not None and 'disable_v2_behavior' in str(following):
                after = following
            self._after(where, after, '; '.join('import %s' % m for m in self.modules))
            for module in self.modules:
                self.changes.append(Finding(where.name, line, 0, "Added 'import %s'" % module))
        self._add_legacy_keras(*legacy_at, graph_mode=self.first_keras_import is not None
                               and not self.root_names)

    def _add_legacy_keras(self, unit, statement, first_line, graph_mode=False):
        if graph_mode:
            names = {leaf.value for u in self.units for leaf in u.tree.leaves()}
            self._before(unit, _top_statement(statement), (
                'import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()' if 'tf' not in names
                else 'import tensorflow.compat.v1; tensorflow.compat.v1.disable_v2_behavior()')
                + "  # Keras 2 on TF1's graph")
            self.changes.append(Finding(unit.name, first_line, 0, 'Added TF1 behaviour '
                                        '(disable_v2_behavior) before Keras 2 is imported'))
            statement = _statement_of(_first_leaf(_top_statement(statement).prev_sibling))
        if self.needs_legacy_keras and not any('TF_USE_LEGACY_KERAS' in u.translated
                                               for u in self.units):
            line = first_line
            top = _top_statement(statement)
            # ``import os`` counts only above the TensorFlow import, where the line goes.
            earlier = top.parent.children[:top.parent.children.index(top)]
            has_os = any(_dotted(n) == 'importos' for node in earlier
                         for n in node.pre_order()
                         if n.type == _syms().import_name) or any(
                _dotted(n) == 'importos' for u in self.units[:self.units.index(unit)]
                for n in self._imports(u))
            lines = ([] if has_os else ['import os']) + [LEGACY_KERAS + LEGACY_KERAS_WHY]
            first = _first_leaf(top)
            prefix = first.prefix
            first.prefix = ''
            indent = _indent_of(top, unit.lines)
            new = _statements(''.join(line + '\n' for line in lines), prefix)
            for item in new[1:]:
                item.prefix = indent
            first.prefix = indent if indent else ''
            parent = top.parent
            index = parent.children.index(top)
            for offset, item in enumerate(new):
                parent.insert_child(index + offset, item)
            self.changes.append(Finding(unit.name, line, 0,
                                        "Added %s before TensorFlow is imported" % LEGACY_KERAS))


def migrate(units):
    """Migrate ``units`` (a list of Unit) in place; the Migration, with its findings."""
    return Migration(units).run()


def migrate_source(source, name='<source>'):
    """The migrated ``source`` (a script's text) and its Migration."""
    unit = Unit(name, source)
    migration = migrate([unit])
    return unit.source(), migration
