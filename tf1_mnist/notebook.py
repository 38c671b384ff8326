"""Run an unmodified TensorFlow 1 course notebook on TensorFlow 2, or check one without running.

    python -m tf1_mnist.run [--verbose] [--output OUT.ipynb] COURSE.ipynb
    python -m tf1_mnist.run --check COURSE.ipynb [PATH...]

The notebook's code cells run in order in a real Jupyter kernel (nbclient and ipykernel, the
``notebooks`` extra), the kernel of ``tf1_mnist.kernel``: switched to TF1 behaviour before the
first cell, with IPython's magics (``%matplotlib inline``, ``%time``, ``!ls``) as in Jupyter and
the notebook's folder as the working folder. Each cell's printed output is shown as it comes;
the executed notebook, outputs and figures included, is written to ``COURSE.tf1.ipynb`` beside
it (or ``OUT.ipynb``). A cell that fails stops the run with one line naming the cell and the
line in it, exit status 1.

Cells are numbered as Jupyter numbers them when it runs a notebook from the top: ``cell 3`` is
the third code cell, shown as ``In [3]`` in the executed notebook.
"""

import importlib
import json
import os
import re
import shutil
import sys
import tempfile

from tf1_mnist import atomic, cli, kernel
from tf1_mnist.legacy import check, table

PROG = 'python -m tf1_mnist.run'
ANSI_ESCAPE = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')
# IPython names a cell's frame ``Cell In[3], line 5`` in its tracebacks.
CELL_FRAME = re.compile(r'Cell In\s*\[\s*\d*\s*\], line (\d+)')
UNSUPPORTED_NAMES = ('UnsupportedSymbolError', 'UnsupportedModuleError', 'UnsupportedTF1Name')


class NotANotebook(ValueError):
    """The file is not a Jupyter notebook that can be read."""


def output_path(notebook):
    """Where the executed copy of ``notebook`` goes by default: ``COURSE.tf1.ipynb``."""
    stem, _ = os.path.splitext(notebook)
    return stem + '.tf1.ipynb'


def read_code_cells(path):
    """The sources of the code cells of the notebook ``path``, in order.

    Reads the JSON itself, so that ``--check`` works without the notebooks extra; both the
    current format (4) and the older one with worksheets (3) are understood.
    """
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
        if ipython:
            python.append(ipython.group(1) + 'pass')
            continue
        python.append(line)
    return '\n'.join(python) + '\n'


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
        return [path] if path.endswith('.ipynb') else []
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
    scripts = [p for p in paths if not p.endswith('.ipynb')]
    findings = []
    read = 0
    sibling_modules = []
    for path in paths:
        for notebook in notebooks_in(path):
            try:
                found, imported = check_notebook(notebook, installed)
            except NotANotebook as error:
                print(error, file=out)
                findings.append(None)
                continue
            read += 1
            findings.extend(found)
            folder = os.path.dirname(notebook)
            for name in sorted(imported):
                sibling = check._sibling_module(folder, name)
                if sibling is not None:
                    sibling_modules.append(sibling)
    script_findings, files = check.check_files(scripts + sibling_modules, installed)
    findings.extend(script_findings)
    read += len(files)
    for finding in findings:
        if finding is not None:
            print(finding_line(finding), file=out)
    problems = sum(1 for f in findings if f is None or check.is_problem(f))
    return check.print_summary(problems, read, out)


# Running a notebook.

def _require_notebook_libraries():
    try:
        for name in ('nbformat', 'nbclient', 'jupyter_client', 'ipykernel'):
            importlib.import_module(name)
    except ImportError as error:
        cli.usage_error(PROG, 'running notebooks needs %s; install it with: %s'
                        % (error.name, kernel.NOTEBOOKS_EXTRA))


def _kernel_manager(folder, verbose, sockets, python2):
    """A kernel manager that starts the TF1 kernel, installed or not, talking through local
    sockets in the folder ``sockets`` (over TCP on Windows)."""
    from jupyter_client import kernelspec
    from jupyter_client.manager import AsyncKernelManager

    class TF1KernelSpecs(kernelspec.KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return kernelspec.KernelSpec(resource_dir='',
                                         **kernel.kernel_spec_dict(folder=folder,
                                                                   verbose=verbose,
                                                                   quiet=not verbose,
                                                                   python2=python2))

    if sys.platform == 'win32':
        return AsyncKernelManager(kernel_name=kernel.KERNEL_NAME,
                                  kernel_spec_manager=TF1KernelSpecs())
    # Local sockets, not TCP: nothing else on the machine can reach the kernel.
    return AsyncKernelManager(kernel_name=kernel.KERNEL_NAME, transport='ipc',
                              ip=os.path.join(sockets, 'kernel'),
                              kernel_spec_manager=TF1KernelSpecs())


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


def run_notebook(path, output=None, cwd=None, verbose=False):
    """Execute the notebook ``path`` in the TF1 kernel and write the executed copy to
    ``output`` (default ``COURSE.tf1.ipynb``); return the exit status.

    The kernel works in ``cwd`` (default: the notebook's folder). Ctrl-C, or SIGTERM, stops
    the run: nbclient shuts the kernel down, and the notebook is written as far as it ran
    (exit 130).
    """
    import nbformat
    from nbclient.exceptions import CellExecutionError, DeadKernelError
    shown_as = path
    output = output or output_path(path)
    try:
        with open(path, encoding='utf-8') as f:
            nb = nbformat.read(f, as_version=4)
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
    sockets = tempfile.mkdtemp(prefix='tf1_mnist_kernel_')
    client = _client_class()(
        nb, km=_kernel_manager(folder, verbose, sockets, python2), timeout=None,
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
        atomic.write_bytes(output, nbformat.writes(nb).encode('utf-8'))
        shutil.rmtree(sockets, ignore_errors=True)
    sys.stdout.flush()
    sys.stderr.write((message or '%s: executed notebook written to %s'
                      % (PROG.split()[-1], output)) + '\n')
    return status


def main_for_runner(notebook, rest, output=None, verbose=False):
    """``python -m tf1_mnist.run [OPTIONS] COURSE.ipynb``."""
    if rest:
        cli.usage_error(PROG, 'a notebook takes no arguments (got %s); put options before '
                              'the notebook' % ' '.join(rest))
    if not os.path.isfile(notebook):
        what = 'is a folder' if os.path.isdir(notebook) else 'no such file'
        cli.usage_error(PROG, '%s: %s' % (notebook, what))
    _require_notebook_libraries()
    return run_notebook(notebook, output=output, verbose=verbose)


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
    cli.add_verbose_flag(parser, shows="TensorFlow's own logs")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.notebook):
        parser.error('%s: no such file' % args.notebook)
    _require_notebook_libraries()
    return run_notebook(args.notebook, output=args.output, cwd=args.cwd, verbose=args.verbose)


if __name__ == '__main__':
    raise SystemExit(main())
