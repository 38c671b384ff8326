"""Where a whole TF1 course folder stands: check and run every script and notebook, and report.

    python -m tf1_mnist.course FOLDER [--budget 120] [--jobs N] [--report DIR] [--json]
    python -m tf1_mnist.run --sweep FOLDER [...]

Every script (``.py`` with a ``__main__`` block, or that no other file imports) and every
notebook (``.ipynb``) under FOLDER is read by ``--check``, then run under the runner
(``python -m tf1_mnist.run``; notebooks in the TF1 kernel) with a time budget each, several at a
time, each in a scratch working folder of its own under the report folder
(``items/<path>-<digest>``, named in the report), so that what scripts write to relative paths
does not collide (``--in-place`` runs them in their own folders instead). The scratch folder
starts with the files of the item's own folder, subfolders too (copies, or links for files
over 1 MiB), so that what an item reads beside itself (images, a style file, data) is found.
Each item ends in one class:

* runs: finished, exit status 0;
* still training at the budget: stopped when its time was up;
* refused: stopped on a TF1 name that cannot work (the first one is named);
* needs a package: imports a module that is not installed (the pip command is given);
* crashed: any other failure (its last line is shown).

The report folder gets ``report.md`` and ``report.html`` (one row per item: its class, wall time,
the last accuracy it printed, the author's result against this run's where the notebook stored
outputs or a log beside the script names it, the figures it drew as thumbnails, its scratch
folder) and the summary line (``41/53 run; 3 of 4 with the author's results reproduce them``)
is printed; ``--json`` prints the results as JSON instead. Files that cannot be items (a FIFO,
a broken link, an unreadable file or folder) are named, one line each, and listed in the
report. Ctrl-C, SIGTERM and SIGHUP stop the sweep and still write the report for the items that
finished; nothing an item started outlives it or the sweep, even after ``kill -9`` of the
sweep. The sweep deletes nothing it did not create: the report folder is its own, marked as
such, held by one sweep at a time, and never one that holds the course folder.
"""

import ast
import concurrent.futures
import contextlib
import hashlib
import html
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time

import tf1_mnist
from tf1_mnist import atomic, cli
from tf1_mnist.runner import notebook, reproduce
from tf1_mnist.runner.engine import check, table

PROG = 'python -m tf1_mnist.course'
DEFAULT_REPORT = 'tf1_course_report'
MARKER = '.tf1_mnist-course-report'

RUNS = 'runs'
TRAINING = 'still training at the budget'
REFUSED = 'refused'
NEEDS_PACKAGE = 'needs a package'
CRASHED = 'crashed'
# Like pytest's: 1 when an item did not run, so that a CI job can gate on a sweep.
DID_NOT_RUN = (REFUSED, NEEDS_PACKAGE, CRASHED)
CLASSES = (RUNS, TRAINING, REFUSED, NEEDS_PACKAGE, CRASHED)

SKIPPED_FOLDERS = ('__pycache__', '.ipynb_checkpoints', 'site-packages', 'dist-packages',
                   'node_modules')
SKIPPED_SCRIPTS = ('setup.py', 'conftest.py', '__init__.py')

MISSING_MODULE = re.compile(r"(?:ModuleNotFoundError|ImportError): No module named '([\w.]+)'")
# The runner's lines before it refuses to run a script: a TF1 name that cannot work (they
# start with the name), or an import of a package that is not installed.
REFUSAL = re.compile(r'^tf1_mnist\.run: (tf\.\S+ .*)$')
MISSING_IMPORT = re.compile(r'^tf1_mnist\.run: import ([\w.]+) (?:needs|finds no module)')
FIGURES_LINE = re.compile(r'^tf1_mnist\.run: \d+ figures? saved to ')
NUMBER = re.compile(r'(?<![\w.])(\d*\.\d+|\d+)(?:[eE][-+]?\d+)?(%?)')


class Item:
    """One script or notebook of the course, and what became of it."""

    def __init__(self, path, relative):
        self.path = path
        self.relative = relative
        self.kind = 'notebook' if path.endswith('.ipynb') else 'script'
        self.check_problems = 0
        self.first_problem = ''
        self.result = None
        self.detail = ''
        self.seconds = None
        self.accuracy = None
        self.figures = []
        self.scratch = os.path.join('items', scratch_name(relative))
        self.compared = []  # reproduce.Pair: the author's figures against this run's

    @property
    def authors_result(self):
        return reproduce.authors_result(self.compared)

    @property
    def reproduces(self):
        return reproduce.reproduces(self.compared)

    def as_dict(self):
        return {'item': self.relative, 'kind': self.kind, 'result': self.result,
                'detail': self.detail, 'seconds': self.seconds, 'accuracy': self.accuracy,
                'figures': self.figures, 'check_problems': self.check_problems,
                'first_check_problem': self.first_problem, 'scratch': self.scratch,
                'authors_result': self.authors_result, 'reproduces': self.reproduces,
                'compared': [reproduce.pair_as_dict(pair) for pair in self.compared]}


