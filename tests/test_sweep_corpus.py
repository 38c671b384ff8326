"""The corpus sweep reads its manifest strictly, lays out exactly the files it names at the
commit it names, and puts each failure in the class its error line says."""

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, subprocess_env

BENCH = os.path.join(REPO, 'bench')
sys.path.insert(0, BENCH)

import sweep_corpus  # noqa: E402
from tf1_mnist.runner import course  # noqa: E402

COMMIT = 'a' * 40


def write(path, text):
    os.makedirs(os.path.dirname(str(path)), exist_ok=True)
    with open(str(path), 'w', encoding='utf-8') as f:
        f.write(text)
    return str(path)


def manifest(tmp_path, *rows, header=True):
    lines = ['# repository\tpath\tcommit\tkind\tsiblings'] if header else []
    lines += ['\t'.join(row) for row in rows]
    return write(tmp_path / 'manifest.tsv', '\n'.join(lines) + '\n')


def test_manifest_rows_with_and_without_siblings(tmp_path):
    path = manifest(tmp_path,
                    ('someone/course', 'lab1/train.py', COMMIT, 'script', 'lab1/model.py,util.py'),
                    ('other/book', 'ch2/mnist.ipynb', 'b' * 40, 'notebook'))
    entries = sweep_corpus.read_manifest(path)
    assert [(e.repository, e.path, e.kind, e.siblings) for e in entries] == [
        ('someone/course', 'lab1/train.py', 'script', ['lab1/model.py', 'util.py']),
        ('other/book', 'ch2/mnist.ipynb', 'notebook', [])]
    assert entries[0].key == 'someone__course/lab1/train.py'
    assert entries[0].files() == ['lab1/train.py', 'lab1/model.py', 'util.py']


@pytest.mark.parametrize('row, expected', [
    (('someone/course', 'a.py', 'abc', 'script', ''), "commit 'abc' is not 40 hex digits"),
    (('someone/course', 'a.py', COMMIT, 'module', ''), "kind 'module' is not script or"),
    (('someone/course', '../a.py', COMMIT, 'script', ''), "path '../a.py' is not a relative"),
    (('someone/course', 'a.py', COMMIT, 'script', '/etc/x.py'), "path '/etc/x.py' is not"),
    (('someone/course', 'a.ipynb', COMMIT, 'script', ''), 'a.ipynb is a notebook, not a script'),
    (('someone', 'a.py', COMMIT, 'script', ''), "repository 'someone' is not owner/name"),
    (('someone/course', 'a.py', COMMIT), '3 tab-separated fields, expected 5'),
])
def test_a_bad_manifest_row_names_the_file_the_line_and_the_field(tmp_path, row, expected):
    path = manifest(tmp_path, ('someone/course', 'ok.py', COMMIT, 'script', ''), row)
    with pytest.raises(sweep_corpus.ManifestError) as caught:
        sweep_corpus.read_manifest(path)
    assert str(caught.value).startswith('%s:3: ' % path)
    assert expected in str(caught.value)


def test_an_item_listed_twice_and_an_empty_manifest_are_refused(tmp_path):
    row = ('someone/course', 'a.py', COMMIT, 'script', '')
    with pytest.raises(sweep_corpus.ManifestError, match='someone__course/a.py listed twice'):
        sweep_corpus.read_manifest(manifest(tmp_path, row, row))
    with pytest.raises(sweep_corpus.ManifestError, match='no items listed'):
        sweep_corpus.read_manifest(manifest(tmp_path))


def test_the_command_line_says_one_line_and_exits_2_on_a_bad_manifest(tmp_path):
    path = manifest(tmp_path, ('someone/course', 'a.py', 'xyz', 'script', ''))
    result = subprocess.run([sys.executable, os.path.join(BENCH, 'sweep_corpus.py'),
                             '--manifest', path, 'run', '--corpus', str(tmp_path), '--check'],
                            capture_output=True, text=True, env=subprocess_env())
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "bench/sweep_corpus.py: %s:2: commit 'xyz' is not 40 hex digits" % path]


