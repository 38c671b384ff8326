"""Read TF1 scripts without running them and list what will not work under the runner.

The scripts are parsed with ``ast`` (Python 2 files after their translation, see
``tf1_mnist.runner.engine.python2``); every ``tensorflow`` import, every attribute chain that starts
at a name bound to ``tensorflow`` (``tf.contrib.layers.flatten``) and every call of a function
whose arguments TensorFlow 1.0 changed is judged by ``tf1_mnist.runner.engine.table``, the same table
the runner uses. Imports of third-party packages that are not installed, and of TensorFlow's
internal modules that no longer exist, are found too. Modules beside a script that it imports
are read as well. Nothing is imported, TensorFlow included; a file that cannot be read or
parsed (a FIFO, a symlink loop, an unreadable file, an expression nested too deeply) is
reported as such, and the others are still checked.

The runner reads the same findings before it runs a script, and stops on the blockers.
"""

import ast
import collections
import functools
import importlib.machinery
import importlib.util
import os
import re
import stat
import sys

from tf1_mnist.runner.engine import era_check, python2, source_text, table

Finding = collections.namedtuple('Finding', 'filename line verdict guarded')
Finding.__new__.__defaults__ = (False,)

# Findings that are not about a TF1 name: a file that could not be read, a Python 2 file.
WARNING = 'warning'
UNREADABLE = 'unreadable'

# Exceptions whose handler makes a failing import a fallback rather than a blocker.
IMPORT_GUARDS = frozenset({'ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException',
                           'AttributeError'})

# Import names of packages and the distribution pip installs each from (the table's).
PIP_NAMES = table.ERA_PIP_NAMES


def _tf_path(module_name):
    """The names after ``tensorflow`` in ``module_name``, ``tensorflow.compat.v1`` counting as
    ``tensorflow``; None for other modules."""
    parts = module_name.split('.')
    if parts[0] != 'tensorflow':
        return None
    path = tuple(parts[1:])
    if path[:2] == ('compat', 'v1'):
        path = path[2:]
    return path


def _handler_names(handler):
    kind = handler.type
    if kind is None:
        return {'BaseException'}
    kinds = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return {k.id if isinstance(k, ast.Name) else getattr(k, 'attr', '') for k in kinds}


