"""The benchmarks measure what they say: the time-to-accuracy clock stops the lesson's recipe at
the first crossing of its target, the session-settings benchmark times steps in the runtime."""

import math
import os
import subprocess
import sys

import pytest

from conftest import REPO, subprocess_env
from tf1_mnist.quiet import import_v1

BENCH = os.path.join(REPO, 'bench')
sys.path.insert(0, BENCH)

import session_config  # noqa: E402
import time_to_accuracy  # noqa: E402


def bench(name, *args):
    script = os.path.join(BENCH, name)
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True,
                          env=subprocess_env(), timeout=600)


@pytest.mark.slow
def test_time_to_accuracy_stops_the_lesson_recipe_at_the_first_crossing(monkeypatch):
    monkeypatch.setattr(time_to_accuracy, 'TARGET', 0.6)
    reached, accuracy, clock, steps = time_to_accuracy.run_recipe(
        import_v1(), 'lesson', seed=0, eval_every=10, max_steps=400)
    assert reached is not None, 'the lesson recipe reaches 0.6 within 400 steps'
    seconds, step = reached
    assert step == steps < 400 and step % 10 == 0  # stopped where it was first measured
    assert 0.6 <= accuracy < 1.0
    assert 0 < seconds <= clock


@pytest.mark.slow
def test_time_to_accuracy_reports_a_run_that_falls_short(tmp_path):
    out = subprocess.run([sys.executable, os.path.join(BENCH, 'time_to_accuracy.py'),
                          '--recipes', 'fast', '--runs', '1', '--eval_every', '5',
                          '--max_steps', '10'], capture_output=True, text=True,
                         env=subprocess_env(), cwd=str(tmp_path), timeout=600)
    assert out.returncode == 0, out.stderr
    [run] = [l for l in out.stdout.splitlines() if l.startswith('fast seed 0:')]
    assert run.endswith('0.992 not reached') and ' after 10 steps ' in run
    accuracy = float(run.split()[3])
    assert 0.1 < accuracy < 0.992  # measured on a network that trained 10 steps


@pytest.mark.slow
def test_throughput_benchmark_compares_against_keras_and_the_sgemm_peak():
    out = bench('deep_cnn_throughput.py', '--rounds', '1', '--steps', '3', '--warmup', '2',
                '--variants', 'tf1_mnist,sgemm,keras', '--sgemm_size', '1024')
    assert out.returncode == 0, out.stderr
    assert out.stdout.count('cpu: ') == 1 and 'flags: ' in out.stdout
    # Counted by hand: convolutions 2*50*28*28*32*25 + 2*50*14*14*64*800 FLOPs forward, the same
    # again for each gradient; matmuls 2*50*(3136*1024 + 1024*10), three times.
    assert 'lesson step at batch 50: 4.165 GFLOP counted' in out.stdout
    lines = out.stdout.splitlines()
    table = lines[[l.split()[:1] for l in lines].index(['variant']) + 1:]
    rows = [l.split()[0] for l in table if l.startswith(('tf1_mnist ', 'sgemm ', 'keras ('))]
    assert rows[:3] == ['tf1_mnist', 'sgemm', 'keras']
    assert ', 1024x1024' in out.stdout  # the peak's matmul, of the size asked for
    assert 'ratio tf1_mnist / keras (default env): ' in out.stdout


@pytest.mark.slow
def test_session_settings_are_timed_per_step_in_the_runtime(mnist_one_hot):
    tf = import_v1()
    rate = session_config.timed_run(tf, mnist_one_hot, (1, 1), steps=2)
    assert math.isfinite(rate) and 0 < rate < 10000
    timer = session_config.StepTimer(tf)
    timer.hook.before_run(None)
    timer.hook.after_run(None, None)  # the first step, Grappler's rewrite, is not counted
    assert (timer.steps, timer.seconds) == (0, 0.0)
