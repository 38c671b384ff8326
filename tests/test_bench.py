"""The benchmarks still run (tiny settings); their figures are for reading, not asserting."""

import os
import subprocess
import sys

from conftest import REPO, subprocess_env

BENCH = os.path.join(REPO, 'bench')


def bench(name, *args):
    script = os.path.join(BENCH, name)
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True,
                          env=subprocess_env(), timeout=600)


def test_throughput_benchmark_compares_against_keras_and_the_sgemm_peak():
    out = bench('deep_cnn_throughput.py', '--rounds', '1', '--steps', '3', '--warmup', '2',
                '--variants', 'tf1_mnist,sgemm,keras')
    assert out.returncode == 0, out.stderr
    assert out.stdout.count('cpu: ') == 1 and 'flags: ' in out.stdout
    # Counted by hand: convolutions 2*50*28*28*32*25 + 2*50*14*14*64*800 FLOPs forward, the same
    # again for each gradient; matmuls 2*50*(3136*1024 + 1024*10), three times.
    assert 'lesson step at batch 50: 4.165 GFLOP counted' in out.stdout
    lines = out.stdout.splitlines()
    table = lines[[l.split()[:1] for l in lines].index(['variant']) + 1:]
    rows = [l.split()[0] for l in table if l.startswith(('tf1_mnist ', 'sgemm ', 'keras ('))]
    assert rows[:3] == ['tf1_mnist', 'sgemm', 'keras']
    assert 'ratio tf1_mnist / keras (default env): ' in out.stdout


def test_time_to_accuracy_benchmark_reports_each_run():
    out = bench('time_to_accuracy.py', '--recipes', 'fast', '--runs', '1', '--eval_every', '5',
                '--max_steps', '10')
    assert out.returncode == 0, out.stderr
    assert 'fast seed 0:' in out.stdout and 'fast: reached 0.992 in' in out.stdout
