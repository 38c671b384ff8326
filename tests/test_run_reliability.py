"""The runner never writes over what the user made, checks its output paths before running
anything, and leaves nothing running: notebooks' executed copies, figures, signals, odd files."""

import json
import os
import subprocess
import sys

import pytest

from conftest import lines_of, run_module, subprocess_env, usage_error

nbformat = pytest.importorskip('nbformat')
from nbformat.v4 import new_code_cell, new_notebook  # noqa: E402

PROG = 'python -m tf1_mnist.run'


def write_notebook(path, cells):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells]), str(path))
    return path


def outputs_text(path):
    return ''.join(out.get('text', '') for cell in nbformat.read(str(path), as_version=4).cells
                   for out in cell.get('outputs', []))


def test_output_that_is_not_a_notebook_is_refused_before_running(tmp_path):
    write_notebook(tmp_path / 'hello.ipynb', ['print("hello")'])
    (tmp_path / 'notes.txt').write_text('my notes\n')
    result = run_module('tf1_mnist.run', '--output', 'notes.txt', 'hello.ipynb', cwd=tmp_path,
                        timeout=300)
    assert result.returncode == 2
    assert lines_of(result.stderr) == [
        '%s: error: --output notes.txt: expected a notebook file name ending in .ipynb' % PROG]
    assert (tmp_path / 'notes.txt').read_text() == 'my notes\n'
    assert result.stdout == ''


def test_output_that_is_the_notebook_itself_is_refused(tmp_path):
    path = write_notebook(tmp_path / 'self.ipynb', ['print("hello")'])
    before = path.read_bytes()
    for output in ('self.ipynb', './self.ipynb', str(path)):
        result = run_module('tf1_mnist.run', '--output', output, 'self.ipynb', cwd=tmp_path,
                            timeout=300)
        assert result.returncode == 2
        assert lines_of(result.stderr) == [
            '%s: error: --output %s: is the notebook being run; choose another name'
            % (PROG, output)]
        assert path.read_bytes() == before


def test_output_naming_a_folder_or_an_unwritable_place_is_refused_before_running(
        tmp_path, read_only_dir):
    write_notebook(tmp_path / 'hello.ipynb', ['open("ran", "w").close()'])
    (tmp_path / 'out.ipynb').mkdir()
    result = run_module('tf1_mnist.run', '--output', 'out.ipynb', 'hello.ipynb', cwd=tmp_path,
                        timeout=300)
    assert result.returncode == 2
    assert lines_of(result.stderr) == [
        '%s: error: --output out.ipynb: is a folder; expected a notebook file name ending in '
        '.ipynb' % PROG]
    target = os.path.join(read_only_dir, 'x.ipynb')
    result = run_module('tf1_mnist.run', '--output', target, 'hello.ipynb', cwd=tmp_path,
                        timeout=300)
    assert result.returncode == 2
    [line] = lines_of(result.stderr)
    assert line.startswith('%s: error: --output %s: cannot be written in %s ('
                           % (PROG, target, read_only_dir))
    assert not (tmp_path / 'ran').exists()