class _ScriptReader(ast.NodeVisitor):
    """Collects the TF1 names a module uses, its calls of changed functions, and the top-level
    modules it imports."""

    def __init__(self, installed):
        self.installed = installed
        self.bound = {}  # local name -> path under tensorflow
        self.uses = []  # (line, path, guarded)
        self.calls = []  # (line, verdict)
        self.imports = []  # (line, module name, names imported from it, guarded)
        self.guards = 0
        self.changes_sys_path = False
        self.others = {}  # local name -> dotted name, in the modules of table.STAND_INS
        self.stand_in_uses = []  # (line, dotted name)

    @property
    def imported(self):
        return {name.split('.')[0] for _, name, _, _ in self.imports}

    def visit_Try(self, node):
        guarded = any(_handler_names(h) & IMPORT_GUARDS for h in node.handlers)
        self.guards += guarded
        for statement in node.body:
            self.visit(statement)
        self.guards -= guarded
        for part in node.handlers + node.orelse + node.finalbody:
            self.visit(part)

    visit_TryStar = visit_Try

    def visit_Import(self, node):
        for alias in node.names:
            self.imports.append((node.lineno, alias.name, (), bool(self.guards)))
            path = _tf_path(alias.name)
            if path is None:
                if alias.name.split('.')[0] in _STAND_IN_ROOTS:
                    local = alias.asname or alias.name.split('.')[0]
                    self.others[local] = alias.name if alias.asname else local
                continue
            self.uses.append((node.lineno, path, bool(self.guards)))
            if alias.asname:
                self.bound[alias.asname] = path
            else:
                self.bound['tensorflow'] = ()

    def visit_ImportFrom(self, node):
        if node.level or not node.module:
            return
        names = tuple(alias.name for alias in node.names if alias.name != '*')
        self.imports.append((node.lineno, node.module, names, bool(self.guards)))
        path = _tf_path(node.module)
        if path is None:
            if node.module.split('.')[0] in _STAND_IN_ROOTS:
                for alias in node.names:
                    dotted = '%s.%s' % (node.module, alias.name)
                    self.others[alias.asname or alias.name] = dotted
                    self.stand_in_uses.append((node.lineno, dotted))
            return
        for alias in node.names:
            if alias.name == '*':
                continue
            self.uses.append((node.lineno, path + (alias.name,), bool(self.guards)))
            self.bound[alias.asname or alias.name] = path + (alias.name,)

    def visit_Attribute(self, node):
        chain = era_check.attribute_chain(node)
        if chain is None:
            self.generic_visit(node)
            return
        name, attributes = chain
        if name in self.bound:
            self.uses.append((node.lineno, self.bound[name] + attributes, bool(self.guards)))
        elif name in self.others:
            self.stand_in_uses.append((node.lineno, '.'.join((self.others[name],) + attributes)))

    def visit_Call(self, node):
        chain = era_check.attribute_chain(node.func)
        if chain is not None and chain[0] == 'sys' and chain[1][:1] == ('path',):
            self.changes_sys_path = True  # sys.path.append(...) and the like
        if isinstance(node.func, ast.Attribute):
            chain = era_check.attribute_chain(node.func)
            path = None
            if chain is not None and chain[0] in self.bound:
                path = self.bound[chain[0]] + chain[1]
        elif isinstance(node.func, ast.Name):
            path = self.bound.get(node.func.id) or None
            if node.func.id in self.others:
                self.stand_in_uses.append((node.lineno, self.others[node.func.id]))
        else:
            path = None
        if path is not None:
            entry = table.BY_KEY.get(tuple(path))
            if entry is not None:
                self.calls.extend((node.lineno, v) for v in _call_notes(entry, node))
        self.generic_visit(node)

    def findings(self, filename):
        seen = set()
        for line, path, guarded in self.uses:
            verdict = table.classify(path, self.installed)
            if verdict is not None and (line, verdict.symbol) not in seen:
                seen.add((line, verdict.symbol))
                yield Finding(filename, line, verdict, guarded)
        for line, verdict in self.calls:
            if (line, verdict.symbol, verdict.what) not in seen:
                seen.add((line, verdict.symbol, verdict.what))
                yield Finding(filename, line, verdict)
        for line, dotted in self.stand_in_uses:
            stand_in = _stand_in(dotted, self.mentions_mnist_files)
            if stand_in is not None and (line, dotted) not in seen:
                seen.add((line, dotted))
                yield Finding(filename, line, table.Verdict(table.NOTE, dotted, stand_in.note, ''))


# The top-level modules of the names that table.STAND_INS replaces.
_STAND_IN_ROOTS = frozenset(name.split('.')[0] for s in table.STAND_INS for name in s.names)


def _stand_in(dotted, mentions_mnist_files):
    """The stand-in that the use of ``dotted`` (a module or function) reaches, or None. Uses of
    urlretrieve and urlopen count only in a file that names one of MNIST's files."""
    for stand_in in table.STAND_INS:
        for name in stand_in.names:
            if (name == dotted or (name.startswith(dotted + '.')
                                   and dotted.count('.') >= name.count('.') - 1)):
                if stand_in.module.startswith('urllib') and not mentions_mnist_files:
                    return None
                return stand_in
    return None