# Finding the items.

def _is_environment(folder, files):
    return 'pyvenv.cfg' in files or os.path.basename(folder) in SKIPPED_FOLDERS


def _has_main_block(tree):
    for node in tree.body:
        if isinstance(node, ast.If) and '__main__' in ast.dump(node.test):
            return True
    return False


def find_items(folder, exclude=(), skipped=None):
    """The scripts and notebooks under ``folder``, as Items in path order.

    A ``.py`` file is a script unless it is a module: no ``__main__`` block and imported by
    another file of its folder. Files that cannot be items (a FIFO, a broken link, a file that
    cannot be read) and folders that cannot be read are appended to ``skipped`` as
    (relative path, why).
    """
    folder = os.path.abspath(folder)
    excluded = {os.path.realpath(path) for path in exclude}
    skipped = [] if skipped is None else skipped

    def unreadable_folder(error):
        where = os.path.relpath(error.filename or folder, folder)
        skipped.append((where, 'folder cannot be read (%s)' % (error.strerror or error)))

    notebooks, python_files = [], []
    for current, subfolders, files in os.walk(folder, onerror=unreadable_folder):
        subfolders[:] = sorted(
            d for d in subfolders
            if not d.startswith('.') and d not in SKIPPED_FOLDERS
            and os.path.realpath(os.path.join(current, d)) not in excluded
            and not os.path.isfile(os.path.join(current, d, 'pyvenv.cfg')))
        for name in sorted(files):
            path = os.path.join(current, name)
            is_notebook = name.endswith('.ipynb') and not name.endswith('.tf1.ipynb')
            if not is_notebook and not (name.endswith('.py') and name not in SKIPPED_SCRIPTS):
                continue
            problem = cli.file_problem(path)
            if problem:
                skipped.append((os.path.relpath(path, folder), problem))
            elif is_notebook:
                notebooks.append(path)
            else:
                python_files.append(path)
    skipped.sort()
    imported = {}  # folder -> module names imported by its files
    main_blocks = {}
    for path in python_files:
        try:
            with open(path, 'rb') as f:
                tree = ast.parse(f.read(), path)
        except (SyntaxError, ValueError, OSError):
            main_blocks[path] = True  # Python 2 scripts, mostly
            continue
        main_blocks[path] = _has_main_block(tree)
        names = imported.setdefault(os.path.dirname(path), set())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split('.')[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split('.')[0])
    for path in notebooks:
        try:
            sources = notebook.read_code_cells(path)
        except notebook.NotANotebook:
            continue
        names = imported.setdefault(os.path.dirname(path), set())
        names.update(re.findall(r'^\s*(?:from|import)\s+(\w+)', '\n'.join(sources), re.M))
    scripts = [path for path in python_files
               if main_blocks[path] or os.path.splitext(os.path.basename(path))[0]
               not in imported.get(os.path.dirname(path), ())]
    return [Item(path, os.path.relpath(path, folder)) for path in sorted(scripts + notebooks)]


# Checking and running one item.

def check_item(item, installed=table.installed):
    """Read the item as ``--check`` does; keep the number of problems and the first."""
    try:
        if item.kind == 'notebook':
            found, _ = notebook.check_notebook(item.path, installed)
        else:
            found, _ = check.check_files([item.path], installed)
    except (notebook.NotANotebook, OSError) as error:
        item.check_problems, item.first_problem = 1, str(error)
        return
    problems = [f for f in found if check.is_problem(f)]
    item.check_problems = len(problems)
    if problems:
        item.first_problem = notebook.finding_line(problems[0]).replace(item.path,
                                                                        item.relative)


def scratch_name(relative):
    """The scratch folder name of the item at ``relative``: readable, and unique, since a
    digest of the exact path follows the readable part (``a b.py`` and ``a_b.py`` read alike)."""
    readable = re.sub(r'[^\w.-]+', '_', relative.replace(os.sep, '__'))[:80]
    digest = hashlib.sha256(relative.encode('utf-8', 'surrogateescape')).hexdigest()[:10]
    return '%s-%s' % (readable, digest)