def git(folder, *args):
    return subprocess.run(['git', '-C', str(folder)] + list(args), check=True, text=True,
                          capture_output=True,
                          env=dict(os.environ, GIT_AUTHOR_NAME='t', GIT_AUTHOR_EMAIL='t@t',
                                   GIT_COMMITTER_NAME='t', GIT_COMMITTER_EMAIL='t@t')).stdout


def test_materialise_reads_each_file_at_the_manifest_commit_from_a_snapshot(tmp_path):
    work = tmp_path / 'snapshots' / 'someone+course' / 'repo'
    write(work / 'lab1' / 'train.py', 'print("first")\n')
    write(work / 'lab1' / 'model.py', 'W = 1\n')
    git(work, 'init', '-q')
    git(work, 'add', '.')
    git(work, 'commit', '-qm', 'one')
    first = git(work, 'rev-parse', 'HEAD').strip()
    write(work / 'lab1' / 'train.py', 'print("second")\n')
    git(work, 'commit', '-qam', 'two')
    path = manifest(tmp_path, ('someone/course', 'lab1/train.py', first, 'script',
                               'lab1/model.py'),
                    ('someone/course', 'lab1/gone.py', first, 'script', ''))
    corpus = tmp_path / 'corpus'
    written, problems = sweep_corpus.materialise(sweep_corpus.read_manifest(path),
                                                 str(tmp_path / 'snapshots'), str(corpus))
    assert written == 2
    assert problems == ['someone/course: lab1/gone.py not found at %s in %s'
                        % (first[:12], tmp_path / 'snapshots')]
    with open(corpus / 'someone__course' / 'lab1' / 'train.py') as f:
        assert f.read() == 'print("first")\n'  # the manifest's commit, not the newest
    with open(corpus / 'someone__course' / 'lab1' / 'model.py') as f:
        assert f.read() == 'W = 1\n'
    # A laid-out corpus is a source too, and files already in place are not rewritten.
    again, _ = sweep_corpus.materialise(sweep_corpus.read_manifest(path), str(corpus),
                                        str(tmp_path / 'copy'))
    assert again == 2
    assert sweep_corpus.materialise(sweep_corpus.read_manifest(path), str(corpus),
                                    str(tmp_path / 'copy'))[0] == 0


def test_imported_packages_leave_out_siblings_and_the_standard_library(tmp_path):
    corpus = tmp_path / 'corpus'
    write(corpus / 'someone__course' / 'lab' / 'train.py',
          'import os, sys\nimport numpy as np\nfrom model import net\nimport plotting.plot\n'
          'from sklearn.utils import shuffle\nimport matplotlib.pyplot as plt\n')
    write(corpus / 'someone__course' / 'lab' / 'model.py', 'import scipy.misc\n')
    write(corpus / 'someone__course' / 'lab' / 'plotting' / 'plot.py', 'import collections\n')
    path = manifest(tmp_path, ('someone/course', 'lab/train.py', COMMIT, 'script',
                               'lab/model.py,lab/plotting/plot.py'))
    found = sweep_corpus.imported_packages(sweep_corpus.read_manifest(path), str(corpus))
    assert sorted(found) == ['matplotlib', 'numpy', 'scipy', 'sklearn']
    assert found['scipy'] == ['someone__course/lab/train.py']


