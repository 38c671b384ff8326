"""Run an unmodified TensorFlow 1 course notebook on TensorFlow 2, or check one without running.

    python -m tf1_mnist.run [--verbose] [--output OUT.ipynb] COURSE.ipynb
    python -m tf1_mnist.run --check COURSE.ipynb [PATH...]

The notebook's code cells run in order in a real Jupyter kernel (nbclient and ipykernel, the
``notebooks`` extra), the kernel of ``tf1_mnist.kernel``: switched to TF1 behaviour before the
first cell, with IPython's magics (``%matplotlib inline``, ``%time``, ``!ls``) as in Jupyter and
the notebook's folder as the working folder. Each cell's printed output is shown as it comes;
the executed notebook, outputs and figures included, is written to ``COURSE.tf1.ipynb`` beside
it (or ``OUT.ipynb``); a file already there is kept as ``OUT.ipynb.~N~`` unless it is the
runner's own unedited copy or ``--force`` is given. The kernel, and anything its cells started,
ends before the runner does. A cell that fails stops the run with one line naming the cell and the
line in it, exit status 1. The run ends with the figures the notebook printed before (its
stored outputs, which the executed copy keeps in each cell's metadata) against this run's,
cell by cell (``tf1_mnist.reproduce``).

Cells are numbered as Jupyter numbers them when it runs a notebook from the top: ``cell 3`` is
the third code cell, shown as ``In [3]`` in the executed notebook.
"""

import errno
import hashlib
import importlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
import tokenize

from tf1_mnist import atomic, cli

from tf1_mnist.runner import kernel, reproduce
from tf1_mnist.runner.engine import check, table

PROG = 'python -m tf1_mnist.run'
ANSI_ESCAPE = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')
# IPython names a cell's frame ``Cell In[3], line 5`` in its tracebacks.
CELL_FRAME = re.compile(r'Cell In\s*\[\s*\d*\s*\], line (\d+)')
UNSUPPORTED_NAMES = ('UnsupportedSymbolError', 'UnsupportedModuleError', 'UnsupportedTF1Name')


class NotANotebook(ValueError):
    """The file is not a Jupyter notebook that can be read."""


def is_notebook_name(path):
    """Whether ``path`` names a notebook: ``.ipynb``, in any case (``LESSON.IPYNB``)."""
    return path.lower().endswith('.ipynb')


def output_path(notebook):
    """Where the executed copy of ``notebook`` goes by default: ``COURSE.tf1.ipynb``."""
    stem, _ = os.path.splitext(notebook)
    return stem + '.tf1.ipynb'


# The executed copy carries a digest of its cells: a copy whose cells still match is the
# runner's own, unedited, and may be replaced; any other file at the output path is kept.
OWN_COPY = 'tf1_mnist'


def _cells_digest(cells):
    text = json.dumps(cells, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode('ascii')).hexdigest()


def executed_copy_text(nb, source):
    """The executed notebook ``nb`` as the runner writes it: marked with its own cells' digest
    and the notebook it came from."""
    import nbformat
    cells = json.loads(nbformat.writes(nb))['cells']
    nb.metadata[OWN_COPY] = {'executed_from': os.path.basename(source),
                             'cells_sha256': _cells_digest(cells)}
    return nbformat.writes(nb)


def is_own_unedited_copy(path):
    """Whether ``path`` is an executed copy the runner wrote and nobody has edited since."""
    try:
        with open(path, encoding='utf-8') as f:
            document = json.load(f)
        mark = document['metadata'][OWN_COPY]
        return mark['cells_sha256'] == _cells_digest(document['cells'])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def numbered_backup(path):
    """The first free ``path.~N~``, as ``cp --backup=numbered`` names them."""
    number = 1
    while os.path.lexists('%s.~%d~' % (path, number)):
        number += 1
    return '%s.~%d~' % (path, number)


