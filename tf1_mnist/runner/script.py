"""Run an unmodified TensorFlow 1 course script on TensorFlow 2, or check one without running.

    python -m tf1_mnist.run [--verbose] [--seed N] [--figures DIR] SCRIPT.py [ARGS...]
    python -m tf1_mnist.run [--verbose] [--seed N] [--output OUT.ipynb] [--force] COURSE.ipynb
    python -m tf1_mnist.run --check PATH [PATH...]
    python -m tf1_mnist.run --sweep FOLDER [COURSE OPTIONS...]

The script runs as ``__main__`` with ``sys.argv = [SCRIPT.py, ARGS...]`` in a process switched
to TF1 behaviour, where ``import tensorflow as tf`` gives the TF1 API, the MNIST tutorial
imports read the bundled MNIST offline, and ``tf.layers`` works when the legacy-layers extra
(tf-keras) is installed; see ``tf1_mnist.runner.engine`` and its table, ``tf1_mnist.runner.engine.table``.
A TF1 name that cannot work stops the run with one line naming it, the script's file and
line, and what to use instead.

``--seed N`` makes a run repeatable: the graph-level seed of every graph, NumPy's and Python's
``random`` and the batch order of MNIST are seeded before the script runs (its own
``tf.set_random_seed`` still wins). When a log beside the script names it (``SCRIPT.log``,
``SCRIPT_output.txt``, see ``tf1_mnist.reproduce.log_of``), the run ends with the figures the
log holds against those printed now, each the same within the run-to-run spread or not.

``--check`` reads scripts and notebooks (or every ``.py`` and ``.ipynb`` file of a folder), and
the modules beside them that they import, and lists each use that will not work; exit status 1
if there is one.
"""

import argparse
import builtins
import importlib.machinery
import importlib.util
import os
import sys
import traceback
import types

from tf1_mnist import cli
from tf1_mnist.runner import figures, notebook, reproduce
from tf1_mnist.runner.engine import check, era, imports, process, python2, table
from tf1_mnist.runner.engine.namespace import (LegacyAPI, UnsupportedTF1Name,
                                               verdict_for_the_name_used)

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


def _from_script(tb, script):
    """The traceback from the script's first frame on, without the runner's own frames."""
    start = tb
    while start is not None and start.tb_frame.f_code.co_filename != script:
        start = start.tb_next
    return start or tb


def _is_machinery(frame):
    """Whether a traceback frame is the import hook's or importlib's, not the script's."""
    hooks = {os.path.normcase(module.__file__) for module in (imports, era)}
    return (frame.filename.startswith('<frozen importlib')
            or os.path.normcase(frame.filename) in hooks)


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


def _missing_package(error):
    """The verdict for a ModuleNotFoundError of a package that is not installed and whose pip
    name is known, or None."""
    name = getattr(error, 'name', None)
    if not isinstance(error, ModuleNotFoundError) or not name or table.installed(
            name.split('.')[0]):
        return None
    return table.missing_package(name)


def _run_as_main(script, code):
    """Run ``code``, compiled from the file ``script``, the way ``python SCRIPT.py`` does: as
    the module ``__main__``."""
    module = types.ModuleType('__main__')
    module.__file__ = script
    module.__builtins__ = builtins
    module.__loader__ = importlib.machinery.SourceFileLoader('__main__', script)
    # tf.app.run() looks for main() there. As under ``python SCRIPT.py``, the module stays
    # ``__main__`` until the interpreter exits and clears it: files the script left open are
    # flushed and closed then, and its objects' ``__del__`` run.
    sys.modules['__main__'] = module
    exec(code, module.__dict__)


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
        return imports.compile_legacy_source(f.read(), script)


def run_script(script, script_argv, verbose=False, figures_folder=None, seed=None):
    """Run ``script`` (an absolute path) as ``__main__`` with ``sys.argv = script_argv``, with
    TF1's ``tensorflow`` for the legacy code; return the exit status. With ``figures_folder``,
    the figures the script shows are saved there instead (``tf1_mnist.figures``); ``seed``
    seeds the run (``--seed``, ``tf1_mnist.reproduce.seed_everything``)."""
    if figures_folder is not None:
        saver = figures.FigureSaver(figures_folder, script)
        saver.install()
        try:
            status = run_script(script, script_argv, verbose, seed=seed)
        finally:
            saver.uninstall()
            saver.report()
        return 1 if status == 0 and saver.not_saved else status
    start = os.getcwd()
    if not check_before_running(script, start):
        return 1
    try:
        code = compile_script(script)
    except (SyntaxError, python2.TranslationUnavailable) as error:
        sys.stderr.write('tf1_mnist.run: %s: %s\n' % (_shown_path(script, start), error))
        return 1
    api = LegacyAPI(process.switch_to_tf1(verbose), table.installed)
    if seed is not None:
        reproduce.seed_everything(seed)
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
            verdict = verdict_for_the_name_used(error.verdict, frame)
            where = '%s:%d' % (_shown_path(frame.filename, start), frame.lineno)
        sys.stderr.write('tf1_mnist.run: %s %s (%s); %s\n'
                         % (verdict.symbol, verdict.what, where, verdict.advice))
        return 1
    except KeyboardInterrupt as error:  # Ctrl-C: as Python reports it, and its exit status
        print_script_traceback(error, script)
        return 130
    except Exception as error:
        missing = _missing_package(error)
        if missing is None or verbose:
            print_script_traceback(error, script)
        if missing is not None:
            frame = next((f for f in reversed(traceback.extract_tb(error.__traceback__))
                          if f.filename[:1] != '<' and scope(f.filename)), None)
            where = _shown_path(script if frame is None else frame.filename, start)
            if frame is not None:
                where = '%s:%d' % (where, frame.lineno)
            sys.stderr.write('tf1_mnist.run: %s %s (%s); %s\n'
                             % (missing.symbol, missing.what, where, missing.advice))
        return 1
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path
    return 0