def _last_line(text):
    for line in reversed(text.splitlines()):
        if line.strip() and not FIGURES_LINE.match(line):
            return line.strip()
    return ''


def _names_accuracy(path):
    """Whether the source of the script ``path`` speaks of accuracy."""
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            return 'acc' in f.read().lower()
    except OSError:
        return False


def pip_command(module):
    top = module.split('.')[0]
    return 'pip install %s' % check.PIP_NAMES.get(top, top)


def classify(returncode, timed_out, stdout, stderr):
    """(class, detail) of a finished run."""
    if timed_out:
        return TRAINING, _last_line(stdout)
    if returncode == 0:
        return RUNS, ''
    for line in stderr.splitlines():
        missing = MISSING_IMPORT.match(line.strip())
        if missing:
            return NEEDS_PACKAGE, pip_command(missing.group(1))
        refusal = REFUSAL.match(line.strip())
        if refusal:
            return REFUSED, refusal.group(1)
    missing = MISSING_MODULE.findall(stderr)
    if missing and missing[-1].split('.')[0] != 'tensorflow':
        return NEEDS_PACKAGE, pip_command(missing[-1])
    return CRASHED, _last_line(stderr) or _last_line(stdout) or 'exit status %d' % returncode


def _accuracy_in(lines, accuracy_named_nearby):
    """The last accuracy printed in ``lines``: a number on a line that says accuracy, or a
    bare number in [0, 1] when the code around it computes one."""
    found = None
    for line in lines:
        numbers = NUMBER.findall(line)
        if not numbers:
            continue
        if 'acc' in line.lower():
            value, percent = numbers[-1]
        elif accuracy_named_nearby and len(numbers) == 1 and line.strip() == ''.join(numbers[0]):
            value, percent = numbers[0]
        else:
            continue
        try:
            number = float(value)
        except ValueError:
            continue
        if percent or 1 < number <= 100:
            number /= 100
        if 0 <= number <= 1:
            found = number
    return found


def _notebook_outputs(executed, figures_folder, stem):
    """(accuracy, figure files) from an executed notebook; its PNG outputs are written out."""
    import base64
    try:
        with open(executed, encoding='utf-8') as f:
            document = json.load(f)
    except (OSError, ValueError):
        return None, []
    accuracy, figures = None, []
    for cell in document.get('cells', []):
        if cell.get('cell_type') != 'code':
            continue
        source = ''.join(cell.get('source', ''))
        lines = []
        for output in cell.get('outputs', []):
            if output.get('output_type') == 'stream':
                lines.extend(''.join(output.get('text', '')).splitlines())
            data = output.get('data', {})
            if 'text/plain' in data:
                lines.extend(''.join(data['text/plain']).splitlines())
            if 'image/png' in data:
                path = os.path.join(figures_folder, '%s-%d.png' % (stem, len(figures) + 1))
                png = data['image/png']
                try:
                    os.makedirs(figures_folder, exist_ok=True)
                    atomic.write_bytes(path, base64.b64decode(''.join(png)))
                except (OSError, ValueError):
                    continue  # a full disk, a broken image: the row goes without it
                figures.append(path)
        found = _accuracy_in(lines, 'acc' in source.lower())
        if found is not None:
            accuracy = found
    return accuracy, figures


# What an item's scratch folder gets of the item's own folder, so that what the item reads
# beside itself by relative path (images, a style file, data) is there: files up to
# MIRROR_COPY_BYTES are copied (a write to one changes the copy only), larger ones linked.
MIRROR_COPY_BYTES = 1 << 20
MIRROR_MOST_ENTRIES = 5000
_NOT_MIRRORED = ('__pycache__', '.ipynb_checkpoints', '.git', 'figures', 'stdout.txt',
                 'stderr.txt')