@pytest.mark.parametrize('result, detail, tail, expected', [
    (course.CRASHED, "AttributeError: 'FigureCanvasAgg' object has no attribute "
                     "'set_window_title'", [], 'era libraries'),
    (course.CRASHED, "AttributeError: module 'scipy.misc' has no attribute 'imsave'", [],
     'era libraries'),
    (course.CRASHED, "AttributeError: module 'numpy' has no attribute 'float'.", [],
     'era libraries'),
    (course.CRASHED, "AttributeError: module 'time' has no attribute 'clock'", [],
     'era libraries'),
    (course.NEEDS_PACKAGE, 'pip install scikit-image', [], 'missing packages'),
    (course.REFUSED, 'tf.contrib.keras is not available in TensorFlow 2; use tf.keras', [],
     'contrib paths'),
    (course.CRASHED, "tf1_mnist.run: a.py: the file could not be parsed: Missing parentheses "
                     "in call to 'print'", [], 'Python 2'),
    (course.CRASHED, "NameError: name 'xrange' is not defined", [], 'Python 2'),
    (course.CRASHED, 'ValueError: Dimensions must be equal, but are 256 and 128',
     ['  File "rnn.py", line 40, in <module>', '    cell = MultiRNNCell([lstm] * 2)'], 'RNN'),
    (course.CRASHED, 'tensorflow.python.framework.errors_impl.OutOfRangeError: FIFOQueue '
                     "'_1_batch/fifo_queue' is closed", [], 'input pipelines'),
    (course.CRASHED, "FileNotFoundError: [Errno 2] No such file or directory: 'data/x.npz'",
     [], 'data files'),
    (course.CRASHED, 'ZeroDivisionError: division by zero', [], 'other'),
])
def test_failure_classes_follow_the_error_line(result, detail, tail, expected):
    assert sweep_corpus.failure_class(result, detail, tail)[0] == expected


def test_items_that_train_or_finish_have_no_failure_class():
    assert sweep_corpus.failure_class(course.RUNS, '', []) is None
    assert sweep_corpus.failure_class(course.TRAINING, 'step 100', []) is None


def test_interleave_takes_one_item_of_each_repository_in_turn(tmp_path):
    path = manifest(tmp_path, *[(repo, name, COMMIT, 'script', '') for repo, name in (
        ('a/x', '1.py'), ('a/x', '2.py'), ('a/x', '3.py'), ('b/y', '1.py'), ('c/z', '1.py'),
        ('c/z', '2.py'))])
    order = [e.key for e in sweep_corpus.interleave(sweep_corpus.read_manifest(path))]
    assert order == ['a__x/1.py', 'b__y/1.py', 'c__z/1.py', 'a__x/2.py', 'c__z/2.py',
                     'a__x/3.py']


def test_summary_counts_rates_by_kind_and_classes():
    def record(kind, result, group=None, failure=None, tail=()):
        return {'item': 'r', 'repository': 'o/r', 'kind': kind, 'result': result,
                'group': group, 'failure': failure, 'tail': list(tail), 'check_problems': 0}
    records = [record('script', course.RUNS), record('script', course.TRAINING),
               record('script', course.CRASHED, 'other', 'other',
                      ['Traceback (most recent call last):']),
               record('script', course.NEEDS_PACKAGE, 'missing packages', 'missing package'),
               record('notebook', course.RUNS), record('notebook', course.CRASHED,
                                                       'Python 2', 'Python 2 code')]
    lines = sweep_corpus.summary(records)
    assert lines[0] == 'scripts     2/4   reach training or finish (50.0 %)'
    assert lines[1] == 'notebooks   1/2   reach training or finish (50.0 %)'
    assert 'crashed with a traceback: 1' in lines
    assert '    1  Python 2: Python 2 code' in lines


def test_the_check_sweep_writes_a_result_for_every_item(tmp_path):
    corpus = tmp_path / 'corpus'
    write(corpus / 'someone__course' / 'ok.py', 'import tensorflow as tf\nx = tf.placeholder('
                                                'tf.float32, [None, 784])\n')
    write(corpus / 'someone__course' / 'old.py', 'import tensorflow as tf\n'
                                                 'tf.contrib.learn.Estimator(None)\n')
    path = manifest(tmp_path, ('someone/course', 'ok.py', COMMIT, 'script', ''),
                    ('someone/course', 'old.py', COMMIT, 'script', ''),
                    ('someone/course', 'absent.py', COMMIT, 'script', ''))
    results = tmp_path / 'results.json'
    result = subprocess.run([sys.executable, os.path.join(BENCH, 'sweep_corpus.py'),
                             '--manifest', path, 'run', '--corpus', str(corpus), '--check',
                             '--json', str(results), '--report', str(tmp_path / 'report')],
                            capture_output=True, text=True, env=subprocess_env())
    assert result.returncode == 0, result.stderr
    with open(results) as f:
        items = {r['item']: r for r in json.load(f)['items']}
    assert items['someone__course/ok.py']['check_problems'] == 0
    assert items['someone__course/old.py']['check_problems'] == 1
    assert 'tf.contrib.learn.Estimator' in items['someone__course/old.py']['first_check_problem']
    assert items['someone__course/absent.py']['failure'] == 'not materialised'


