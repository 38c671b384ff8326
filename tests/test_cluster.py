"""The local cluster launcher: flags it passes, prefixed output, stopping the parameter servers,
failures and restarts, no process left behind, --print-commands, and its misuse errors."""

import io
import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import REPO, lines_of, subprocess_env, usage_error
from tf1_mnist import cluster

# A stand-in for a TF task: says who it is and what flags it got, then behaves as MODE asks.
# A ps serves forever, as ``server.join()`` does, unless MODE is ps_exits. In MODE stranded the
# chief finishes and the other workers wait forever, as a synchronous worker waits for a step
# that only the chief would have aggregated; in MODE late they finish 2 s after the chief. In
# MODE chief_fails_once the chief fails once, then, restarted, finishes only after worker 1, which
# runs on for twice WORKER_GRACE after the chief's failure.
FAKE_TASK = textwrap.dedent('''
    import os, sys, time
    flags = dict(a[2:].split('=', 1) for a in sys.argv[1:] if a.startswith('--'))
    job, index = flags['job_name'], int(flags['task_index'])
    print('hello from %s %d pid %d' % (job, index, os.getpid()), flush=True)
    print('flags ps_hosts=%s worker_hosts=%s' % (flags['ps_hosts'], flags['worker_hosts']),
          flush=True)
    print('to stderr', file=sys.stderr, flush=True)
    mode = os.environ.get('MODE', 'ok')
    marker = os.environ.get('MARKER', '')
    if job == 'ps':
        if mode == 'ps_exits':
            sys.exit(0)
        while True:
            time.sleep(1)
    if (mode == 'sleep' or (mode == 'fail' and index == 0)
            or (mode == 'stranded' and index > 0)):
        while True:
            time.sleep(1)
    if mode == 'late' and index > 0:
        time.sleep(2)
    if mode == 'chief_fails_once':
        def wait_for(path):
            while not os.path.exists(path):
                time.sleep(0.05)
        if index == 0 and not os.path.exists(marker):
            open(marker, 'w').close()
            sys.exit(3)
        if index == 0:
            wait_for(marker + '.worker1')
        else:
            wait_for(marker)
            time.sleep(2 * float(os.environ['WORKER_GRACE']))
            open(marker + '.worker1', 'w').close()
    if index == 1 and (mode == 'fail' or (mode == 'fail_once' and not os.path.exists(marker))):
        if marker:
            open(marker, 'w').close()
        time.sleep(1)  # the other tasks have said hello by then
        sys.exit(3)
    print('worker %d finished' % index, flush=True)
''')


@pytest.fixture
def fake_task(tmp_path):
    path = tmp_path / 'fake_task.py'
    path.write_text(FAKE_TASK)
    return str(path)


