"""Run an unmodified TensorFlow 1 course script on TensorFlow 2, or check one without running.

    python -m tf1_mnist.run [--verbose] SCRIPT.py [ARGS...]
    python -m tf1_mnist.run --check PATH [PATH...]

The script runs as ``__main__`` with ``sys.argv = [SCRIPT.py, ARGS...]`` in a process switched
to TF1 behaviour, where ``import tensorflow as tf`` gives the TF1 API, the MNIST tutorial
imports read the bundled MNIST offline, and ``tf.layers`` works when the legacy-layers extra
(tf-keras) is installed; see ``tf1_mnist.legacy`` and its table, ``tf1_mnist.legacy.table``.
A TF1 name that cannot work stops the run with one line naming it, the script's file and
line, and what to use instead.

``--check`` reads scripts (or every ``.py`` file of a folder), and the modules beside them
that they import, and lists each use that will not work; exit status 1 if there is one.
"""

import argparse
import builtins
import importlib.machinery
import importlib.util
import linecache
import os
import re
import sys
import traceback
import types

from tf1_mnist import cli, figures, notebook
from tf1_mnist.legacy import check, imports, process, python2, table
from tf1_mnist.legacy.namespace import LegacyAPI, UnsupportedTF1Name

PROG = 'python -m tf1_mnist.run'


def _exit_status(code):
    """What the process would exit with for ``SystemExit(code)``, as Python decides it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write('%s\n' % (code,))
    return 1


def _shown_path(filename, start):
    """``filename`` relative to the folder ``start`` when it lies inside it."""
    relative = os.path.relpath(filename, start)
    return filename if relative.startswith(os.pardir) else relative


def _legacy_frame(error, scope):
    """The deepest traceback frame (a FrameSummary) in the legacy code, or None."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if scope(frame.filename):
            return frame
    return None


def _verdict_for_the_name_used(verdict, frame):
    """The verdict about the name the script's line used below ``verdict.symbol``.

    A refused TF1 module fails as soon as it is looked up (``tf.contrib.layers``), so that
    ``hasattr`` and ``except ImportError`` keep working; the line's text after that lookup
    (Python 3.11 and later record its columns) says which name of it was wanted.
    """
    end = getattr(frame, 'end_colno', None)
    if end is None or frame.end_lineno != frame.lineno:
        return verdict
    rest = linecache.getline(frame.filename, frame.lineno)[end:]
    name = re.match(r'\s*\.\s*(\w+)', rest)
    if name is None or not verdict.symbol.startswith('tf.'):
        return verdict
    path = verdict.symbol.split('.')[1:] + [name.group(1)]
    named = table.classify(path, table.installed)
    return named if named is not None and named.kind == table.BLOCKED else verdict


def _from_script(tb, script):
    """The traceback from the script's first frame on, without the runner's own frames."""
    start = tb
    while start is not None and start.tb_frame.f_code.co_filename != script:
        start = start.tb_next
    return start or tb


def _is_machinery(frame):
    """Whether a traceback frame is the import hook's or importlib's, not the script's."""
    return (frame.filename == imports.__file__ or frame.filename.startswith('<frozen importlib')
            or os.path.normcase(frame.filename) == os.path.normcase(imports.__file__))


def _without_machinery(exception):
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        exception.stack[:] = [frame for frame in exception.stack if not _is_machinery(frame)]
        _without_machinery(exception.__cause__)
        exception = exception.__context__


def print_script_traceback(error, script):
    """Print ``error`` as ``python SCRIPT.py`` would: the script's frames, none of the runner's
    or of its import hook."""
    report = traceback.TracebackException(type(error), error,
                                          _from_script(error.__traceback__, script))
    _without_machinery(report)
    sys.stderr.write(''.join(report.format()))


def _run_as_main(script, code):
    """Run ``code``, compiled from the file ``script``, the way ``python SCRIPT.py`` does: as
    the module ``__main__``."""
    module = types.ModuleType('__main__')
    module.__file__ = script
    module.__builtins__ = builtins
    module.__loader__ = importlib.machinery.SourceFileLoader('__main__', script)
    saved_main = sys.modules['__main__']
    sys.modules['__main__'] = module  # tf.app.run() looks for main() there
    try:
        exec(code, module.__dict__)
    finally:
        sys.modules['__main__'] = saved_main


def _report(finding, start):
    """A finding of the static check as the runner says it: one line, ``tf1_mnist.run:``."""
    verdict = finding.verdict
    if verdict.kind in (table.BLOCKED, ) and not finding.guarded:
        where = _shown_path(finding.filename, start)
        if finding.line is not None:
            where = '%s:%d' % (where, finding.line)
        return 'tf1_mnist.run: %s %s (%s); %s' % (verdict.symbol, verdict.what, where,
                                                  verdict.advice)
    return 'tf1_mnist.run: ' + check.line(finding, start)


def check_before_running(script, start):
    """Check ``script`` and its sibling modules statically; print every blocker (and each
    warning, and a line per Python 2 file) and return whether the script may run."""
    findings, _ = check.check_files([script], table.installed)
    problems = [f for f in findings if check.is_problem(f)]
    for finding in problems:
        sys.stderr.write(_report(finding, start) + '\n')
    if problems:
        return False
    for finding in findings:
        verdict = finding.verdict
        if verdict.kind == check.WARNING:
            sys.stderr.write(_report(finding, start) + '\n')
        elif verdict.symbol == 'the file' and verdict.kind == table.NOTE:
            sys.stderr.write('tf1_mnist.run: %s is Python 2 code; running its Python 3 '
                             'translation (fissix)\n' % _shown_path(finding.filename, start))
    return True