def check_output(flag, output, notebook):
    """Before anything runs: exit 2 with one line unless ``output`` can take the executed copy
    of ``notebook``: a name ending in ``.ipynb``, not a folder, not the notebook itself, in a
    folder that can be written (created if missing)."""
    expected = 'expected a notebook file name ending in .ipynb'
    if os.path.isdir(output):
        cli.usage_error(PROG, '%s %s: is a folder; %s' % (flag, output, expected))
    if not output.lower().endswith('.ipynb'):
        cli.usage_error(PROG, '%s %s: %s' % (flag, output, expected))
    if os.path.realpath(output) == os.path.realpath(notebook) or (
            os.path.exists(output) and os.path.samefile(output, notebook)):
        cli.usage_error(PROG, '%s %s: is the notebook being run; choose another name'
                        % (flag, output))
    folder = os.path.dirname(os.path.abspath(output))
    try:
        os.makedirs(folder, exist_ok=True)
        why = cli.probe_writable(folder)
    except OSError as error:
        why = error.strerror or str(error)
    if why:
        cli.usage_error(PROG, '%s %s: cannot be written in %s (%s)' % (flag, output, folder, why))


def write_executed_copy(output, text, force=False, out=None):
    """Write the executed copy to ``output`` atomically. A file already there that is not the
    runner's own unedited copy is kept as ``output.~N~`` (said in one line) unless ``force``.
    Returns None, or the one line saying why the copy could not be written."""
    out = out or sys.stderr
    try:
        if os.path.lexists(output) and not force and not is_own_unedited_copy(output):
            backup = numbered_backup(output)
            try:
                os.link(output, backup)  # the old file under a second name, not a copy
            except OSError as error:
                if error.errno == errno.ENOSPC:
                    raise
                with open(output, 'rb') as f:
                    atomic.write_bytes(backup, f.read())
            out.write('%s: the earlier %s is kept as %s\n'
                      % (PROG.split()[-1], output, backup))
        atomic.write_bytes(output, text.encode('utf-8'))
    except OSError as error:
        return '%s: the executed notebook could not be written to %s (%s)' % (
            PROG.split()[-1], output, error.strerror or error)
    return None


def read_code_cells(path):
    """The sources of the code cells of the notebook ``path``, in order.

    Reads the JSON itself, so that ``--check`` works without the notebooks extra; both the
    current format (4) and the older one with worksheets (3) are understood.
    """
    problem = cli.file_problem(path)  # a FIFO would block the open
    if problem:
        raise NotANotebook('%s: the file could not be read: %s' % (path, problem))
    try:
        with open(path, encoding='utf-8') as f:
            document = json.load(f)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise NotANotebook('%s: not a Jupyter notebook (%s)' % (path, error)) from None
    if not isinstance(document, dict):
        raise NotANotebook('%s: not a Jupyter notebook (no cells)' % path)
    cells = document.get('cells')
    if cells is None and 'worksheets' in document:
        cells = [cell for sheet in document['worksheets'] for cell in sheet.get('cells', [])]
    if not isinstance(cells, list):
        raise NotANotebook('%s: not a Jupyter notebook (no cells)' % path)
    sources = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get('cell_type') != 'code':
            continue
        source = cell.get('source', cell.get('input', ''))
        sources.append(''.join(source) if isinstance(source, list) else str(source))
    return sources


# IPython's own syntax, replaced so that ``ast`` can read a cell; each line keeps its number.
_SHELL_ASSIGNMENT = re.compile(r'^(\s*[\w.\[\], ]+?\s*=\s*)[!%].*$')
_IPYTHON_LINE = re.compile(r'^(\s*)([%!?].*|.*\?\s*)$')
# Cell magics whose body is Python run as it is.
_PYTHON_CELL_MAGICS = ('time', 'timeit', 'capture', 'prun')


