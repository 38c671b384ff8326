"""A Jupyter kernel for TensorFlow 1 course notebooks, and the ``%load_ext tf1_mnist`` switch.

    python -m tf1_mnist.kernel install [--user | --sys-prefix | --prefix PREFIX] [--replace]
    python -m tf1_mnist.kernel launch -f CONNECTION_FILE [--folder FOLDER] [--verbose]

``install`` registers the kernel "Python 3 (TF1 course material)" with Jupyter, as ``jupyter
kernelspec install`` would (a spec folder 0755, kernel.json 0644), but never over a spec of that
name it did not write unless given ``--replace``, which keeps the old kernel.json as a backup
and the folder's other files as they are. The kernel is an
ordinary IPython kernel (ipykernel) whose process is switched to TF1 behaviour before the first
cell runs, as ``python -m tf1_mnist.run`` switches a script's process: ``import tensorflow as
tf`` in a cell, or in a module beside the notebook, gives the TF1 API, the MNIST tutorial
imports read the bundled MNIST offline, and a TF1 name that cannot work fails with the runner's
one-line explanation. Cells in Python 2 syntax are translated before they run.

In a kernel that is already running, ``%load_ext tf1_mnist`` does the same switch, provided
TensorFlow has not been imported yet.

Needs the ``notebooks`` extra (ipykernel, jupyter_client).
"""

import json
import os
import re
import sys
import traceback

from tf1_mnist import cli

PROG = 'python -m tf1_mnist.kernel'
KERNEL_NAME = 'tf1_mnist'
DISPLAY_NAME = 'Python 3 (TF1 course material)'
NOTEBOOKS_EXTRA = "pip install 'tf1_mnist[notebooks]'"

# What the switch installed in this process: the legacy folder, once switched.
_switched = {}


def kernel_argv(python=None, folder=None, verbose=False, quiet=False, python2=False):
    """The command line that starts this kernel, in the form of a kernel spec's ``argv``;
    ``quiet`` keeps the kernel's own warnings off the console (for the notebook runner)."""
    argv = [python or sys.executable, '-m', 'tf1_mnist.kernel', 'launch',
            '-f', '{connection_file}']
    if quiet:
        argv.append('--IPKernelApp.log_level=CRITICAL')
    if folder is not None:
        argv += ['--folder', folder]
    if verbose:
        argv.append('--verbose')
    if python2:
        argv.append('--python2')
    return argv


def kernel_spec_dict(python=None, folder=None, verbose=False, quiet=False, python2=False):
    """The kernel spec (``kernel.json``) of the TF1 kernel."""
    return {
        'argv': kernel_argv(python, folder, verbose, quiet, python2),
        'display_name': DISPLAY_NAME,
        'language': 'python',
        'metadata': {'debugger': False},
    }


def switch_to_tf1(folder, verbose=False):
    """Switch this process to TF1 behaviour for code under ``folder`` and for interactive code
    (notebook cells), once; the notebook runner, this kernel and ``%load_ext`` all come here."""
    if 'folder' not in _switched:
        from tf1_mnist.runner.engine import install_legacy
        installed = install_legacy(os.path.abspath(folder), interactive=True, verbose=verbose)
        _switched.update(folder=os.path.abspath(folder), scope=installed.scope)


PRINT_FUNCTION = re.compile(r'^\s*from\s+__future__\s+import\s+[^#\n]*\bprint_function\b', re.M)


def translate_python2(source, always=False, print_function=False):
    """``source`` translated from Python 2 to Python 3 as the script runner translates scripts
    (``tf1_mnist.runner.engine.python2``), or None when it needs no translation (it is Python 3,
    unless ``always``) or cannot be translated.

    ``print_function``: an earlier cell imported it from ``__future__``, which in a Python 2
    kernel holds for the later cells too, so ``print(a, b)`` is a call, not a statement.
    """
    from tf1_mnist.runner.engine import python2
    if not always:
        try:
            compile(source, '<cell>', 'exec')
            return None
        except SyntaxError:
            pass
        except (ValueError, TypeError):
            return None
    future = 'from __future__ import print_function\n' if print_function else ''
    try:
        translated = python2.translate(future + source, '<cell>')
        if future:  # the fixers blank the __future__ line out; the cell's lines follow it
            translated = translated.split('\n', 1)[1]
        compile(translated, '<cell>', 'exec')
    except (SyntaxError, ValueError, python2.TranslationUnavailable):
        return None
    if not source.endswith('\n'):
        translated = translated[:-1]
    return translated


def is_python2_notebook(metadata, cell_sources):
    """Whether a notebook was written for Python 2: its kernel says so, or a cell is Python 2
    syntax."""
    kernelspec = metadata.get('kernelspec') or {}
    language = metadata.get('language_info') or {}
    if kernelspec.get('name') == 'python2' or str(language.get('version', '')).startswith('2'):
        return True
    return any(translate_python2(source) is not None for source in cell_sources)


