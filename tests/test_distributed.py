"""Cluster plumbing: flags and TF_CONFIG, the one-line errors, and real clusters on localhost
(1 parameter server + 2 workers) trained synchronously and asynchronously, resumed after a kill.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import warm
from conftest import REPO, lines_of, subprocess_env, usage_error
from tf1_mnist import cli, distributed
from tf1_mnist.quiet import import_v1

SOFTMAX_REPLICA = os.path.join(REPO, 'tests', 'cluster_scripts', 'softmax_replica.py')


def parse(argv, environ=None):
    parser = cli.ArgumentParser(prog='lesson')
    distributed.add_cluster_flags(parser)
    args = parser.parse_args(argv)
    return distributed.config_from_args(parser, args, environ or {})


def cluster_main(argv):
    """A command line with the cluster flags, as a lesson has them (for usage_error)."""
    return parse(argv)


HOSTS = ['--ps_hosts', 'localhost:2222', '--worker_hosts', 'localhost:2223,localhost:2224']


def test_no_cluster_flags_and_no_tf_config_is_a_single_process_run():
    assert parse([]) is None


def test_flags_give_the_cluster_and_the_role():
    config = parse(HOSTS + ['--job_name', 'worker', '--task_index', '1'])
    assert config.ps_hosts == ('localhost:2222',)
    assert config.worker_hosts == ('localhost:2223', 'localhost:2224')
    assert (config.job_name, config.task_index, config.num_workers) == ('worker', 1, 2)
    assert config.sync_replicas is True and config.replicas_to_aggregate is None
    assert not config.is_chief and config.address == 'localhost:2224'
    assert parse(HOSTS + ['--job_name', 'worker', '--task_index', '0']).is_chief
    assert not parse(HOSTS + ['--job_name', 'ps', '--task_index', '0']).is_chief


@pytest.mark.parametrize('flag, expected', [
    ('--sync_replicas=false', False), ('--sync_replicas=False', False),
    ('--sync_replicas=0', False), ('--sync_replicas=true', True), ('--sync_replicas', True)])
def test_sync_replicas_is_a_tf1_boolean_flag(flag, expected):
    config = parse(HOSTS + ['--job_name', 'ps', '--task_index', '0', flag])
    assert config.sync_replicas is expected


def test_tf_config_gives_the_same_cluster_as_the_flags():
    tf_config = json.dumps({'cluster': {'ps': ['localhost:2222'],
                                        'worker': ['localhost:2223', 'localhost:2224']},
                            'task': {'type': 'worker', 'index': 1}})
    assert (parse([], {'TF_CONFIG': tf_config})
            == parse(HOSTS + ['--job_name', 'worker', '--task_index', '1']))


def test_tf_config_chief_job_is_worker_zero():
    cluster = {'ps': ['h:1'], 'chief': ['h:2'], 'worker': ['h:3', 'h:4']}
    chief = parse([], {'TF_CONFIG': json.dumps({'cluster': cluster,
                                                'task': {'type': 'chief', 'index': 0}})})
    assert chief.worker_hosts == ('h:2', 'h:3', 'h:4') and chief.is_chief
    worker = parse([], {'TF_CONFIG': json.dumps({'cluster': cluster,
                                                 'task': {'type': 'worker', 'index': 1}})})
    assert worker.task_index == 2 and worker.address == 'h:4'


@pytest.mark.parametrize('argv, expected', [
    (['--ps_hosts', 'localhost:2222', '--worker_hosts', '', '--job_name', 'worker',
      '--task_index', '0'], '--worker_hosts: expected at least one HOST:PORT, got 0 workers'),
    (HOSTS + ['--job_name', 'worker', '--task_index', '2'],
     '--task_index 2: out of range, --worker_hosts lists 2 worker tasks (0 to 1)'),
    (HOSTS + ['--job_name', 'ps', '--task_index', '1'],
     '--task_index 1: out of range, --ps_hosts lists 1 ps task (0 to 0)'),
    (['--ps_hosts', 'localhost:2222', '--worker_hosts', 'localhost:2222', '--job_name', 'ps',
      '--task_index', '0'], 'both list localhost:2222'),
    (['--ps_hosts', 'localhost', '--worker_hosts', 'localhost:2223', '--job_name', 'ps',
      '--task_index', '0'], "--ps_hosts: 'localhost' is not HOST:PORT"),
    (HOSTS + ['--task_index', '0'], '--job_name: expected ps or worker'),
    (HOSTS + ['--job_name', 'worker'], '--task_index: expected the task number'),
    (HOSTS + ['--job_name', 'worker', '--task_index', '0', '--sync_replicas=false',
              '--replicas_to_aggregate', '2'], '--replicas_to_aggregate needs --sync_replicas'),
    (HOSTS + ['--job_name', 'worker', '--task_index', '0', '--sync_replicas=maybe'],
     "expected true or false, got 'maybe'"),
])
def test_bad_cluster_flags_exit_2_with_one_line(capsys, argv, expected):
    line = usage_error(capsys, cluster_main, argv)
    assert line.startswith('lesson: error: ') and expected in line, line


def test_mismatched_tf_config_is_one_line(capsys):
    tf_config = json.dumps({'cluster': {'ps': ['h:1'], 'worker': ['h:2']},
                            'task': {'type': 'worker', 'index': 3}})
    with pytest.raises(SystemExit) as info:
        parse([], {'TF_CONFIG': tf_config})
    assert info.value.code == 2
    line, = lines_of(capsys.readouterr().err)
    assert 'TF_CONFIG: --task_index 3: out of range' in line


def test_a_port_in_use_is_found_before_the_server_starts():
    with socket.socket() as taken:
        taken.bind(('', 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(distributed.ClusterError,
                           match='--ps_hosts: port %d of localhost:%d is already in use'
                                 % (port, port)):
            distributed.check_port_free('localhost:%d' % port, '--ps_hosts')
    distributed.check_port_free('localhost:%d' % port, '--ps_hosts')  # free again


def test_a_host_that_does_not_answer_is_named_after_the_timeout():
    with socket.socket() as s:
        s.bind(('localhost', 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    start = time.monotonic()
    with pytest.raises(distributed.ClusterError,
                       match=r'--ps_hosts: localhost:%d did not answer within 0.5 s' % port):
        distributed.wait_for_hosts(['localhost:%d' % port], 0.5, '--ps_hosts')
    assert time.monotonic() - start >= 0.5


def test_a_host_that_answers_is_waited_for():
    with socket.socket() as listening:
        listening.bind(('localhost', 0))
        listening.listen(1)
        distributed.wait_for_hosts(['localhost:%d' % listening.getsockname()[1]], 5, '--ps_hosts')


def test_replicated_graph_puts_variables_on_the_ps_and_ops_on_the_worker():
    tf = import_v1()
    config = distributed.make_config(['a:1', 'b:1'], ['c:1', 'd:1'], 'worker', 1)
    with tf.Graph().as_default():
        with tf.device(distributed.replica_device_setter(tf, config)):
            w = tf.Variable(tf.zeros([3]), name='w')
            v = tf.Variable(tf.zeros([3]), name='v')
            y = w * 2.0 + v
            optimizer = distributed.wrap_optimizer(tf, tf.train.GradientDescentOptimizer(0.1),
                                                   config)
    assert w.device == '/job:ps/task:0' and v.device == '/job:ps/task:1'
    assert y.device == '/job:worker/task:1'
    assert isinstance(optimizer, tf.train.SyncReplicasOptimizer)
    assert optimizer._replicas_to_aggregate == 2 and optimizer._total_num_replicas == 2
    async_config = config._replace(sync_replicas=False)
    plain = tf.train.GradientDescentOptimizer(0.1)
    assert distributed.wrap_optimizer(tf, plain, async_config) is plain
    filters = distributed.worker_session_config(tf, config).device_filters
    assert list(filters) == ['/job:ps', '/job:worker/task:1']


# Real clusters on localhost: one process per task, as on separate machines.

def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(('localhost', 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def start_cluster(tmp_path, *args, workers=2, ports=None):
    """Start 1 ps and ``workers`` workers of softmax_replica.py; return (processes, logs)."""
    ports = ports or free_ports(1 + workers)
    hosts = ['--ps_hosts', 'localhost:%d' % ports[0],
             '--worker_hosts', ','.join('localhost:%d' % p for p in ports[1:])]
    processes = {}
    for job, index in [('ps', 0)] + [('worker', i) for i in range(workers)]:
        # Each task in a session of its own, its output in its log (forked warm, see warm.py).
        processes[(job, index)] = warm.popen(
            [sys.executable, SOFTMAX_REPLICA, *hosts, '--job_name', job,
             '--task_index', str(index), *map(str, args)],
            cwd=str(tmp_path), env=subprocess_env(), log=tmp_path / ('%s%d.log' % (job, index)))
    return processes, ports


def kill_task(process):
    """kill -9 a task started by start_cluster, and all it started; wait for it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # it has ended by itself meanwhile
        pass
    process.wait()