def mirror_folder(source, scratch, keep_out=()):
    """Lay the files of ``source`` (the item's folder, subfolders too) into ``scratch``, copied
    or, when large, as links; Python modules are left where they are, nothing already in
    ``scratch`` is replaced, and folders in ``keep_out`` (the report folder) are left out.
    Returns how many entries were laid."""
    keep_out = {os.path.realpath(path) for path in keep_out}
    laid = 0
    for folder, subfolders, files in os.walk(source):
        if os.path.realpath(folder) in keep_out:
            subfolders[:] = []
            continue
        subfolders[:] = sorted(d for d in subfolders if d not in _NOT_MIRRORED
                               and os.path.realpath(os.path.join(folder, d)) not in keep_out)
        target = os.path.join(scratch, os.path.relpath(folder, source))
        for name in sorted(files):
            if laid >= MIRROR_MOST_ENTRIES:
                return laid
            # Modules are imported from where they are (a notebook's kernel has its working
            # folder first on the path: a copy there would be imported instead, as code that
            # is not the course's).
            if ((folder == source and name in _NOT_MIRRORED) or name.endswith('.tf1.ipynb')
                    or name.endswith(('.py', '.pyc'))):
                continue
            original, copy = os.path.join(folder, name), os.path.join(target, name)
            if os.path.lexists(copy):
                continue
            try:
                info = os.stat(original)
                if not os.path.isfile(original):
                    continue
                os.makedirs(target, exist_ok=True)
                if info.st_size <= MIRROR_COPY_BYTES:
                    shutil.copyfile(original, copy)
                else:
                    os.symlink(os.path.abspath(original), copy)
            except OSError:
                continue  # unreadable, or a full disk: the item runs without it
            laid += 1
    return laid


def _environment():
    env = dict(os.environ)
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(tf1_mnist.__file__)))
    env['PYTHONPATH'] = os.pathsep.join(p for p in (package_parent, env.get('PYTHONPATH')) if p)
    env['PYTHONUNBUFFERED'] = '1'
    env['MPLBACKEND'] = 'Agg'
    return env


class Sweep:
    """Runs the items, ``jobs`` at a time, and keeps what became of each."""

    def __init__(self, items, report_folder, budget, jobs, in_place=False, progress=None):
        self.items = items
        self.report_folder = report_folder
        self.budget = budget
        self.jobs = jobs
        self.in_place = in_place
        self.progress = progress
        self.finished = []
        self.stopping = threading.Event()
        self._running = {}  # item -> Popen
        self._lock = threading.Lock()
        self._keeper = None

    def _command(self, item, scratch):
        if item.kind == 'notebook':
            executed = os.path.join(scratch, os.path.basename(notebook.output_path(item.path)))
            return [sys.executable, '-m', 'tf1_mnist.notebook', '--output', executed,
                    '--cwd', os.path.dirname(item.path) if self.in_place else scratch,
                    item.path], executed
        return [sys.executable, '-m', 'tf1_mnist.run', '--figures',
                os.path.join(scratch, 'figures'), item.path], None

    def _open_scratch(self, item, scratch, stdout_path, stderr_path):
        """The item's output files in its scratch folder, or None when they cannot be made (a
        full disk): the item is then reported as crashed, in one line."""
        try:
            os.makedirs(scratch, exist_ok=True)
            out = open(stdout_path, 'wb')
        except OSError as error:
            why = error
        else:
            try:
                return out, open(stderr_path, 'wb')
            except OSError as error:
                out.close()
                why = error
        item.result, item.seconds = CRASHED, 0.0
        item.detail = 'its scratch folder %s could not be written (%s)' % (
            item.scratch, why.strerror or why)
        return None

    def run_item(self, item):
        """Run one item, in the sweep (``run``) or alone; return it with its result, or None
        when the sweep is stopping."""
        if self._keeper is None:  # one item run alone: it has a keeper of its own
            self._keeper = Keeper()
            try:
                return self.run_item(item)
            finally:
                self._keeper.close()
                self._keeper = None
        scratch = os.path.join(self.report_folder, item.scratch)
        command, executed = self._command(item, scratch)
        names_accuracy = _names_accuracy(item.path)  # read now: an item may delete its file
        stdout_path = os.path.join(scratch, 'stdout.txt')
        stderr_path = os.path.join(scratch, 'stderr.txt')
        started = time.monotonic()
        timed_out = False
        files = self._open_scratch(item, scratch, stdout_path, stderr_path)
        if files is None:
            return None if self.stopping.is_set() else item
        out, err = files
        if not self.in_place:
            mirror_folder(os.path.dirname(item.path), scratch, keep_out=(self.report_folder,))
        with out, err:
            with self._lock:
                if self.stopping.is_set():
                    return None
                process = subprocess.Popen(
                    command, cwd=os.path.dirname(item.path) if self.in_place else scratch,
                    stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                    env=dict(_environment(), **{SWEEP_VARIABLE: self._keeper.token}),
                    start_new_session=True, preexec_fn=_dies_with(os.getpid()))
                self._running[item] = process
                self._keeper.watch(process.pid)
            try:
                process.wait(timeout=self.budget)
            except subprocess.TimeoutExpired:
                timed_out = True
                _stop(process)
            finally:
                _end_group(process.pid)  # what the item started and left running
                with self._lock:
                    self._running.pop(item, None)
                    self._keeper.forget(process.pid)
        if self.stopping.is_set():
            return None
        item.seconds = round(time.monotonic() - started, 1)
        with open(stdout_path, encoding='utf-8', errors='replace') as f:
            stdout = f.read()
        with open(stderr_path, encoding='utf-8', errors='replace') as f:
            stderr = f.read()
        stderr = reproduce.without_comparison(stderr)
        item.result, item.detail = classify(process.returncode, timed_out, stdout, stderr)
        item.detail = item.detail.replace(item.path, item.relative)
        figures_folder = os.path.join(scratch, 'figures')
        if item.kind == 'notebook':
            item.accuracy, figures = _notebook_outputs(executed, figures_folder,
                                                       os.path.splitext(
                                                           os.path.basename(item.path))[0])
            item.compared = reproduce.compare_notebook_file(executed)
        else:
            item.accuracy = _accuracy_in(stdout.splitlines(), names_accuracy)
            log = reproduce.log_of(item.path)
            if log is not None:
                item.compared = reproduce.compare_with_log(log, stdout, names_accuracy)
            figures = sorted((os.path.join(figures_folder, name)
                              for name in os.listdir(figures_folder) if name.endswith('.png')),
                             key=_figure_order) if os.path.isdir(figures_folder) else []
        item.figures = [os.path.relpath(path, self.report_folder) for path in figures]
        return item

    def stop(self):
        """Stop the items that run now; no new one starts."""
        self.stopping.set()
        with self._lock:
            running = list(self._running.values())
        for process in running:
            _stop(process)

    def run(self):
        self._keeper = Keeper()
        try:
            return self._run()
        finally:
            self._keeper.close()

    def _run(self):
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs) as pool:
            futures = [pool.submit(self.run_item, item) for item in self.items]
            try:
                for future in concurrent.futures.as_completed(futures):
                    item = future.result()
                    if item is not None:
                        self.finished.append(item)
                        if self.progress:
                            self.progress.done(item)
            except KeyboardInterrupt:
                self.stop()
                for future in futures:
                    future.cancel()
                raise
        return self.finished


