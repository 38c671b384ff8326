"""The course sweep loses nothing and leaves nothing running: scratch folders of their own,
a report folder locked while in use, items that die with the sweep, one line for what cannot
be read or written."""

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import lines_of, run_module, subprocess_env
from tf1_mnist.runner import course


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def plain_python(monkeypatch):
    """Items run by this Python directly: the sweep's own machinery without TensorFlow."""
    def command(self, item, scratch):
        return [sys.executable, item.path], None
    monkeypatch.setattr(course.Sweep, '_command', command)


def sweep(items, report, jobs=1, budget=30):
    return course.Sweep(items, str(report), budget, jobs).run()


def test_items_whose_names_differ_by_space_underscore_or_slash_do_not_share_scratch(
        tmp_path, monkeypatch):
    plain_python(monkeypatch)
    root = tmp_path / 'course'
    names = ['a b.py', 'a_b.py', 'sub/x.py', 'sub__x.py']
    for number, name in enumerate(names, 1):
        # Each writes the same relative file and prints an accuracy of its own.
        write(root / name, 'open("out.txt", "w").write(%r)\n'
                           'print("test accuracy 0.%d")\n' % (name, number))
    for jobs in (1, 2):
        report = tmp_path / ('report%d' % jobs)
        items = course.find_items(str(root))
        finished = {item.relative: item for item in sweep(items, report, jobs)}
        assert {name: finished[name].accuracy for name in names} == {
            name: pytest.approx(number / 10) for number, name in enumerate(names, 1)}
        assert len(os.listdir(report / 'items')) == len(names)
        scratch = {name: finished[name].scratch for name in names}
        assert len(set(scratch.values())) == len(names)
        for name in names:
            assert (report / scratch[name] / 'out.txt').read_text() == name
        course.write_reports(str(report), list(finished.values()), 'summary', 'course')
        markdown = (report / 'report.md').read_text()
        for name in names:
            assert '| %s |' % scratch[name] in markdown


def test_a_course_folder_inside_the_report_folder_is_refused_and_kept(tmp_path):
    report = tmp_path / 'R'
    write(report / course.MARKER, 'made by an earlier sweep\n')
    write(report / 'items' / 'my_course' / 'lesson.py', 'print("mine")\n')
    result = run_module('tf1_mnist.course', 'R/items/my_course', '--report', 'R', cwd=tmp_path)
    assert result.returncode == 2
    assert lines_of(result.stderr) == [
        'python -m tf1_mnist.course: error: --report R: the course folder R/items/my_course '
        'lies inside it; choose another report folder']
    assert (report / 'items' / 'my_course' / 'lesson.py').read_text() == 'print("mine")\n'


def wait_for(condition, timeout=120, what='condition'):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


