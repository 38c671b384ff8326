"""Write a copy of TF1 course material that runs with plain ``python`` on TensorFlow 2.

    python -m tf1_mnist.upgrade PATH [--out DIR] [--report FILE] [--force] [--verify]

PATH is a script, a notebook or a folder (its ``.py`` and ``.ipynb`` files, and its other files
copied as they are). The copy goes to DIR (default: ``NAME_tf2`` beside PATH): the TF1 API as
``import tensorflow.compat.v1 as tf`` with ``tf.disable_v2_behavior()``, the table's renames,
keywords and argument orders as TensorFlow 1.x names them, ``tf.contrib`` families as
``tf_slim`` and ``tf.nn.rnn_cell``, MNIST from ``tf1_mnist.input_data``, Python 2 as Python 3
(``tf1_mnist.runner.engine.migrate``). What cannot be converted is left as it was, marked with a
comment and listed. The report, in tf_upgrade_v2's style (``file:line:col: what changed``),
goes to FILE (default: DIR/upgrade_report.txt); the summary line is printed.

Nothing is written over: not the input (DIR may not be PATH, lie inside the folder PATH, or hold
PATH), and no existing file without ``--force``. Each file is written atomically.

``--verify`` runs each upgraded script and its original for a short time with the same seed,
the original under ``python -m tf1_mnist.run`` and the copy as plain ``python``, and compares
the numbers they print line by line; exit status 1 when they differ.
"""

import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tokenize

from tf1_mnist import atomic, cli
from tf1_mnist.runner.engine import migrate, source_text, table

PROG = 'python -m tf1_mnist.upgrade'
REPORT_NAME = 'upgrade_report.txt'
DEPENDENCY = 'tf1_mnist.'
MAGIC = re.compile(r'^(\s*)([%!].*)$')
# A statement, not a comment: a magic may be all of a block (``try:`` then ``%pip install``).
MAGIC_MARK = 'pass  # tf1_mnist.upgrade.magic:%d'
NUMBER = re.compile(r'[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?')


# What a module that the table recognises as a copy of an old TensorFlow module becomes.
COPY_MODULE = '''"""Written by python -m tf1_mnist.upgrade in place of
%s, which downloads from an address that no longer
serves it: the same functions, from tf1_mnist. The original file keeps the author's code."""

from %s import *  # noqa: F401,F403
'''


class BadInput(Exception):
    """Input that cannot be upgraded: one line, exit status 2."""


class FileResult:
    """One file upgraded: where it went, and the findings about it."""

    def __init__(self, source, target, shown, migration=None, error=None, encoding='utf-8'):
        self.source, self.target, self.shown = source, target, shown
        self.migration, self.error = migration, error
        self.encoding = encoding  # the copy's: the source's declared one, else UTF-8


def _cell_source(cell):
    source = cell.get('source', '')
    return ''.join(source) if isinstance(source, list) else str(source)


def _mask_magics(source):
    """A cell's source with IPython lines (``%matplotlib inline``, ``!ls``) as comments, and
    the lines they stand for; None for a cell magic that is not Python (``%%bash``)."""
    lines = source.splitlines(keepends=True)
    if lines and lines[0].lstrip().startswith('%%'):
        return None, []
    magics, masked = [], []
    for line in lines:
        match = MAGIC.match(line.rstrip('\n'))
        if match and not _continues(masked):
            masked.append(match.group(1) + MAGIC_MARK % len(magics)
                          + ('\n' if line.endswith('\n') else ''))
            magics.append(match.group(2))
        else:
            masked.append(line)
    return ''.join(masked), magics


def _continues(lines):
    """Whether a line after ``lines`` continues their statement (an open bracket, a ``\\``):
    then a line starting with ``%`` is the modulo operator, not a magic."""
    text = ''.join(lines)
    if text.rstrip('\n').endswith('\\'):
        return True
    try:
        for _ in tokenize.generate_tokens(io.StringIO(text).readline):
            pass
    except tokenize.TokenError:
        return True
    except (SyntaxError, ValueError):
        return False
    return False


def _unmask(source, magics):
    for number, magic in enumerate(magics):
        source = source.replace(MAGIC_MARK % number, magic, 1)
    return source