def compile_script(script):
    """The code of ``script``; Python 2 source is translated first."""
    with open(script, 'rb') as f:
        data = f.read()
    try:
        return compile(data, script, 'exec')
    except SyntaxError as python3_error:
        source = importlib.util.decode_source(data)
        try:
            translated = python2.translate(source, script)
        except SyntaxError as python2_error:
            raise python2.better_error(python3_error, python2_error) from None
        return python2.compile_translation(source, translated, script)


def run_script(script, script_argv, verbose=False, figures_folder=None):
    """Run ``script`` (an absolute path) as ``__main__`` with ``sys.argv = script_argv``, with
    TF1's ``tensorflow`` for the legacy code; return the exit status. With ``figures_folder``,
    the figures the script shows are saved there instead (``tf1_mnist.figures``)."""
    if figures_folder is not None:
        saver = figures.FigureSaver(figures_folder, script)
        saver.install()
        try:
            return run_script(script, script_argv, verbose)
        finally:
            saver.uninstall()
            saver.report()
    start = os.getcwd()
    if not check_before_running(script, start):
        return 1
    try:
        code = compile_script(script)
    except (SyntaxError, python2.TranslationUnavailable) as error:
        sys.stderr.write('tf1_mnist.run: %s: %s\n' % (_shown_path(script, start), error))
        return 1
    api = LegacyAPI(process.switch_to_tf1(verbose), table.installed)
    scope = imports.LegacyScope(os.path.dirname(script))
    saved_argv, saved_path = sys.argv[:], sys.path[:]
    # As ``python SCRIPT.py`` does: the script's folder first on the path, so that the
    # script's own modules are found.
    sys.argv = list(script_argv)
    sys.path[0:1] = [os.path.dirname(script)]
    try:
        with imports.legacy_imports(api, scope):
            _run_as_main(script, code)
    except SystemExit as stop:
        return _exit_status(stop.code)
    except UnsupportedTF1Name as error:
        if verbose:
            print_script_traceback(error, script)
        frame = _legacy_frame(error, scope)
        if frame is None:
            verdict, where = error.verdict, _shown_path(script, start)
        else:
            verdict = _verdict_for_the_name_used(error.verdict, frame)
            where = '%s:%d' % (_shown_path(frame.filename, start), frame.lineno)
        sys.stderr.write('tf1_mnist.run: %s %s (%s); %s\n'
                         % (verdict.symbol, verdict.what, where, verdict.advice))
        return 1
    except KeyboardInterrupt as error:  # Ctrl-C: as Python reports it, and its exit status
        print_script_traceback(error, script)
        return 130
    except Exception as error:
        print_script_traceback(error, script)
        return 1
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path
    return 0


def main(argv=None):
    parser = cli.ArgumentParser(
        prog=PROG,
        usage='%(prog)s [--verbose] SCRIPT.py [ARGS...]\n'
              '       %(prog)s --check PATH [PATH...]',
        description='Run an unmodified TensorFlow 1 MNIST course script on TensorFlow 2, '
                    'or list what in it cannot work.')
    parser.add_argument('--check', action='store_true',
                        help='read the scripts (a folder: its .py files) without running them '
                             'and list each use that will not work; exit status 1 if any '
                             '(default: off)')
    cli.add_verbose_flag(parser, shows="TensorFlow's own logs and deprecation warnings, and "
                                       'the traceback of an unsupported name')
    # Notebooks, figures and course folders: tf1_mnist.notebook, .figures and .course.
    parser.add_argument('--output', metavar='OUT.ipynb',
                        help='for a notebook: where the executed copy goes '
                             '(default: COURSE.tf1.ipynb beside it)')
    parser.add_argument('--figures', metavar='DIR',
                        help='save each figure the script shows as DIR/<script>-<n>.png instead '
                             'of opening a window (default: %s when there is no display)'
                             % figures.DEFAULT_FOLDER)
    parser.add_argument('--sweep', action='store_true',
                        help='check and run every script and notebook of the folder given, '
                             'and report; see python -m tf1_mnist.course --help')
    parser.add_argument('script', metavar='SCRIPT.py', nargs='?',
                        help='the TF1 script (or COURSE.ipynb notebook) to run')
    parser.add_argument('args', nargs=argparse.REMAINDER, metavar='ARGS',
                        help="the script's own arguments")
    args = parser.parse_args(argv)
    if args.sweep:
        from tf1_mnist import course
        return course.main(([args.script] if args.script else []) + args.args)
    if args.script is None:
        parser.error('no script given' if not args.check else 'nothing to check given')

    if args.check:
        # Paths up to the first option; what follows belongs to the script.
        paths = [args.script]
        for item in args.args:
            if item.startswith('-'):
                break
            paths.append(item)
        for path in paths:
            if not os.path.lexists(path):
                parser.error('%s: no such file or folder' % path)
        if any(notebook.notebooks_in(path) for path in paths):
            return notebook.check_paths(paths, table.installed)
        return check.check_paths(paths, table.installed)

    if args.script.endswith('.ipynb'):
        return notebook.main_for_runner(args.script, args.args, args.output, args.verbose)

    if not os.path.isfile(args.script):
        what = 'is a folder' if os.path.isdir(args.script) else 'no such file'
        parser.error('%s: %s' % (args.script, what))
    figures_folder = args.figures or (figures.DEFAULT_FOLDER if figures.headless() else None)
    return run_script(os.path.abspath(args.script), [args.script] + args.args, args.verbose,
                      figures_folder)


if __name__ == '__main__':
    raise SystemExit(main())