def wait_all(processes, timeout=240):
    deadline = time.monotonic() + timeout
    try:
        return {key: p.wait(timeout=max(1, deadline - time.monotonic()))
                for key, p in processes.items()}
    finally:
        for p in processes.values():
            if p.poll() is None:
                kill_task(p)


def log_of(tmp_path, job, index):
    return (tmp_path / ('%s%d.log' % (job, index))).read_text()


@pytest.mark.slow
def test_flags_misuse_of_a_real_task_exits_2_with_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(('', 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, SOFTMAX_REPLICA, '--ps_hosts', 'localhost:%d' % port,
             '--worker_hosts', 'localhost:1', '--job_name', 'ps', '--task_index', '0'],
            env=subprocess_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    line, = lines_of(result.stderr)
    assert line.endswith('--ps_hosts: port %d of localhost:%d is already in use' % (port, port))


@pytest.mark.slow
def test_sync_cluster_trains_softmax_to_90_percent_and_every_process_exits(tmp_path):
    processes, _ = start_cluster(tmp_path, '--max_steps', 200, '--seed', 1)
    statuses = wait_all(processes)
    logs = {key: log_of(tmp_path, *key) for key in processes}
    assert set(statuses.values()) == {0}, logs
    chief = logs[('worker', 0)]
    accuracy = float(re.findall(r'^test accuracy (\S+)$', chief, re.M)[-1])
    assert 0.90 <= accuracy < 1.0, chief
    # Both workers trained and stopped at the end (the run counts 0 to 199). As in TF1, the
    # SyncReplicasOptimizer takes its replicas_to_aggregate gradients from whichever workers
    # send them: a worker that starts late (its TensorFlow import on a busy machine), the
    # chief or the other, may find the run at its end and see the last step as 200.
    for index in (0, 1):
        done = re.search(r'worker %d: done, (\d+) steps \(global step (\d+)\)' % index,
                         logs[('worker', index)])
        assert done and int(done.group(1)) >= 1, logs[('worker', index)]
        assert int(done.group(2)) in (199, 200), logs
    assert 'test accuracy' not in logs[('worker', 1)]
    assert 'CancelledError' not in chief and 'Traceback' not in chief


@pytest.mark.slow
def test_async_cluster_runs_and_the_workers_steps_add_up_to_the_global_steps(tmp_path):
    processes, _ = start_cluster(tmp_path, '--max_steps', 200, '--sync_replicas=false',
                                 '--log_every', 10)
    statuses = wait_all(processes)
    logs = {key: log_of(tmp_path, *key) for key in processes}
    assert set(statuses.values()) == {0}, logs
    accuracy = float(re.findall(r'^test accuracy (\S+)$', logs[('worker', 0)], re.M)[-1])
    assert 0.85 <= accuracy < 1.0
    local = [int(re.search(r'done, (\d+) steps', logs[('worker', i)]).group(1)) for i in (0, 1)]
    # Asynchronous: each update is one worker's, so the local steps add up to the global ones
    # (give or take the steps in flight when the last one was reached).
    # (how they split depends on which worker gets going first).
    assert 200 <= sum(local) <= 203, local


@pytest.mark.slow
def test_a_cluster_killed_mid_run_resumes_from_the_chief_checkpoint(tmp_path):
    checkpoints = tmp_path / 'ckpt'
    args = ('--max_steps', 300, '--checkpoint_dir', checkpoints, '--save_every', 20,
            '--log_every', 10)
    processes, ports = start_cluster(tmp_path, *args)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        steps = [int(s) for s in re.findall(r'global step (\d+)\)', log_of(tmp_path, 'worker', 0))]
        if steps and steps[-1] >= 100:
            break
        time.sleep(0.2)
    for p in processes.values():  # the whole cluster dies, as with a power cut
        kill_task(p)
    saved = int(re.search(r'-(\d+)$', Path(str(checkpoints)).joinpath('checkpoint').read_text()
                          .splitlines()[0].split('"')[1]).group(1))
    assert saved >= 60
    processes, _ = start_cluster(tmp_path, *args)
    statuses = wait_all(processes)
    chief = log_of(tmp_path, 'worker', 0)
    assert set(statuses.values()) == {0}, chief
    start = int(re.search(r'worker 0: starting at global step (\d+)', chief).group(1))
    assert start == saved
    assert re.search(r'worker 0: done, \d+ steps \(global step 299\)', chief), chief
    assert float(re.findall(r'^test accuracy (\S+)$', chief, re.M)[-1]) >= 0.90


# The softmax lesson as a cluster task (python -m tf1_mnist.softmax with the cluster flags).

def test_softmax_lesson_rejects_bad_cluster_flags_in_one_line(capsys):
    from tf1_mnist import softmax
    line = usage_error(capsys, softmax.main, HOSTS + ['--job_name', 'worker',
                                                      '--task_index', '5'])
    assert line.endswith('--task_index 5: out of range, --worker_hosts lists 2 worker tasks '
                         '(0 to 1)'), line
    line = usage_error(capsys, softmax.main, ['--ps_hosts', 'localhost:1', '--worker_hosts',
                                              'localhost:1', '--job_name', 'ps',
                                              '--task_index', '0'])
    assert line.endswith('--ps_hosts and --worker_hosts both list localhost:1; each task needs '
                         'its own port'), line


@pytest.mark.slow
def test_softmax_lesson_on_a_launched_cluster_reaches_90_percent(tmp_path):
    result = subprocess.run(
        [sys.executable, '-m', 'tf1_mnist.cluster', '--ps', '1', '--workers', '2', '--',
         'python', '-m', 'tf1_mnist.softmax', '--max_steps', '300', '--seed', '1'],
        cwd=str(tmp_path), env=subprocess_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    # The lesson's line, the bare test accuracy, comes from the chief alone.
    accuracies = re.findall(r'^\[worker (\d)\] (0\.\d+)$', out, re.M)
    assert [w for w, _ in accuracies] == ['0'], out
    assert 0.90 <= float(accuracies[0][1]) < 1.0
    timing = re.findall(r'^\[worker (\d)\] trained (\d+) steps in', out, re.M)
    assert sorted(w for w, _ in timing) == ['0', '1'], out
    # Synchronous: every global step averages two gradients, so the workers' own steps add
    # up to about twice the 300 global steps.
    assert 590 <= sum(int(n) for _, n in timing) <= 610, timing
    assert 'stopping ps 0' not in out  # the lesson's ps exits by itself
    assert 'Traceback' not in out and 'Error' not in out


def launch_lesson(tmp_path, *args, restart=False):
    command = [sys.executable, '-m', 'tf1_mnist.cluster'] + (['--restart'] if restart else [])
    return subprocess.Popen(command + ['--', 'python', '-m'] + [str(a) for a in args],
                            cwd=str(tmp_path), env=subprocess_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def newest_checkpoint_step(directory):
    state = Path(directory) / 'checkpoint'
    if not state.exists():
        return None
    match = re.search(r'model_checkpoint_path: ".*-(\d+)"', state.read_text())
    return int(match.group(1)) if match else None


def wait_for_checkpoint(directory, at_least, launcher, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and launcher.poll() is None:
        step = newest_checkpoint_step(directory)
        if step is not None and step >= at_least:
            return step
        time.sleep(0.1)
    raise AssertionError('no checkpoint at step >= %d' % at_least)


@pytest.mark.slow
def test_softmax_lesson_cluster_killed_whole_resumes_from_the_newest_checkpoint(tmp_path):
    checkpoints = tmp_path / 'ckpt'
    args = ('tf1_mnist.softmax', '--max_steps', 400, '--checkpoint_dir', checkpoints,
            '--save_every', 50)
    launcher = launch_lesson(tmp_path, *args)
    try:
        wait_for_checkpoint(checkpoints, 100, launcher)
    finally:
        launcher.kill()  # SIGKILL: its tasks die with it
        launcher.communicate()
    saved = newest_checkpoint_step(checkpoints)
    launcher = launch_lesson(tmp_path, *args)
    out, _ = launcher.communicate(timeout=300)
    assert launcher.returncode == 0, out
    resumed = re.findall(r'^\[worker 0\] resumed from step (\d+)$', out, re.M)
    assert resumed and int(resumed[0]) >= saved, out
    accuracy = float(re.findall(r'^\[worker 0\] (0\.\d+)$', out, re.M)[-1])
    assert 0.90 <= accuracy < 1.0
    assert newest_checkpoint_step(checkpoints) == 400


@pytest.mark.slow
def test_softmax_lesson_chief_killed_and_restarted_continues(tmp_path):
    checkpoints = tmp_path / 'ckpt'
    # Killed at step 100 or later, the chief restarts while worker 1 waits for it
    # (synchronous); 400 steps, as in the test above, reach 90 %.
    launcher = launch_lesson(tmp_path, 'tf1_mnist.softmax', '--max_steps', 400,
                             '--checkpoint_dir', checkpoints, '--save_every', 50, restart=True)
    out = kill_chief_then_finish(launcher, lambda: wait_for_checkpoint(checkpoints, 100,
                                                                       launcher))
    assert launcher.returncode == 0, out
    assert '[cluster] worker 0 was killed by signal 9; restarting it (1 of 3)' in out
    # The parameter server kept the variables: the new chief goes on from the live step.
    assert int(re.findall(r'^\[worker 0\] resumed from step (\d+)$', out, re.M)[-1]) >= 100
    assert 0.90 <= float(re.findall(r'^\[worker 0\] (0\.\d+)$', out, re.M)[-1]) < 1.0
    assert newest_checkpoint_step(checkpoints) == 400


@pytest.mark.slow
def test_a_restarted_chief_goes_on_from_the_parameter_servers_live_model(tmp_path):
    """Without a checkpoint folder, a TF1 chief that restarts initialises the variables and the
    global step again, throwing the run's progress away (its lines start over at step 0); this
    one finds them initialised on the parameter server and goes on from their global step."""
    # Killed at step 40, the chief restarts while worker 1 waits for it (synchronous): 80 steps
    # leave the new chief several lines to print.
    launcher = launch_lesson(tmp_path, 'tf1_mnist.deep_cnn', '--max_steps', 80,
                             '--log_every', 10, restart=True)
    lines = []

    def wait_for_step_40():
        for line in launcher.stdout:
            lines.append(line.rstrip('\n'))
            step = re.match(r'\[worker \d\] step (\d+), training accuracy', line)
            if step and int(step.group(1)) >= 40:
                return

    out = kill_chief_then_finish(launcher, wait_for_step_40, module=b'deep_cnn')
    after = out.split('[cluster] worker 0 was killed by signal 9; restarting it (1 of 3)\n', 1)
    assert launcher.returncode == 0 and len(after) == 2, '\n'.join(lines) + out
    resumed = int(re.findall(r'^\[worker 0\] resumed from step (\d+)$', after[1], re.M)[0])
    assert resumed >= 40, out
    later = [int(s) for s in re.findall(r'^\[worker 0\] step (\d+),', after[1], re.M)]
    assert later and min(later) >= resumed, out
    assert re.search(r'^\[worker 0\] test accuracy 0\.\d+$', after[1], re.M), out


def kill_chief_then_finish(launcher, wait, module=b'softmax'):
    """Call ``wait()``, kill -9 the launched lesson's chief, let the launcher finish (or kill
    it all if the test fails); the launcher's output."""
    try:
        wait()
        chief = [int(p) for p in os.listdir('/proc')
                 if p.isdigit() and _is_task(int(p), 0, launcher.pid, module=module)]
        assert len(chief) == 1
        os.kill(chief[0], signal.SIGKILL)
        out, _ = launcher.communicate(timeout=300)
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.communicate()
    return out


def _is_task(pid, index, parent, job='worker', module=b'softmax'):
    """True when ``pid`` is task ``job index`` of the lesson ``module``, started by
    ``parent``."""
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            cmdline = f.read()
        with open('/proc/%d/stat' % pid) as f:
            ppid = int(f.read().rsplit(')', 1)[1].split()[1])
    except OSError:
        return False
    return (ppid == parent and b'tf1_mnist.' + module in cmdline
            and b'--job_name=%s\0--task_index=%d' % (job.encode(), index) in cmdline)


@pytest.mark.slow
def test_deep_cnn_two_worker_sync_matches_one_process_with_the_same_global_batch(tmp_path):
    """Two workers of batch 50, synchronous: each update averages the gradients of 100
    examples, as one process with batch 100 does; after the same number of updates the test
    accuracies agree within the noise of a short run (after 100 updates both are near 0.86)."""
    steps = 100
    single = warm.run(
        [sys.executable, '-m', 'tf1_mnist.deep_cnn', '--max_steps', str(steps), '--batch_size',
         '100', '--log_every', '50', '--seed', '3'],
        cwd=str(tmp_path), env=subprocess_env(), capture_output=True, text=True, timeout=600)
    assert single.returncode == 0, single.stdout + single.stderr
    single_accuracy = float(re.findall(r'^test accuracy (\S+)$', single.stdout, re.M)[-1])
    launched = subprocess.run(
        [sys.executable, '-m', 'tf1_mnist.cluster', '--', 'python', '-m', 'tf1_mnist.deep_cnn',
         '--max_steps', str(steps), '--batch_size', '50', '--log_every', '50', '--seed', '3'],
        cwd=str(tmp_path), env=subprocess_env(), capture_output=True, text=True, timeout=600)
    assert launched.returncode == 0, launched.stdout + launched.stderr
    cluster_accuracy = float(re.findall(r'^\[worker 0\] test accuracy (\S+)$', launched.stdout,
                                        re.M)[-1])
    lines = re.findall(r'^\[worker (\d)\] step (\d+), training accuracy', launched.stdout, re.M)
    assert {w for w, _ in lines} == {'0', '1'}
    assert {int(s) for _, s in lines} <= {0, 50}  # global steps, the lesson's every 50
    assert len(lines) == len(set(lines)), lines  # each worker prints a step's line once
    assert single_accuracy >= 0.80 and cluster_accuracy >= 0.80, (single_accuracy,
                                                                   cluster_accuracy)
    assert abs(single_accuracy - cluster_accuracy) <= 0.02, (single_accuracy, cluster_accuracy)


def _first_batches(lesson, count=3):
    """The labels of a lesson's first ``count`` training batches, as its steps draw them."""
    from tf1_mnist import mlp
    lesson.read_data()
    if isinstance(lesson, mlp.LessonRun):
        lesson.rng.bit_generator.state = lesson.progress.rng_state
        plan = mlp.epoch_plan(lesson.lesson.batch_order, len(lesson.images), lesson.batch_size,
                              lesson.rng)
        return [lesson.labels[plan[b]].tolist() for b in range(count)]
    return [lesson.mnist.train.next_batch(lesson.batch_size)[1].tolist() for _ in range(count)]


@pytest.mark.parametrize('make', [
    lambda seed: __import__('tf1_mnist.softmax').softmax.Softmax(
        '/nonexistent/tf1_mnist_tests', seed=seed),
    lambda seed: __import__('tf1_mnist.deep_cnn').deep_cnn.DeepCNN(
        '/nonexistent/tf1_mnist_tests', seed=seed),
    lambda seed: __import__('tf1_mnist.mlp').mlp.LessonRun(
        'dense-100', '/nonexistent/tf1_mnist_tests', seed=seed),
], ids=['softmax', 'deep_cnn', 'mlp'])
def test_with_a_seed_each_worker_draws_its_own_batches(make):
    """A seeded cluster run: worker 1 must not train on worker 0's batches; its batches are
    those of a single run seeded with seed + 1."""
    chief, worker = make(5), make(5)
    distributed.offset_data_seed(chief, 0)
    distributed.offset_data_seed(worker, 1)
    worker_batches = _first_batches(worker)
    assert _first_batches(chief) == _first_batches(make(5))
    assert worker_batches != _first_batches(make(5))
    assert worker_batches == _first_batches(make(6))