# Whether the cells of this kernel are Python 2: from the start (``launch --python2``), or
# from the first cell that is Python 2 syntax on.
_python2 = {'on': False, 'print_function': False, 'division': False}


def _python2_cells(lines):
    """An IPython input transformer: in a Python 2 notebook every cell runs translated, line for
    line (``xrange`` and ``dict.iteritems`` too, which are valid Python 3 syntax)."""
    source = ''.join(lines)
    translated = translate_python2(source, always=_python2['on'],
                                   print_function=_python2['print_function'])
    if PRINT_FUNCTION.search(source):
        _python2['print_function'] = True
    if 'division' in source:
        from tf1_mnist.runner.engine import python2
        _python2['division'] = _python2['division'] or python2.imports_future(source,
                                                                             'division')
    if translated is None:
        return lines
    _python2['on'] = True
    return translated.splitlines(keepends=True)


class _Python2CellDivision:
    """An IPython AST transformer: in a Python 2 notebook, from its first Python 2 cell on, a
    cell's ``/`` divides as Python 2 did (unless a cell imported ``division`` from
    ``__future__``), as in a Python 2 script."""

    def visit(self, tree):
        if _python2['on'] and not _python2['division']:
            from tf1_mnist.runner.engine import python2
            return python2.python2_divisions(tree)
        return tree


def _name_used(shell, error, tb):
    """Make a refused TF1 name's error name what the line used below the refused module, as
    the script runner does (``tf.contrib.layers.flatten``, not ``tf.contrib.layers``)."""
    from tf1_mnist.runner.engine.namespace import verdict_for_the_name_used
    cells = getattr(shell.compile, '_filename_map', {})
    for frame in reversed(traceback.extract_tb(tb)):
        if frame.filename in cells or _switched['scope'](frame.filename):
            verdict = verdict_for_the_name_used(error.verdict, frame)
            if verdict is not error.verdict:
                error.verdict = verdict
                error.args = ('%s %s; %s' % (verdict.symbol, verdict.what, verdict.advice),)
            return


def prepare_shell(shell):
    """Make an IPython shell run Python 2 cells translated, and name refused TF1 names as the
    script runner names them."""
    from tf1_mnist.runner.engine.namespace import UnsupportedTF1Name
    if _python2_cells not in shell.input_transformers_post:
        shell.input_transformers_post.append(_python2_cells)
    if not any(isinstance(t, _Python2CellDivision) for t in shell.ast_transformers):
        shell.ast_transformers.append(_Python2CellDivision())

    def show_refused_name(shell, etype, value, tb, tb_offset=None):
        _name_used(shell, value, tb)
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return []

    shell.set_custom_exc((UnsupportedTF1Name,), show_refused_name)


def load_extension(shell):
    """``%load_ext tf1_mnist``: switch this kernel to TF1 behaviour, if it still can be."""
    if 'folder' in _switched:
        print('tf1_mnist: this kernel already runs TF1 course material')
        return
    if 'tensorflow' in sys.modules:
        print('tf1_mnist: TensorFlow was imported before %load_ext tf1_mnist, so this kernel '
              'cannot be switched to TF1 behaviour; restart the kernel and run '
              '%load_ext tf1_mnist first')
        return
    switch_to_tf1(os.getcwd())
    prepare_shell(shell)
    print('tf1_mnist: this kernel now runs TF1 course material '
          '(import tensorflow gives the TF1 API)')


def _launch(args, ipykernel_argv):
    try:
        from ipykernel import kernelapp
    except ImportError:
        cli.usage_error(PROG, 'ipykernel is not installed; install it with: ' + NOTEBOOKS_EXTRA)
    folder = os.path.abspath(args.folder or os.getcwd())
    if folder not in sys.path:
        # The notebook's own modules are found from its folder, wherever the kernel runs.
        sys.path.insert(1, folder)
    switch_to_tf1(folder, args.verbose)
    _python2['on'] = args.python2
    app = kernelapp.IPKernelApp.instance()
    app.initialize(ipykernel_argv)
    prepare_shell(app.shell)
    app.start()
    return 0


# What ``jupyter kernelspec install`` leaves: a spec every user can read, whatever the umask.
SPEC_FOLDER_MODE = 0o755
SPEC_FILE_MODE = 0o644


def _is_ours(folder):
    """Whether ``folder`` holds only a kernel.json that an earlier install of this kernel wrote
    (possibly for another Python), which installing again may replace."""
    if os.listdir(folder) != ['kernel.json']:
        return False
    try:
        with open(os.path.join(folder, 'kernel.json')) as f:
            spec = json.load(f)
        return spec['argv'][1:4] == ['-m', 'tf1_mnist.kernel', 'launch']
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return False


def _backup_name(folder):
    """kernel.json.bak, or the first of kernel.json.bak1, .bak2, ... not taken yet."""
    name, number = 'kernel.json.bak', 0
    while os.path.lexists(os.path.join(folder, name)):
        number += 1
        name = 'kernel.json.bak%d' % number
    return os.path.join(folder, name)


