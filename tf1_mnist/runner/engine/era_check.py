"""What ``--check`` says about the era's removed names (``table.ERA_NAMES``, ``ERA_MODULES``
and ``ERA_CHANGES``) in a module's source: a note for each use, as the runner gives them back.
Nothing is imported."""

import ast
import re

from tf1_mnist.runner.engine import table

# Modules that scripts reach through another's attribute: ``plt.cm`` is ``matplotlib.cm``.
_ATTRIBUTE_MODULES = {'matplotlib.pyplot.cm': 'matplotlib.cm',
                      'matplotlib.pyplot.mlab': 'matplotlib.mlab'}
_NAMES = {(n.module, n.name): n for n in table.ERA_NAMES}
_MODULES = {m.module: m for m in table.ERA_MODULES}
_PATTERN = re.compile(r"^(\w+)(?:\((\w+=|\*\*|,,|'\w+')\))?$")


def attribute_chain(node):
    """``tf.a.b`` as ('tf', ('a', 'b')); None when the chain does not start at a name."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return node.id, tuple(reversed(names))


def _era_name(dotted):
    """The EraName that the dotted name ``dotted`` reaches, or None."""
    parts = dotted.split('.')
    for i in range(len(parts) - 1, 0, -1):
        module = '.'.join(parts[:i])
        module = _ATTRIBUTE_MODULES.get(module, module)
        found = _NAMES.get((module, parts[i]))
        if found is not None:
            return found
    return None


def _matches(pattern, call, attribute):
    name, argument = _PATTERN.match(pattern).groups()
    if name != attribute:
        return False
    if argument is None:
        return True
    if call is None:
        return False
    if argument == '**':
        return bool(call.keywords)
    if argument == ',,':
        return len(call.args) >= 2
    if argument.endswith('='):
        return any(k.arg == argument[:-1] for k in call.keywords)
    prefix = argument.strip("'")
    values = call.args[:1]
    return any(isinstance(v, ast.Constant) and isinstance(v.value, str)
               and v.value.startswith(prefix) for v in values)


def findings(tree, filename):
    """``(line, Verdict)`` notes for the era's names used in ``tree``."""
    bound = {}  # local name -> dotted module name
    tops = set()
    notes = []
    calls = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            calls[id(node.func)] = node
        if isinstance(node, ast.Import):
            for alias in node.names:
                tops.add(alias.name.split('.')[0])
                if alias.name in _MODULES:
                    notes.append((node.lineno, _module_note(alias.name)))
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    bound[alias.name.split('.')[0]] = alias.name.split('.')[0]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            tops.add(node.module.split('.')[0])
            if node.module in _MODULES:
                notes.append((node.lineno, _module_note(node.module)))
            for alias in node.names:
                dotted = '%s.%s' % (node.module, alias.name)
                bound[alias.asname or alias.name] = dotted
                if dotted in _MODULES:
                    notes.append((node.lineno, _module_note(dotted)))
                    continue
                era_name = _era_name(dotted)
                if era_name is not None:
                    notes.append((node.lineno, _name_note(era_name)))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        chain = attribute_chain(node)
        if chain is not None and chain[0] in bound:
            era_name = _era_name('.'.join((bound[chain[0]],) + chain[1]))
            if era_name is not None:
                notes.append((node.lineno, _name_note(era_name)))
                continue
        for change in table.ERA_CHANGES:
            if change.module.split('.')[0] not in tops:
                continue
            if any(_matches(p, calls.get(id(node)), node.attr) for p in change.attributes):
                notes.append((node.lineno, table.Verdict(table.NOTE, change.what.split(' ')[0],
                                                         _after_subject(change.what), '')))
    seen = set()
    unique = []
    for line, verdict in notes:
        if (line, verdict.symbol, verdict.what) not in seen:
            seen.add((line, verdict.symbol, verdict.what))
            unique.append((line, verdict))
    return unique


def _shown(module):
    return {'numpy': 'np', 'matplotlib.pyplot': 'plt'}.get(module, module)


def _name_note(era_name):
    return table.Verdict(table.NOTE, '%s.%s' % (_shown(era_name.module), era_name.name),
                         era_name.what, '')


def _module_note(module):
    return table.Verdict(table.NOTE, 'import %s' % module, _MODULES[module].what, '')


def _after_subject(text):
    return text.split(' ', 1)[1]
