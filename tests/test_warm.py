"""The tests' warm start (tests/warm.py) gives a command what a fresh ``python -m`` gives it:
the same output, files and exit status, on probes of everything a fork could get wrong."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import warm
from conftest import subprocess_env

PROBE = textwrap.dedent('''\
    import atexit, gc, json, os, random, sys, tempfile, threading, time
    import numpy as np
    import tensorflow as tf

    def later():
        time.sleep(0.5)
        with open('thread_done.txt', 'w') as f:
            f.write('joined')

    threading.Thread(target=later).start()  # not a daemon: the interpreter waits for it
    atexit.register(lambda: print('atexit ran'))
    unclosed = open('unclosed.txt', 'w')
    unclosed.write('flushed at exit')  # never closed: the interpreter's exit flushes it
    print(json.dumps({
        'argv': sys.argv, 'cwd': os.getcwd(), 'path0': sys.path[0], 'path': sys.path[1:],
        'name': __name__, 'file': os.path.basename(__file__),
        'main': sorted(k for k in vars(sys.modules['__main__']) if not k.startswith('__')),
        'env': {k: os.environ.get(k) for k in ('TF_CPP_MIN_LOG_LEVEL', 'TF_ENABLE_ONEDNN_OPTS',
                                               'PROBE_VALUE', 'TF_USE_LEGACY_KERAS')},
        'tmp': tempfile.gettempdir(), 'stdin': sys.stdin.read(), 'eager': tf.executing_eagerly(),
        'threads': threading.active_count(), 'gc': [gc.isenabled(), gc.get_threshold()],
        'random': [random.random(), float(np.random.rand())]}))
    sys.stdout.flush()
    if sys.argv[1] == 'fail':
        raise ValueError('the probe fails here')
    sys.exit(int(sys.argv[1]))
    ''')


def both(tmp_path, *args, env=None):
    """The probe's run forked warm and in a fresh process, each in a folder of its own."""
    tmp_path.mkdir(exist_ok=True)
    results = []
    for how in ('warm', 'cold'):
        folder = tmp_path / how
        folder.mkdir()
        (folder / 'probe.py').write_text(PROBE)
        extra = {'PROBE_VALUE': how, 'TMPDIR': str(folder)}
        extra.update(env or {})
        command = [sys.executable, '-m', 'tf1_mnist.run', 'probe.py', *args]
        runner = warm.run if how == 'warm' else subprocess.run
        done = runner(command, cwd=str(folder), env=subprocess_env(extra),
                      capture_output=True, text=True, timeout=300)
        results.append((folder, done))
    return results


def facts(done):
    return json.loads([l for l in done.stdout.splitlines() if l.startswith('{')][0])


@pytest.mark.slow
def test_a_warm_command_sees_and_leaves_what_a_fresh_process_would(tmp_path):
    both(tmp_path / 'first', '0')  # a server starts at the second command of its settings
    forked = warm.served()
    (warm_folder, hot), (cold_folder, cold) = both(tmp_path, '3')
    assert warm.served() == forked + 1, 'the probe was not forked warm'
    assert hot.returncode == cold.returncode == 3
    assert hot.stderr == cold.stderr == ''
    assert hot.stdout.splitlines()[-1] == cold.stdout.splitlines()[-1] == 'atexit ran'
    seen, expected = facts(hot), facts(cold)
    assert seen.pop('cwd') == str(warm_folder) and expected.pop('cwd') == str(cold_folder)
    assert seen.pop('tmp') == str(warm_folder) and expected.pop('tmp') == str(cold_folder)
    assert seen['env'].pop('PROBE_VALUE') == 'warm' and expected['env'].pop('PROBE_VALUE') == 'cold'
    assert seen.pop('path0') == str(warm_folder) and expected.pop('path0') == str(cold_folder)
    assert seen.pop('random') != expected.pop('random')
    assert seen == expected
    for folder in (warm_folder, cold_folder):
        assert (folder / 'thread_done.txt').read_text() == 'joined'
        assert (folder / 'unclosed.txt').read_text() == 'flushed at exit'


@pytest.mark.slow
def test_two_warm_commands_do_not_share_random_states(tmp_path):
    first, second = (both(tmp_path / str(n), '0')[0][1] for n in (1, 2))
    assert facts(first)['random'] != facts(second)['random']