@pytest.mark.slow
def test_an_existing_executed_copy_is_kept_unless_it_is_the_runners_own(tmp_path):
    write_notebook(tmp_path / 'hello.ipynb', ['print("hello")'])
    copy = tmp_path / 'hello.tf1.ipynb'
    write_notebook(copy, ['print("my own edits")'])
    mine = copy.read_bytes()
    result = run_module('tf1_mnist.run', 'hello.ipynb', cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert lines_of(result.stderr) == [
        'tf1_mnist.run: the earlier hello.tf1.ipynb is kept as hello.tf1.ipynb.~1~',
        'tf1_mnist.run: executed notebook written to hello.tf1.ipynb']
    assert (tmp_path / 'hello.tf1.ipynb.~1~').read_bytes() == mine
    assert 'hello' in outputs_text(copy)
    # The runner's own unedited copy is replaced; no backup of it.
    result = run_module('tf1_mnist.run', 'hello.ipynb', cwd=tmp_path, timeout=300)
    assert lines_of(result.stderr) == [
        'tf1_mnist.run: executed notebook written to hello.tf1.ipynb']
    assert not (tmp_path / 'hello.tf1.ipynb.~2~').exists()
    # Edited since: kept, with the next number; --force replaces it without a backup.
    document = json.loads(copy.read_text())
    document['cells'][0]['source'] = 'print("edited")'
    copy.write_text(json.dumps(document))
    result = run_module('tf1_mnist.run', 'hello.ipynb', cwd=tmp_path, timeout=300)
    assert 'kept as hello.tf1.ipynb.~2~' in result.stderr
    assert 'edited' in (tmp_path / 'hello.tf1.ipynb.~2~').read_text()
    copy.write_text(json.dumps(document))
    result = run_module('tf1_mnist.run', '--force', 'hello.ipynb', cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert 'kept' not in result.stderr
    assert not (tmp_path / 'hello.tf1.ipynb.~3~').exists()
    assert 'edited' not in copy.read_text()


def alive(pid):
    """Whether process ``pid`` runs (a zombie waiting for its parent's wait() does not)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return False


@pytest.mark.slow
def test_a_notebook_run_leaves_no_kernel_child_or_connection_file(tmp_path):
    temp = tmp_path / 'temp'
    temp.mkdir()
    write_notebook(tmp_path / 'spawns.ipynb', [
        'import os, subprocess, sys\n'
        'child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])\n'
        'open("pids", "w").write("%d %d" % (os.getpid(), child.pid))'])
    # Output to a file, not a pipe: a child left running would hold a pipe open.
    with open(tmp_path / 'out.txt', 'w') as out:
        result = subprocess.run([sys.executable, '-m', 'tf1_mnist.run', 'spawns.ipynb'],
                                cwd=tmp_path, env=subprocess_env({'TMPDIR': str(temp)}),
                                stdout=out, stderr=subprocess.STDOUT, timeout=300)
    assert result.returncode == 0, (tmp_path / 'out.txt').read_text()
    kernel, child = [int(pid) for pid in (tmp_path / 'pids').read_text().split()]
    try:
        assert not alive(kernel)
        assert not alive(child)
        assert sorted(os.listdir(temp)) == []
    finally:
        for pid in (kernel, child):
            if alive(pid):
                os.kill(pid, 9)


PLOT = 'import matplotlib.pyplot as plt\nopen("ran", "w").close()\nplt.plot([1, 2])\nplt.show()\n'


def test_figures_folder_that_cannot_be_written_is_refused_before_running(
        tmp_path, read_only_dir):
    pytest.importorskip('matplotlib')
    (tmp_path / 'plot.py').write_text(PLOT)
    (tmp_path / 'afile').write_text('mine\n')
    result = run_module('tf1_mnist.run', '--figures', 'afile', 'plot.py', cwd=tmp_path,
                        timeout=300)
    assert result.returncode == 2
    assert lines_of(result.stderr) == [
        '%s: error: --figures afile: exists and is not a directory' % PROG]
    assert (tmp_path / 'afile').read_text() == 'mine\n'
    target = os.path.join(read_only_dir, 'figs')
    result = run_module('tf1_mnist.run', '--figures', target, 'plot.py', cwd=tmp_path,
                        timeout=300)
    assert result.returncode == 2
    [line] = lines_of(result.stderr)
    assert line.startswith('%s: error: --figures %s: cannot be ' % (PROG, target))
    assert not (tmp_path / 'ran').exists()


def test_a_figure_that_cannot_be_written_is_one_line_and_the_script_goes_on(
        tmp_path, monkeypatch, capsys):
    plt = pytest.importorskip('matplotlib.pyplot')
    import errno
    from tf1_mnist import atomic
    from tf1_mnist.runner import figures

    def full_disk(directory, name_for, write, first=1):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(atomic, 'write_new', full_disk)
    saver = figures.FigureSaver(str(tmp_path / 'figs'), '/course/plot.py')
    saver.patch_pyplot(plt)
    try:
        plt.plot([1, 2])
        plt.show()  # no exception: the script carries on
    finally:
        saver.uninstall()
    saver.report()
    assert lines_of(capsys.readouterr().err) == [
        'tf1_mnist.run: figure plot-1.png could not be saved in %s (No space left on device)'
        % os.path.join(str(tmp_path / 'figs'), '')]
    assert saver.saved == []


@pytest.fixture
def alarm():
    """Fail, instead of hanging, a test that blocks for more than 20 seconds."""
    import signal

    def expired(number, frame):
        raise TimeoutError('blocked for 20 s')
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_inputs_that_are_not_files_are_named_as_what_they_are(tmp_path, alarm, capsys,
                                                              monkeypatch):
    from tf1_mnist.runner import script as run
    monkeypatch.chdir(tmp_path)
    os.mkfifo('pipe.py')
    os.mkfifo('pipe.ipynb')
    os.symlink('loop.py', 'loop.py')
    os.symlink('gone.ipynb', 'dangling.ipynb')
    expected = {
        'pipe.py': 'pipe.py: not a regular file (a FIFO)',
        'pipe.ipynb': 'pipe.ipynb: not a regular file (a FIFO)',
        '/dev/zero': '/dev/zero: not a regular file (a character device)',
        'loop.py': 'loop.py: a loop of symbolic links',
        'dangling.ipynb': 'dangling.ipynb: a symbolic link to nothing',
        'missing.py': 'missing.py: no such file',
    }
    for path, line in expected.items():
        assert usage_error(capsys, run.main, [path]) == '%s: error: %s' % (PROG, line)
    # --check reports a file it cannot read as a problem of its own, without blocking.
    assert run.main(['--check', 'pipe.ipynb']) == 1
    assert lines_of(capsys.readouterr().out) == [
        'pipe.ipynb: the file could not be read: not a regular file (a FIFO)',
        '1 problem found in 0 files']


def test_a_notebook_named_in_capitals_runs_as_a_notebook(tmp_path, monkeypatch):
    from tf1_mnist.runner import notebook, script as run
    write_notebook(tmp_path / 'LESSON.IPYNB', ['print(1)'])
    calls = []
    monkeypatch.setattr(notebook, 'main_for_runner', lambda *args: calls.append(args) or 0)
    monkeypatch.chdir(tmp_path)
    assert run.main(['LESSON.IPYNB']) == 0
    assert calls and calls[0][0] == 'LESSON.IPYNB'


def test_options_that_do_not_go_together_are_refused(tmp_path, capsys, monkeypatch):
    from tf1_mnist.runner import course, script as run
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'course').mkdir()
    (tmp_path / 'course' / 'a.py').write_text('open("ran", "w").close()\n')
    write_notebook(tmp_path / 'n.ipynb', ['print(1)'])
    monkeypatch.setattr(course, 'main', lambda argv: pytest.fail('the sweep ran'))
    refused = {
        ('--check', '--sweep', 'course'): '--check cannot be used with --sweep',
        ('--sweep', '--output', 'o.ipynb', 'course'): '--output cannot be used with --sweep',
        ('--sweep', '--figures', 'f', 'course'): '--figures cannot be used with --sweep',
        ('--check', '--figures', 'f', 'course/a.py'): '--figures cannot be used with --check',
        ('--check', '--output', 'o.ipynb', 'n.ipynb'): '--output cannot be used with --check',
        ('--output', 'o.ipynb', 'course/a.py'): '--output is for a notebook; course/a.py is a '
                                                'script',
        ('--figures', 'f', 'n.ipynb'): "--figures is for a script; a notebook's figures go "
                                      'into its executed copy',
    }
    for argv, line in refused.items():
        assert usage_error(capsys, run.main, list(argv)) == '%s: error: %s' % (PROG, line)
    assert not (tmp_path / 'ran').exists() and not (tmp_path / 'f').exists()


def test_an_executed_copy_that_cannot_be_written_is_one_line_and_keeps_the_old(
        tmp_path, monkeypatch):
    import errno
    import io
    from tf1_mnist import atomic
    from tf1_mnist.runner import notebook

    def full_disk(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    output = tmp_path / 'hello.tf1.ipynb'
    output.write_text('the earlier copy')
    monkeypatch.setattr(atomic, 'write_bytes', full_disk)
    said = io.StringIO()
    line = notebook.write_executed_copy(str(output), '{}', force=True, out=said)
    assert line == ('tf1_mnist.run: the executed notebook could not be written to %s '
                    '(No space left on device)' % output)
    assert output.read_text() == 'the earlier copy'
    assert said.getvalue() == ''


@pytest.fixture
def full_folder(tmp_path):
    """A folder on a file system with no space left: a small tmpfs, filled (needs root)."""
    if os.geteuid() != 0:
        pytest.skip('mounting a tmpfs needs root; the write path is covered by the test above')
    folder = tmp_path / 'full'
    folder.mkdir()
    mounted = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip('tmpfs cannot be mounted here: %s' % mounted.stderr.decode().strip())
    try:
        with open(folder / 'filler', 'wb', buffering=0) as f:
            try:
                while True:
                    f.write(b'\0' * 4096)
            except OSError:
                pass
        yield folder
    finally:
        subprocess.run(['umount', str(folder)])


@pytest.mark.slow
def test_a_full_disk_under_the_executed_copy_is_one_line(tmp_path, full_folder):
    write_notebook(tmp_path / 'hello.ipynb', ['print("hello " * 2000)'])
    target = full_folder / 'out.ipynb'
    result = run_module('tf1_mnist.run', '--output', str(target), 'hello.ipynb', cwd=tmp_path,
                        timeout=300)
    assert result.returncode in (1, 2), result.stderr
    [line] = lines_of(result.stderr)
    assert 'No space left on device' in line and str(target) in line
    assert 'Traceback' not in result.stdout + result.stderr
