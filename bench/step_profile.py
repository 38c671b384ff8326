"""Where one training step of the deep CNN lesson goes: a breakdown by TensorFlow's own tracer.

The lesson's graph and session settings, after a warm-up. Untraced, it times (medians):
  step    sess.run(train_step, feed) as the lesson runs it
  feed    sess.run(no_op, the same feed): the session call plus converting the fed arrays
  call    sess.run(no_op): the session call alone
  batch   mnist.train.next_batch(50): the Python side of the lesson's loop
Traced (RunOptions FULL_TRACE), it sums each op's time by kind over --trace_steps steps; the
op time of an untraced step (step - feed) is shared out in those proportions. With two or more
cores ops overlap, so the traced op times add up to more than the step's wall time.

    python bench/step_profile.py [--steps 200] [--trace_steps 20] [--bf16]
"""

import argparse
import os
import re
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tf1_mnist import deep_cnn, input_data, session_settings  # noqa: E402
from tf1_mnist.quiet import import_v1  # noqa: E402
from timing import median_seconds  # noqa: E402

# Op kinds by the op type in the trace (oneDNN's rewritten ops are _Mkl..., fused ones _Fused...).
KINDS = [
    ('conv, gradients', re.compile(r'Conv2DBackprop')),
    ('conv, forward', re.compile(r'Conv2D')),
    ('matmul', re.compile(r'MatMul')),
    ('Adam update', re.compile(r'ApplyAdam')),
    ('max-pool (and its gradient)', re.compile(r'MaxPool')),
    ('bias, ReLU, dropout, softmax, casts, other', re.compile(r'.')),
]
_LABEL = re.compile(r'=\s*([\w.]+)\(')


def kind_of(node, dtypes):
    match = _LABEL.search(node.timeline_label)
    op = match.group(1) if match else node.node_name
    if node.node_name in dtypes:
        op += ' ' + dtypes[node.node_name]
    for kind, pattern in KINDS:
        if pattern.search(op):
            return kind, op
    return KINDS[-1][0], op


def profile(steps=200, trace_steps=20, bf16=False, seed=0):
    tf = import_v1()
    mnist = input_data.read_data_sets('MNIST_data', one_hot=True, seed=seed)
    config, note = session_settings.session_config_for(tf, bf16=bf16)
    batches = [mnist.train.next_batch(deep_cnn.BATCH_SIZE) for _ in range(100)]
    with tf.Graph().as_default():
        tf.set_random_seed(seed)
        g = deep_cnn.build_graph(tf)
        nothing = tf.no_op()
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            state = {'i': 0}

            def feed():
                state['i'] += 1
                x, y = batches[state['i'] % len(batches)]
                return {g.x: x, g.y_: y, g.keep_prob: deep_cnn.KEEP_PROB}

            for _ in range(50):  # warm-up: Grappler, oneDNN primitive caches
                sess.run(g.train_step, feed())
            fed = feed()
            times = {
                'step': median_seconds(lambda: sess.run(g.train_step, feed()), steps),
                'feed': median_seconds(lambda: sess.run(nothing, fed), steps),
                'call': median_seconds(lambda: sess.run(nothing), steps),
                'batch': median_seconds(lambda: mnist.train.next_batch(50), steps),
            }
            by_kind, by_op, walls = {}, {}, []
            options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE,
                                    output_partition_graphs=True)
            for _ in range(trace_steps):
                metadata = tf.RunMetadata()
                sess.run(g.train_step, feed(), options=options, run_metadata=metadata)
                starts, ends = [], []
                dtypes = {n.name: tf.DType(n.attr['T'].type).name
                          for graph in metadata.partition_graphs for n in graph.node
                          if 'T' in n.attr and n.attr['T'].type}
                for device in metadata.step_stats.dev_stats:
                    for node in device.node_stats:
                        if node.node_name in ('_SOURCE', '_SINK'):
                            continue
                        micros = node.op_end_rel_micros - node.op_start_rel_micros
                        kind, op = kind_of(node, dtypes)
                        by_kind[kind] = by_kind.get(kind, 0) + micros
                        by_op[op] = by_op.get(op, 0) + micros
                        starts.append(node.all_start_micros)
                        ends.append(node.all_start_micros + node.all_end_rel_micros)
                walls.append(max(ends) - min(starts))
    return times, by_kind, by_op, statistics.median(walls) / 1e6, trace_steps, note


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--steps', type=int, default=200,
                        help='untraced repeats of each timing (default: 200)')
    parser.add_argument('--trace_steps', type=int, default=20,
                        help='traced steps (default: 20)')
    parser.add_argument('--bf16', action='store_true', help='profile the --bf16 session')
    args = parser.parse_args(argv)
    times, by_kind, by_op, traced_wall, n, note = profile(args.steps, args.trace_steps,
                                                          args.bf16)
    if note:
        print('note: ' + note)
    step = times['step']
    ops = max(0.0, step - times['feed'])
    loop = step + times['batch']
    total_op = sum(by_kind.values())
    print('one step of the lesson loop: %.2f ms (sess.run %.2f ms + next_batch %.2f ms); '
          'traced step %.2f ms; TF_ENABLE_ONEDNN_OPTS=%s'
          % (1e3 * loop, 1e3 * step, 1e3 * times['batch'], 1e3 * traced_wall,
             os.environ.get('TF_ENABLE_ONEDNN_OPTS')))
    print('%-44s %8s %7s' % ('part', 'ms/step', 'share'))
    rows = [(kind, ops * micros / total_op) for kind, micros in
            sorted(by_kind.items(), key=lambda kv: -kv[1])]
    rows.append(('feed_dict copy (arrays -> tensors)', times['feed'] - times['call']))
    rows.append(('session call (Python + C++ dispatch)', times['call']))
    rows.append(('Python: next_batch', times['batch']))
    for name, seconds in rows:
        print('%-44s %8.2f %6.1f%%' % (name, 1e3 * seconds, 100 * seconds / loop))
    print()
    print('op types (and their element type) by traced time, summed over threads, per step:')
    for op, micros in sorted(by_op.items(), key=lambda kv: -kv[1])[:20]:
        print('  %-40s %8.2f ms' % (op, micros / 1e3 / n))
    return 0


if __name__ == '__main__':
    sys.exit(main())
