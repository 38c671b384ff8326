"""Start-up: the softmax lesson end to end, and reading MNIST.

Alternates, in one run: `python -m tf1_mnist.softmax` (a whole process: import, read, 1000
steps, evaluation) against `python -c "import tensorflow"` (the floor any TensorFlow program
pays), and `read_data_sets` with the decoded-array cache against without it. Medians of --runs.

    python bench/startup.py [--runs 5]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def wall(cmd, env):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env, cwd=tempfile.gettempdir())
    return time.perf_counter() - start


def read_time(cache):
    code = ('import time; t = time.perf_counter(); from tf1_mnist import input_data; '
            "input_data.read_data_sets('MNIST_data', one_hot=True); "
            'print(time.perf_counter() - t)')
    env = dict(os.environ, TF1_MNIST_CACHE=cache)
    env['PYTHONPATH'] = os.pathsep.join(p for p in (ROOT, env.get('PYTHONPATH')) if p)
    out = subprocess.run([sys.executable, '-c', code], check=True, capture_output=True,
                         text=True, env=env, cwd=tempfile.gettempdir()).stdout
    return float(out.split()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=5, help='(default: 5)')
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join(p for p in (ROOT, env.get('PYTHONPATH')) if p)
    cache = tempfile.mkdtemp(prefix='tf1_mnist_bench_cache_')
    read_time(cache)  # fill the cache
    softmax, floor, cached, uncached = [], [], [], []
    for _ in range(args.runs):
        softmax.append(wall([sys.executable, '-m', 'tf1_mnist.softmax'], env))
        floor.append(wall([sys.executable, '-c', 'import tensorflow'], env))
        cached.append(read_time(cache))
        uncached.append(read_time('0'))
    rows = [('python -m tf1_mnist.softmax, end to end', softmax, 4.0),
            ('python -c "import tensorflow" (a plain import: Keras too)', floor, None),
            ('read_data_sets, cached (in-process, incl. import)', cached, 0.3),
            ('read_data_sets, cache off', uncached, None)]
    print('medians of %d runs:' % args.runs)
    for name, values, target in rows:
        m = statistics.median(values)
        verdict = '' if target is None else ('  target <= %.1f s: %s' % (
            target, 'met' if m <= target else 'not met'))
        print('%-50s %6.2f s   (%s)%s' % (name, m, ' '.join('%.2f' % v for v in values),
                                          verdict))
    print('softmax lesson minus a plain import of TensorFlow: %.2f s'
          % (statistics.median(softmax) - statistics.median(floor)))
    print('cache speed-up of read_data_sets: %.1fx'
          % (statistics.median(uncached) / statistics.median(cached)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