def launch(*args, env=None, timeout=120, **kwargs):
    return subprocess.run([sys.executable, '-m', 'tf1_mnist.cluster', *map(str, args)],
                          env=subprocess_env(env), capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def test_each_task_gets_its_flags_and_its_prefix_and_the_ps_is_stopped(fake_task):
    result = launch('--ps', 1, '--workers', 2, '--ps_grace', 0.5, '--', 'python', fake_task,
                    '--own_flag=1')
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for label in ('ps 0', 'worker 0', 'worker 1'):
        assert re.search(r'^\[%s\] hello from %s pid \d+$' % (label, label), out, re.M), out
        assert '[%s] to stderr' % label in out
    flags = set(re.findall(r'flags (ps_hosts=\S+ worker_hosts=\S+)', out))
    assert len(flags) == 1, flags  # every task sees the same cluster
    ps_hosts, worker_hosts = re.match(r'ps_hosts=(\S+) worker_hosts=(\S+)', flags.pop()).groups()
    hosts = ps_hosts.split(',') + worker_hosts.split(',')
    assert len(hosts) == 3 and len(set(hosts)) == 3
    assert all(re.fullmatch(r'localhost:\d+', h) for h in hosts)
    assert '[worker 0] worker 0 finished' in out and '[worker 1] worker 1 finished' in out
    assert out.rstrip().endswith('[cluster] all workers finished; stopping ps 0')


def test_a_ps_that_exits_by_itself_is_not_stopped(fake_task):
    result = launch('--ps', 2, '--workers', 1, '--', 'python', fake_task, env={'MODE': 'ps_exits'})
    assert result.returncode == 0, result.stdout
    assert '[ps 1] hello from ps 1' in result.stdout
    assert 'stopping' not in result.stdout


STOPPED = ('[cluster] worker %d still running %ss after the chief finished; stopping it (a '
           'synchronous worker waits for a step the chief will no longer aggregate)')


def test_workers_still_running_after_the_chief_and_the_grace_are_stopped(fake_task):
    result = launch('--workers', 3, '--worker_grace', 1, '--ps_grace', 0.5, '--', 'python',
                    fake_task, env={'MODE': 'stranded'}, timeout=60)
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert out.index('[worker 0] worker 0 finished') < out.index(STOPPED % (1, 1)), out
    assert STOPPED % (2, 1) in out
    assert out.count('stopping it') == 2
    assert out.rstrip().endswith('[cluster] all workers finished; stopping ps 0')
    pids = [int(p) for p in re.findall(r'pid (\d+)', out)]
    assert len(pids) == 4 and wait_gone(pids, timeout=5) == []


def test_a_worker_finishing_after_the_chief_within_the_grace_is_not_stopped(fake_task):
    result = launch('--ps_grace', 0.5, '--', 'python', fake_task, env={'MODE': 'late'})
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert out.index('[worker 0] worker 0 finished') < out.index('[worker 1] worker 1 finished')
    assert 'still running' not in out


@pytest.mark.slow
def test_a_chief_being_restarted_has_not_finished(fake_task, tmp_path):
    result = launch('--restart', '--worker_grace', 1, '--ps_grace', 0.5, '--', 'python',
                    fake_task, env={'MODE': 'chief_fails_once', 'WORKER_GRACE': '1',
                                    'MARKER': str(tmp_path / 'chief_failed')})
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert '[cluster] worker 0 exited with status 3; restarting it (1 of 3)' in out
    assert '[worker 1] worker 1 finished' in out and '[worker 0] worker 0 finished' in out
    assert 'still running' not in out


@pytest.mark.slow
def test_a_failed_worker_stops_the_cluster_and_the_launcher_fails(fake_task):
    start = time.monotonic()
    result = launch('--', 'python', fake_task, env={'MODE': 'fail'})
    assert result.returncode == 1
    assert '[cluster] worker 1 exited with status 3; stopping the cluster' in result.stdout
    # worker 0 and the ps, which would have run forever, were stopped.
    pids = [int(p) for p in re.findall(r'pid (\d+)', result.stdout)]
    assert len(pids) == 3 and not [p for p in pids if alive(p)]
    assert time.monotonic() - start < 60


@pytest.mark.slow
def test_restart_starts_a_failed_worker_again(fake_task, tmp_path):
    marker = tmp_path / 'failed_once'
    result = launch('--restart', '--ps_grace', 0.5, '--', 'python', fake_task,
                    env={'MODE': 'fail_once', 'MARKER': str(marker)})
    assert result.returncode == 0, result.stdout
    assert '[cluster] worker 1 exited with status 3; restarting it (1 of 3)' in result.stdout
    assert result.stdout.count('[worker 1] hello from worker 1') == 2
    assert '[worker 1] worker 1 finished' in result.stdout


@pytest.mark.slow
def test_restart_gives_up_after_n_restarts(fake_task):
    result = launch('--restart', '2', '--', 'python', fake_task, env={'MODE': 'fail'})
    assert result.returncode == 1
    assert 'restarting it (2 of 2)' in result.stdout
    assert 'worker 1 exited with status 3; stopping the cluster' in result.stdout


def alive(pid):
    """True while ``pid`` is a process that has not exited (a zombie has)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (FileNotFoundError, ProcessLookupError):
        return False


def children_of(pid):
    found = []
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open('/proc/%s/stat' % entry) as f:
                    fields = f.read().rsplit(')', 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def start_sleeping_cluster(fake_task):
    launcher = subprocess.Popen(
        [sys.executable, '-m', 'tf1_mnist.cluster', '--', 'python', fake_task],
        env=subprocess_env({'MODE': 'sleep'}), stdout=subprocess.PIPE, text=True,
        start_new_session=True)
    pids = []
    while len(pids) < 3:
        line = launcher.stdout.readline()
        assert line, 'launcher ended early'
        pids += [int(p) for p in re.findall(r'hello from \w+ \d pid (\d+)', line)]
    assert sorted(children_of(launcher.pid)) == sorted(pids)
    return launcher, pids


def wait_gone(pids, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and [p for p in pids if alive(p)]:
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


@pytest.mark.skipif(not sys.platform.startswith('linux'), reason='reads /proc')
@pytest.mark.parametrize('signum, status', [(signal.SIGINT, 130), (signal.SIGTERM, 130),
                                            (signal.SIGKILL, -signal.SIGKILL)])
def test_no_task_outlives_the_launcher(fake_task, signum, status):
    launcher, pids = start_sleeping_cluster(fake_task)
    try:
        launcher.send_signal(signum)
        assert launcher.wait(timeout=30) == status
        assert wait_gone(pids) == []
    finally:
        for pid in pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        launcher.stdout.close()


def test_print_commands_for_a_four_machine_cluster(capsys):
    assert cluster.main(['--print-commands', '--hosts', 'm1,m2,m3,m4', '--ps', '1',
                         '--workers', '4', '--', 'python', '-m', 'tf1_mnist.deep_cnn',
                         '--max_steps', '2000']) == 0
    lines = lines_of(capsys.readouterr().out)
    hosts = '--ps_hosts=m1:2222 --worker_hosts=m2:2222,m3:2222,m4:2222,m1:2223'
    assert lines == [
        '# ps 0, on m1',
        'python -m tf1_mnist.deep_cnn --max_steps 2000 %s --job_name=ps --task_index=0' % hosts,
    ] + [line for i, m in enumerate(['m2', 'm3', 'm4', 'm1']) for line in (
        '# worker %d, on %s' % (i, m),
        'python -m tf1_mnist.deep_cnn --max_steps 2000 %s --job_name=worker --task_index=%d'
        % (hosts, i))]


def test_print_commands_runs_a_script_through_the_legacy_runner(capsys, fake_task):
    cluster.main(['--print-commands', '--hosts', 'a', '--workers', '1', '--port', '3000',
                  fake_task])
    out = capsys.readouterr().out
    assert ('python -m tf1_mnist.run %s --ps_hosts=a:3000 --worker_hosts=a:3001 '
            '--job_name=worker --task_index=0' % fake_task) in out


@pytest.mark.parametrize('argv, expected', [
    (['--workers', '0', '--', 'python', 'x.py'], "--workers: expected a positive integer, got '0'"),
    (['--ps', '0', '--', 'python', 'x.py'], "--ps: expected a positive integer, got '0'"),
    ([], 'no COMMAND given'),
    (['--'], 'no COMMAND given'),
    (['missing_script.py'], 'missing_script.py: no such file'),
    (['--print-commands', '--', 'python', 'x.py'], '--print-commands needs --hosts'),
    (['--hosts', 'a,b', '--', 'python', 'x.py'], '--hosts goes with --print-commands'),
    (['--ps_grace', 'nan', '--', 'python', 'x.py'],
     "argument --ps_grace: expected a number of seconds >= 0, got 'nan'"),
    (['--ps_grace', 'inf', '--', 'python', 'x.py'],
     "argument --ps_grace: expected a number of seconds >= 0, got 'inf'"),
    (['--print-commands', '--hosts', 'a', '--port', '65535', '--', 'python', 'x.py'],
     '--port 65535: 3 tasks on one machine need ports 65535 to 65537; expected a first port '
     'of at most 65533'),
    (['--print-commands', '--hosts', 'a', '--port', '65536', '--', 'python', 'x.py'],
     "argument --port: expected a port from 1 to 65535, got '65536'"),
    (['--', '/nonexistent/prog'], '/nonexistent/prog: no such program'),
    (['--', 'tf1_mnist_no_such_program'], 'tf1_mnist_no_such_program: no such program on PATH'),
    (['--', '/etc'], '/etc: not an executable program'),
])
def test_launcher_misuse_exits_2_with_one_line(capsys, argv, expected):
    line = usage_error(capsys, cluster.main, argv)
    assert line.startswith('python -m tf1_mnist.cluster: error: ') and expected in line, line


def test_print_commands_may_use_the_last_port(capsys):
    assert cluster.main(['--print-commands', '--hosts', 'a,b', '--port', '65535', '--ps', '1',
                         '--workers', '1', '--', 'python', 'x.py']) == 0
    assert '--ps_hosts=a:65535 --worker_hosts=b:65535' in capsys.readouterr().out


def test_too_many_tasks_for_the_open_file_limit_is_one_line(fake_task):
    import resource
    result = subprocess.run(
        [sys.executable, '-m', 'tf1_mnist.cluster', '--workers', '60', '--', 'python',
         fake_task], env=subprocess_env(), capture_output=True, text=True, timeout=120,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (40, 40)))
    assert result.returncode == 1, result.stderr
    assert lines_of(result.stderr) == ['python -m tf1_mnist.cluster: error: cannot find 61 free '
                                       'ports: Too many open files'], result.stderr


def test_a_task_that_cannot_start_stops_the_cluster_with_one_line(fake_task, monkeypatch):
    real = subprocess.Popen
    started = []

    def popen(argv, **kwargs):
        if '--job_name=worker' in argv and '--task_index=1' in argv:
            raise OSError(24, 'Too many open files')
        started.append(real(argv, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, 'Popen', popen)
    lock = cluster.threading.Lock()
    out = io.StringIO()
    argv = [sys.executable, fake_task]
    tasks = [cluster.Task(job, i, argv + cluster.task_flags(['h:1'], ['h:2', 'h:3'], job, i),
                          out, lock) for job, i in (('ps', 0), ('worker', 0), ('worker', 1))]
    assert cluster.Launcher(tasks[:1], tasks[1:], out=out).run() == 1
    assert ('[cluster] cannot start worker 1 (%s): Too many open files; stopping the cluster'
            % sys.executable) in out.getvalue()
    assert len(started) == 2 and all(p.poll() is not None for p in started)


@pytest.mark.slow
def test_a_ps_port_held_by_another_program_is_reported_within_the_startup_timeout(tmp_path):
    # A listener that accepts connections and never answers, as a program that is not
    # TensorFlow does.
    import socket
    import threading
    listener = socket.socket()
    listener.bind(('localhost', 0))
    listener.listen(16)
    accepted = []
    threading.Thread(target=lambda: [accepted.append(listener.accept()) for _ in range(16)],
                     daemon=True).start()
    ps, worker = listener.getsockname()[1], cluster.free_ports(1)[0]
    script = os.path.join(REPO, 'tests', 'cluster_scripts', 'softmax_replica.py')
    began = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, script, '--ps_hosts', 'localhost:%d' % ps, '--worker_hosts',
             'localhost:%d' % worker, '--job_name', 'worker', '--task_index', '0',
             '--startup_timeout', '3', '--max_steps', '5'],
            cwd=str(tmp_path), env=subprocess_env(), capture_output=True, text=True,
            timeout=90)
    finally:
        listener.close()
    assert result.returncode == 2, result.stderr
    assert lines_of(result.stderr) == [
        'softmax_replica.py: error: --ps_hosts: localhost:%d accepts connections but did not '
        'answer as a TensorFlow server within 3 s (is another program listening on that '
        'port?)' % ps]
    assert time.monotonic() - began < 60


@pytest.mark.slow
def test_an_unmodified_replica_script_runs_and_its_joining_ps_is_stopped(tmp_path):
    # Asynchronous, the script's default: run unmodified, a synchronous TF1 script can leave a
    # worker waiting forever for a step the chief, already gone, would have aggregated.
    script = os.path.join(REPO, 'tests', 'legacy_scripts', 'mnist_replica.py')
    result = launch('--ps', 1, '--workers', 2, '--ps_grace', 1, '--', script,
                    '--data_dir', tmp_path / 'absent', '--train_steps', 300,
                    cwd=str(tmp_path), timeout=300)
    assert result.returncode == 0, result.stdout
    accuracies = re.findall(r'^\[worker (\d)\] After 300 training step\(s\), validation cross '
                            r'entropy = \S+, accuracy = (\S+)$', result.stdout, re.M)
    assert sorted(w for w, _ in accuracies) == ['0', '1'], result.stdout
    assert all(0.9 <= float(a) < 1.0 for _, a in accuracies), accuracies
    assert result.stdout.rstrip().endswith('[cluster] all workers finished; stopping ps 0')


def processes_mentioning(text):
    """The live processes whose command line contains ``text``."""
    found = []
    for entry in os.listdir('/proc'):
        if entry.isdigit() and alive(int(entry)):
            try:
                with open('/proc/%s/cmdline' % entry, 'rb') as f:
                    cmdline = f.read().decode('utf-8', 'replace')
            except OSError:
                continue
            if text in cmdline:
                found.append(int(entry))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith('linux'), reason='reads /proc')
def test_an_unmodified_synchronous_replica_script_ends_when_its_chief_has(tmp_path):
    # Run unmodified, a synchronous TF1 script can leave a worker waiting forever for a step the
    # chief, already gone, would have aggregated: the launcher stops it once the grace is over.
    script = os.path.join(REPO, 'tests', 'legacy_scripts', 'mnist_replica.py')
    data_dir = str(tmp_path / 'absent')  # in every task's command line
    result = launch('--ps', 1, '--workers', 2, '--worker_grace', 3, '--ps_grace', 1, '--',
                    script, '--sync_replicas=true', '--data_dir', data_dir, '--train_steps', 50,
                    cwd=str(tmp_path), timeout=300)
    assert result.returncode == 0, result.stdout
    out = result.stdout
    chief = re.findall(r'^\[worker 0\] After 50 training step\(s\), validation cross entropy = '
                       r'\S+, accuracy = (\S+)$', out, re.M)
    assert len(chief) == 1 and 0.85 <= float(chief[0]) < 1.0, out
    assert re.search(r'^\[worker 0\] Worker 0: training took \S+ s$', out, re.M), out
    # Worker 1 ends by itself, or is stopped once the chief has finished and the grace is over.
    ended = re.search(r'^\[worker 1\] After 50 training step\(s\)', out, re.M)
    stopped = STOPPED % (1, 3) in out
    assert ended or stopped, out
    assert not stopped or (out.index('[worker 0] After 50 training step(s)')
                           < out.index(STOPPED % (1, 3))), out
    assert out.rstrip().endswith('[cluster] all workers finished; stopping ps 0')
    assert wait_gone(processes_mentioning(data_dir), timeout=5) == []


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_restarted_and_the_run_completes(tmp_path):
    script = os.path.join(REPO, 'tests', 'cluster_scripts', 'softmax_replica.py')
    launcher = subprocess.Popen(
        [sys.executable, '-m', 'tf1_mnist.cluster', '--restart', '--', 'python', script,
         '--max_steps', '300', '--log_every', '10', '--checkpoint_dir', str(tmp_path / 'ckpt')],
        env=subprocess_env(), stdout=subprocess.PIPE, text=True, start_new_session=True)
    lines = []
    try:
        for line in launcher.stdout:
            lines.append(line)
            step = re.search(r'^\[worker 1\] worker 1: step \d+ \(global step (\d+)\)', line)
            if step and int(step.group(1)) >= 100:
                break
        victim = [pid for pid in children_of(launcher.pid)
                  if b'--job_name=worker\0--task_index=1' in open('/proc/%d/cmdline' % pid,
                                                                   'rb').read()]
        assert len(victim) == 1
        os.kill(victim[0], signal.SIGKILL)
        lines += launcher.stdout.readlines()
        assert launcher.wait(timeout=300) == 0, ''.join(lines)
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
    out = ''.join(lines)
    assert '[cluster] worker 1 was killed by signal 9; restarting it (1 of 3)' in out
    restarted_at = int(re.findall(r'\[worker 1\] worker 1: starting at global step (\d+)',
                                  out)[-1])
    assert restarted_at >= 100
    assert re.search(r'\[worker 0\] worker 0: done, \d+ steps \(global step 299\)', out), out
    assert float(re.findall(r'^\[worker 0\] test accuracy (\S+)$', out, re.M)[-1]) >= 0.90


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith('linux'), reason='reads /proc')
@pytest.mark.parametrize('workers', [2, 3])
def test_synchronous_replicas_in_a_monitored_session_all_finish(tmp_path, workers):
    # SyncReplicasOptimizer, its make_session_run_hook and a StopAtStepHook: the worker that
    # sees the last step first ends, and the others, waiting for tokens of a step under way,
    # must still finish (TF 1.x left the chief waiting for gradients for ever).
    script = os.path.join(REPO, 'tests', 'cluster_scripts', 'sync_monitored.py')
    data_dir = str(tmp_path / 'absent')
    result = launch('--ps', 1, '--workers', workers, '--ps_grace', 1, script, '--sync_replicas',
                    '--train_steps', 40, '--data_dir', data_dir, cwd=str(tmp_path), timeout=400)
    out = result.stdout
    assert result.returncode == 0, out
    assert sorted(re.findall(r'^\[worker (\d)\] Worker \1: done after \d+ local steps$', out,
                             re.M)) == [str(i) for i in range(workers)], out
    [accuracy] = re.findall(r'^\[worker 0\] test accuracy (\S+)$', out, re.M)
    assert 0.8 <= float(accuracy) < 1.0, out
    assert 'still running' not in out and 'CancelledError' not in out, out
    assert out.rstrip().endswith('[cluster] all workers finished; stopping ps 0'), out
    assert wait_gone(processes_mentioning(data_dir), timeout=5) == []