def python_of_cell(source):
    """The Python of a cell with IPython's magics, shell escapes and help lines blanked out
    (line numbers unchanged); None for a cell that is not Python (``%%bash`` and the like)."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith('%%'):
        magic = lines[0].lstrip()[2:].split()
        if not magic or magic[0] not in _PYTHON_CELL_MAGICS:
            return None
        lines = [''] + lines[1:]
    python = []
    for line in lines:
        assignment = _SHELL_ASSIGNMENT.match(line)
        if assignment:
            python.append(assignment.group(1) + 'None')
            continue
        ipython = _IPYTHON_LINE.match(line)
        # IPython's syntax starts a statement; inside brackets or after a backslash, a line
        # like ``% (step, loss)`` is Python, the rest of the statement above.
        if ipython and not _inside_a_statement(python):
            python.append(ipython.group(1) + 'pass')
            continue
        python.append(line)
    return '\n'.join(python) + '\n'


def _inside_a_statement(lines):
    """Whether the Python ``lines`` end inside an unfinished statement (an open bracket or a
    backslash continuation)."""
    if not lines or not (lines[-1].rstrip().endswith('\\') or any(b in ''.join(lines)
                                                                  for b in '([{')):
        return False
    try:
        for _ in tokenize.generate_tokens(io.StringIO('\n'.join(lines) + '\n').readline):
            pass
    except tokenize.TokenError:
        return True
    except (SyntaxError, ValueError):
        return False
    return False


class CellFinding:
    """A ``--check`` finding in a notebook cell: ``COURSE.ipynb, cell 7, line 3``."""

    def __init__(self, notebook, cell, finding):
        self.notebook, self.cell, self.line = notebook, cell, finding.line
        symbol = 'the cell' if finding.verdict.symbol == 'the file' else finding.verdict.symbol
        self.verdict = finding.verdict._replace(symbol=symbol)
        self.guarded = finding.guarded

    @property
    def where(self):
        if self.line is None:
            return '%s, cell %d' % (self.notebook, self.cell)
        return '%s, cell %d, line %d' % (self.notebook, self.cell, self.line)

    def as_script_finding(self):
        """The finding in the form ``legacy.check`` reports, placed by cell and line."""
        return check.Finding(self.where, None, self.verdict, self.guarded)


def check_notebook(path, installed=table.installed):
    """Return (findings, top-level modules imported) for the code cells of a notebook.

    The cells are read as one module, as the kernel runs them: a name imported in one cell is
    known in the next. A cell that is not Python (3, or 2 once translated) is a finding of its
    own.
    """
    findings = []
    module_lines = []
    places = []  # line of the whole module -> (cell, line in the cell)
    cells = [python_of_cell(source) for source in read_code_cells(path)]
    python2 = kernel.is_python2_notebook({}, [python for python in cells if python])
    print_function = False
    for number, python in enumerate(cells, 1):
        if python is None:
            continue
        translated = kernel.translate_python2(python, always=python2,
                                              print_function=print_function)
        print_function = print_function or bool(kernel.PRINT_FUNCTION.search(python))
        python = translated or python
        lines = python.splitlines()
        try:
            compile(python, path, 'exec', dont_inherit=True, flags=0x400)  # ast.PyCF_ONLY_AST
        except SyntaxError:
            found, _ = check.check_source(python, path, installed)
            findings.extend(CellFinding(path, number, f) for f in found)
            lines = [''] * len(lines)
        module_lines.extend(lines)
        places.extend((number, line) for line in range(1, len(lines) + 1))
    found, imported = check.check_source('\n'.join(module_lines) + '\n', path,
                                                installed)
    for finding in found:
        cell, line = places[finding.line - 1] if finding.line else (1, None)
        findings.append(CellFinding(path, cell, finding._replace(line=line)))
    findings.sort(key=lambda f: (f.cell, f.line or 0))
    return findings, imported


def notebooks_in(path):
    """The notebook ``path``, or the notebooks of the folder ``path`` (not executed copies)."""
    if not os.path.isdir(path):
        return [path] if is_notebook_name(path) else []
    found = []
    for folder, subfolders, files in os.walk(path):
        subfolders[:] = sorted(d for d in subfolders
                               if not d.startswith('.') and d != '__pycache__')
        found.extend(os.path.join(folder, name) for name in sorted(files)
                     if name.endswith('.ipynb') and not name.endswith('.tf1.ipynb'))
    return found


def finding_line(finding, start=None):
    """The one line of ``--check`` for a finding in a script or a notebook cell."""
    if isinstance(finding, CellFinding):
        return check.line(finding.as_script_finding())
    return check.line(finding, start)


def check_paths(paths, installed=table.installed, out=None):
    """``--check`` over scripts, notebooks and folders of both: one line per use that will not
    work (and notes); return 1 if there is one, else 0."""
    out = out or sys.stdout
    findings = []  # findings, and the error lines of files that are not notebooks
    seen = set()  # every file read so far: one given twice, or imported twice, is read once
    unread = set()  # of those, the ones that could not be read

    def check_scripts(scripts):
        found, files = check.check_files(scripts, installed)
        earlier = set(seen)
        seen.update(os.path.abspath(name) for name in files)
        findings.extend(f for f in found if os.path.abspath(f.filename) not in earlier)

    # In the order given; a folder's notebooks before its scripts.
    for path in paths:
        for notebook in notebooks_in(path):
            if os.path.abspath(notebook) in seen:
                continue
            seen.add(os.path.abspath(notebook))
            try:
                found, imported = check_notebook(notebook, installed)
            except NotANotebook as error:
                findings.append(str(error))
                unread.add(os.path.abspath(notebook))
                continue
            findings.extend(found)
            folder = os.path.dirname(notebook)
            siblings = [check.sibling_module(folder, name) for name in sorted(imported)]
            check_scripts([sibling for sibling in siblings if sibling is not None])
        if os.path.isdir(path) or not is_notebook_name(path):
            check_scripts([path])
    for finding in findings:
        print(finding if isinstance(finding, str) else finding_line(finding), file=out)
    problems = sum(1 for f in findings if isinstance(f, str) or check.is_problem(f))
    return check.print_summary(problems, len(seen - unread), out)


# Running a notebook.

def _require_notebook_libraries():
    try:
        for name in ('nbformat', 'nbclient', 'jupyter_client', 'ipykernel'):
            importlib.import_module(name)
    except ImportError as error:
        cli.usage_error(PROG, 'running notebooks needs %s; install it with: %s'
                        % (error.name, kernel.NOTEBOOKS_EXTRA))


# A local socket's path has at most 107 bytes on Linux (104 on macOS); the kernel's are
# ``<folder>/kernel-<n>``.
_SOCKET_PATH_MOST = 96


def _sockets_folder():
    """A private folder for the kernel's sockets and connection file: in the temporary folder,
    or, where that path is too long for a local socket (a deep TMPDIR), in /tmp."""
    folder = tempfile.mkdtemp(prefix='tf1_mnist_kernel_')
    if sys.platform == 'win32' or len(os.fsencode(folder)) <= _SOCKET_PATH_MOST - 10:
        return folder
    os.rmdir(folder)
    return tempfile.mkdtemp(prefix='tf1k_', dir='/tmp')


def _kernel_manager(folder, verbose, sockets, python2, seed=None):
    """A kernel manager that starts the TF1 kernel, installed or not, talking through local
    sockets in the folder ``sockets`` (over TCP on Windows); ``seed`` seeds it before the
    first cell (``run --seed``)."""
    from jupyter_client import kernelspec
    from jupyter_client.manager import AsyncKernelManager

    class TF1KernelSpecs(kernelspec.KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            spec = kernel.kernel_spec_dict(folder=folder, verbose=verbose, quiet=not verbose,
                                           python2=python2)
            if seed is not None:
                spec['argv'] = spec['argv'] + reproduce.kernel_seed_argv(seed)
            return kernelspec.KernelSpec(resource_dir='', **spec)

    # The connection file holds the kernel's key: in the private folder ``sockets``, removed
    # with it, not in the temporary folder of the whole machine.
    connection_file = os.path.join(sockets, 'kernel.json')
    if sys.platform == 'win32':
        return AsyncKernelManager(kernel_name=kernel.KERNEL_NAME,
                                  connection_file=connection_file,
                                  kernel_spec_manager=TF1KernelSpecs())
    # Local sockets, not TCP: nothing else on the machine can reach the kernel.
    return AsyncKernelManager(kernel_name=kernel.KERNEL_NAME, transport='ipc',
                              ip=os.path.join(sockets, 'kernel'),
                              connection_file=connection_file,
                              kernel_spec_manager=TF1KernelSpecs())


def _shut_down(km, grace=5.0):
    """Stop the kernel and everything its cells started (its process group), and wait until
    they are gone: nbclient leaves a kernel it did not create running."""
    import signal
    from jupyter_client.utils import run_sync
    provisioner = getattr(km, 'provisioner', None)
    group = getattr(provisioner, 'pgid', None)
    try:
        if run_sync(km.is_alive)():
            run_sync(km.shutdown_kernel)(now=False)
    except Exception:  # a kernel that died on its own, or a manager already cleaned up
        pass
    finally:
        try:
            run_sync(km.cleanup_resources)()
        except Exception:
            pass
    if group is None or os.name != 'posix':
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(group, sig)
        except OSError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                os.killpg(group, 0)
            except OSError:
                return
            time.sleep(0.05)


def _client_class():
    from nbclient import NotebookClient

    class EchoingClient(NotebookClient):
        """Shows what cells print as it comes, and remembers which cell runs."""

        current_cell = None

        def output(self, outs, msg, display_id, cell_index):
            if msg['msg_type'] == 'stream':
                stream = sys.stderr if msg['content'].get('name') == 'stderr' else sys.stdout
                stream.write(msg['content'].get('text', ''))
                stream.flush()
            return super().output(outs, msg, display_id, cell_index)

    return EchoingClient


def failure_line(notebook, cell_number, error_output):
    """The one line that explains a failed cell, in the form the script runner uses."""
    ename = error_output.get('ename', 'Error')
    evalue = error_output.get('evalue', '')
    traceback = ANSI_ESCAPE.sub('', '\n'.join(error_output.get('traceback', [])))
    lines = CELL_FRAME.findall(traceback)
    where = '%s, cell %d' % (notebook, cell_number)
    if lines:
        where += ', line %s' % lines[-1]
    if ename in UNSUPPORTED_NAMES and '; ' in evalue:
        what, advice = evalue.split('; ', 1)
        return '%s: %s (%s); %s' % (PROG.split()[-1], what, where, advice)
    missing = re.match(r"No module named '([\w.]+)'", evalue)
    if ename == 'ModuleNotFoundError' and missing and table.missing_package(missing.group(1)):
        verdict = table.missing_package(missing.group(1))
        return '%s: %s %s (%s); %s' % (PROG.split()[-1], verdict.symbol, verdict.what, where,
                                       verdict.advice)
    return '%s: %s: %s: %s' % (PROG.split()[-1], where, ename, evalue)


def read_notebook(path):
    """The notebook ``path`` as nbformat reads it, version 4.

    A notebook of format 4.5 or later written without cell ids (older nbformat, or a tool
    that leaves them out) gets them, as nbformat gives them, without its MissingIDFieldWarning:
    the executed copy then has them.
    """
    import warnings
    import nbformat
    from nbformat.warnings import MissingIDFieldWarning
    with open(path, encoding='utf-8') as f, warnings.catch_warnings():
        warnings.simplefilter('ignore', MissingIDFieldWarning)
        return nbformat.read(f, as_version=4)


def run_notebook(path, output=None, cwd=None, verbose=False, seed=None, force=False):
    """Execute the notebook ``path`` in the TF1 kernel and write the executed copy to
    ``output`` (default ``COURSE.tf1.ipynb``); return the exit status. A file already at
    ``output`` is kept as a numbered backup unless it is the runner's own unedited copy or
    ``force`` is given.

    The figures the notebook printed before (its stored outputs, kept in each cell's metadata
    in the executed copy) are compared with this run's at the end (``tf1_mnist.reproduce``).
    ``seed`` seeds the kernel as ``run --seed`` does.

    The kernel works in ``cwd`` (default: the notebook's folder). Ctrl-C, or SIGTERM, stops
    the run: nbclient shuts the kernel down, and the notebook is written as far as it ran
    (exit 130).
    """
    from nbclient.exceptions import CellExecutionError, DeadKernelError
    shown_as = path
    output = output or output_path(path)
    try:
        nb = read_notebook(path)
    except Exception as error:  # nbformat raises several kinds for a file that is not one
        cli.usage_error(PROG, '%s: not a Jupyter notebook (%s)'
                        % (shown_as, str(error).splitlines()[0] if str(error) else error))
    folder = os.path.dirname(os.path.abspath(path))
    code_numbers = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == 'code':
            code_numbers[index] = len(code_numbers) + 1
    python2 = kernel.is_python2_notebook(
        nb.metadata, [python_of_cell(c.source) or '' for c in nb.cells if c.cell_type == 'code'])
    sockets = _sockets_folder()
    reproduce.keep_stored_outputs(nb)
    km = _kernel_manager(folder, verbose, sockets, python2, seed)
    client = _client_class()(
        nb, km=km, timeout=None,
        startup_timeout=600, allow_errors=False, record_timing=False,
        resources={'metadata': {'path': os.path.abspath(cwd or folder)}})

    def cell_started(cell, cell_index, **kwargs):
        client.current_cell = cell_index
    client.on_cell_start = cell_started

    status = 0
    message = None
    try:
        client.execute()
    except (KeyboardInterrupt, CellExecutionError, DeadKernelError) as error:
        status = 1
        cell = code_numbers.get(client.current_cell, 0)
        # nbclient's own SIGINT and SIGTERM handler shuts the kernel down, which ends the run.
        stopped = getattr(client, '_async_cleanup_kernel_future', None) is not None
        if stopped or isinstance(error, KeyboardInterrupt):
            message = '%s: %s: stopped in cell %d' % (PROG.split()[-1], shown_as, cell)
            status = 130
        elif isinstance(error, DeadKernelError):
            message = '%s: %s, cell %d: the kernel died (%s)' % (
                PROG.split()[-1], shown_as, cell, error)
        else:
            errors = [out for out in nb.cells[client.current_cell].outputs
                      if out.get('output_type') == 'error']
            message = failure_line(shown_as, cell, errors[-1] if errors else {})
    finally:
        _shut_down(km)
        shutil.rmtree(sockets, ignore_errors=True)
        sys.stdout.flush()
        pairs = reproduce.compare_cells(nb.cells)
        not_written = write_executed_copy(output, executed_copy_text(nb, path), force)
    reproduce.print_comparison(pairs)
    sys.stderr.write((message or not_written or '%s: executed notebook written to %s'
                      % (PROG.split()[-1], output)) + '\n')
    if message and not_written:
        sys.stderr.write(not_written + '\n')
    return status or (1 if not_written else 0)


def main_for_runner(notebook, rest, output=None, verbose=False, seed=None, force=False):
    """``python -m tf1_mnist.run [OPTIONS] COURSE.ipynb``."""
    if rest:
        cli.usage_error(PROG, 'a notebook takes no arguments (got %s); put options before '
                              'the notebook' % ' '.join(rest))
    problem = cli.file_problem(notebook)
    if problem:
        cli.usage_error(PROG, '%s: %s' % (notebook, problem))
    _require_notebook_libraries()
    if output is None:
        check_output('the executed copy', output_path(notebook), notebook)
    else:
        check_output('--output', output, notebook)
    return run_notebook(notebook, output=output, verbose=verbose, seed=seed, force=force)


def main(argv=None):
    """``python -m tf1_mnist.notebook``: the runner for notebooks alone, with a working
    folder of choice (the course sweep runs each notebook in a scratch folder)."""
    parser = cli.ArgumentParser(prog='python -m tf1_mnist.notebook',
                                description='Run an unmodified TF1 course notebook.')
    parser.add_argument('notebook', metavar='COURSE.ipynb')
    parser.add_argument('--output', metavar='OUT.ipynb',
                        help='where the executed notebook goes (default: COURSE.tf1.ipynb)')
    parser.add_argument('--cwd', metavar='FOLDER',
                        help="the kernel's working folder (default: the notebook's folder)")
    parser.add_argument('--force', action='store_true',
                        help='replace a file already at the output path without keeping it '
                             '(default: off; it is kept as OUT.ipynb.~N~)')
    cli.add_verbose_flag(parser, shows="TensorFlow's own logs")
    add_seed_flag(parser)
    args = parser.parse_args(argv)
    problem = cli.file_problem(args.notebook)
    if problem:
        parser.error('%s: %s' % (args.notebook, problem))
    _require_notebook_libraries()
    check_output('--output', args.output or output_path(args.notebook), args.notebook)
    return run_notebook(args.notebook, output=args.output, cwd=args.cwd, verbose=args.verbose,
                        seed=args.seed, force=args.force)


def add_seed_flag(parser):
    """``--seed N``, for the runner of scripts and of notebooks alike."""
    parser.add_argument('--seed', type=cli.seed, metavar='N',
                        help='seed the graph-level seed of every graph, NumPy and Python '
                             "random before the code runs (the code's own tf.set_random_seed "
                             'still wins), so that a run on a CPU repeats exactly '
                             '(default: none)')


if __name__ == '__main__':
    raise SystemExit(main())