def _make_folders(path):
    """Create ``path`` and its missing parents, each 0755."""
    missing = []
    while not os.path.isdir(path):
        missing.append(path)
        path = os.path.dirname(path)
    for folder in reversed(missing):
        os.mkdir(folder)
        os.chmod(folder, SPEC_FOLDER_MODE)


def install_spec(destination, spec, replace=False, out=print):
    """Install ``spec`` as ``destination``/kernel.json, as ``jupyter kernelspec install`` does,
    except that nothing of the user's is removed: a spec folder that this kernel did not write
    is refused unless ``replace``, and then only its kernel.json is replaced, kept as a backup
    whose name is printed; its other files (logos, a README) stay. Raises ``OSError``, or
    ``FileExistsError`` for a refusal."""
    if os.path.lexists(destination) and not os.path.isdir(destination):
        raise FileExistsError('%s exists and is not a folder; nothing was changed' % destination)
    data = (json.dumps(spec, indent=1) + '\n').encode('utf-8')
    target = os.path.join(destination, 'kernel.json')
    if os.path.isdir(destination) and os.listdir(destination) and not _is_ours(destination):
        if not replace:
            raise FileExistsError(
                '%s already holds a kernel spec named %s that this command did not write; '
                'nothing was changed (pass --replace to install over it, keeping its '
                'kernel.json as kernel.json.bak)' % (destination, KERNEL_NAME))
        if os.path.lexists(target):
            backup = _backup_name(destination)
            os.link(target, backup)
            out('kept the kernel.json that was there as %s' % backup)
    _make_folders(destination)
    os.chmod(destination, SPEC_FOLDER_MODE)
    from tf1_mnist import atomic
    atomic.write_bytes(target, data)
    os.chmod(target, SPEC_FILE_MODE)
    return destination


def _install(args):
    try:
        from jupyter_client import kernelspec
    except ImportError:
        cli.usage_error(PROG, 'jupyter_client is not installed; install it with: '
                        + NOTEBOOKS_EXTRA)
    if args.prefix is not None and not args.prefix.strip():
        cli.usage_error(PROG, '--prefix: expected a folder, got %r' % args.prefix)
    prefix = sys.prefix if args.sys_prefix else args.prefix
    # jupyter_client's own choice of folder, as ``jupyter kernelspec install`` makes it.
    destination = kernelspec.KernelSpecManager()._get_destination_dir(
        KERNEL_NAME, user=args.user, prefix=prefix)
    try:
        install_spec(destination, kernel_spec_dict(), args.replace)
    except FileExistsError as error:
        sys.stderr.write('%s: error: %s\n' % (PROG, error))
        raise SystemExit(1)
    except OSError as error:
        sys.stderr.write('%s: error: cannot install the kernel spec in %s: %s\n'
                         % (PROG, destination, error.strerror or error))
        raise SystemExit(1)
    print('installed the kernel "%s" in %s' % (DISPLAY_NAME, destination))
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = cli.ArgumentParser(prog=PROG, description='The Jupyter kernel for TensorFlow 1 '
                                'course notebooks: install it, or start it (as Jupyter does).')
    commands = parser.add_subparsers(dest='command', metavar='COMMAND')
    install = commands.add_parser(
        'install', help='register the kernel "%s" with Jupyter' % DISPLAY_NAME)
    where = install.add_mutually_exclusive_group()
    where.add_argument('--user', action='store_true',
                       help="in the user's Jupyter folder (default: the system-wide one)")
    where.add_argument('--sys-prefix', action='store_true',
                       help="in this Python environment's prefix (%s)" % sys.prefix)
    where.add_argument('--prefix', metavar='PREFIX',
                       help='under PREFIX/share/jupyter/kernels (default: system-wide)')
    install.add_argument('--replace', action='store_true',
                         help='install over a spec named %s that this command did not write, '
                              'keeping its kernel.json as kernel.json.bak and its other files '
                              '(default: off, such a spec is left alone)' % KERNEL_NAME)
    launch = commands.add_parser('launch', help='start the kernel (Jupyter does this)')
    launch.add_argument('--folder', help="the notebook's folder: code under it is legacy code "
                                         "(default: the current folder)")
    launch.add_argument('--python2', action='store_true',
                        help='translate every cell from Python 2 (default: from the first cell '
                             'in Python 2 syntax on)')
    cli.add_verbose_flag(launch, shows="TensorFlow's own logs")
    args, rest = parser.parse_known_args(argv)
    if args.command == 'launch':
        return _launch(args, rest)
    if rest:
        parser.error('unrecognized arguments: %s' % ' '.join(rest))
    if args.command == 'install':
        return _install(args)
    parser.error('expected a command: install or launch')


if __name__ == '__main__':
    raise SystemExit(main())