def run_script_against_its_log(script, script_argv, verbose=False, figures_folder=None,
                               seed=None):
    """``run_script``, and when a log beside the script names it (``reproduce.log_of``), the
    figures the log holds against those the run printed."""
    log = reproduce.log_of(script)
    if log is None:
        return run_script(script, script_argv, verbose, figures_folder, seed)
    printed = reproduce.Tee(sys.stdout)
    sys.stdout = printed
    try:
        status = run_script(script, script_argv, verbose, figures_folder, seed)
    finally:
        if sys.stdout is printed:
            sys.stdout = printed.stream
    with open(script, 'rb') as f:
        computes_accuracy = b'acc' in f.read().lower()
    sys.stdout.flush()
    reproduce.print_comparison(reproduce.compare_with_log(log, printed.text(),
                                                          computes_accuracy))
    return status


def figures_folder_or_exit(parser, flag_value):
    """The folder the figures go to. ``--figures DIR`` is checked and created before the script
    runs (exit 2 with one line if it cannot take files); the default folder, used when there is
    no display, only once a figure is saved (a script that draws none needs none), and a figure
    that cannot be saved there is one line at the end."""
    if flag_value is not None:
        cli.output_dir(parser, '--figures', flag_value)
        return flag_value
    return figures.DEFAULT_FOLDER if figures.headless() else None


def _refuse_combinations(parser, args):
    """Exit 2 with one line for options that the command given would ignore."""
    given = [flag for flag, value in (('--output', args.output), ('--figures', args.figures),
                                      ('--force', args.force)) if value]
    for mode in ('--sweep', '--check'):
        if getattr(args, mode[2:]):
            for flag in (['--check'] if mode == '--sweep' and args.check else []) + given:
                parser.error('%s cannot be used with %s' % (flag, mode))
    if args.script is None:
        return
    if notebook.is_notebook_name(args.script):
        if args.figures:
            parser.error("--figures is for a script; a notebook's figures go into its "
                         'executed copy')
    else:
        for flag in ('--output', '--force'):
            if flag in given:
                parser.error('%s is for a notebook; %s is a script' % (flag, args.script))


def main(argv=None):
    parser = cli.ArgumentParser(
        prog=PROG,
        usage='%(prog)s [--verbose] [--seed N] [--figures DIR] SCRIPT.py [ARGS...]\n'
              '       %(prog)s [--verbose] [--seed N] [--output OUT.ipynb] [--force] COURSE.ipynb\n'
              '       %(prog)s --check PATH [PATH...]\n'
              '       %(prog)s --sweep FOLDER [COURSE OPTIONS...]',
        description='Run an unmodified TensorFlow 1 MNIST course script or notebook on '
                    'TensorFlow 2, or list what in it cannot work.')
    parser.add_argument('--check', action='store_true',
                        help='read the scripts and notebooks (a folder: its .py and .ipynb '
                             'files), and the modules beside them that they import, without '
                             'running them, and list each use that will not work, in the order '
                             'given; exit status 1 if any (default: off)')
    cli.add_verbose_flag(parser, shows="TensorFlow's own logs and deprecation warnings, and "
                                       'the traceback of an unsupported name')
    # Notebooks, figures and course folders: tf1_mnist.notebook, .figures and .course.
    parser.add_argument('--output', metavar='OUT.ipynb',
                        help='for a notebook: where the executed copy goes '
                             '(default: COURSE.tf1.ipynb beside it)')
    parser.add_argument('--force', action='store_true',
                        help='for a notebook: replace a file already at the output path '
                             'without keeping it (default: off; it is kept as OUT.ipynb.~N~)')
    parser.add_argument('--figures', metavar='DIR',
                        help='save each figure the script shows as DIR/<script>-<n>.png instead '
                             'of opening a window (default: %s when there is no display)'
                             % figures.DEFAULT_FOLDER)
    notebook.add_seed_flag(parser)
    parser.add_argument('--sweep', action='store_true',
                        help='check and run every script and notebook of the folder given, '
                             'and report; see python -m tf1_mnist.course --help')
    parser.add_argument('script', metavar='SCRIPT.py', nargs='?',
                        help='the TF1 script (or COURSE.ipynb notebook) to run')
    parser.add_argument('args', nargs=argparse.REMAINDER, metavar='ARGS',
                        help="the script's own arguments")
    args = parser.parse_args(argv)
    _refuse_combinations(parser, args)
    if args.sweep:
        from tf1_mnist.runner import course
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

    problem = cli.file_problem(args.script)
    if problem:
        parser.error('%s: %s' % (args.script, problem))
    if notebook.is_notebook_name(args.script):
        return notebook.main_for_runner(args.script, args.args, args.output, args.verbose,
                                        args.seed, args.force)
    figures_folder = figures_folder_or_exit(parser, args.figures)
    return run_script_against_its_log(os.path.abspath(args.script), [args.script] + args.args,
                                      args.verbose, figures_folder, args.seed)


if __name__ == '__main__':
    raise SystemExit(main())