def script_text(data, shown):
    """(text, encoding of the copy, the change to report or None) of a script's bytes, read as
    Python reads them (a coding line or a BOM, else UTF-8) or, in a file that is neither and
    declares nothing, in the legacy encoding the runner reads it in (GBK, Shift JIS, cp949).
    The copy keeps a declared encoding, so that its coding line stays true; otherwise it is
    UTF-8, which is what plain ``python`` reads."""
    found = source_text.legacy_encoding(data)
    if found is not None:
        codec, name = found
        text = data.decode(codec).replace('\r\n', '\n').replace('\r', '\n')
        return text, 'utf-8', migrate.Finding(
            shown, 1, 0, 'not UTF-8 and declaring no encoding: read as %s, written as UTF-8, '
            'as Python 3 reads source' % name)
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        return importlib.util.decode_source(data), encoding, None
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        raise migrate.Unmigratable('%s cannot be read as Python source: %s' % (shown, error))


def upgrade_script(path, shown):
    """(migrated source, Migration, the copy's encoding, the source as read) of the script
    ``path``."""
    with open(path, 'rb') as f:
        data = f.read()
    source, encoding, read_as = script_text(data, shown)
    unit = migrate.Unit(shown, source)
    migration = migrate.migrate([unit])
    if read_as is not None:
        migration.changes.insert(0, read_as)
    return unit.source(), migration, encoding, source


def upgrade_notebook(path, shown):
    """(migrated notebook text, Migration) of the notebook ``path``; its cells are migrated
    together, as a kernel runs them."""
    try:
        with open(path, encoding='utf-8') as f:
            document = json.load(f)
        cells = document['cells']
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise BadInput('%s: not a Jupyter notebook of format 4 (%s)' % (shown, error)) from None
    units, problems = [], []
    number = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get('cell_type') != 'code':
            continue
        number += 1
        masked, magics = _mask_magics(_cell_source(cell))
        if masked is None:
            continue
        name = '%s:cell %d' % (shown, number)
        try:
            unit = migrate.Unit(name, masked)
        except migrate.Unmigratable as error:
            problems.append(migrate.Finding(name, 1, 0, 'the cell was left as it is: %s'
                                            % error))
            continue
        units.append((cell, unit, magics))
    migration = migrate.migrate([unit for _, unit, _ in units])
    migration.problems[:0] = problems
    for cell, unit, magics in units:
        text = _unmask(unit.source(), magics)
        if isinstance(cell.get('source'), list):
            cell['source'] = text.splitlines(keepends=True)
        else:
            cell['source'] = text
    return json.dumps(document, indent=1, ensure_ascii=False) + '\n', migration


def _inside(path, folder):
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def plan(path, out, skipped=None):
    """The (source, target, shown name, kind) of each file to write, checked to be safe.

    In a folder, what cannot be copied (a FIFO, a device, a link to nothing or a loop of links)
    and links to folders (not followed) go into ``skipped`` as (name, why)."""
    skipped = [] if skipped is None else skipped
    if os.path.lexists(out) and not os.path.isdir(out):
        raise BadInput('--out %s: is a file; expected a folder' % out)
    if os.path.isdir(path):
        if _inside(out, path):
            raise BadInput('--out %s: lies inside the input folder %s; give a folder outside it'
                           % (out, path))
        if _inside(path, out):
            raise BadInput('--out %s: holds the input folder %s; give a folder outside it'
                           % (out, path))
        files = []
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = sorted(d for d in subfolders
                                   if not d.startswith('.') and d != '__pycache__')
            for name in [d for d in subfolders if os.path.islink(os.path.join(folder, d))]:
                subfolders.remove(name)
                skipped.append((os.path.relpath(os.path.join(folder, name), path),
                                'a link to a folder, not followed'))
            for name in sorted(names):
                if name.startswith('.') or atomic.is_temp_name(name) or name.endswith('.pyc'):
                    continue
                source = os.path.join(folder, name)
                relative = os.path.relpath(source, path)
                kind = ('script' if name.endswith('.py') else
                        'notebook' if name.endswith('.ipynb') else 'copy')
                problem = cli.file_problem(source)
                if problem:
                    skipped.append((relative, problem))
                    continue
                files.append((source, os.path.join(out, relative), relative, kind))
        if not any(kind != 'copy' for _, _, _, kind in files):
            raise BadInput('%s: no .py script or .ipynb notebook in the folder' % path)
        return files
    problem = cli.file_problem(path)  # a FIFO, a device or a link loop: named, never opened
    if problem:
        raise BadInput('%s: %s' % (path, problem))
    name = os.path.basename(path)
    if not name.endswith(('.py', '.ipynb')):
        raise BadInput('%s: expected a .py script, an .ipynb notebook or a folder' % path)
    target = os.path.join(out, name)
    if os.path.realpath(target) == os.path.realpath(path):
        raise BadInput('--out %s: the copy would be written over %s; give another folder'
                       % (out, path))
    return [(path, target, name, 'script' if name.endswith('.py') else 'notebook')]


