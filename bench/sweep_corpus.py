"""Sweep a corpus of real TF1-era MNIST course material under the runner, one item at a time.

The corpus itself is third-party code and is never committed: bench/corpus/manifest.tsv names
each item (repository, path, commit, kind) and the sibling modules it imports. Three steps:

    # 1. lay the files out as CORPUS/<owner>__<repo>/<path>, read from git snapshots
    python bench/sweep_corpus.py materialise --source SNAPSHOTS --corpus CORPUS
    # 2. a venv on top of this Python (its packages visible) with what the items import
    python bench/sweep_corpus.py venv --corpus CORPUS --venv VENV [--install]
    # 3. check and run every item, as a user would; results to JSON, summary printed
    VENV/bin/python bench/sweep_corpus.py run --corpus CORPUS --json results.json
    # then: the items that reached training, upgraded and run as plain python
    VENV/bin/python bench/sweep_corpus.py upgrade --corpus CORPUS --results results.json \
        --json upgraded.json

SNAPSHOTS is a folder with one git directory per repository, named ``<owner>+<repo>/repo``
(or ``.../repo/.git``, or a bare ``<owner>+<repo>.git``), or a folder already laid out like
CORPUS (``<owner>__<repo>/<path>``), whose files are copied. Each file is read at the commit the
manifest names; a repository or commit that is missing is reported and skipped.

``run`` reads each item as ``--check`` does, then runs it the way ``python -m tf1_mnist.course``
does (the same code: a scratch folder, ``python -m tf1_mnist.run`` for scripts, the TF1 kernel
for notebooks), with its own budget per kind (60 s scripts, 150 s notebooks by default). An item
reaches training or finishes when its course class is "runs" or "still training at the budget".
Every failure is also put in a failure class (era libraries, missing packages, contrib paths,
Python 2, RNN, input pipelines, data files, other) by the error it ends with. The JSON is
rewritten after every item, so an interrupted sweep keeps what it finished and ``--resume``
runs only the rest.

``upgrade`` takes the items of an earlier ``run`` that reached training or finished, writes each
one's copy with ``python -m tf1_mnist.upgrade`` (the item and its sibling modules), and runs the
copy with the same sweep, as plain ``python`` (a notebook in an ordinary ``python3`` kernel
through nbclient), not under the runner; it prints the share that still reaches training and
the failures by class, with what the upgrade left unconverted.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import signal
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tf1_mnist import atomic  # noqa: E402

from tf1_mnist.runner import course, notebook, upgrade  # noqa: E402

PROG = 'bench/sweep_corpus.py'
DEFAULT_MANIFEST = os.path.join(HERE, 'corpus', 'manifest.tsv')
COLUMNS = ('repository', 'path', 'commit', 'kind', 'siblings')
KINDS = ('script', 'notebook')
REACHED = (course.RUNS, course.TRAINING)

# Top-level imports that name a package on PyPI under another name, or that are known
# packages the era's course material used; only these are installed by ``venv --install``:
# an unknown name is more likely a module the item expected beside it than a package.
KNOWN_PACKAGES = {
    'matplotlib': 'matplotlib', 'scipy': 'scipy', 'numpy': 'numpy', 'PIL': 'Pillow',
    'sklearn': 'scikit-learn', 'skimage': 'scikit-image', 'cv2': 'opencv-python-headless',
    'pandas': 'pandas', 'seaborn': 'seaborn', 'imageio': 'imageio', 'h5py': 'h5py',
    'six': 'six', 'tqdm': 'tqdm', 'yaml': 'PyYAML', 'requests': 'requests',
    'IPython': 'ipython', 'ipywidgets': 'ipywidgets', 'watermark': 'watermark',
    'pylab': 'matplotlib', 'keras': 'keras', 'tf_slim': 'tf-slim', 'absl': 'absl-py',
    'tensorflow_probability': 'tensorflow-probability', 'future': 'future',
    'past': 'future', 'builtins': 'future', 'sympy': 'sympy', 'plotly': 'plotly',
    'bokeh': 'bokeh', 'graphviz': 'graphviz', 'pydot': 'pydot', 'imutils': 'imutils',
    'tensorflow_datasets': 'tensorflow-datasets', 'dateutil': 'python-dateutil',
    'progressbar': 'progressbar2', 'moviepy': 'moviepy', 'gzip': None,
}

# Failure classes: (group, class, pattern on the last lines of the item's error output).
# The first that matches names the class; "other" is left.
FAILURE_CLASSES = (
    ('era libraries', 'matplotlib removed API',
     r"set_window_title|has no attribute 'hold'|normed|axisbg|matplotlib.*(?:removed|"
     r"deprecat)|'FigureCanvas\w*' object has no attribute"),
    ('era libraries', 'scipy.misc removed',
     r"scipy\.misc.*has no attribute|module 'scipy\.misc' has no|cannot import name "
     r"'(?:imread|imsave|imresize|toimage)'|scipy\.misc"),
    ('era libraries', 'numpy removed name',
     r"module 'numpy' has no attribute|np\.(?:float|int|bool|object|asscalar)\b|"
     r"unexpected keyword argument 'newshape'"),
    ('era libraries', 'python stdlib removed',
     r"module 'collections' has no attribute|time' has no attribute 'clock'|getargspec|"
     r"No module named 'imp'\b|No module named 'cPickle'|No module named 'urllib2'|"
     r"No module named 'Queue'|No module named 'cStringIO'|No module named 'StringIO'"),
    ('era libraries', 'scikit-learn removed API',
     r"load_boston|fetch_mldata|removed from scikit-learn|sklearn\.cross_validation|"
     r"No module named 'sklearn\.(?:cross_validation|grid_search|externals)"),
    ('era libraries', 'Pillow removed API',
     r"PIL\.Image' has no attribute|ANTIALIAS|Image\.LINEAR|textsize"),
    ('era libraries', 'absl flags', r'IllegalFlagValueError|UnrecognizedFlagError|'
                                    r'DuplicateFlagError|absl\.flags'),
    ('missing packages', 'standalone Keras in TF1 graph mode',
     r"only supports Python-style iteration in eager mode|keras.*(?:eager|graph mode)"),
    ('missing packages', 'missing package', r"^NEEDS_PACKAGE|No module named '(?!tensorflow)"),
    ('contrib paths', 'tf.contrib or removed TF name',
     r"tf\.contrib|tensorflow\.contrib|No module named 'tensorflow\.|has no attribute "
     r"'contrib'|^REFUSED"),
    ('Python 2', 'Python 2 code',
     r"could not be parsed|Missing parentheses|SyntaxError|xrange|unicode'? is not defined|"
     r"'dict_\w+' object|has no attribute 'iteritems'|has no attribute 'has_key'|"
     r"integer division|indices must be integers|'float' object cannot be interpreted|"
     r"name 'raw_input'|name 'reduce'|name 'long'|name 'basestring'|TabError|"
     r"'map' object|'filter' object|'zip' object|'range' object does not support|"
     r"a bytes-like object is required"),
    ('RNN', 'RNN cells and rnn functions',
     r"Dimensions must be equal|rnn|RNN|LSTM|GRU|static_rnn|dynamic_rnn"),
    ('input pipelines', 'queue runners, TFRecords, tf.data',
     r"queue|Queue|TFRecord|input_producer|Coordinator|OutOfRange|Iterator|iterator|"
     r"make_one_shot|output_shapes|parse_single_example|FixedLenFeature|decode_raw"),
    ('data files', 'data or files the item expects',
     r"FileNotFoundError|No such file or directory|NotFoundError|does not exist|"
     r"Failed to find any matching files|Unsuccessful TensorSliceReader|could not find|"
     r"sys\.argv\[|the following arguments are required|No data found|"
     r"not a valid checkpoint"),
    ('other', 'other', r''),
)


# A download that fails decides the class wherever it shows: the sweep has no network, and
# what the item then does with nothing (an empty iterator, a None) is not the cause.
DOWNLOAD = ('data files', 'downloads (no network here)',
            r"URLError|Name or service not known|Could not resolve host|HTTP Error \d+|"
            r"Temporary failure in name resolution|ConnectionError|Max retries exceeded")


class ManifestError(Exception):
    """The manifest cannot be read: one line that names the file, the line and why."""


class Entry:
    """One item of the manifest: a script or notebook of a repository, at a commit."""

    def __init__(self, repository, path, commit, kind, siblings):
        self.repository = repository
        self.path = path
        self.commit = commit
        self.kind = kind
        self.siblings = siblings

    @property
    def folder(self):
        return self.repository.replace('/', '__', 1)

    @property
    def key(self):
        return '%s/%s' % (self.folder, self.path)

    def files(self):
        return [self.path] + list(self.siblings)


def _safe_path(path):
    parts = path.split('/')
    return (path and not path.startswith('/') and '\\' not in path
            and all(part not in ('', '.', '..') for part in parts))


def read_manifest(path):
    """The Entries of a manifest (tab-separated, ``#`` lines are comments)."""
    try:
        with open(path, encoding='utf-8') as f:
            lines = f.read().splitlines()
    except OSError as error:
        raise ManifestError('%s: cannot read the manifest: %s' % (path, error.strerror))
    except UnicodeDecodeError:
        raise ManifestError('%s: not a text file (UTF-8 expected)' % path)
    entries, seen = [], set()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith('#'):
            continue
        fields = line.split('\t')
        if len(fields) == 4:
            fields.append('')
        where = '%s:%d' % (path, number)
        if len(fields) != 5:
            raise ManifestError('%s: %d tab-separated fields, expected 5 (%s)'
                                % (where, len(fields), ', '.join(COLUMNS)))
        repository, item_path, commit, kind, siblings = (f.strip() for f in fields)
        if not re.match(r'^[\w.-]+/[\w.-]+$', repository):
            raise ManifestError('%s: repository %r is not owner/name' % (where, repository))
        if not re.match(r'^[0-9a-f]{40}$', commit):
            raise ManifestError('%s: commit %r is not 40 hex digits' % (where, commit))
        if kind not in KINDS:
            raise ManifestError('%s: kind %r is not script or notebook' % (where, kind))
        sibling_list = [s for s in siblings.split(',') if s] if siblings else []
        for name in [item_path] + sibling_list:
            if not _safe_path(name):
                raise ManifestError('%s: path %r is not a relative path inside the '
                                    'repository' % (where, name))
        expected = 'notebook' if item_path.endswith('.ipynb') else 'script'
        if kind != expected:
            raise ManifestError('%s: %s is a %s, not a %s' % (where, item_path, expected, kind))
        entry = Entry(repository, item_path, commit, kind, sibling_list)
        if entry.key in seen:
            raise ManifestError('%s: %s listed twice' % (where, entry.key))
        seen.add(entry.key)
        entries.append(entry)
    if not entries:
        raise ManifestError('%s: no items listed' % path)
    return entries


# Materialising the corpus.

def _git_dir(source, repository):
    base = os.path.join(source, repository.replace('/', '+', 1))
    for candidate in (os.path.join(base, 'repo', '.git'), os.path.join(base, 'repo'),
                      base + '.git', base):
        if os.path.isfile(os.path.join(candidate, 'HEAD')):
            return candidate
    return None


def _read_from_git(git_dir, commit, path):
    result = subprocess.run(['git', '--git-dir', git_dir, 'show', '%s:%s' % (commit, path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if result.returncode != 0:
        return None
    return result.stdout


def materialise(entries, source, corpus):
    """Write every item and sibling under ``corpus``; (files written, problems)."""
    written, problems = 0, []
    for entry in entries:
        git_dir = _git_dir(source, entry.repository)
        laid_out = os.path.join(source, entry.folder)
        for name in entry.files():
            target = os.path.join(corpus, entry.folder, *name.split('/'))
            if git_dir:
                data = _read_from_git(git_dir, entry.commit, name)
            elif os.path.isfile(os.path.join(laid_out, *name.split('/'))):
                with open(os.path.join(laid_out, *name.split('/')), 'rb') as f:
                    data = f.read()
            else:
                data = None
            if data is None:
                problems.append('%s: %s not found at %s in %s' % (
                    entry.repository, name, entry.commit[:12], source))
                continue
            if os.path.isfile(target):
                with open(target, 'rb') as f:
                    if f.read() == data:
                        continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            atomic.write_bytes(target, data)
            written += 1
    return written, problems


# The packages the items import.

def _imported_names(path):
    try:
        if path.endswith('.ipynb'):
            text = '\n'.join(notebook.read_code_cells(path))
        else:
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
    except (OSError, notebook.NotANotebook):
        return set()
    names = set()
    for match in re.finditer(r'^\s*(?:from\s+(\w+)[\w.]*\s+import|import\s+([\w., ]+))', text,
                             re.M):
        if match.group(1):
            names.add(match.group(1))
        else:
            names.update(n.strip().split('.')[0].split()[0]
                         for n in match.group(2).split(',') if n.strip())
    return names


def imported_packages(entries, corpus):
    """{top-level module: [item keys]} of what the items and siblings import, less their own
    modules and the standard library."""
    found = collections.defaultdict(set)
    for entry in entries:
        own = {os.path.splitext(os.path.basename(n))[0] for n in entry.files()}
        own.update(n.split('/')[i] for n in entry.siblings for i in range(n.count('/')))
        for name in entry.files():
            for module in _imported_names(os.path.join(corpus, entry.folder, *name.split('/'))):
                if module in own or module in sys.stdlib_module_names or module == '__future__':
                    continue
                found[module].add(entry.key)
    return {module: sorted(keys) for module, keys in sorted(found.items())}


def _importable(python, modules):
    code = ('import importlib.util, json, sys\n'
            'print(json.dumps([m for m in sys.argv[1:] if importlib.util.find_spec(m) is None]))')
    result = subprocess.run([python, '-c', code] + list(modules), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    missing = set(json.loads(result.stdout or '[]'))
    return {m: m not in missing for m in modules}


BASE_PTH = '_corpus_base_packages.pth'


def make_venv(venv, base_python):
    """A venv on top of ``base_python`` that sees its packages (TensorFlow among them).

    ``--system-site-packages`` alone is not enough when ``base_python`` is itself a venv: the
    new venv would see the interpreter's own site-packages, not the base venv's. A ``.pth``
    file puts the base's site-packages after the new venv's own.
    """
    python = os.path.join(venv, 'bin', 'python')
    if not os.path.isfile(python):
        subprocess.run([base_python, '-m', 'venv', '--system-site-packages', venv], check=True)
    paths = _site_packages(base_python)
    own = _site_packages(python)
    pth = os.path.join(own[0], BASE_PTH)
    atomic.write_bytes(pth, ''.join(p + '\n' for p in paths if p not in own).encode('utf-8'))
    return python


def _site_packages(python):
    code = ('import json, sysconfig\n'
            'p = sysconfig.get_paths()\n'
            'print(json.dumps(sorted({p["purelib"], p["platlib"]})))')
    return json.loads(subprocess.run([python, '-c', code], check=True, stdout=subprocess.PIPE,
                                     text=True).stdout)


# Failure classes.

def failure_class(result, detail, tail):
    """(group, class) for a result; None for items that reached training or finished."""
    if result in REACHED:
        return None
    marker = {course.NEEDS_PACKAGE: 'NEEDS_PACKAGE', course.REFUSED: 'REFUSED'}.get(result, '')
    # Traceback lines that name files are left out: a folder named rnn/ says nothing.
    code = [line for line in tail if not line.lstrip().startswith('File "')]
    text = '\n'.join([marker, detail] + code)
    if re.search(DOWNLOAD[2], '\n'.join([detail] + list(tail))):
        return DOWNLOAD[:2]
    for group, name, pattern in FAILURE_CLASSES:
        if pattern and re.search(pattern, detail or '', re.M):
            return group, name
    for group, name, pattern in FAILURE_CLASSES:
        if not pattern or re.search(pattern, text, re.M):
            return group, name
    return 'other', 'other'


# A traceback in the error output: the runner (or the course tool) itself failed, or let an
# error through unexplained.
TRACEBACK = 'Traceback (most recent call last)'
ERROR_LINE = re.compile(r'^(?:[\w.]+(?:Error|Exception|Exit|Interrupt|Warning)\b|'
                        r'tf1_mnist\.\w+: |python -m tf1_mnist\.\w+: error)')


def error_line(stderr_text, detail=''):
    """The line that says what went wrong: the last exception line of a traceback (with the
    line after it when the message goes on there), else the runner's first line, else the
    course's detail."""
    lines = stderr_text.splitlines()
    exception, runner = '', ''
    for number, line in enumerate(lines):
        if not ERROR_LINE.match(line) or re.match(r'^tf1_mnist\.run: \d+ figures? saved', line):
            continue
        line = line.strip()
        if line.endswith(':'):
            following = [rest.strip() for rest in lines[number + 1:number + 3] if rest.strip()]
            line = ' '.join([line] + following[:1])
        if line.startswith(('tf1_mnist.', 'python -m tf1_mnist')) and not re.search(
                r'(Error|Exception)\b', line):
            runner = runner or line
        else:
            exception = line
    return exception or runner or detail


def _silent(scratch):
    """Whether an item stopped at its budget had printed nothing at all: it may be stuck (a
    queue nobody fills) rather than training."""
    try:
        with open(os.path.join(scratch, 'stdout.txt'), encoding='utf-8', errors='replace') as f:
            return not f.read().strip()
    except OSError:
        return False


def _tail(path, lines=25):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        return []
    kept = [line for line in text.splitlines()
            if line.strip() and not re.match(r'^\s*(WARNING|I0000|E0000|W0000)', line)]
    return kept[-lines:]


# Running.

class Runner:
    """Checks and runs the entries one by one (``jobs`` at a time), keeping results in JSON."""

    def __init__(self, entries, corpus, report, budgets, jobs, results_path, previous=None,
                 in_place=False):
        self.entries = entries
        self.corpus = corpus
        self.report = report
        self.budgets = budgets
        self.jobs = jobs
        self.results_path = results_path
        self.results = dict(previous or {})
        self.in_place = in_place
        self.lock = threading.Lock()
        self.sweeps = []
        self.stopping = threading.Event()

    def _save(self):
        if self.results_path:
            data = json.dumps({'items': [self.results[k] for k in sorted(self.results)]},
                              indent=1, ensure_ascii=False) + '\n'
            atomic.write_bytes(self.results_path, data.encode('utf-8'))

    def item_of(self, entry):
        path = os.path.join(self.corpus, entry.folder, *entry.path.split('/'))
        return course.Item(path, entry.key)

    def check(self, entry):
        item = self.item_of(entry)
        course.check_item(item)
        return item

    def run_one(self, entry, check_only=False):
        if self.stopping.is_set():
            return None
        item = self.check(entry)
        record = {'item': entry.key, 'repository': entry.repository, 'path': entry.path,
                  'kind': entry.kind, 'check_problems': item.check_problems,
                  'first_check_problem': item.first_problem}
        if not os.path.isfile(item.path):
            record.update(result=course.CRASHED, detail='not materialised: %s' % item.path,
                          seconds=0, tail=[], group='data files', failure='not materialised')
        elif not check_only and self.sweep_item(entry, item, record) is None:
            return None
        return self.keep(entry, record)

    def keep(self, entry, record):
        with self.lock:
            self.results[entry.key] = record
            self._save()
        return record

    def make_sweep(self, item, entry):
        return course.Sweep([item], self.report, self.budgets[entry.kind], 1,
                            in_place=self.in_place)

    def sweep_item(self, entry, item, record):
        """Run ``item`` as the course tool does and add its result to ``record``; None when
        the sweep is stopping."""
        sweep = self.make_sweep(item, entry)
        with self.lock:
            self.sweeps.append(sweep)
        try:
            done = sweep.run_item(item)
        finally:
            with self.lock:
                self.sweeps.remove(sweep)
        if done is None:
            return None
        record.update(result=item.result, detail=item.detail, seconds=item.seconds,
                      budget=self.budgets[entry.kind],
                      accuracy=item.accuracy, figures=len(item.figures),
                      compared=len(item.compared or ()), scratch=scratch_of(item.relative))
        inspect_output(record, os.path.join(self.report, scratch_of(item.relative)), item.path)
        return record

    def stop(self):
        self.stopping.set()
        with self.lock:
            sweeps = list(self.sweeps)
        for sweep in sweeps:
            sweep.stop()

    def run(self, check_only=False, progress=None, again=()):
        """Run the entries without a result, and those in ``again`` (whose old result stays
        until the new one replaces it)."""
        todo = [e for e in self.entries if e.key not in self.results or e.key in again]
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs) as pool:
            futures = [pool.submit(self.run_one, e, check_only) for e in todo]
            finished = 0
            try:
                for future in concurrent.futures.as_completed(futures):
                    record = future.result()
                    finished += 1
                    if record is not None and progress:
                        progress(record, finished, len(todo))
            except KeyboardInterrupt:
                self.stop()
                for future in futures:
                    future.cancel()
                raise
        return self.results


# Upgraded copies, run as plain python.

# A notebook's copy in an ordinary python3 kernel (no tf1_mnist kernel, no runner); the executed
# copy is written, and a failing cell ends the error output as a traceback does.
PLAIN_KERNEL = r'''
import re, sys
import nbclient, nbformat
from nbclient.exceptions import CellExecutionError
source, executed, cwd = sys.argv[1:4]
document = nbformat.read(source, 4)
from tf1_mnist.runner import reproduce
reproduce.keep_stored_outputs(document)  # the stored figures, to compare with this run's
client = nbclient.NotebookClient(document, kernel_name='python3', timeout=None,
                                 resources={'metadata': {'path': cwd}})
try:
    client.execute()
except CellExecutionError as error:
    nbformat.write(document, executed)
    print(re.sub(r'\x1b\[[0-9;]*m', '', str(error)), file=sys.stderr)
    print('Traceback (most recent call last):\n%s: %s' % (error.ename, error.evalue),
          file=sys.stderr)
    sys.exit(1)
nbformat.write(document, executed)
'''


class PlainSweep(course.Sweep):
    """The course tool's sweep, running each item as plain ``python`` (a notebook in a python3
    kernel) instead of under the runner. The original's folder is laid into the scratch folder
    first, so the copy finds the files the original found."""

    def __init__(self, items, report_folder, budget, originals):
        super().__init__(items, report_folder, budget, 1)
        self.originals = originals  # item path -> the original's folder

    def _command(self, item, scratch):
        if item.kind == 'notebook':
            executed = os.path.join(scratch, os.path.basename(notebook.output_path(item.path)))
            return [sys.executable, '-c', PLAIN_KERNEL, item.path, executed, scratch], executed
        return [sys.executable, item.path], None

    def run_item(self, item):
        original = self.originals.get(item.path)
        if original and not self.stopping.is_set():
            course.mirror_folder(original, os.path.join(self.report_folder, item.scratch),
                                 keep_out=(self.report_folder,))
        return super().run_item(item)


def upgrade_entry(entry, corpus, folder):
    """Write the upgraded copy of an item and its sibling modules under ``folder`` (laid out
    as in the repository) with the upgrade tool; (the copy's path, the lines it could not
    convert). Raises upgrade.BadInput when the item itself cannot be upgraded."""
    base = os.path.join(corpus, entry.folder)
    files = []
    for name in entry.files():
        source = os.path.join(base, *name.split('/'))
        if os.path.isfile(source):
            files += upgrade.plan(source, os.path.join(folder, *name.split('/')[:-1]))
    results = upgrade.upgrade(files)
    if results and results[0].error is not None:
        raise upgrade.BadInput('%s: %s' % (entry.key, results[0].error))
    upgrade.write(results, force=True)
    text, _, problems = upgrade.report_text(results, folder)
    atomic.write_bytes(os.path.join(folder, upgrade.REPORT_NAME), text.encode('utf-8'))
    return os.path.join(folder, *entry.path.split('/')), problems


def not_converted_name(line):
    """What a line of the report's "Not converted" part is about: its API name, or the kind
    of problem (``file:line:col: tf.contrib.learn.X works only ...`` -> ``tf.contrib.learn.X``)."""
    what = re.sub(r'^.*?:\d+:\d+: ', '', line)
    if ': left as it is:' in line:
        return 'file left as it is'
    if what.startswith('the cell was left as it is'):
        return 'notebook cell left as it is'
    name = re.match(r'([\w.]+(?:\(\))?)', what)
    if what.startswith('is ') or not name:
        return re.sub(r'\d+|\'[^\']*\'', 'N', what)[:60]
    return re.sub(r'\.\w+$', '.*', name.group(1)) if name.group(1).count('.') > 2 else \
        name.group(1)


class UpgradeRunner(Runner):
    """Upgrades each entry, then runs the copy as plain python for the entry's budget."""

    def __init__(self, entries, corpus, report, budgets, jobs, results_path, previous=None):
        super().__init__(entries, corpus, report, budgets, jobs, results_path, previous)
        self.copies = os.path.join(report, 'upgraded')

    def run_one(self, entry, check_only=False):
        if self.stopping.is_set():
            return None
        record = {'item': entry.key, 'repository': entry.repository, 'path': entry.path,
                  'kind': entry.kind}
        folder = os.path.join(self.copies, course.scratch_name(entry.key))
        try:
            copy, problems = upgrade_entry(entry, self.corpus, folder)
        except (upgrade.BadInput, OSError) as error:
            record.update(result=course.CRASHED, detail=str(error), seconds=0, tail=[],
                          group='upgrade', failure='the upgrade refused the item',
                          not_converted=[])
            return self.keep(entry, record)
        record['not_converted'] = problems
        item = course.Item(copy, entry.key)
        if self.sweep_item(entry, item, record) is None:
            return None
        return self.keep(entry, record)

    def make_sweep(self, item, entry):
        return PlainSweep([item], self.report, self.budgets[entry.kind],
                          {item.path: os.path.dirname(os.path.join(
                              self.corpus, entry.folder, *entry.path.split('/')))})


def upgrade_summary(records, before):
    """Lines: of the items that reached training under the runner, how many reach it
    upgraded, by kind; failures by class; what the upgrade left unconverted, by name."""
    lines = []
    for kind in KINDS:
        kept = [r for r in records if r['kind'] == kind and 'result' in r]
        reached, total = _rate(kept)
        if total:
            lines.append('%-9s %3d/%-3d of those reaching training under the runner reach it '
                         'upgraded, as plain python (%.1f %%)'
                         % (kind + 's', reached, total, 100.0 * reached / total))
    finished = [r for r in records if r['kind'] == 'notebook' and r.get('result') == course.RUNS]
    if finished:
        shown = [r for r in finished if r.get('compared')]
        lines.append('notebooks that finish upgraded and show stored-vs-now figures: %d of %d%s'
                     % (len(shown), len(finished), ' (not: %s)' % ', '.join(
                         r['item'] for r in finished if not r.get('compared'))
                        if len(shown) < len(finished) else ''))
    failed = collections.Counter((r.get('group'), r.get('failure')) for r in records
                                 if 'result' in r and (r['result'] not in REACHED
                                                       or r.get('failed_at_budget')))
    if failed:
        lines.append('failures of the upgraded copies:')
        for (group, name), count in sorted(failed.items(), key=lambda x: (-x[1], str(x[0]))):
            lines.append('  %3d  %s: %s' % (count, group, name))
    names = collections.Counter()
    for r in records:
        names.update({not_converted_name(line) for line in r.get('not_converted', ())})
    if names:
        lines.append('not converted (items with it):')
        for name, count in sorted(names.items(), key=lambda x: (-x[1], x[0])):
            lines.append('  %3d  %s' % (count, name))
    lines.append('(of %d items in the earlier results, %d reached training or finished)'
                 % (before[0], before[1]))
    return lines


def upgrade_items(records):
    """Lines, one an item: its class under the upgrade, the error it ended with, and how many
    lines the upgrade could not convert."""
    lines = []
    for r in sorted(records, key=lambda r: r['item']):
        if 'result' not in r:
            continue
        failed = r['result'] not in REACHED or r.get('failed_at_budget')
        what = ('%s: %s' % (r.get('group'), r.get('failure'))) if failed else r['result']
        lines.append('%s  %s%s%s' % (r['item'], what,
                                     '  [%d not converted]' % len(r['not_converted'])
                                     if r.get('not_converted') else '',
                                     '\n    %s' % r['error'][:200] if failed and r.get('error')
                                     else ''))
    return lines


def interleave(entries):
    """Entries ordered round-robin over repositories, so a partial sweep sees every kind."""
    by_repo = collections.OrderedDict()
    for entry in entries:
        by_repo.setdefault(entry.repository, []).append(entry)
    ordered = []
    while any(by_repo.values()):
        for queue in by_repo.values():
            if queue:
                ordered.append(queue.pop(0))
    return ordered


def _rate(records):
    reached = sum(r.get('result') in REACHED for r in records)
    return reached, len(records)


def summary(records):
    """Lines: pass rates by kind, counts by course class and by failure class."""
    lines = []
    for kind in KINDS:
        kept = [r for r in records if r['kind'] == kind and 'result' in r]
        reached, total = _rate(kept)
        if total:
            lines.append('%-9s %3d/%-3d reach training or finish (%.1f %%)'
                         % (kind + 's', reached, total, 100.0 * reached / total))
    ran = [r for r in records if 'result' in r]
    if ran:
        counts = collections.Counter(r['result'] for r in ran)
        lines.append('course classes: ' + ', '.join('%s %d' % (c, counts[c])
                                                    for c in course.CLASSES if counts[c]))
        tracebacks = sum(1 for r in ran if r['result'] not in REACHED and (
            r.get('traceback') or any(TRACEBACK in line for line in r.get('tail', []))))
        lines.append('crashed with a traceback: %d' % tracebacks)
        late = [r for r in ran if r.get('failed_at_budget')]
        if late:
            lines.append('still training at the budget but had already failed (a traceback, '
                         'then a slow exit): %d' % len(late))
        silent = [r for r in ran if r.get('silent')]
        if silent:
            lines.append('still training at the budget but printed nothing: %d (%s)' % (
                len(silent), ', '.join(r['item'] for r in silent[:8])))
        failures = collections.Counter((r['group'], r['failure']) for r in ran if r.get('group')
                                       and (r['result'] not in REACHED
                                            or r.get('failed_at_budget')))
        for (group, name), count in sorted(failures.items(), key=lambda x: (-x[1], x[0])):
            lines.append('  %3d  %s: %s' % (count, group, name))
    checked = [r for r in records if r.get('check_problems')]
    lines.append('--check finds problems in %d of %d items' % (len(checked), len(records)))
    return lines


def repositories_markdown(records):
    """A table: per repository, its scripts and notebooks and how many reach training."""
    counts = collections.defaultdict(lambda: [0, 0, 0])
    for r in records:
        c = counts[r['repository']]
        c[0 if r['kind'] == 'script' else 1] += 1
        c[2] += r.get('result') in REACHED
    lines = ['| repository | scripts | notebooks | reach training or finish |',
             '|---|---:|---:|---:|']
    for repository, (scripts, notebooks, reached) in sorted(counts.items(),
                                                            key=lambda x: x[0].lower()):
        lines.append('| %s | %d | %d | %d |' % (repository, scripts, notebooks, reached))
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    lines.append('| **%d repositories** | %d | %d | %d |' % (len(counts), *total))
    return '\n'.join(lines) + '\n'


GROUP_ORDER = ('era libraries', 'missing packages', 'contrib paths', 'Python 2', 'RNN',
               'input pipelines', 'data files', 'other')


def _signature(error):
    """An error line with its numbers, paths and quoted names blurred, to group alike errors."""
    text = re.sub(r'/\S+', '/…', error)
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text) if 'module' not in text else text
    return re.sub(r'\d+', 'N', text)[:160]


def inspect_output(record, scratch, path=None):
    """Add to a result what its scratch folder's output says: the error line, whether a
    traceback shows, the failure class; for an item stopped at its budget, whether it had
    printed nothing (it may be stuck) and whether it had already failed (a traceback, then a
    slow exit)."""
    stderr_path = os.path.join(scratch, 'stderr.txt')
    try:
        with open(stderr_path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        text = ''
    if path:
        text = text.replace(path, record['item'])
    tail = _tail(stderr_path)
    record['tail'] = tail[-12:]
    record['traceback'] = TRACEBACK in text
    record['error'] = ''
    record['silent'] = record['failed_at_budget'] = False
    if record['result'] == course.TRAINING:
        record['silent'] = record['kind'] == 'script' and _silent(scratch)
        # A notebook stopped at its budget prints the traceback of its own stopping.
        record['failed_at_budget'] = (record['kind'] == 'script' and record['traceback']
                                      and bool(error_line(text)))
        if record['failed_at_budget']:
            record['error'] = error_line(text)
    elif record['result'] != course.RUNS:
        record['error'] = error_line(text, record.get('detail', ''))
    failure = failure_class(course.CRASHED if record['failed_at_budget'] else record['result'],
                            record['error'] or record.get('detail', ''), tail)
    record['group'], record['failure'] = failure if failure else (None, None)
    return record


def scratch_of(relative):
    """The scratch folder of the item ``relative`` under a report folder, as the course tool
    names it."""
    if hasattr(course, 'scratch_name'):
        return os.path.join('items', course.scratch_name(relative))
    return os.path.join('items', course._slug(relative))  # an older course tool


def reclassify(records, report):
    """Inspect each result's output again from the scratch folders of ``report``."""
    for record in records:
        if 'result' in record and report:
            scratch = os.path.join(report, record.get('scratch') or scratch_of(record['item']))
            if os.path.isdir(scratch):
                inspect_output(record, scratch)
    return records


def failures_markdown(records, corpus, examples=2):
    """The failure classes with counts, each error line with its count and example items."""
    failed = [r for r in records if 'result' in r and (r['result'] not in REACHED
                                                        or r.get('failed_at_budget'))]
    late = sum(bool(r.get('failed_at_budget')) for r in failed)
    lines = ['%d of %d items fail (scripts %d, notebooks %d)%s' % (
        len(failed), len([r for r in records if 'result' in r]),
        sum(r['kind'] == 'script' for r in failed), sum(r['kind'] == 'notebook' for r in failed),
        '; %d of them were stopped at the budget after their traceback (marked ⏱)' % late
        if late else '')]
    groups = collections.OrderedDict((g, []) for g in GROUP_ORDER)
    for record in failed:
        groups.setdefault(record.get('group') or 'other', []).append(record)
    for group, kept in groups.items():
        if not kept:
            continue
        lines += ['', '## %s: %d items' % (group, len(kept))]
        by_class = collections.defaultdict(list)
        for record in kept:
            by_class[record.get('failure') or 'other'].append(record)
        for name, in_class in sorted(by_class.items(), key=lambda x: -len(x[1])):
            lines += ['', '### %s: %d' % (name, len(in_class))]
            by_error = collections.defaultdict(list)
            for record in in_class:
                error = record.get('error') or record.get('detail') or record['result']
                by_error[_signature(error)].append((error, record))
            for _, alike in sorted(by_error.items(), key=lambda x: -len(x[1])):
                error = alike[0][0]
                lines.append('- %d × `%s`' % (len(alike), error.replace('`', "'")[:300]))
                for _, record in alike[:examples]:
                    late_mark = ' ⏱' if record.get('failed_at_budget') else ''
                    lines.append('  - %s (%s)%s' % (os.path.join(corpus, record['item']),
                                                   record['kind'], late_mark))
    return '\n'.join(lines) + '\n'


# Command line.

def _rerun(record, which):
    if not which or record.get('result') != course.TRAINING:
        return False
    return which == 'timeouts' or record['kind'] == 'notebook' or bool(
        record.get('silent') or record.get('failed_at_budget'))


def _select(entries, patterns):
    if not patterns:
        return entries
    return [e for e in entries if any(re.search(p, e.key) for p in patterns)]


def main(argv=None):
    parser = argparse.ArgumentParser(prog=PROG, description='Materialise, equip and sweep a '
                                     'corpus of TF1-era MNIST course material.')
    parser.add_argument('--manifest', default=DEFAULT_MANIFEST,
                        help='the manifest (default: bench/corpus/manifest.tsv)')
    commands = parser.add_subparsers(dest='command', required=True)
    lay = commands.add_parser('materialise', help='write the items and their siblings')
    lay.add_argument('--source', required=True, help='folder of git snapshots, or of a laid-out '
                                                     'corpus')
    lay.add_argument('--corpus', required=True, help='where to write <owner>__<repo>/<path>')
    env = commands.add_parser('venv', help='list (and install) the packages the items import')
    env.add_argument('--corpus', required=True)
    env.add_argument('--venv', help='venv to create on top of this Python and install into')
    env.add_argument('--install', action='store_true', help='pip install the known packages '
                                                            'that are missing')
    run = commands.add_parser('run', help='check and run the items')
    run.add_argument('--corpus', required=True)
    run.add_argument('--check', action='store_true', help='only read the items as --check does')
    run.add_argument('--script-budget', type=float, default=60.0)
    run.add_argument('--notebook-budget', type=float, default=150.0)
    run.add_argument('--jobs', type=int, default=1)
    run.add_argument('--report', default='corpus_report', help='scratch and report folder')
    run.add_argument('--json', dest='json_path', help='write the results here (rewritten '
                                                      'after each item)')
    run.add_argument('--resume', action='store_true', help='keep the results already in --json '
                                                           'and run only the rest')
    run.add_argument('--rerun', choices=('unsure', 'timeouts'),
                     help="with --resume, run again the items stopped at their budget: "
                          "'unsure' those that may not have been training (scripts that "
                          "printed nothing or had failed, every notebook), 'timeouts' all")
    run.add_argument('--in-place', action='store_true',
                     help="run each item in its own folder (what it writes lands in the "
                          "corpus), as the course tool's --in-place; default: a scratch folder")
    run.add_argument('--only', action='append', default=[], metavar='REGEX',
                     help='only items whose <owner>__<repo>/<path> matches (repeatable)')
    run.add_argument('--kind', choices=KINDS, help='only scripts or only notebooks')
    up = commands.add_parser('upgrade', help='upgrade the items that reached training in an '
                                             'earlier run, and run the copies as plain python')
    up.add_argument('--corpus', required=True)
    up.add_argument('--results', required=True, help="the earlier run's results JSON")
    up.add_argument('--script-budget', type=float, default=60.0)
    up.add_argument('--notebook-budget', type=float, default=150.0)
    up.add_argument('--jobs', type=int, default=1)
    up.add_argument('--report', default='upgrade_report', help='copies, scratch and report '
                                                               'folder')
    up.add_argument('--json', dest='json_path', help='write the results here (rewritten after '
                                                     'each item)')
    up.add_argument('--resume', action='store_true', help='keep the results already in --json '
                                                          'and run only the rest')
    up.add_argument('--only', action='append', default=[], metavar='REGEX',
                    help='only items whose <owner>__<repo>/<path> matches (repeatable)')
    up.add_argument('--kind', choices=KINDS, help='only scripts or only notebooks')
    up.add_argument('--items', action='store_true', help='also list every item with its class')
    summ = commands.add_parser('summary', help='print the summary of a results JSON')
    summ.add_argument('json_path')
    summ.add_argument('--report', help='the sweep\'s report folder, to read error lines from')
    summ.add_argument('--failures', action='store_true', help='also list the failures by '
                                                              'class, error line and example')
    summ.add_argument('--repositories', action='store_true',
                      help='also print the table of items by repository')
    summ.add_argument('--corpus', default='CORPUS', help='the corpus folder, for the example '
                                                         'paths (default: CORPUS)')
    args = parser.parse_args(argv)

    if args.command == 'summary':
        try:
            with open(args.json_path, encoding='utf-8') as f:
                records = json.load(f)['items']
        except (OSError, ValueError, KeyError) as error:
            parser.error('%s: not a results file (%s)' % (args.json_path, error))
        try:
            listed = {e.key for e in read_manifest(args.manifest)}
        except ManifestError as error:
            print('%s: %s' % (PROG, error), file=sys.stderr)
            return 2
        # Results of items the manifest no longer lists are left out.
        records = [r for r in records if r['item'] in listed]
        reclassify(records, args.report)
        print('\n'.join(summary(records)))
        if args.repositories:
            print()
            print(repositories_markdown(records), end='')
        if args.failures:
            print()
            print(failures_markdown(records, args.corpus), end='')
        return 0
    try:
        entries = read_manifest(args.manifest)
    except ManifestError as error:
        print('%s: %s' % (PROG, error), file=sys.stderr)
        return 2

    if args.command == 'materialise':
        if not os.path.isdir(args.source):
            parser.error('--source %s: no such folder' % args.source)
        written, problems = materialise(entries, args.source, args.corpus)
        for problem in problems:
            print(problem, file=sys.stderr)
        print('%d items from %d repositories; %d files written, %d missing'
              % (len(entries), len({e.repository for e in entries}), written, len(problems)))
        return 1 if problems else 0

    if not os.path.isdir(args.corpus):
        parser.error('--corpus %s: no such folder' % args.corpus)

    if args.command == 'venv':
        modules = imported_packages(entries, args.corpus)
        python = make_venv(args.venv, sys.executable) if args.venv else sys.executable
        present = _importable(python, modules)
        to_install = []
        for module, keys in modules.items():
            pip_name = KNOWN_PACKAGES.get(module)
            state = 'installed' if present[module] else (
                'missing: pip install %s' % pip_name if pip_name else 'missing, not a known '
                'package (a module the item expected beside it?)')
            print('%-24s %3d items  %s' % (module, len(keys), state))
            if not present[module] and pip_name:
                to_install.append(pip_name)
        if args.install and to_install:
            failed = []
            for name in sorted(set(to_install)):
                if subprocess.run([python, '-m', 'pip', 'install', '-q', name]).returncode:
                    failed.append(name)
            if failed:
                print('not installed: %s' % ', '.join(failed), file=sys.stderr)
                return 1
        return 0

    if args.command == 'upgrade':
        return upgrade_command(parser, args, entries)

    entries = _narrowed(parser, args, entries, 'no items match --only/--kind')
    kept = _kept(args)
    report = os.path.abspath(args.report)
    if args.rerun:
        reclassify(kept, report)  # results written before an item's output was inspected
    selected = {e.key for e in entries}
    previous = {r['item']: r for r in kept if args.check or 'result' in r}
    again = {key for key, r in previous.items() if key in selected and _rerun(r, args.rerun)}
    os.makedirs(report, exist_ok=True)
    runner = Runner(interleave(entries), os.path.abspath(args.corpus), report,
                    {'script': args.script_budget, 'notebook': args.notebook_budget},
                    args.jobs, args.json_path, previous, args.in_place)

    stopped = _sweep(runner, args.check, again)
    records = [runner.results[k] for k in sorted(runner.results)]
    print('\n'.join(summary(records)))
    return 130 if stopped else 0


def _narrowed(parser, args, entries, none_left):
    """The entries ``--only`` and ``--kind`` keep; misuse when none is left."""
    entries = _select(entries, args.only)
    if args.kind:
        entries = [e for e in entries if e.kind == args.kind]
    if not entries:
        parser.error(none_left)
    return entries


def _kept(args):
    """The records of the results JSON a ``--resume`` goes on from."""
    if args.resume and args.json_path and os.path.isfile(args.json_path):
        with open(args.json_path, encoding='utf-8') as f:
            return json.load(f)['items']
    return []


def _progress(record, done, total):
    what = record.get('result', '%d check problems' % record.get('check_problems', 0))
    print('[%d/%d] %s: %s %s %s' % (done, total, record['item'], what,
                                     record.get('seconds', ''), record.get('failure') or ''),
          flush=True)


def _sweep(runner, check, again=()):
    """Run the runner's items, printing each as it ends; whether Ctrl-C or TERM stopped it."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    # A sweep started in the background ignores Ctrl-C; TERM stops it the same way.
    signal.signal(signal.SIGTERM, interrupt)
    try:
        runner.run(check, _progress, again)
    except KeyboardInterrupt:
        return True
    return False


def upgrade_command(parser, args, entries):
    try:
        with open(args.results, encoding='utf-8') as f:
            earlier = {r['item']: r for r in json.load(f)['items']}
    except (OSError, ValueError, KeyError, TypeError) as error:
        parser.error('--results %s: not a results file (%s)' % (args.results, error))
    ran = [e for e in entries if 'result' in earlier.get(e.key, {})]
    reached = [e for e in ran if earlier[e.key]['result'] in REACHED
               and not earlier[e.key].get('failed_at_budget')]
    entries = _narrowed(parser, args, reached,
                        'no items of --results reached training, or none match --only/--kind')
    kept = _kept(args)
    report = os.path.abspath(args.report)
    os.makedirs(report, exist_ok=True)
    runner = UpgradeRunner(interleave(entries), os.path.abspath(args.corpus), report,
                           {'script': args.script_budget, 'notebook': args.notebook_budget},
                           args.jobs, args.json_path, {r['item']: r for r in kept})

    stopped = _sweep(runner, False)
    selected = {e.key for e in entries}
    records = [runner.results[k] for k in sorted(runner.results) if k in selected]
    if args.items:
        print('\n'.join(upgrade_items(records)))
    print('\n'.join(upgrade_summary(records, (len(ran), len(reached)))))
    return 130 if stopped else 0


if __name__ == '__main__':
    raise SystemExit(main())
