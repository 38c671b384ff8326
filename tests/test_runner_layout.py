"""The runner's package: its engine below its front-ends, no circle among the package's modules,
no module reaching into another's private names, and the old module names as the same modules."""

import ast
import importlib
import os
import subprocess
import sys

import pytest

from conftest import REPO, subprocess_env

PACKAGE = os.path.join(REPO, 'tf1_mnist')
OLD_NAMES = {'tf1_mnist.run': 'tf1_mnist.runner.script',
             'tf1_mnist.notebook': 'tf1_mnist.runner.notebook',
             'tf1_mnist.kernel': 'tf1_mnist.runner.kernel',
             'tf1_mnist.course': 'tf1_mnist.runner.course',
             'tf1_mnist.upgrade': 'tf1_mnist.runner.upgrade',
             'tf1_mnist.figures': 'tf1_mnist.runner.figures',
             'tf1_mnist.reproduce': 'tf1_mnist.runner.reproduce',
             'tf1_mnist.legacy': 'tf1_mnist.runner.engine'}


def package_modules():
    """{module name: parsed source} for every module of the package."""
    found = {}
    for folder, _, files in os.walk(PACKAGE):
        for name in files:
            if not name.endswith('.py'):
                continue
            path = os.path.join(folder, name)
            parts = os.path.relpath(path, REPO)[:-3].split(os.sep)
            if parts[-1] == '__init__':
                parts.pop()
            with open(path, encoding='utf-8') as f:
                found['.'.join(parts)] = ast.parse(f.read(), path)
    return found


def imported_modules(name, tree, modules):
    """The package's modules that ``name`` imports (anywhere in it), with what it imports from
    each: {module: {imported names}}."""
    found = {}

    def add(module, what=None):
        while module not in modules and '.' in module:
            module = module.rsplit('.', 1)[0]
        if module in modules and module != name:
            found.setdefault(module, set()).update([what] if what else [])

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if node.module + '.' + alias.name in modules:
                    add(node.module + '.' + alias.name)
                else:
                    add(node.module, alias.name)
    return found


def test_no_circle_among_the_packages_modules():
    modules = package_modules()
    graph = {name: set(imported_modules(name, tree, modules)) for name, tree in modules.items()}
    # A package imports its own __init__ on the way to any submodule: that is no edge here.
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + '.')}
    done, stack = set(), []

    def visit(name):
        if name in stack:
            raise AssertionError('circle: ' + ' -> '.join(stack[stack.index(name):] + [name]))
        if name in done:
            return
        stack.append(name)
        for other in sorted(graph[name]):
            visit(other)
        stack.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


def test_the_engine_imports_no_front_end_and_nothing_imports_an_old_name():
    modules = package_modules()
    front_ends = {name for name in modules if name.startswith('tf1_mnist.runner.')
                  and not name.startswith('tf1_mnist.runner.engine')}
    for name, tree in modules.items():
        used = set(imported_modules(name, tree, modules))
        if name.startswith('tf1_mnist.runner.engine'):
            assert not used & front_ends, (name, used & front_ends)
        if name not in OLD_NAMES:
            assert not used & set(OLD_NAMES), (name, used & set(OLD_NAMES))


def test_no_module_uses_another_modules_private_names():
    modules = package_modules()
    for name, tree in modules.items():
        used = imported_modules(name, tree, modules)
        private = {m: sorted(n for n in names if n.startswith('_'))
                   for m, names in used.items()}
        assert not any(private.values()), (name, private)
        bound = {alias.asname or alias.name for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module
                 and node.module.startswith('tf1_mnist')
                 for alias in node.names
                 if node.module + '.' + alias.name in modules}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in bound and node.attr.startswith('_')
                    and not node.attr.startswith('__')):
                raise AssertionError('%s uses %s.%s' % (name, node.value.id, node.attr))


@pytest.mark.parametrize('old, new', sorted(OLD_NAMES.items()))
def test_an_old_module_name_is_the_same_module(old, new):
    assert importlib.import_module(old) is importlib.import_module(new)


def test_the_old_engine_names_reach_each_of_its_modules():
    from tf1_mnist.legacy import check, table
    from tf1_mnist.legacy.replacements import contrib_layers
    import tf1_mnist.legacy.namespace
    import tf1_mnist.runner.engine as engine
    assert check is engine.check and table is engine.table
    assert contrib_layers is importlib.import_module(
        'tf1_mnist.runner.engine.replacements.contrib_layers')
    assert tf1_mnist.legacy.namespace is importlib.import_module(
        'tf1_mnist.runner.engine.namespace')
    assert tf1_mnist.legacy.install_legacy is engine.install_legacy


def test_python_m_an_old_name_runs_the_front_ends_main(tmp_path):
    script = tmp_path / 'hello.py'
    script.write_text('import tensorflow as tf\nprint(tf.placeholder(tf.float32, [None, 3]).shape)\n')
    done = subprocess.run([sys.executable, '-m', 'tf1_mnist.run', str(script)], cwd=str(tmp_path),
                          env=subprocess_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == '(?, 3)'
    usage = subprocess.run([sys.executable, '-m', 'tf1_mnist.course', '--jobs', '0'],
                           cwd=str(tmp_path), env=subprocess_env(), capture_output=True,
                           text=True, timeout=300)
    assert usage.returncode == 2 and 'python -m tf1_mnist.course' in usage.stderr