def _call_notes(entry, call):
    """What a call of a function whose arguments TensorFlow 1.0 changed will do."""
    shown = 'tf.' + entry.path
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    if entry.old_order and len(positional) >= entry.positional_from:
        order = ', '.join(entry.old_order)
        if entry.path == 'svd':
            yield table.Verdict(table.BLOCKED, shown, 'has positional flags, which TF 0.x read as '
                                '(compute_uv, full_matrices) and TF 1.x as (full_matrices, '
                                'compute_uv)', 'name them: compute_uv=..., full_matrices=...')
        elif entry.path in ('concat', 'split', 'reverse'):
            deciding = positional[entry.positional_from - 1]
            if entry.path == 'reverse':
                old = (isinstance(deciding, (ast.List, ast.Tuple)) and deciding.elts
                       and all(isinstance(e, ast.Constant) and isinstance(e.value, bool)
                               for e in deciding.elts))
                new = isinstance(deciding, (ast.List, ast.Tuple)) and not old
            else:
                old = (isinstance(deciding, ast.Constant) and isinstance(deciding.value, int)
                       and not isinstance(deciding.value, bool))
                new = isinstance(deciding, (ast.List, ast.Tuple, ast.ListComp))
            if old:
                yield table.Verdict(table.NOTE, shown, "is called in TF 0.x's argument order "
                                    '(%s): read as TF 0.x read it' % order, '')
            elif not new:
                yield table.Verdict(table.NOTE, shown, 'is called with positional arguments: '
                                    "read in TF 0.x's order (%s) when the argument types say "
                                    "so, else in TF 1.x's" % order, '')
        else:
            yield table.Verdict(table.NOTE, shown, 'is called with positional arguments, which '
                                "TF 1.x refused: read in TF 0.x's order (%s)" % order, '')
    renamed = dict(entry.keywords)
    for keyword in call.keywords:
        if keyword.arg in renamed:
            yield table.Verdict(table.NOTE, shown, '%s= is the old name of %s=; it works'
                                % (keyword.arg, renamed[keyword.arg]), '')


@functools.lru_cache(maxsize=1)
def _tensorflow_folder():
    try:
        spec = importlib.util.find_spec('tensorflow')
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return list(spec.submodule_search_locations)[0]


def _module_source(folder, parts):
    """(exists, source text or None) of the module ``parts`` under ``folder``."""
    base = os.path.join(folder, *parts)
    for candidate in (base + '.py', os.path.join(base, '__init__.py')):
        if os.path.isfile(candidate):
            try:
                with open(candidate, encoding='utf-8', errors='replace') as f:
                    return True, f.read()
            except OSError:
                return True, None
    parent = os.path.dirname(base)
    if os.path.isdir(base) or (os.path.isdir(parent) and any(
            name.startswith(parts[-1] + '.') for name in os.listdir(parent))):
        return True, None  # a compiled extension module, or a namespace package
    return False, None


def _missing_internal(module, names):
    """For ``from tensorflow.python.X import names``: the first dotted name that TensorFlow no
    longer has, or None."""
    folder = _tensorflow_folder()
    parts = module.split('.')[1:]
    if folder is None or not parts or parts[0] != 'python':
        return None
    exists, source = _module_source(folder, parts)
    if not exists:
        return module
    # A module that re-exports another's names with ``import *`` may hold any name.
    if source is not None and re.search(r'^\s*from\s+\S+\s+import\s+\*', source, re.M):
        return None
    for name in names:
        if _module_source(folder, parts + [name])[0]:
            continue
        if source is not None and not re.search(r'\b%s\b' % re.escape(name), source):
            return '%s.%s' % (module, name)
    return None


def _package_holding(folder, name):
    """The folder named ``name`` among ``folder`` and the folders above it that Python finds
    ``name`` in from its parent (a package or module), or None."""
    folder = os.path.abspath(folder)
    while True:
        if os.path.basename(folder) == name:
            if importlib.machinery.PathFinder.find_spec(name, [os.path.dirname(folder)]):
                return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _import_findings(reader, filename, installed):
    folder = os.path.dirname(filename)
    stdlib = getattr(sys, 'stdlib_module_names', ())
    for line, module, names, guarded in reader.imports:
        top = module.split('.')[0]
        if top == 'tensorflow':
            missing = _missing_internal(module, names)
            if missing is not None:
                yield Finding(filename, line, table.Verdict(
                    table.BLOCKED, missing, 'no longer exists in TensorFlow 2',
                    'use the public API, tf.compat.v1, instead'), guarded)
            continue
        # A plain folder beside the script imports as a namespace package.
        if (top in stdlib or top == '__future__' or sibling_module(folder, top) is not None
                or os.path.isdir(os.path.join(folder, top)) or installed(top)):
            continue
        holder = _package_holding(folder, top)
        if holder is not None:
            yield Finding(filename, line, table.Verdict(
                table.NOTE, 'import %s' % top, 'is the package %s that holds the script; the '
                'runner imports it from the folder above' % holder, ''), guarded)
            continue
        if top == 'input_data':
            verdict = table.Verdict(table.NOTE, 'import input_data', 'has no input_data.py '
                                    "beside the script; the runner gives it the TF1 tutorial's "
                                    'module (tf1_mnist.input_data, bundled MNIST)', '')
        elif reader.changes_sys_path:
            verdict = table.Verdict(table.NOTE, 'import %s' % top, 'is neither installed nor '
                                    'beside the script; the script changes sys.path and may '
                                    'find it there', '')
        elif table.missing_package(top, installed) is not None:
            verdict = table.missing_package(top, installed)
        else:
            verdict = table.Verdict(table.BLOCKED, 'import %s' % top, 'finds no module %s '
                                    'installed or beside the script' % top,
                                    'install the package that provides it, or copy %s.py '
                                    'beside the script' % top)
        yield Finding(filename, line, verdict, guarded)