def test_the_error_line_is_the_end_of_the_traceback_or_the_runners_first_line():
    traceback = ('W0000 something noisy\nTraceback (most recent call last):\n'
                 '  File "a.py", line 3, in <module>\n    plt.hold(True)\n'
                 "AttributeError: module 'matplotlib.pyplot' has no attribute 'hold'\n")
    assert sweep_corpus.error_line(traceback) == (
        "AttributeError: module 'matplotlib.pyplot' has no attribute 'hold'")
    notebook = ('tf1_mnist.run: nb.ipynb, cell 2, line 2: ImportError:\n\n'
                '`load_boston` has been removed\nmore text\n')
    assert sweep_corpus.error_line(notebook) == (
        'tf1_mnist.run: nb.ipynb, cell 2, line 2: ImportError: `load_boston` has been removed')
    refusal = ('tf1_mnist.run: tf.contrib.slim needs the contrib extra (a.py:3)\n'
               'tf1_mnist.run: tf.contrib.learn.Experiment is not available (a.py:9)\n'
               'tf1_mnist.run: 2 figures saved to figs\n')
    assert sweep_corpus.error_line(refusal) == (
        'tf1_mnist.run: tf.contrib.slim needs the contrib extra (a.py:3)')
    assert sweep_corpus.error_line('', 'exit status 3') == 'exit status 3'


def test_the_failure_list_groups_alike_errors_with_examples():
    def record(item, error, group, failure):
        return {'item': item, 'kind': 'script', 'result': course.CRASHED, 'error': error,
                'group': group, 'failure': failure}
    records = [record('o__r/a.py', "NameError: name 'xrange' is not defined", 'Python 2', 'py2'),
               record('o__r/b.py', "NameError: name 'xrange' is not defined", 'Python 2', 'py2'),
               record('o__r/c.py', 'ZeroDivisionError: division by zero', 'other', 'other'),
               {'item': 'o__r/d.py', 'kind': 'notebook', 'result': course.RUNS}]
    text = sweep_corpus.failures_markdown(records, '/corpus')
    assert text.splitlines()[0] == '3 of 4 items fail (scripts 3, notebooks 0)'
    assert "## Python 2: 2 items\n\n### py2: 2\n- 2 × `NameError: name 'xrange' is not " \
           "defined`\n  - /corpus/o__r/a.py (script)\n  - /corpus/o__r/b.py (script)" in text
    assert text.index('## Python 2') < text.index('## other')


def test_the_repository_table_counts_kinds_and_passes():
    records = [{'repository': 'b/y', 'kind': 'script', 'result': course.RUNS},
               {'repository': 'a/x', 'kind': 'notebook', 'result': course.CRASHED},
               {'repository': 'a/x', 'kind': 'script', 'result': course.TRAINING}]
    assert sweep_corpus.repositories_markdown(records).splitlines()[2:] == [
        '| a/x | 1 | 1 | 1 |', '| b/y | 1 | 0 | 1 |', '| **2 repositories** | 2 | 1 | 2 |']


def test_file_names_in_the_traceback_do_not_decide_the_class():
    tail = ['Traceback (most recent call last):', '  File "/c/rnn-course/train.py", line 28',
            '    parameter_file = sys.argv[1]', 'IndexError: list index out of range']
    assert sweep_corpus.failure_class(course.CRASHED, 'IndexError: list index out of range',
                                      tail)[0] == 'data files'


def test_a_failed_download_decides_the_class_wherever_it_shows():
    tail = ["Error executing an HTTP request: libcurl code 6 meaning 'Could not resolve "
            "hostname', error details: Could not resolve host: storage.example"]
    assert sweep_corpus.failure_class(
        course.CRASHED, 'FailedPreconditionError: Detected at node IteratorGetNext',
        tail) == ('data files', 'downloads (no network here)')