def default_out(path):
    path = os.path.normpath(path)
    stem = os.path.splitext(os.path.basename(path))[0] if os.path.isfile(path) else \
        os.path.basename(path)
    return os.path.join(os.path.dirname(path), stem + '_tf2')


def upgrade(files):
    """Migrate each planned file; FileResults, with what goes where (nothing written)."""
    results = []
    for source, target, shown, kind in files:
        if kind == 'copy':
            results.append(FileResult(source, target, shown))
            continue
        try:
            encoding, original = 'utf-8', None
            if kind == 'script':
                text, migration, encoding, original = upgrade_script(source, shown)
            else:
                text, migration = upgrade_notebook(source, shown)
        except migrate.Unmigratable as error:
            results.append(FileResult(source, target, shown, error=str(error)))
            continue
        if kind == 'script':
            copy = table.copy_of(original)
            if copy is not None and copy.upgrade:
                # The runner replaces such a module as a whole; so does the copy.
                text = COPY_MODULE % (copy.description, copy.upgrade)
                migration = migrate.Migration([])
                migration.dependencies.add(copy.upgrade)
                migration.changes.append(migrate.Finding(
                    shown, 1, 0, 'is %s: it %s; written as a module that imports %s (the same '
                    'functions, reading the bundled MNIST)' % (
                        copy.description, copy.note.split(';')[0], copy.upgrade)))
            elif copy is not None:
                migration.problems.append(migrate.Finding(
                    shown, 1, 0, 'is %s: it %s; in the copy it is left as it is (import '
                    'tf1_mnist.input_data in its place by hand)' % (
                        copy.description, copy.note.split(';')[0])))
        result = FileResult(source, target, shown, migration, encoding=encoding)
        result.text = text
        results.append(result)
    return results


def dependencies(result):
    """The tf1_mnist modules the migrated file needs when it runs."""
    return sorted(result.migration.dependencies) if result.migration is not None else []


def report_text(results, out, verification=(), skipped=()):
    lines = ['TensorFlow 1 to 2 upgrade (python -m tf1_mnist.upgrade), into %s' % out, '']
    changes = problems = 0
    for result in results:
        if result.migration is None and result.error is None:
            continue
        lines.append('%s -> %s' % (result.shown, result.target))
        if result.error is not None:
            continue
        for finding in sorted(result.migration.changes, key=lambda f: (f.unit, f.line, f.col)):
            lines.append('%s:%d:%d: %s' % finding)
            changes += 1
    lines += ['', 'Not converted (left as it was, each line marked "%s"):' % migrate.MARK]
    first_problem = len(lines)
    for result in results:
        if result.error is not None:
            lines.append('%s: left as it is: %s' % (result.shown, result.error))
            problems += 1
        elif result.migration is not None:
            for finding in sorted(result.migration.problems,
                                  key=lambda f: (f.unit, f.line, f.col)):
                lines.append('%s:%d:%d: %s' % finding)
                problems += 1
    skipped_lines = ['%s: skipped: %s' % item for item in skipped]
    problem_lines = lines[first_problem:] + skipped_lines
    if len(lines) == first_problem:
        lines.append('(nothing)')
    lines += ['', 'Not copied (skipped in the folder):']
    lines += skipped_lines
    if not skipped:
        lines.append('(nothing)')
    needed = {}
    for result in results:
        for module in dependencies(result):
            needed.setdefault(module, []).append(result.shown)
    lines += ['', 'Runtime dependencies on tf1_mnist left in the copy:']
    lines += ['%s (%s)' % (module, ', '.join(names)) for module, names in sorted(needed.items())]
    if not needed:
        lines.append('(none)')
    if verification:
        lines += ['', 'Verification (the original under python -m tf1_mnist.run, the copy as '
                      'plain python, same seed):']
        lines += list(verification)
    converted = sum(1 for r in results if r.migration is not None)
    summary = ('%s: %d file%s upgraded into %s, %d change%s, %d not converted'
               % (PROG, converted, '' if converted == 1 else 's', out, changes,
                  '' if changes == 1 else 's', problems))
    return '\n'.join(lines + ['', summary]) + '\n', summary, problem_lines