def parse(source, filename):
    """(tree, whether the source was Python 2 and translated) for ``source``.

    Raises SyntaxError (neither Python 3 nor Python 2), python2.TranslationUnavailable,
    RecursionError or MemoryError (nested too deeply for the parser).
    """
    try:
        return ast.parse(source, filename), False
    except SyntaxError as python3_error:
        if 'too many nested' in str(python3_error.msg):
            raise RecursionError(python3_error.msg) from None  # Python 2 could not parse it either
        try:
            translated = python2.translate(source, filename)
        except SyntaxError as python2_error:  # not Python 2 either: the further parse says more
            raise python2.better_error(python3_error, python2_error) from None
    python2.compile_translation(source, translated, filename)
    return ast.parse(translated, filename), True


def check_source(source, filename, installed=table.installed):
    """Return (findings, names of the top-level modules imported) for one module's source."""
    try:
        tree, translated = parse(source, filename)
        reader = _ScriptReader(installed)
        reader.mentions_mnist_files = any(name in source for name in table.MNIST_FILES)
        reader.visit(tree)
    except SyntaxError as error:
        return [Finding(filename, error.lineno or 1, table.Verdict(
            UNREADABLE, 'the file', 'could not be parsed', str(error.msg)))], set()
    except python2.TranslationUnavailable as error:
        return [Finding(filename, 1, table.Verdict(
            table.BLOCKED, 'the file', 'is Python 2 code', str(error)))], set()
    except (RecursionError, MemoryError):
        return [Finding(filename, None, table.Verdict(
            UNREADABLE, 'the file', 'could not be parsed',
            'an expression in it is nested too deeply'))], set()
    findings = []
    if translated:
        findings.append(Finding(filename, 1, table.Verdict(
            table.NOTE, 'the file', 'is Python 2 code; it is translated to Python 3 (fissix) '
            'when it runs', '')))
        findings.extend(Finding(filename, line, table.Verdict(
            table.NOTE, "'/'", 'was integer division in Python 2 and is true division in '
            'Python 3, and its result is used as a size or an index here; the runner divides '
            'as Python 2 did; in Python 3 source write // if an integer is meant', ''))
            for line in python2.integer_divisions(tree))
    findings.extend(reader.findings(filename))
    findings.extend(Finding(filename, line, verdict)
                    for line, verdict in era_check.findings(tree, filename))
    findings.extend(_import_findings(reader, filename, installed))
    return sorted(findings, key=lambda f: f.line or 0), reader.imported


def read_source(filename):
    """(text, None) of a Python file, or (None, why it could not be read). Never blocks: only
    regular files are opened, without waiting."""
    try:
        info = os.stat(filename)
    except OSError as error:
        return None, error.strerror or str(error)
    if not stat.S_ISREG(info.st_mode):
        return None, 'not a regular file'
    try:
        fd = os.open(filename, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0))
        with os.fdopen(fd, 'rb') as f:
            data = f.read()
    except OSError as error:
        return None, error.strerror or str(error)
    legacy = source_text.legacy_encoding(data)
    if legacy is not None:
        return data.decode(legacy[0]), None
    try:
        return importlib.util.decode_source(data), None
    except (UnicodeDecodeError, SyntaxError, LookupError) as error:
        return None, 'not text in its declared encoding (%s)' % error