@pytest.mark.slow
def test_an_uncaught_error_shows_the_traceback_a_fresh_process_shows(tmp_path):
    (_, hot), (_, cold) = both(tmp_path, 'fail')
    assert hot.returncode == cold.returncode == 1
    assert 'ValueError: the probe fails here' in cold.stderr
    assert hot.stderr.replace('/warm/', '/cold/') == cold.stderr


def test_what_is_not_forked_runs_in_a_fresh_process(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, 'run', lambda command, **kw: calls.append(command))
    env = subprocess_env()
    warm.run([sys.executable, '-m', 'tf1_mnist.run', '--verbose', 'x.py'], env=env,
             capture_output=True, text=True)
    warm.run([sys.executable, '-m', 'tf1_mnist.course', 'x'], env=env, capture_output=True,
             text=True)
    warm.run([sys.executable, 'x.py'], env=env, capture_output=True, text=True)
    warm.run([sys.executable, '-m', 'tf1_mnist.run', 'x.py'], env=env)  # output not captured
    assert len(calls) == 4


# A migrated copy as tests/test_families_upgraded.py runs it: ``python -c upgrade.BOOTSTRAP SEED
# copy.py``, which imports TensorFlow plainly; forked from a plain server, or fresh.
PLAIN_COPY = textwrap.dedent('''\
    import json, os, random, sys
    import numpy as np
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    x = tf.random_normal([3])
    # tf.keras only with TF_USE_LEGACY_KERAS, as the upgrade writes it
    dense = (tf.keras.layers.Dense(2)(tf.ones([1, 4])) if os.environ.get('TF_USE_LEGACY_KERAS')
             else tf.reshape(tf.ones([1, 4]), [-1]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run([x, dense])
    print(json.dumps({
        'argv': sys.argv, 'cwd': os.getcwd(), 'path0': sys.path[0], 'name': __name__,
        'keras': tf.keras.__name__, 'eager': tf.executing_eagerly(),
        'draws': [random.random(), float(np.random.rand())],
        'values': [v.tolist() for v in values]}))
    ''')


@pytest.mark.slow
@pytest.mark.parametrize('legacy', [False, True])
def test_a_plain_copy_forked_warm_prints_what_a_fresh_process_prints(tmp_path, legacy):
    from tf1_mnist.runner import upgrade
    env = upgrade._environment()
    if legacy:  # as a copy that sets it before its import of TensorFlow
        env['TF_USE_LEGACY_KERAS'] = '1'
    (tmp_path / 'lesson.py').write_text(PLAIN_COPY)
    args = ['5', str(tmp_path / 'lesson.py')]
    forked = warm.served()
    hot = warm.run_plain(upgrade.BOOTSTRAP, args, str(tmp_path), env, timeout=300)
    assert warm.served() == forked + 1, 'the copy was not forked warm'
    cold = subprocess.run([sys.executable, '-c', upgrade.BOOTSTRAP] + args, cwd=str(tmp_path),
                          env=env, capture_output=True, text=True, timeout=300)
    assert hot.returncode == cold.returncode == 0, cold.stderr[-2000:]
    seen, expected = facts(hot), facts(cold)
    assert seen == expected
    assert expected['keras'].startswith('tf_keras' if legacy else 'keras')
    assert expected['argv'] == [str(tmp_path / 'lesson.py')] and expected['name'] == '__main__'
    # The seeded stream is the script's: TensorFlow's import (Keras 3 draws) does not take from it.
    import random
    assert expected['draws'][0] == random.Random(5).random()