def _figure_order(path):
    number = re.search(r'-(\d+)\.png$', path)
    return (int(number.group(1)) if number else 0, path)


_PR_SET_PDEATHSIG = 1


def _dies_with(parent):
    """For an item, before exec (Linux): be killed when the sweep dies, even by SIGKILL."""
    if not sys.platform.startswith('linux'):
        return None
    try:
        import ctypes
        # Looked up here: the child of a threaded process should load nothing before exec.
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def set_parent_death_signal():
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the sweep died before prctl took effect
            os._exit(1)
    return set_parent_death_signal


# The keeper outlives the sweep by a moment: when the sweep ends, however it ends (kill -9
# included), the keeper's stdin closes and it kills the process groups of the items still
# listed, which hold whatever the items started, then every process that carries this sweep's
# mark in its environment: what left the item's group (a notebook's kernel and the children of
# its cells run in a session of their own).
SWEEP_VARIABLE = 'TF1_MNIST_COURSE_SWEEP'
_KEEPER = r'''
import os, signal, sys
for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(number, signal.SIG_IGN)
mark = ('%s=%s' % (sys.argv[1], sys.argv[2])).encode()
groups = set()
for line in sys.stdin:
    sign, _, group = line.partition(' ')
    (groups.add if sign == '+' else groups.discard)(int(group))
for group in groups:
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass
for _ in range(3):
    marked = []
    for name in os.listdir('/proc') if os.path.isdir('/proc') else ():
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open('/proc/%s/environ' % name, 'rb') as f:
                if mark in f.read().split(b'\0'):
                    marked.append(int(name))
        except OSError:
            pass
    for pid in marked:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    if not marked:
        break
'''


