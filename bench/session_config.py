"""Which session settings make the deep CNN lesson fastest here: thread pools and oneDNN.

Thread pools: the settings take turns (A B C ...), each round a fixed number of lesson steps in
the package's runtime, with a session factory that sets the thread pools and a hook that times
the steps (the first, Grappler's rewrite, not counted); medians over the rounds. oneDNN is
chosen when TensorFlow loads (TF_ENABLE_ONEDNN_OPTS), so on/off are separate processes, alternated.

    python bench/session_config.py [--rounds 7] [--steps 40]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

SETTINGS = [(0, 0), (1, 1), (2, 1), (1, 2), (2, 2)]  # (intra_op, inter_op); 0 = TF's choice


class StepTimer(object):
    """A session-run hook (built for ``tf``) that times each training step after the first
    (which includes Grappler's one-off graph rewrite)."""

    def __init__(self, tf):
        self.seconds, self.steps = 0.0, -1
        timer = self

        class Hook(tf.train.SessionRunHook):
            def before_run(self, run_context):
                timer.began = time.perf_counter()

            def after_run(self, run_context, run_values):
                timer.steps += 1
                if timer.steps:
                    timer.seconds += time.perf_counter() - timer.began
        self.hook = Hook()


def timed_run(tf, mnist, setting, steps):
    """Steps/s of ``steps`` deep CNN lesson steps in the runtime, with thread pools
    ``setting`` = (intra_op, inter_op)."""
    from tf1_mnist import deep_cnn, runtime
    intra, inter = setting
    timer = StepTimer(tf)

    def session_with_threads(tf, scaffold, config, hooks):
        config = tf.ConfigProto(intra_op_parallelism_threads=intra,
                                inter_op_parallelism_threads=inter)
        return runtime.local_session(tf, scaffold, config, hooks)

    lesson = deep_cnn.DeepCNN(max_steps=steps + 1, log_every=0, seed=0, mnist=mnist)
    runtime.train(lesson, runtime.RunSettings(seed=0), out=lambda *lines: None,
                  session_factory=session_with_threads, hooks=[timer.hook])
    return timer.steps / timer.seconds


def timed_rounds(tf, settings, rounds, steps):
    """Rates per setting, the settings taking turns in each round."""
    from tf1_mnist import input_data
    mnist = input_data.read_data_sets('MNIST_data', one_hot=True, seed=0)
    rates = [[] for _ in settings]
    for _ in range(rounds):
        for k, setting in enumerate(settings):
            rates[k].append(timed_run(tf, mnist, setting, steps))
    return rates


def child(rounds, steps):
    from tf1_mnist.quiet import import_v1
    rates = timed_rounds(import_v1(), [(0, 0)], rounds, steps)[0]
    print(' '.join('%.3f' % r for r in rates))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=7, help='(default: 7)')
    parser.add_argument('--steps', type=int, default=40, help='steps per round (default: 40)')
    parser.add_argument('--child', action='store_true', help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.rounds, args.steps)

    from tf1_mnist.quiet import import_v1
    rates = timed_rounds(import_v1(), SETTINGS, args.rounds, args.steps)
    print('deep CNN lesson, batch 50, %d rounds of %d steps; medians (steps/s):'
          % (args.rounds, args.steps))
    base = statistics.median(rates[0])
    for (intra, inter), values in zip(SETTINGS, rates):
        m = statistics.median(values)
        print('  intra_op %s, inter_op %s: %6.1f  (%.2fx of the default)   rounds: %s'
              % (intra or 'default', inter or 'default', m, m / base,
                 ' '.join('%.1f' % v for v in values)))

    onednn = {'1': [], '0': []}
    for _ in range(3):
        for flag in onednn:
            env = dict(os.environ, TF_ENABLE_ONEDNN_OPTS=flag)
            out = subprocess.run([sys.executable, os.path.abspath(__file__), '--child',
                                  '--rounds', str(max(2, args.rounds // 2)),
                                  '--steps', str(args.steps)], env=env, capture_output=True,
                                 text=True, check=True).stdout
            onednn[flag].extend(float(v) for v in out.splitlines()[-1].split())
    on, off = statistics.median(onednn['1']), statistics.median(onednn['0'])
    print('oneDNN on (TensorFlow\'s default): %.1f steps/s; off: %.1f steps/s; on/off %.2fx'
          % (on, off, on / off))
    return 0


if __name__ == '__main__':
    sys.exit(main())