# A cluster task as tests/test_distributed.py starts it: ``python SCRIPT ARGS`` in a session of
# its own, its output and errors in one log; forked from a spawning server, or fresh.
TASK = textwrap.dedent('''\
    import atexit, gc, json, os, random, sys, threading, time
    import numpy as np
    from tf1_mnist.quiet import import_v1
    tf = import_v1()
    if sys.argv[1] == 'wait':
        print('waiting', flush=True)
        while True:
            time.sleep(1)
    threading.Thread(target=lambda: (time.sleep(0.3), print('thread joined'))).start()
    atexit.register(lambda: print('atexit ran'))
    print('to stderr', file=sys.stderr, flush=True)
    print(json.dumps({
        'argv': sys.argv, 'cwd': os.getcwd(), 'path0': sys.path[0], 'path': sys.path[1:],
        'name': __name__, 'file': __file__,
        'leader': os.getpgid(0) == os.getsid(0) == os.getpid(),
        'env': {k: os.environ.get(k) for k in ('TF_CPP_MIN_LOG_LEVEL', 'TF_ENABLE_ONEDNN_OPTS',
                                               'PROBE_VALUE')},
        'stdin': sys.stdin.read(), 'eager': tf.executing_eagerly(),
        'gc': [gc.isenabled(), gc.get_threshold()],
        'random': [random.random(), float(np.random.rand())]}), flush=True)
    if sys.argv[1] == 'fail':
        raise ValueError('the task fails here')
    sys.exit(int(sys.argv[1]))
    ''')


def both_tasks(tmp_path, *args):
    """The task started by warm.popen and by subprocess.Popen, each from a folder of its own;
    [(folder, handle, log)]."""
    started = []
    for how in ('warm', 'cold'):
        folder = tmp_path / how
        folder.mkdir(parents=True)
        (folder / 'task.py').write_text(TASK)
        command = [sys.executable, str(folder / 'task.py'), *args]
        env, log = subprocess_env({'PROBE_VALUE': how}), folder / 'task.log'
        if how == 'warm':
            handle = warm.popen(command, cwd=str(folder), env=env, log=log)
        else:
            with open(log, 'w') as out:
                handle = subprocess.Popen(command, cwd=str(folder), env=env, stdout=out,
                                          stderr=subprocess.STDOUT, start_new_session=True)
        started.append((folder, handle, log))
    return started


@pytest.mark.slow
def test_a_spawned_task_sees_and_does_what_a_fresh_process_would(tmp_path):
    forked = warm.served()
    (warm_folder, hot, hot_log), (cold_folder, cold, cold_log) = both_tasks(tmp_path, '3')
    assert warm.served() == forked + 1, 'the task was not forked warm'
    assert hot.wait(timeout=120) == cold.wait(timeout=120) == 3
    assert hot.poll() == 3
    hot_lines, cold_lines = hot_log.read_text().splitlines(), cold_log.read_text().splitlines()
    assert hot_lines[0] == cold_lines[0] == 'to stderr'
    assert hot_lines[-2:] == cold_lines[-2:] == ['thread joined', 'atexit ran']
    seen, expected = (json.loads(lines[1]) for lines in (hot_lines, cold_lines))
    for key in ('cwd', 'path0'):
        assert seen.pop(key) == str(warm_folder) and expected.pop(key) == str(cold_folder)
    assert seen.pop('file') == seen['argv'].pop(0) == str(warm_folder / 'task.py')
    assert expected.pop('file') == expected['argv'].pop(0) == str(cold_folder / 'task.py')
    assert seen['env'].pop('PROBE_VALUE') == 'warm' and expected['env'].pop('PROBE_VALUE') == 'cold'
    assert seen.pop('random') != expected.pop('random')
    assert seen['leader'] is True
    assert seen == expected


@pytest.mark.slow
def test_a_spawned_tasks_error_and_kill_read_as_a_fresh_processs(tmp_path):
    (_, hot, hot_log), (_, cold, cold_log) = both_tasks(tmp_path / 'fail', 'fail')
    assert hot.wait(timeout=120) == cold.wait(timeout=120) == 1
    hot_text, cold_text = hot_log.read_text(), cold_log.read_text()
    assert 'ValueError: the task fails here' in cold_text
    error = [line for line in cold_text.splitlines() if not line.startswith('{')]
    assert [line for line in hot_text.replace('/warm/', '/cold/').splitlines()
            if not line.startswith('{')] == error
    # Killed in its session, as the cluster tests kill a task, while it waits.
    started = both_tasks(tmp_path / 'wait', 'wait')
    for _, handle, log in started:
        deadline = time.monotonic() + 120
        while 'waiting' not in log.read_text():
            assert handle.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        with pytest.raises(subprocess.TimeoutExpired):
            handle.wait(timeout=0.2)
        os.killpg(handle.pid, signal.SIGKILL)
        assert handle.wait(timeout=60) == -signal.SIGKILL