def test_an_item_stopped_at_the_budget_after_its_traceback_is_counted_as_failed(tmp_path):
    scratch = tmp_path / 'item'
    write(scratch / 'stdout.txt', '')
    write(scratch / 'stderr.txt', 'Traceback (most recent call last):\n  File "t.py", line 3\n'
                                  "AttributeError: module 'collections' has no attribute "
                                  "'MutableMapping'\n")
    record = {'item': 'o__r/t.py', 'kind': 'script', 'result': course.TRAINING}
    sweep_corpus.inspect_output(record, str(scratch))
    assert record['failed_at_budget'] and record['silent']
    assert record['group'] == 'era libraries'
    assert 'failed (a traceback, then a slow exit): 1' in '\n'.join(
        sweep_corpus.summary([record]))
    assert '(script) ⏱' in sweep_corpus.failures_markdown([record], '/c')
    write(scratch / 'stdout.txt', 'step 0, training accuracy 0.1\n')
    write(scratch / 'stderr.txt', 'W0000 a warning\n')
    sweep_corpus.inspect_output(record, str(scratch))
    assert not record['failed_at_budget'] and not record['silent'] and record['group'] is None


def test_rerun_picks_the_items_stopped_at_the_budget_that_may_not_have_trained():
    def record(kind, result, **flags):
        return dict(kind=kind, result=result, **flags)
    assert sweep_corpus._rerun(record('script', course.TRAINING, silent=True), 'unsure')
    assert sweep_corpus._rerun(record('script', course.TRAINING, failed_at_budget=True),
                               'unsure')
    assert sweep_corpus._rerun(record('notebook', course.TRAINING), 'unsure')
    assert not sweep_corpus._rerun(record('script', course.TRAINING, silent=False), 'unsure')
    assert sweep_corpus._rerun(record('script', course.TRAINING, silent=False), 'timeouts')
    assert not sweep_corpus._rerun(record('script', course.CRASHED), 'timeouts')
    assert not sweep_corpus._rerun(record('notebook', course.TRAINING), None)


def test_a_rerun_keeps_every_other_result_and_replaces_only_what_it_ran(tmp_path):
    corpus = tmp_path / 'corpus'
    write(corpus / 'o__r' / 'a.py', 'x = 1\n')
    write(corpus / 'o__r' / 'b.ipynb', '{}')
    path = manifest(tmp_path, ('o/r', 'a.py', COMMIT, 'script', ''),
                    ('o/r', 'b.ipynb', COMMIT, 'notebook', ''))
    results = tmp_path / 'results.json'
    old = [{'item': 'o__r/a.py', 'repository': 'o/r', 'kind': 'script', 'check_problems': 0,
            'result': course.TRAINING, 'silent': True},
           {'item': 'o__r/b.ipynb', 'repository': 'o/r', 'kind': 'notebook',
            'check_problems': 0, 'result': course.TRAINING}]
    write(results, json.dumps({'items': old}))
    result = subprocess.run([sys.executable, os.path.join(BENCH, 'sweep_corpus.py'),
                             '--manifest', path, 'run', '--corpus', str(corpus), '--resume',
                             '--rerun', 'unsure', '--kind', 'script', '--check',
                             '--json', str(results), '--report', str(tmp_path / 'report')],
                            capture_output=True, text=True, env=subprocess_env())
    assert result.returncode == 0, result.stderr
    with open(results) as f:
        items = {r['item']: r for r in json.load(f)['items']}
    assert items['o__r/b.ipynb'] == old[1]  # not selected by --kind: kept as it was
    assert 'result' not in items['o__r/a.py']  # run again (here: checked only)


def test_a_notebook_stopped_at_the_budget_has_not_failed_for_its_stopping_traceback(tmp_path):
    scratch = tmp_path / 'item'
    write(scratch / 'stdout.txt', '')
    write(scratch / 'stderr.txt', 'Traceback (most recent call last):\n'
                                  'asyncio.exceptions.CancelledError\n')
    record = {'item': 'o__r/n.ipynb', 'kind': 'notebook', 'result': course.TRAINING}
    sweep_corpus.inspect_output(record, str(scratch))
    assert not record['failed_at_budget'] and record['group'] is None
