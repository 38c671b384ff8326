"""Run-to-run spread: one TF1 script under the runner with several seeds, figure by figure.

Each seed runs ``python -m tf1_mnist.run --seed S SCRIPT [ARGS]`` in a scratch folder; the
figures it prints are read as ``tf1_mnist.reproduce`` reads a notebook's outputs, and for each
label (and step) the spread over the seeds is printed: the range, and the range as a fraction
of the figure's scale, the error rate for an accuracy, the larger value for a loss. These
fractions are what ``tf1_mnist.reproduce``'s tolerances are set from.

    python bench/reproduce_spread.py [--seeds 1-8] SCRIPT.py [ARGS...]
    python bench/reproduce_spread.py --lesson softmax [--seeds 1-10] [LESSON ARGS...]
"""

import argparse
import collections
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tf1_mnist.runner import reproduce  # noqa: E402


def seeds(text):
    first, _, last = text.partition('-')
    return list(range(int(first), int(last or first) + 1))


def printed(command):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (ROOT, os.environ.get('PYTHONPATH')) if p))
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(command, cwd=scratch, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    if done.returncode:
        raise SystemExit('%s: exit status %d' % (' '.join(command), done.returncode))
    return done.stdout


def spread(runs):
    """label (with counter) -> (kind, training, values over the runs), in first-seen order."""
    table = collections.OrderedDict()
    for figures in runs:
        seen = collections.Counter()
        for figure in figures:
            key = (figure.label, figure.counter, seen[figure.label, figure.counter])
            seen[figure.label, figure.counter] += 1
            table.setdefault(key, (figure.kind, figure.training, []))[2].append(figure.value)
    return table


def scale(kind, values):
    if kind == reproduce.ACCURACY:
        return 1 - min(values)
    return max(abs(v) for v in values)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', type=seeds, default=seeds('1-8'),
                        help='seeds, FIRST-LAST (default: 1-8)')
    parser.add_argument('--lesson', help='a lesson module (softmax, deep_cnn) run with its own '
                                         '--seed instead of a script under the runner')
    parser.add_argument('script', nargs='?')
    parser.add_argument('args', nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    runs = []
    for seed in args.seeds:
        if args.lesson:
            command = [sys.executable, '-m', 'tf1_mnist.' + args.lesson, '--seed', str(seed)]
            command += ([args.script] if args.script else []) + args.args
        else:
            command = [sys.executable, '-m', 'tf1_mnist.run', '--seed', str(seed),
                       os.path.abspath(args.script)] + args.args
        runs.append(reproduce.figures_in(printed(command), alone_is_accuracy=True))
    print('%d seeds (%s)' % (len(runs), ', '.join(map(str, args.seeds))))
    print('| figure | kind | runs | min | max | range | range / scale |')
    print('|---|---|---|---|---|---|---|')
    for (label, counter, index), (kind, training, values) in spread(runs).items():
        if kind == reproduce.TIME or len(values) < 2:
            continue
        width = max(values) - min(values)
        size = scale(kind, values)
        name = label + (' (%s)' % counter if counter else '') + (' #%d' % (index + 1)
                                                                 if index else '')
        print('| %s | %s%s | %d | %.4g | %.4g | %.4g | %s |' % (
            name, kind, ', training' if training else '', len(values), min(values),
            max(values), width, '%.3f' % (width / size) if size else '-'))
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