def _scripts_in(path, unreadable):
    if not os.path.isdir(path):
        return [path]
    found = []

    def walk_error(error):
        unreadable.append((error.filename or path, error.strerror or str(error)))

    for folder, subfolders, files in os.walk(path, onerror=walk_error):
        subfolders[:] = sorted(d for d in subfolders
                               if not d.startswith('.') and d != '__pycache__')
        found.extend(os.path.join(folder, name) for name in sorted(files)
                     if name.endswith('.py'))
    return found


def sibling_module(folder, name):
    for candidate in (os.path.join(folder, name + '.py'),
                      os.path.join(folder, name, '__init__.py')):
        if os.path.lexists(candidate):
            return candidate
    return None


def check_files(paths, installed=table.installed):
    """Return (findings, files read) for ``paths`` and the sibling modules they import."""
    unreadable = []
    queue = [script for path in paths for script in _scripts_in(path, unreadable)]
    findings = [Finding(name, None, table.Verdict(UNREADABLE, 'the folder' if os.path.isdir(
        name) else 'the file', 'could not be read', why)) for name, why in unreadable]
    done = set()
    files = []
    while queue:
        filename = queue.pop(0)
        key = os.path.abspath(filename)
        if key in done:
            continue
        done.add(key)
        files.append(filename)
        source, why = read_source(filename)
        if source is None:
            findings.append(Finding(filename, None, table.Verdict(
                UNREADABLE, 'the file', 'could not be read', why)))
            continue
        copy = table.copy_of(source)
        if copy is not None:
            # Its code does not run: the script gets the copy's provider.
            findings.append(Finding(filename, 1, table.Verdict(
                table.NOTE, 'this module', 'is %s, which %s' % (copy.description, copy.note),
                '')))
            continue
        found, imported = check_source(source, filename, installed)
        findings.extend(found)
        folder = os.path.dirname(filename)
        for name in sorted(imported):
            sibling = sibling_module(folder, name)
            if sibling is not None:
                queue.append(sibling)
    return findings, files


def is_problem(finding):
    """Whether a finding stops the run: a refused name or package, a file not understood."""
    return finding.verdict.kind in (table.BLOCKED, UNREADABLE) and not finding.guarded


def line(finding, start=None):
    """The one line that reports ``finding``; paths relative to ``start`` when given."""
    verdict = finding.verdict
    filename = finding.filename
    if start is not None:
        relative = os.path.relpath(filename, start)
        filename = filename if relative.startswith(os.pardir) else relative
    where = filename if finding.line is None else '%s:%d' % (filename, finding.line)
    if verdict.kind == UNREADABLE:
        return '%s: %s %s: %s' % (where, verdict.symbol, verdict.what, verdict.advice)
    if verdict.kind == table.NOTE or finding.guarded:
        guarded = ' (inside a try that handles its failure)' if finding.guarded else ''
        return '%s: note: %s %s%s' % (where, verdict.symbol, verdict.what, guarded)
    if verdict.kind == WARNING:
        return '%s: warning: %s %s; %s' % (where, verdict.symbol, verdict.what, verdict.advice)
    return '%s: %s %s; %s' % (where, verdict.symbol, verdict.what, verdict.advice)


def check_paths(paths, installed=table.installed, out=None):
    """Print one line per use that will not work (and notes); return 1 if any, else 0."""
    out = out or sys.stdout
    findings, files = check_files(paths, installed)
    for finding in findings:
        print(line(finding), file=out)
    return print_summary(sum(1 for f in findings if is_problem(f)), len(files), out)


def print_summary(problems, files, out):
    """Print the closing line of a check (how many problems in how many files); return 1 if
    there are problems, else 0."""
    checked = '%d file%s' % (files, '' if files == 1 else 's')
    if problems:
        print('%d problem%s found in %s' % (problems, '' if problems == 1 else 's', checked),
              file=out)
        return 1
    print('no problems found in %s' % checked, file=out)
    return 0
