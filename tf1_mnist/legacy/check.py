"""Read TF1 scripts without running them and list what will not work under the runner.

The scripts are parsed with ``ast``; every ``tensorflow`` import and every attribute chain that
starts at a name bound to ``tensorflow`` (``tf.contrib.layers.flatten``) is judged by
``tf1_mnist.legacy.table``, the same table the runner uses. Modules beside a script that it
imports are read too. Nothing is imported, TensorFlow included.
"""

import ast
import collections
import os
import sys

from tf1_mnist.legacy import table

Finding = collections.namedtuple('Finding', 'filename line verdict')


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


def _attribute_chain(node):
    """``tf.a.b`` as ('tf', ('a', 'b')); None when the chain does not start at a name."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return node.id, tuple(reversed(names))


class _ScriptReader(ast.NodeVisitor):
    """Collects the TF1 names a module uses, and the top-level modules it imports."""

    def __init__(self, installed):
        self.installed = installed
        self.bound = {}  # local name -> path under tensorflow
        self.uses = []  # (line, path)
        self.imported = set()

    def visit_Import(self, node):
        for alias in node.names:
            self.imported.add(alias.name.split('.')[0])
            path = _tf_path(alias.name)
            if path is None:
                continue
            self.uses.append((node.lineno, path))
            if alias.asname:
                self.bound[alias.asname] = path
            else:
                self.bound['tensorflow'] = ()

    def visit_ImportFrom(self, node):
        if node.level or not node.module:
            return
        self.imported.add(node.module.split('.')[0])
        path = _tf_path(node.module)
        if path is None:
            return
        for alias in node.names:
            if alias.name == '*':
                continue
            self.uses.append((node.lineno, path + (alias.name,)))
            self.bound[alias.asname or alias.name] = path + (alias.name,)

    def visit_Attribute(self, node):
        chain = _attribute_chain(node)
        if chain is None:
            self.generic_visit(node)
            return
        name, attributes = chain
        if name in self.bound:
            self.uses.append((node.lineno, self.bound[name] + attributes))

    def findings(self, filename):
        seen = set()
        for line, path in self.uses:
            verdict = table.classify(path, self.installed)
            if verdict is not None and (line, verdict.symbol) not in seen:
                seen.add((line, verdict.symbol))
                yield Finding(filename, line, verdict)


def check_source(source, filename, installed=table.installed):
    """Return (findings, names of the top-level modules imported) for one module's source."""
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as error:
        verdict = table.Verdict(table.BLOCKED, 'the file', 'is not valid Python 3 (%s)'
                                 % error.msg, 'convert Python 2 code first, e.g. with 2to3')
        return [Finding(filename, error.lineno or 1, verdict)], set()
    reader = _ScriptReader(installed)
    reader.visit(tree)
    return sorted(reader.findings(filename), key=lambda f: f.line), reader.imported


def _scripts_in(path):
    if not os.path.isdir(path):
        return [path]
    found = []
    for folder, subfolders, files in os.walk(path):
        subfolders[:] = sorted(d for d in subfolders
                               if not d.startswith('.') and d != '__pycache__')
        found.extend(os.path.join(folder, name) for name in sorted(files)
                     if name.endswith('.py'))
    return found


def _sibling_module(folder, name):
    for candidate in (os.path.join(folder, name + '.py'),
                      os.path.join(folder, name, '__init__.py')):
        if os.path.isfile(candidate):
            return candidate
    return None


def check_files(paths, installed=table.installed):
    """Return (findings, files read) for ``paths`` and the sibling modules they import."""
    queue = [script for path in paths for script in _scripts_in(path)]
    done = set()
    findings = []
    files = []
    while queue:
        filename = queue.pop(0)
        key = os.path.realpath(filename)
        if key in done:
            continue
        done.add(key)
        files.append(filename)
        with open(filename, encoding='utf-8', errors='replace') as f:
            source = f.read()
        found, imported = check_source(source, filename, installed)
        findings.extend(found)
        folder = os.path.dirname(filename)
        for name in sorted(imported):
            sibling = _sibling_module(folder, name)
            if sibling is not None:
                queue.append(sibling)
    return findings, files


def _line(finding):
    verdict = finding.verdict
    where = '%s:%d' % (finding.filename, finding.line)
    if verdict.kind == table.NOTE:
        return '%s: note: %s %s' % (where, verdict.symbol, verdict.what)
    return '%s: %s %s; %s' % (where, verdict.symbol, verdict.what, verdict.advice)


def check_paths(paths, installed=table.installed, out=None):
    """Print one line per use that will not work (and notes); return 1 if any, else 0."""
    out = out or sys.stdout
    findings, files = check_files(paths, installed)
    for finding in findings:
        print(_line(finding), file=out)
    problems = sum(1 for f in findings if f.verdict.kind == table.BLOCKED)
    checked = '%d file%s' % (len(files), '' if len(files) == 1 else 's')
    if problems:
        print('%d problem%s found in %s' % (problems, '' if problems == 1 else 's', checked),
              file=out)
        return 1
    print('no problems found in %s' % checked, file=out)
    return 0