def write(results, force):
    """Write every result; refuse, before writing anything, to replace a file unasked. Without
    ``force`` a file that another run creates meanwhile is kept too (BadInput)."""
    for result in results:
        if os.path.lexists(result.target) and not force:
            raise BadInput('%s exists; pass --force to replace it' % result.target)
    for result in results:
        try:
            if result.migration is None:  # another file, or one that could not be read
                with atomic.atomic_path(result.target, replace=force) as tmp:
                    shutil.copyfile(result.source, tmp)
            else:
                atomic.write_bytes(result.target, result.text.encode(result.encoding),
                                   replace=force)
        except FileExistsError:
            raise BadInput('%s was created meanwhile, by another run; kept as it is (pass '
                           '--force to replace it)' % result.target) from None


# --verify: both runs seeded the same way before the script runs.
BOOTSTRAP = r'''
import importlib.abc, importlib.util, os, runpy, sys
seed = int(sys.argv[1])
# run --seed's own seeding; the graphs' part once the script imports TensorFlow, so that
# what the script sets before that import (TF_USE_LEGACY_KERAS) is seen by it.
from tf1_mnist.runner import reproduce
reproduce.seed_everything(seed)
class _GraphSeed(importlib.abc.MetaPathFinder):
    looking = False
    def find_spec(self, name, path, target=None):
        if name != 'tensorflow' or self.looking:
            return None
        self.looking = True  # find_spec below asks the finders again, this one included
        try:
            spec = importlib.util.find_spec(name)
        finally:
            self.looking = False
        run = spec.loader.exec_module
        def exec_module(module):
            # TensorFlow's import draws from Python's random (Keras 3 seeds itself); under the
            # runner it was imported before the seeding, so the script's stream is kept.
            import random, numpy
            states = random.getstate(), numpy.random.get_state()
            run(module)
            random.setstate(states[0])
            numpy.random.set_state(states[1])
            if self in sys.meta_path:
                sys.meta_path.remove(self)
            reproduce.seed_graphs(seed)
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _GraphSeed())
if sys.argv[2] == '-m':
    sys.argv = sys.argv[3:]
    runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)
else:
    sys.argv = sys.argv[2:]
    sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))
    runpy.run_path(sys.argv[0], run_name='__main__')
'''


def _environment():
    env = dict(os.environ)
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env['PYTHONPATH'] = os.pathsep.join(
        [package_root] + [p for p in env.get('PYTHONPATH', '').split(os.pathsep) if p])
    env.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    env['TF_DETERMINISTIC_OPS'] = '1'
    env['MPLBACKEND'] = 'Agg'
    env['PYTHONUNBUFFERED'] = '1'  # what a run stopped at the time limit printed is kept
    return env


def runner_takes_seed():
    """Whether ``python -m tf1_mnist.run`` has a ``--seed`` flag."""
    from tf1_mnist.runner import script
    import inspect
    return "'--seed'" in inspect.getsource(script)


def _run(command, seconds):
    with tempfile.TemporaryDirectory(prefix='tf1_mnist-verify-') as cwd:
        try:
            done = subprocess.run(command, cwd=cwd, env=_environment(), capture_output=True,
                                  text=True, timeout=seconds)
            return done.stdout, done.returncode
        except subprocess.TimeoutExpired as stop:
            out = stop.stdout or ''
            return (out.decode('utf-8', 'replace') if isinstance(out, bytes) else out), None


def numbered_lines(output):
    """The printed lines that carry numbers, as lists of the numbers; the runner's own lines
    and the Extracting lines (they name the folder asked for) left out."""
    lines = []
    for line in output.splitlines():
        if line.startswith(('tf1_mnist.', 'Extracting', 'Successfully')) or (
                'copy bundled with tf1_mnist' in line):
            continue
        numbers = NUMBER.findall(line)
        if numbers:
            lines.append((line, numbers))
    return lines