class Keeper:
    """A small process that kills the items' process groups once the sweep has ended."""

    def __init__(self):
        self.process = None
        self.token = secrets.token_hex(8)
        if os.name != 'posix':
            return
        try:
            self.process = subprocess.Popen(
                [sys.executable, '-c', _KEEPER, SWEEP_VARIABLE, self.token],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
        except OSError:
            self.process = None  # the sweep runs on; the death signal still ends the items

    def _say(self, line):
        if self.process is None:
            return
        try:
            self.process.stdin.write(line.encode('ascii'))
            self.process.stdin.flush()
        except OSError:
            self.process = None

    def watch(self, group):
        self._say('+ %d\n' % group)

    def forget(self, group):
        self._say('- %d\n' % group)

    def close(self):
        if self.process is not None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass


def _group_exists(group):
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _end_group(group, grace=2.0):
    """End what is left of an item's process group once its first process is gone."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(group, sig)
        except (ProcessLookupError, PermissionError):
            return
        deadline = time.monotonic() + wait
        while _group_exists(group) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _group_exists(group):
            return


def _stop(process, grace=5.0):
    """End a run and everything it started (its own process group)."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Progress:
    """A progress bar on a terminal, one line per finished item otherwise."""

    def __init__(self, total, stream=None):
        self.total = total
        self.count = 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        if self.tty:
            self._draw('')

    def _write(self, text):
        try:
            self.stream.write(text)
            self.stream.flush()
        except OSError:  # the terminal is gone (SIGHUP); the report is still written
            pass

    def _draw(self, last):
        width = 30
        filled = width * self.count // max(self.total, 1)
        self._write('\r[%s%s] %d/%d %s\x1b[K' % ('#' * filled, '.' * (width - filled),
                                                  self.count, self.total, last[:40]))

    def done(self, item):
        self.count += 1
        if self.tty:
            self._draw('%s: %s' % (item.relative, item.result))
            if self.count == self.total:
                self._write('\n')
        else:
            self._write('[%d/%d] %s: %s (%.1f s)\n' % (self.count, self.total, item.relative,
                                                       item.result, item.seconds))

    def close(self):
        if self.tty and self.count < self.total:
            self._write('\n')


# The report.

def summary_line(items, total, stopped=False):
    counts = {name: sum(1 for item in items if item.result == name) for name in CLASSES}
    line = '%d/%d run' % (counts[RUNS], total)
    others = ['%d %s' % (counts[name], name) for name in CLASSES[1:] if counts[name]]
    if others:
        line += ' (%s)' % ', '.join(others)
    line += reproduced_summary(items)
    if stopped:
        line += '; stopped after %d of %d items' % (len(items), total)
    return line


def reproduced_summary(items):
    """``; 3 of 4 with the author's results reproduce them``, or '' when no item kept any."""
    verdicts = [item.reproduces for item in items if item.reproduces is not None]
    if not verdicts:
        return ''
    return "; %d of %d with the author's results reproduce them" % (sum(verdicts), len(verdicts))


def _percent(value):
    return '' if value is None else '%.2f%%' % (100 * value)


def _what(item):
    return item.result if not item.detail else '%s: %s' % (item.result, item.detail)


def report_markdown(items, summary, folder, skipped=()):
    def cell(text):
        return str(text).replace('|', '\\|').replace('\n', ' ')
    rows = ['# Course report: %s' % folder, '', summary, '',
            "| item | result | wall time | last accuracy | author's result → now | figures "
            "| --check | scratch folder |",
            '|---|---|---|---|---|---|---|---|']
    for item in items:
        figures = ' '.join('<img src="%s" width="64">' % path.replace(os.sep, '/')
                           for path in item.figures)
        checked = str(item.check_problems) if item.check_problems else 'ok'
        rows.append('| %s | %s | %.1f s | %s | %s | %s | %s | %s |' % (
            cell(item.relative), cell(_what(item)), item.seconds, _percent(item.accuracy),
            cell(item.authors_result), figures, cell(checked),
            cell(item.scratch.replace(os.sep, '/'))))
    for relative, why in skipped:
        rows.append('| %s | skipped: %s | | | | | | |' % (cell(relative), cell(why)))
    return '\n'.join(rows) + '\n'


def report_html(items, summary, folder, skipped=()):
    colours = {RUNS: '#d4f4d4', TRAINING: '#fff3c4', REFUSED: '#fde0c8',
               NEEDS_PACKAGE: '#dde8fb', CRASHED: '#f8d0d0'}
    rows = []
    for item in items:
        figures = ''.join('<a href="%s"><img src="%s" height="64"></a>'
                          % ((html.escape(path.replace(os.sep, '/'), quote=True),) * 2)
                          for path in item.figures)
        rows.append('<tr style="background:%s"><td>%s</td><td>%s</td><td>%s</td>'
                    '<td>%.1f s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>' % (
                        colours.get(item.result, '#fff'), html.escape(item.relative),
                        html.escape(item.result), html.escape(item.detail), item.seconds,
                        _percent(item.accuracy), html.escape(item.authors_result), figures,
                        html.escape(item.first_problem or 'ok'),
                        html.escape(item.scratch.replace(os.sep, '/'))))
    for relative, why in skipped:
        rows.append('<tr><td>%s</td><td>skipped</td><td>%s</td><td></td><td></td><td></td>'
                    '<td></td><td></td><td></td></tr>' % (html.escape(relative),
                                                          html.escape(why)))
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Course report: %s</title>'
            '<style>body{font-family:sans-serif}td,th{padding:4px 8px;text-align:left;'
            'vertical-align:top}table{border-collapse:collapse}</style></head><body>\n'
            '<h1>Course report: %s</h1>\n<p>%s</p>\n<table>\n<tr><th>item</th><th>result</th>'
            '<th>detail</th><th>wall time</th><th>last accuracy</th>'
            '<th>author\'s result → now</th><th>figures</th>'
            '<th>--check</th><th>scratch folder</th></tr>\n%s\n</table>\n</body></html>\n'
            % (html.escape(folder), html.escape(folder), html.escape(summary), '\n'.join(rows)))


