"""Deep CNN on a localhost cluster: images/s with 1, 2 and 4 workers, and the communication
share of a step.

    python bench/cluster_scaling.py [--workers 1,2,4] [--steps 10] [--warmup 3] [--async]

For each worker count, ``python -m tf1_mnist.cluster`` starts 1 parameter server and the
workers, each running this file as a task. A worker first times the lesson's network (conv
5x5x32, pool, conv 5x5x64, pool, dense 1024, dropout, dense 10; Adam 1e-4; batch 50) in a plain
local session (its *compute* time per step), then the same graph replicated: variables on the
ps, synchronous replicas unless ``--async``. The communication share is ``1 - compute / step``:
what a replicated step spends moving the 3.3 M parameters and their gradients through gRPC
and waiting for the other replicas. All tasks share this machine's cores, so more workers
cannot be faster here; the figures are the overhead a real cluster would have to win back.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tf1_mnist import cli, deep_cnn, distributed  # noqa: E402
from tf1_mnist.quiet import import_v1  # noqa: E402
from timing import median_seconds  # noqa: E402

BATCH = 50


def build(tf, config=None):
    """The lesson's network, loss and Adam step; replicated when ``config`` is given."""
    x = tf.placeholder(tf.float32, [None, 784], name='x')
    y_ = tf.placeholder(tf.float32, [None, 10], name='y_')
    y_conv, keep_prob = deep_cnn.deepnn(tf, x)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv))
    optimizer = tf.train.AdamOptimizer(1e-4)
    if config is not None:
        optimizer = distributed.wrap_optimizer(tf, optimizer, config)
    global_step = tf.train.get_or_create_global_step()
    return x, y_, keep_prob, optimizer, optimizer.minimize(loss, global_step=global_step)


def worker(argv):
    parser = cli.ArgumentParser(prog='cluster_scaling.py (task)')
    distributed.add_cluster_flags(parser)
    parser.add_argument('--steps', type=int, default=10)
    parser.add_argument('--warmup', type=int, default=3)
    args = parser.parse_args(argv)
    config = distributed.config_from_args(parser, args)
    tf = import_v1()
    # The workers share the machine's cores; the ps only applies the updates.
    threads = max(1, (os.cpu_count() or 1) // config.num_workers)
    server = distributed.start(tf, config, args.startup_timeout,
                               threads=1 if config.job_name == 'ps' else threads)
    if config.job_name == 'ps':
        distributed.serve_until_done(tf, server, config)
        return 0
    rng = np.random.default_rng(config.task_index)
    images = rng.random((BATCH, 784), dtype=np.float32)
    labels = np.eye(10, dtype=np.float32)[rng.integers(0, 10, BATCH)]
    session_config = tf.ConfigProto(intra_op_parallelism_threads=threads,
                                    inter_op_parallelism_threads=threads)

    with tf.Graph().as_default():
        x, y_, keep_prob, _, train = build(tf)
        with tf.Session(config=session_config) as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: images, y_: labels, keep_prob: 0.5}
            compute = median_seconds(lambda: sess.run(train, feed), args.steps, args.warmup)

    with tf.Graph().as_default():
        with tf.device(distributed.replica_device_setter(tf, config)):
            x, y_, keep_prob, optimizer, train = build(tf, config)
        # Every worker runs until the shared global step reaches the end (a synchronous step
        # needs gradients from several workers, so none may stop early); each times its own.
        stop = tf.train.StopAtStepHook(last_step=args.warmup + args.steps)
        create = distributed.session_factory(config, server, optimizer)
        times = []
        with create(tf, None, session_config, [stop]) as sess:
            feed = {x: images, y_: labels, keep_prob: 0.5}
            while not sess.should_stop():
                start = time.perf_counter()
                try:
                    sess.run(train, feed)
                except tf.errors.OutOfRangeError:  # the chief ended the run meanwhile
                    break
                times.append(time.perf_counter() - start)
        step = statistics.median(times[args.warmup:] or times)
    distributed.signal_done(tf, server, config)
    print('RESULT compute_s=%.4f step_s=%.4f' % (compute, step), flush=True)
    return 0


def run_cluster(workers, steps, warmup, sync):
    command = [sys.executable, '-m', 'tf1_mnist.cluster', '--ps', '1', '--workers', str(workers),
               '--', sys.executable, os.path.abspath(__file__), '--steps', str(steps),
               '--warmup', str(warmup)]
    if not sync:
        command.append('--sync_replicas=false')
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    found = re.findall(r'^\[worker (\d+)\] RESULT compute_s=(\S+) step_s=(\S+)$', result.stdout,
                       re.M)
    if result.returncode != 0 or len(found) != workers:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit('cluster of %d workers failed' % workers)
    compute = statistics.mean(float(c) for _, c, _ in found)
    step = statistics.mean(float(s) for _, _, s in found)
    return compute, step


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if any(a.startswith('--job_name') for a in argv):
        return worker(argv)
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--workers', default='1,2,4',
                        help='worker counts to measure (default: %(default)s)')
    parser.add_argument('--steps', type=int, default=10,
                        help='timed steps per worker (default: %(default)s)')
    parser.add_argument('--warmup', type=int, default=3,
                        help='untimed steps first (default: %(default)s)')
    parser.add_argument('--async', dest='sync', action='store_false',
                        help='asynchronous replicas (default: synchronous)')
    args = parser.parse_args(argv)
    print('deep CNN, batch %d per worker, 1 ps, %s replicas, %d CPU cores, median of %d steps'
          % (BATCH, 'synchronous' if args.sync else 'asynchronous', os.cpu_count() or 1,
             args.steps))
    print('%8s %12s %14s %14s %14s' % ('workers', 'images/s', 'step (ms)', 'compute (ms)',
                                       'communication'))
    for n in [int(w) for w in args.workers.split(',')]:
        compute, step = run_cluster(n, args.steps, args.warmup, args.sync)
        images = n * BATCH / step
        print('%8d %12.0f %14.0f %14.0f %13.0f%%'
              % (n, images, 1000 * step, 1000 * compute, 100 * max(0.0, 1 - compute / step)),
              flush=True)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
