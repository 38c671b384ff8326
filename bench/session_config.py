"""Which session settings make the deep CNN lesson fastest here: thread pools and oneDNN.

Thread pools: one process holds a session per setting and they take turns (A B C ...), each
round a fixed number of lesson steps; medians over the rounds. oneDNN is chosen when TensorFlow
loads (TF_ENABLE_ONEDNN_OPTS), so on/off are separate processes, alternated.

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


def sessions(tf, settings):
    from tf1_mnist import deep_cnn
    out = []
    for intra, inter in settings:
        graph = tf.Graph()
        with graph.as_default():
            tf.set_random_seed(0)
            g = deep_cnn.build_graph(tf)
            sess = tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=intra,
                                                    inter_op_parallelism_threads=inter))
            sess.run(tf.global_variables_initializer())
        out.append((sess, g))
    return out


def timed_rounds(tf, settings, rounds, steps):
    from tf1_mnist import input_data
    mnist = input_data.read_data_sets('MNIST_data', one_hot=True, seed=0)
    batches = [mnist.train.next_batch(50) for _ in range(steps)]
    runs = sessions(tf, settings)
    rates = [[] for _ in settings]
    for r in range(rounds + 1):  # the first round warms up and is not counted
        for k, (sess, g) in enumerate(runs):
            start = time.perf_counter()
            for x, y in batches:
                sess.run(g.train_step, {g.x: x, g.y_: y, g.keep_prob: 0.5})
            if r:
                rates[k].append(steps / (time.perf_counter() - start))
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