@pytest.mark.slow
def test_a_report_folder_in_use_is_locked(tmp_path):
    write(tmp_path / 'one' / 'slow.py', 'import time\nopen("started", "w").close()\n'
                                       'time.sleep(600)\n')
    write(tmp_path / 'two' / 'quick.py', 'print(1)\n')
    first = subprocess.Popen(
        [sys.executable, '-m', 'tf1_mnist.course', 'one', '--report', 'R', '--budget', '600'],
        cwd=tmp_path, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        wait_for(lambda: list((tmp_path / 'R' / 'items').rglob('started')), what='first item')
        result = run_module('tf1_mnist.course', 'two', '--report', 'R', cwd=tmp_path)
        assert result.returncode == 1
        assert lines_of(result.stderr) == [
            'python -m tf1_mnist.course: error: --report R: in use by another sweep (process '
            '%d); wait for it to end or choose another report folder' % first.pid]
        # The first sweep's running item keeps its scratch folder.
        assert list((tmp_path / 'R' / 'items').rglob('started'))
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
    assert first.returncode == 130
    assert (tmp_path / 'R' / 'report.md').is_file()


def alive(pid):
    """Whether process ``pid`` runs (a zombie waiting for its parent's wait() does not)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return False


# A script that starts a child of its own, which would run for ten minutes.
SPAWNING = '''\
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])
with open(os.path.join(%r, os.path.basename(__file__) + '.pids'), 'w') as f:
    f.write('%%d %%d' %% (os.getpid(), child.pid))
time.sleep(%s)
'''


def spawned_pids(folder, name):
    path = folder / (name + '.pids')
    return [int(pid) for pid in path.read_text().split()] if path.is_file() else []


def test_children_an_item_starts_end_with_the_item(tmp_path, monkeypatch):
    plain_python(monkeypatch)
    pids = tmp_path / 'pids'
    pids.mkdir()
    write(tmp_path / 'course' / 'spawns.py', SPAWNING % (str(pids), '0'))
    [item] = sweep(course.find_items(str(tmp_path / 'course')), tmp_path / 'R')
    assert item.result == course.RUNS
    script, child = spawned_pids(pids, 'spawns.py')
    wait_for(lambda: not alive(child), timeout=10, what='the child to end')


@pytest.mark.slow
@pytest.mark.parametrize('sig', [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_a_killed_sweep_leaves_no_item_running(tmp_path, sig):
    pids = tmp_path / 'pids'
    pids.mkdir()
    write(tmp_path / 'course' / 'a_quick.py', 'print("test accuracy 0.5")\n')
    write(tmp_path / 'course' / 'b_spawns.py', SPAWNING % (str(pids), '600'))
    sweep_process = subprocess.Popen(
        [sys.executable, '-m', 'tf1_mnist.course', 'course', '--jobs', '2', '--budget', '600',
         '--report', 'R'], cwd=tmp_path, env=subprocess_env(), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: len(spawned_pids(pids, 'b_spawns.py')) == 2, what='the item')
        wait_for(lambda: (tmp_path / 'R' / 'items').is_dir()
                 and 'a_quick' in sweep_process.stderr.readline(), what='the quick item')
        sweep_process.send_signal(sig)
        stdout, stderr = sweep_process.communicate(timeout=60)
    finally:
        if sweep_process.poll() is None:
            sweep_process.kill()
    for pid in spawned_pids(pids, 'b_spawns.py'):
        wait_for(lambda: not alive(pid), timeout=15, what='item process %d to end' % pid)
    if sig == signal.SIGKILL:
        return
    assert sweep_process.returncode == 128 + sig, stderr
    assert lines_of(stdout)[0] == '1/2 run; stopped after 1 of 2 items'
    markdown = (tmp_path / 'R' / 'report.md').read_text()
    assert '| a_quick.py | runs |' in markdown and 'b_spawns' not in markdown


@pytest.fixture
def alarm():
    """Fail, instead of hanging, a test that blocks for more than 20 seconds."""
    def expired(number, frame):
        raise TimeoutError('blocked for 20 s')
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def unreadable_file(path):
    """A file that exists and cannot be read: mode 000, or for root (who ignores modes) a link
    to a file of /proc whose reading fails."""
    if os.geteuid() == 0:
        os.symlink('/proc/self/mem', str(path))
    else:
        path.write_text('print(1)\n')
        path.chmod(0)


def test_odd_files_and_folders_are_named_and_skipped(tmp_path, alarm, monkeypatch):
    root = tmp_path / 'course'
    write(root / 'good.py', 'print(1)\n')
    os.mkfifo(str(root / 'pipe.py'))
    os.mkfifo(str(root / 'pipe.ipynb'))
    os.symlink('gone.py', str(root / 'dangling.py'))
    os.symlink('loop.py', str(root / 'loop.py'))
    unreadable_file(root / 'secret.py')
    write(root / 'closed' / 'hidden.py', 'print(1)\n')
    closed = str(root / 'closed')
    if os.geteuid() == 0:
        real_scandir = os.scandir

        def scandir(path='.'):
            if os.fspath(path) == closed:
                raise PermissionError(13, 'Permission denied', closed)
            return real_scandir(path)
        monkeypatch.setattr(os, 'scandir', scandir)
    else:
        os.chmod(closed, 0)
    skipped = []
    try:
        items = course.find_items(str(root), skipped=skipped)
    finally:
        os.chmod(closed, 0o755)
    assert [item.relative for item in items] == ['good.py']
    reasons = dict(skipped)
    assert sorted(reasons) == ['closed', 'dangling.py', 'loop.py', 'pipe.ipynb', 'pipe.py',
                               'secret.py']
    assert reasons['pipe.py'] == reasons['pipe.ipynb'] == 'not a regular file (a FIFO)'
    assert reasons['dangling.py'] == 'a symbolic link to nothing'
    assert reasons['loop.py'] == 'a loop of symbolic links'
    assert reasons['secret.py'].startswith('cannot be read (')
    assert reasons['closed'] == 'folder cannot be read (Permission denied)'


@pytest.mark.slow
def test_skipped_paths_are_one_line_each_and_in_the_report(tmp_path):
    root = tmp_path / 'course'
    write(root / 'good.py', 'print("test accuracy 0.5")\n')
    os.mkfifo(str(root / 'pipe.py'))
    result = run_module('tf1_mnist.course', 'course', '--report', 'R', cwd=tmp_path,
                        timeout=300)
    assert result.returncode == 0, result.stderr
    assert 'python -m tf1_mnist.course: skipped pipe.py: not a regular file (a FIFO)' in \
        lines_of(result.stderr)
    assert '| pipe.py | skipped: not a regular file (a FIFO) |' in (
        tmp_path / 'R' / 'report.md').read_text()


def test_an_item_that_deletes_its_own_file(tmp_path, monkeypatch):
    plain_python(monkeypatch)
    write(tmp_path / 'course' / 'gone.py', 'import os\nos.remove(__file__)\n'
                                           'print("accuracy 0.75")\n')
    [item] = sweep(course.find_items(str(tmp_path / 'course')), tmp_path / 'R')
    assert (item.result, item.accuracy) == (course.RUNS, 0.75)


def full_disk(*args, **kwargs):
    import errno
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_scratch_folder_that_cannot_be_made_is_one_line_for_the_item(tmp_path, monkeypatch):
    plain_python(monkeypatch)
    write(tmp_path / 'course' / 'a.py', 'print(1)\n')
    report = tmp_path / 'R'
    report.mkdir()
    (report / 'items').write_text('not a folder\n')  # the scratch folders cannot be made
    [item] = sweep(course.find_items(str(tmp_path / 'course')), report)
    assert item.result == course.CRASHED
    assert item.detail.startswith('its scratch folder %s could not be written (' % item.scratch)


def test_a_report_that_cannot_be_written_is_one_line_and_the_summary_is_printed(
        tmp_path, monkeypatch, capsys):
    plain_python(monkeypatch)
    write(tmp_path / 'course' / 'a.py', 'print("test accuracy 0.5")\n')
    monkeypatch.chdir(tmp_path)
    real_write = course.atomic.write_bytes

    def write_bytes(path, data):
        if os.path.basename(path).startswith('report.'):
            full_disk()
        return real_write(path, data)
    monkeypatch.setattr(course.atomic, 'write_bytes', write_bytes)
    assert course.main(['course', '--report', 'R']) == 1
    captured = capsys.readouterr()
    assert lines_of(captured.out)[0] == '1/1 run'
    assert lines_of(captured.err)[-1] == (
        'python -m tf1_mnist.course: the report could not be written to R '
        '(No space left on device)')


def test_a_report_folder_that_cannot_be_prepared_is_one_line(tmp_path, monkeypatch, capsys):
    write(tmp_path / 'course' / 'a.py', 'print(1)\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(course.atomic, 'write_bytes', full_disk)
    with pytest.raises(SystemExit) as stop:
        course.main(['course', '--report', 'R'])
    assert stop.value.code == 1
    assert lines_of(capsys.readouterr().err) == [
        'python -m tf1_mnist.course: error: --report R: cannot be written (No space left on '
        'device)']


@pytest.mark.slow
def test_what_a_notebook_cell_starts_ends_when_the_sweep_is_killed(tmp_path):
    nbformat = pytest.importorskip('nbformat')
    from nbformat.v4 import new_code_cell, new_notebook
    pids = tmp_path / 'pids'
    pids.mkdir()
    (tmp_path / 'course').mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell(
        'import os, subprocess, sys, time\n'
        'child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])\n'
        'open(%r, "w").write("%%d %%d" %% (os.getpid(), child.pid))\n'
        'time.sleep(600)' % str(pids / 'cell.pids'))]), str(tmp_path / 'course' / 'n.ipynb'))
    sweep_process = subprocess.Popen(
        [sys.executable, '-m', 'tf1_mnist.course', 'course', '--budget', '600', '--report', 'R'],
        cwd=tmp_path, env=subprocess_env(), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: len(spawned_pids(pids, 'cell')) == 2, timeout=240, what='the cell')
        sweep_process.kill()
        sweep_process.wait(timeout=30)
    finally:
        if sweep_process.poll() is None:
            sweep_process.kill()
    kernel, child = spawned_pids(pids, 'cell')
    try:
        for pid in (kernel, child):
            wait_for(lambda: not alive(pid), timeout=15, what='process %d to end' % pid)
    finally:
        for pid in (kernel, child):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