def write_reports(report_folder, items, summary, folder, skipped=()):
    items = sorted(items, key=lambda item: item.relative)
    atomic.write_bytes(os.path.join(report_folder, 'report.md'),
                       report_markdown(items, summary, folder, skipped).encode('utf-8'))
    atomic.write_bytes(os.path.join(report_folder, 'report.html'),
                       report_html(items, summary, folder, skipped).encode('utf-8'))


LOCK = '.tf1_mnist-course-lock'


def _refuse_course_inside(report_folder, folder, shown):
    """Exit 2 when the course folder lies inside the report folder, whose scratch folders the
    sweep replaces."""
    course_folder = os.path.realpath(folder)
    report = os.path.realpath(report_folder)
    try:
        inside = os.path.commonpath([course_folder, report]) == report
    except ValueError:  # on different drives
        inside = False
    if inside:
        cli.usage_error(PROG, '--report %s: the course folder %s lies inside it; choose '
                              'another report folder' % (shown, folder))


def _lock_report_folder(report_folder, shown):
    """Hold the report folder for this sweep (until the process ends); exit 1 naming the
    process that holds it already."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks through fcntl
        return None
    path = os.path.join(report_folder, LOCK)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, 'O_CLOEXEC', 0), 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        with open(path, encoding='utf-8', errors='replace') as f:
            holder = f.read().strip() or 'unknown'
        os.close(fd)
        sys.stderr.write('%s: error: --report %s: in use by another sweep (process %s); wait '
                         'for it to end or choose another report folder\n' % (PROG, shown,
                                                                               holder))
        raise SystemExit(1)
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode('ascii'))
    return fd


def _prepare_report_folder(report_folder, shown, folder):
    """Make the report folder ours and hold it, or refuse one that holds something else or the
    course itself (exit 2), or that another sweep holds (exit 1); held until the process ends."""
    marker = os.path.join(report_folder, MARKER)
    if os.path.isdir(report_folder) and os.listdir(report_folder) \
            and not os.path.isfile(marker):
        cli.usage_error(PROG, '--report %s: the folder exists and was not made by this sweep; '
                              'choose another' % shown)
    if os.path.exists(report_folder) and not os.path.isdir(report_folder):
        cli.usage_error(PROG, '--report %s: not a folder' % shown)
    _refuse_course_inside(report_folder, folder, shown)
    try:
        os.makedirs(report_folder, exist_ok=True)
        lock = _lock_report_folder(report_folder, shown)
        atomic.write_bytes(marker, b'made by python -m tf1_mnist.course; everything in this '
                                   b'folder may be replaced by the next sweep\n')
        items = os.path.join(report_folder, 'items')
        if os.path.isdir(items):
            import shutil
            shutil.rmtree(items)  # the scratch folders of an earlier sweep into this report
    except OSError as error:
        sys.stderr.write('%s: error: --report %s: cannot be written (%s)\n'
                         % (PROG, shown, error.strerror or error))
        raise SystemExit(1)
    return lock


def _write_reports_or_say(report_folder, shown, items, summary, folder, skipped):
    """Write the reports; None, or the one line saying why they could not be written."""
    try:
        write_reports(report_folder, items, summary, folder, skipped)
    except OSError as error:
        return '%s: the report could not be written to %s (%s)' % (PROG, shown,
                                                                   error.strerror or error)
    return None


@contextlib.contextmanager
def _signals_stop_the_sweep():
    """SIGTERM and SIGHUP (``kill``, a closed terminal, a batch system) stop the sweep as
    Ctrl-C does: the items are stopped and the report is written. Yields the list that
    receives the signal's number; the handlers are put back afterwards."""
    received = []

    def stop(number, frame):
        if received:
            return  # the report is being written
        received.append(number)
        raise KeyboardInterrupt
    names = [name for name in ('SIGTERM', 'SIGHUP') if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), stop) for name in names}
    try:
        yield received
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def main(argv=None):
    parser = cli.ArgumentParser(
        prog=PROG, description='Check and run every TF1 script and notebook of a course '
                               'folder, and report where the course stands.',
        epilog='exit status: 0 every item ran (or was still training at the budget); 1 an item '
               'was refused, needed a package or crashed; 2 misuse; 130 interrupted')
    parser.add_argument('folder', metavar='FOLDER', help='the course folder')
    parser.add_argument('--budget', type=cli.positive_float, default=120.0, metavar='SECONDS',
                        help='time each item may run, in seconds (default: %(default)g)')
    parser.add_argument('--jobs', type=cli.positive_int, default=os.cpu_count() or 1,
                        metavar='N', help='items run at a time (default: the number of cores, '
                                          '%(default)s)')
    parser.add_argument('--report', metavar='DIR', default=DEFAULT_REPORT,
                        help='folder for report.md, report.html and the scratch folders '
                             '(default: %(default)s)')
    parser.add_argument('--in-place', action='store_true',
                        help="run each item in its own folder, not a scratch folder (default: "
                             "off; what the items write then lands in the course folder)")
    parser.add_argument('--json', action='store_true',
                        help='print the results as JSON instead of the summary (default: off)')
    args = parser.parse_args(argv)
    if not os.path.isdir(args.folder):
        parser.error('%s: %s' % (args.folder, 'not a folder' if os.path.exists(args.folder)
                                 else 'no such folder'))
    report_folder = os.path.abspath(args.report)
    skipped = []
    items = find_items(args.folder, exclude=[report_folder], skipped=skipped)
    for relative, why in skipped:
        sys.stderr.write('%s: skipped %s: %s\n' % (PROG, relative, why))
    if not items:
        parser.error('%s: no scripts or notebooks found' % args.folder)
    _prepare_report_folder(report_folder, args.report, args.folder)  # held until the end
    for item in items:
        check_item(item)
    progress = None if args.json else Progress(len(items))
    sweep = Sweep(items, report_folder, args.budget, args.jobs, args.in_place, progress)
    stopped = False
    with _signals_stop_the_sweep() as stop_signal:
        try:
            sweep.run()
        except KeyboardInterrupt:
            stopped = True
        finally:
            if progress:
                progress.close()
        finished = sorted(sweep.finished, key=lambda item: item.relative)
        summary = summary_line(finished, len(items), stopped)
        not_written = _write_reports_or_say(report_folder, args.report, finished, summary,
                                            os.path.basename(os.path.abspath(args.folder)),
                                            skipped)
    if args.json:
        json.dump({'summary': summary, 'total': len(items), 'stopped': stopped,
                   'report': report_folder, 'items': [item.as_dict() for item in finished]},
                  sys.stdout, indent=1)
        sys.stdout.write('\n')
    else:
        print(summary)
        if not not_written:
            print('report: %s' % os.path.join(os.path.relpath(report_folder), 'report.html'))
    if not_written:
        sys.stderr.write(not_written + '\n')
    return exit_status(finished, stopped, stop_signal, not_written)


def exit_status(finished, stopped, stop_signal=None, not_written=None):
    """128 + the signal for SIGTERM and SIGHUP, 130 when the sweep was interrupted, 1 when an
    item did not run or the report could not be written, else 0."""
    if stop_signal:
        return 128 + stop_signal[0]
    if stopped:
        return 130
    if not_written:
        return 1
    return 1 if any(item.result in DID_NOT_RUN for item in finished) else 0


if __name__ == '__main__':
    raise SystemExit(main())