def verify_script(original, copy, seed, seconds):
    """A line saying whether the copy prints the original's numbers, and whether it does."""
    runner = [sys.executable, '-c', BOOTSTRAP, str(seed), '-m', 'tf1_mnist.run']
    if runner_takes_seed():
        runner += ['--seed', str(seed)]
    before, before_status = _run(runner + [os.path.abspath(original)], seconds)
    after, after_status = _run([sys.executable, '-c', BOOTSTRAP, str(seed),
                                os.path.abspath(copy)], seconds)
    old, new = numbered_lines(before), numbered_lines(after)
    if before_status not in (0, None):
        return ('not compared: the original stopped under the runner (exit status %d)'
                % before_status), after_status in (0, None)
    if after_status not in (0, None) and before_status in (0, None):
        tail = (after.strip().splitlines() or ['no output'])[-1]
        return 'differs: the copy failed (exit status %d) where the original did not: %s' % (
            after_status, tail), False
    count = min(len(old), len(new)) if None in (before_status, after_status) else max(
        len(old), len(new))
    for number in range(count):
        if number >= len(old) or number >= len(new):
            return 'differs: %d lines with numbers before, %d after' % (len(old), len(new)), False
        if old[number][1] != new[number][1]:
            return ('differs at printed line %d: %r before, %r after'
                    % (number + 1, old[number][0], new[number][0])), False
    budget = ' (first %d s)' % seconds if None in (before_status, after_status) else ''
    return 'same numbers on %d printed lines%s' % (count, budget), True


def main(argv=None):
    parser = cli.ArgumentParser(
        prog=PROG, description='Write a copy of TensorFlow 1 course material (a script, a '
                               'notebook or a folder) that runs with plain python on '
                               'TensorFlow 2, and a report of what changed.')
    parser.add_argument('path', metavar='PATH', help='the script, notebook or folder')
    parser.add_argument('--out', metavar='DIR',
                        help='the folder the copy goes to (default: NAME_tf2 beside PATH)')
    parser.add_argument('--report', metavar='FILE',
                        help='where the report goes (default: DIR/%s)' % REPORT_NAME)
    parser.add_argument('--force', action='store_true',
                        help='replace files that already exist in DIR (default: refuse)')
    parser.add_argument('--verify', action='store_true',
                        help='run each upgraded script and its original (under the runner) '
                             'with the same seed and compare the printed numbers (default: '
                             'off)')
    parser.add_argument('--seed', type=cli.seed, default=0,
                        help='the seed of --verify (default: 0)')
    parser.add_argument('--verify_seconds', type=cli.positive_int, default=120, metavar='S',
                        help='how long each --verify run may take; the lines printed by then '
                             'are compared (default: 120)')
    args = parser.parse_args(argv)
    out = args.out or default_out(args.path)
    report = args.report or os.path.join(out, REPORT_NAME)
    try:
        skipped = []
        files = plan(args.path, out, skipped)
        if any(os.path.realpath(report) == os.path.realpath(source) for source, *_ in files):
            raise BadInput('--report %s: is one of the input files' % report)
        if os.path.lexists(report) and not args.force:
            raise BadInput('--report %s exists; pass --force to replace it' % report)
        results = upgrade(files)
        if len(files) == 1 and results[0].error is not None:
            raise BadInput('%s: %s' % (args.path, results[0].error))
        write(results, args.force)
    except BadInput as error:
        cli.usage_error(PROG, str(error))
    except OSError as error:
        cli.fail(parser, 'cannot write the copy: %s' % error)
    verification, same = [], True
    if args.verify:
        for result in results:
            if result.migration is None or not result.target.endswith('.py'):
                continue
            line, ok = verify_script(result.source, result.target, args.seed,
                                     args.verify_seconds)
            verification.append('%s: %s' % (result.shown, line))
            same = same and ok
    text, summary, problem_lines = report_text(results, out, verification, skipped)
    try:
        atomic.write_bytes(report, text.encode('utf-8'), replace=args.force)
    except FileExistsError:
        cli.usage_error(PROG, '--report %s was created meanwhile, by another run; kept as it '
                              'is (pass --force to replace it)' % report)
    except OSError as error:
        cli.fail(parser, 'cannot write the report %s: %s' % (report, error))
    for line in problem_lines + verification:
        print('%s: %s' % (PROG, line))
    print('%s; report: %s' % (summary, report))
    return 0 if same else 1


if __name__ == '__main__':
    raise SystemExit(main())
