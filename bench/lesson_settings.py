"""What the deep CNN lesson gains from settings that keep its graph and its lines: thread pools,
XLA, Grappler's layout pass, and feeding through a session callable instead of a feed_dict.

One process holds a session per setting; they take turns (A B C ...), each round --steps lesson
steps; medians over the rounds, and each as a ratio to the lesson's own settings.

    python bench/lesson_settings.py [--rounds 3] [--steps 100]
"""

import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tf1_mnist import deep_cnn, input_data, session_settings  # noqa: E402
from tf1_mnist.quiet import import_v1  # noqa: E402


def configs(tf):
    """(name, ConfigProto, use a callable) for each setting tried."""
    def base():
        return session_settings.session_config(tf)

    out = [('lesson (TF sizes its pools)', base(), False)]
    for intra, inter in ((2, 1), (1, 2)):
        c = base()
        c.intra_op_parallelism_threads, c.inter_op_parallelism_threads = intra, inter
        out.append(('intra %d, inter %d' % (intra, inter), c, False))
    c = base()
    c.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
    out.append(('XLA auto-clustering', c, False))
    c = base()
    c.graph_options.rewrite_options.layout_optimizer = \
        c.graph_options.rewrite_options.OFF
    out.append(('layout optimizer off', c, False))
    out.append(('session callable (no feed_dict)', base(), True))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=3, help='(default: 3)')
    parser.add_argument('--steps', type=int, default=100, help='steps per round (default: 100)')
    args = parser.parse_args(argv)
    tf = import_v1()
    mnist = input_data.read_data_sets('MNIST_data', one_hot=True, seed=0)
    batches = [mnist.train.next_batch(deep_cnn.BATCH_SIZE) for _ in range(100)]
    runners = []
    for name, config, use_callable in configs(tf):
        graph = tf.Graph()
        with graph.as_default():
            tf.set_random_seed(0)
            g = deep_cnn.build_graph(tf)
            sess = tf.Session(config=config)
            sess.run(tf.global_variables_initializer())
            if use_callable:
                step = sess.make_callable(g.train_step, [g.x, g.y_, g.keep_prob])

                def run(steps, step=step):
                    for i in range(steps):
                        x, y = batches[i % len(batches)]
                        step(x, y, deep_cnn.KEEP_PROB)
            else:
                def run(steps, sess=sess, g=g):
                    for i in range(steps):
                        x, y = batches[i % len(batches)]
                        sess.run(g.train_step, {g.x: x, g.y_: y, g.keep_prob: deep_cnn.KEEP_PROB})
        run(30)  # warm-up
        runners.append((name, run))
    rates = {name: [] for name, _ in runners}
    for _ in range(args.rounds):
        for name, run in runners:
            start = time.perf_counter()
            run(args.steps)
            rates[name].append(args.steps / (time.perf_counter() - start))
    base = statistics.median(rates[runners[0][0]])
    print('TF_ENABLE_ONEDNN_OPTS=%s; %d alternated rounds of %d steps, medians:'
          % (os.environ.get('TF_ENABLE_ONEDNN_OPTS'), args.rounds, args.steps))
    for name, values in rates.items():
        m = statistics.median(values)
        print('%-34s %6.1f steps/s  %5.2fx   %s' % (name, m, m / base,
                                                   ' '.join('%.1f' % v for v in values)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
