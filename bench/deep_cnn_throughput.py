"""Deep CNN training throughput: tf1_mnist's lesson graph against Keras 3 and PyTorch, each in
its steady state, and the lesson's GFLOP/s as a share of the machine's measured fp32 peak.

The same network (conv 5x5x32, pool, conv 5x5x64, pool, dense 1024, dropout 0.5, dense 10),
the same optimizer (Adam 1e-4) and batch (50), data already in memory. Every variant lives in
its own worker process (TF_ENABLE_ONEDNN_OPTS is read when TensorFlow loads), warms up once,
then times one span of --steps steps per round: the lesson's loop of Session.run calls, ONE
``model.fit`` call for Keras, a plain loop for PyTorch (threads = cores). The rounds alternate
(A B C A B C ...), so a noisy machine slows them alike; medians are printed. Peers run both in
their default environment and with tf1_mnist's oneDNN setting (Keras; PyTorch uses its own oneDNN
whatever TF_ENABLE_ONEDNN_OPTS says, so it runs once). The fp32 peak is a 4096x4096
float32 matmul through TensorFlow (oneDNN as the lesson has it), timed the same way.

    python bench/deep_cnn_throughput.py [--rounds 3] [--steps 400]
    python bench/deep_cnn_throughput.py --variants tf1_mnist,tf1_mnist-bf16

PyTorch is measured only when ``torch`` is importable (``pip install torch==2.13.0``).
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

BATCH = 50
DEFAULT_SGEMM_N = 4096
SGEMM_N = DEFAULT_SGEMM_N  # as --sgemm_size sets it
_MARK = '@@bench '  # prefixes a worker's answers on its stdout
FLAG_NAMES = ('avx2', 'avx512f', 'avx512_bf16', 'amx_bf16', 'amx_tile')


def cpu_description(cpuinfo='/proc/cpuinfo'):
    """'MODEL (family F model M), N cores, flags: avx2 avx512f ...; no ...' from cpuinfo."""
    fields = {}
    try:
        with open(cpuinfo) as f:
            for line in f:
                key, _, value = line.partition(':')
                key = key.strip()
                if key and key not in fields:
                    fields[key] = value.strip()
    except OSError:
        pass
    flags = set(fields.get('flags', '').split())
    have = [f for f in FLAG_NAMES if f in flags]
    lacks = [f for f in FLAG_NAMES if f not in flags]
    return '%s (family %s model %s), %d cores; flags: %s; lacks: %s' % (
        fields.get('model name', platform.processor() or platform.machine()),
        fields.get('cpu family', '?'), fields.get('model', '?'), os.cpu_count() or 1,
        ' '.join(have) or 'none', ' '.join(lacks) or 'none')


def lesson_flops(tf, batch=BATCH):
    """FLOPs of one training step of the lesson's graph, counted op by op.

    Every Conv2D, Conv2DBackpropInput/Filter and MatMul the train step depends on is evaluated
    for its shapes at ``batch``; each costs 2 FLOPs per multiply-add. Returns (total, by type).
    """
    from tf1_mnist import deep_cnn
    with tf.Graph().as_default():
        g = deep_cnn.build_graph(tf)
        needed, todo = set(), [g.train_step]
        while todo:
            op = todo.pop()
            if op in needed:
                continue
            needed.add(op)
            todo.extend(t.op for t in op.inputs)
            todo.extend(op.control_inputs)
        kinds = ('Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MatMul')
        ops = sorted((op for op in needed if op.type in kinds), key=lambda op: op.name)
        shapes = [[tf.shape(t) for t in list(op.inputs) + list(op.outputs)] for op in ops]
        x = np.zeros((batch, 784), np.float32)
        y = np.zeros((batch, 10), np.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = sess.run(shapes, {g.x: x, g.y_: y, g.keep_prob: 0.5})
    by_type = {}
    for op, shape in zip(ops, values):
        if op.type == 'MatMul':
            a, b, out = shape[0], shape[1], shape[2]
            inner = a[0] if op.get_attr('transpose_a') else a[1]
            flops = 2 * int(np.prod(out)) * int(inner)
        else:
            # Every form of the convolution does one multiply-add per output element of the
            # forward convolution and per filter tap: N*Ho*Wo*Cout * Kh*Kw*Cin.
            # Conv2D: (input, filter) -> out; BackpropInput: (input_sizes, filter,
            # out_backprop) -> d input; BackpropFilter: (input, filter_sizes, out_backprop)
            # -> d filter, which has the filter's shape.
            forward_out = shape[2]
            filt = shape[3] if op.type == 'Conv2DBackpropFilter' else shape[1]
            flops = 2 * int(np.prod(forward_out)) * int(np.prod(filt[:3]))
        by_type[op.type] = by_type.get(op.type, 0) + flops
    return sum(by_type.values()), by_type


# ---- workers: each runs in its own process, reads 'N' lines and answers with seconds --------

def batches(seed=0, count=100):
    from tf1_mnist import input_data
    mnist = input_data.read_data_sets('MNIST_data', one_hot=True, seed=seed)
    return [mnist.train.next_batch(BATCH) for _ in range(count)]


class Tf1Lesson(object):
    """The lesson's own graph and loop body: one Session.run of train_step with a feed."""

    def __init__(self, bf16=False, seed=0):
        from tf1_mnist import deep_cnn, session_settings
        from tf1_mnist.quiet import import_v1
        tf = import_v1()
        self.batches = batches(seed)
        with tf.Graph().as_default():
            tf.set_random_seed(seed)
            self.g = deep_cnn.build_graph(tf)
            config, _ = session_settings.session_config_for(tf, bf16=bf16)
            self.sess = tf.Session(config=config)
            self.sess.run(tf.global_variables_initializer())
        self.label = 'TensorFlow %s' % tf.VERSION

    def run(self, steps):
        g, sess = self.g, self.sess
        for i in range(steps):
            x, y = self.batches[i % len(self.batches)]
            sess.run(g.train_step, {g.x: x, g.y_: y, g.keep_prob: 0.5})


class Sgemm(object):
    """An N x N float32 matmul (N = --sgemm_size, 4096 by default) through TensorFlow, the
    lesson's oneDNN setting."""

    def __init__(self, seed=0):
        from tf1_mnist.quiet import import_v1
        tf = import_v1()
        with tf.Graph().as_default():
            rng = np.random.default_rng(seed)
            a = tf.Variable(rng.standard_normal((SGEMM_N, SGEMM_N), dtype=np.float32))
            b = tf.Variable(rng.standard_normal((SGEMM_N, SGEMM_N), dtype=np.float32))
            self.product = tf.matmul(a, b).op  # run, not fetched: no 64 MB copy out
            self.sess = tf.Session()
            self.sess.run(tf.global_variables_initializer())
        self.label = 'TensorFlow %s, %dx%d' % (tf.VERSION, SGEMM_N, SGEMM_N)

    def run(self, steps):
        for _ in range(steps):
            self.sess.run(self.product)


class KerasFit(object):
    """The same network in Keras 3, trained by one model.fit call per span."""

    def __init__(self, seed=0):
        import keras
        self.batches = batches(seed)
        self.label = 'Keras %s' % keras.__version__
        keras.utils.set_random_seed(seed)
        init = dict(kernel_initializer=keras.initializers.TruncatedNormal(stddev=0.1),
                    bias_initializer=keras.initializers.Constant(0.1))
        self.model = keras.Sequential([
            keras.Input((784,)),
            keras.layers.Reshape((28, 28, 1)),
            keras.layers.Conv2D(32, 5, padding='same', activation='relu', **init),
            keras.layers.MaxPooling2D(2, padding='same'),
            keras.layers.Conv2D(64, 5, padding='same', activation='relu', **init),
            keras.layers.MaxPooling2D(2, padding='same'),
            keras.layers.Flatten(),
            keras.layers.Dense(1024, activation='relu', **init),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(10, **init),
        ])
        self.model.compile(optimizer=keras.optimizers.Adam(1e-4, epsilon=1e-8),
                           loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        self.x = np.concatenate([b[0] for b in self.batches])
        self.y = np.concatenate([b[1] for b in self.batches]).astype(np.float32)

    def run(self, steps):
        n = steps * BATCH
        reps = -(-n // len(self.x))
        x = np.concatenate([self.x] * reps)[:n]
        y = np.concatenate([self.y] * reps)[:n]
        self.model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)


class TorchEager(object):
    """The same network in PyTorch, eager, on the CPU, one thread per core."""

    def __init__(self, seed=0):
        import torch
        from torch import nn
        self.batches = [(torch.from_numpy(x), torch.from_numpy(y.argmax(1)))
                        for x, y in batches(seed)]
        torch.manual_seed(seed)
        torch.set_num_threads(os.cpu_count() or 1)
        self.label = 'PyTorch %s, %d threads, mkldnn %s' % (
            torch.__version__, torch.get_num_threads(), torch.backends.mkldnn.is_available())
        self.model = nn.Sequential(
            nn.Unflatten(1, (1, 28, 28)),
            nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(7 * 7 * 64, 1024), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(1024, 10))
        for module in self.model:
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                nn.init.trunc_normal_(module.weight, std=0.1, a=-0.2, b=0.2)
                nn.init.constant_(module.bias, 0.1)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-4, eps=1e-8)
        self.loss = nn.CrossEntropyLoss()
        self.model.train()

    def run(self, steps):
        for i in range(steps):
            x, y = self.batches[i % len(self.batches)]
            self.optimizer.zero_grad(set_to_none=True)
            self.loss(self.model(x), y).backward()
            self.optimizer.step()


WORKERS = {
    'tf1_mnist': lambda: Tf1Lesson(),
    'tf1_mnist-bf16': lambda: Tf1Lesson(bf16=True),
    'sgemm': lambda: Sgemm(),
    'keras': lambda: KerasFit(),
    'torch': lambda: TorchEager(),
}


def worker(kind, warmup):
    """Serve timing requests on stdin: each line N runs N steps and answers the seconds."""
    made = WORKERS[kind]()
    made.run(warmup)  # graph optimisation, kernel selection, tf.function tracing
    print(_MARK + json.dumps({'ready': made.label}), flush=True)
    for line in sys.stdin:
        steps = int(line)
        start, cpu = time.perf_counter(), time.process_time()
        made.run(steps)
        print(_MARK + json.dumps({'seconds': time.perf_counter() - start,
                                  'cpu_seconds': time.process_time() - cpu}), flush=True)
    return 0


# ---- the driver ------------------------------------------------------------------------------

def variants(names, ours):
    """(row name, worker kind, TF_ENABLE_ONEDNN_OPTS or None for the default environment)."""
    out = []
    for name in names:
        if name in ('tf1_mnist', 'tf1_mnist-bf16', 'sgemm'):
            out.append((name, name, ours))
        elif name == 'torch':  # TF_ENABLE_ONEDNN_OPTS means nothing to PyTorch: once
            out.append((name, name, None))
        elif name == 'keras':
            out.append((name + ' (default env)', name, None))
            if ours is not None:
                out.append((name + ' (oneDNN=%s)' % ours, name, ours))
        else:
            raise SystemExit('unknown variant %r' % name)
    return out


def start_worker(kind, onednn, warmup, sgemm_size=None):
    env = dict(os.environ)
    env.pop('TF_ENABLE_ONEDNN_OPTS', None)
    if onednn is not None:
        env['TF_ENABLE_ONEDNN_OPTS'] = onednn
    env['TF_CPP_MIN_LOG_LEVEL'] = '3'
    env['PYTHONPATH'] = os.pathsep.join(p for p in (ROOT, env.get('PYTHONPATH')) if p)
    sized = ['--sgemm_size', str(sgemm_size)] if sgemm_size else []
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), '--worker', kind,
                             '--warmup', str(warmup)] + sized, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env)
    answer = _answer(proc)
    if answer is None:
        proc.wait()
        return None, None
    return proc, answer['ready']


def _answer(proc):
    """The worker's next answer, skipping whatever else it prints (the data loader's lines)."""
    for line in proc.stdout:
        if line.startswith(_MARK):
            return json.loads(line[len(_MARK):])
    return None


def timed(proc, steps):
    proc.stdin.write('%d\n' % steps)
    proc.stdin.flush()
    answer = _answer(proc)
    return answer['seconds'], answer['cpu_seconds']


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=3, help='timed rounds (default: 3)')
    parser.add_argument('--steps', type=int, default=400,
                        help='steps per round, one fit call for Keras (default: 400)')
    parser.add_argument('--warmup', type=int, default=50, help='warm-up steps (default: 50)')
    parser.add_argument('--variants', default='tf1_mnist,sgemm,keras,torch',
                        help='comma-separated: tf1_mnist, tf1_mnist-bf16, sgemm, keras, torch '
                             '(default: %(default)s)')
    parser.add_argument('--sgemm_size', type=int, default=DEFAULT_SGEMM_N,
                        help='N of the N x N matmul that measures the peak (default: '
                             '%(default)s; smaller only to check the benchmark itself)')
    parser.add_argument('--worker', help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    global SGEMM_N
    SGEMM_N = args.sgemm_size
    if args.worker:
        return worker(args.worker, args.warmup)

    from tf1_mnist.quiet import onednn_choice
    ours, why = onednn_choice()
    names = args.variants.split(',')
    started = []
    for name, kind, onednn in variants(names, ours):
        proc, label = start_worker(kind, onednn, args.warmup if kind != 'sgemm' else 3,
                                   SGEMM_N if kind == 'sgemm' else None)
        if proc is None:
            print('%s: could not start (torch not installed? pip install torch==2.13.0)' % name)
            continue
        started.append((name, kind, proc, label))
    # The matmul runs few, long iterations: as many as take about as long as a lesson span.
    sgemm_steps = max(3, args.steps // 40)
    rates = {name: [] for name, *_ in started}
    cpu_rates = {name: [] for name, *_ in started}  # per CPU-second: robust to a busy machine
    for round_ in range(args.rounds):
        for name, kind, proc, _ in started:
            steps = sgemm_steps if kind == 'sgemm' else args.steps
            seconds, cpu_seconds = timed(proc, steps)
            rates[name].append(steps / seconds)
            cpu_rates[name].append(steps / cpu_seconds)
            time.sleep(0.2)  # let the previous worker's threads go idle
        print('round %d: %s' % (round_ + 1, ', '.join(
            '%s %.2f' % (name, values[-1]) for name, values in rates.items())), flush=True)
    for _, _, proc, _ in started:
        proc.stdin.close()
        proc.wait()

    from tf1_mnist.quiet import import_v1
    flops, by_type = lesson_flops(import_v1())
    gflop = flops / 1e9
    print()
    print('cpu: %s' % cpu_description())
    print('tf1_mnist oneDNN setting: TF_ENABLE_ONEDNN_OPTS=%s (%s)' % (ours, why))
    print('lesson step at batch %d: %.3f GFLOP counted (%s)' % (
        BATCH, gflop, ', '.join('%s %.3f' % (k, v / 1e9) for k, v in sorted(by_type.items()))))
    print('%d alternated rounds of %d steps (sgemm: %d products), medians:'
          % (args.rounds, args.steps, sgemm_steps))
    medians = {name: statistics.median(values) for name, values in rates.items()}
    peak = None
    if 'sgemm' in medians:
        peak = medians['sgemm'] * 2.0 * SGEMM_N ** 3 / 1e9
    print('%-26s %9s %9s %9s %7s   %s' % ('variant', 'steps/s', 'images/s', 'GFLOP/s', 'peak',
                                        'all rounds (steps/s); what ran'))
    for name, kind, _, label in started:
        m = medians[name]
        if kind == 'sgemm':
            print('%-26s %9s %9s %9.1f %6.0f%%   %s; %s' % (
                name, '', '', peak, 100.0, ' '.join('%.2f' % r for r in rates[name]), label))
            continue
        share = '%6.1f%%' % (100 * m * gflop / peak) if peak else '%7s' % '-'
        print('%-26s %9.1f %9.0f %9.1f %s   %s; %s' % (
            name, m, m * BATCH, m * gflop, share, ' '.join('%.1f' % r for r in rates[name]),
            label))
    if 'tf1_mnist' in medians:
        for name in medians:
            if name not in ('tf1_mnist', 'sgemm'):
                print('ratio tf1_mnist / %s: %.2f' % (name, medians['tf1_mnist'] / medians[name]))
    # Where other work shares the cores, wall-clock rates swing with it; work per CPU-second of
    # the process (all its threads, spinning included) swings much less.
    cpu_medians = {name: statistics.median(values) for name, values in cpu_rates.items()}
    cpu_peak = cpu_medians['sgemm'] * 2.0 * SGEMM_N ** 3 / 1e9 if 'sgemm' in cpu_medians else None
    print('per CPU-second of each process: %s' % ', '.join(
        ('sgemm %.1f GFLOP' % cpu_peak) if name == 'sgemm' else
        ('%s %.2f steps%s' % (name, m, ' (%.0f%% of sgemm)' % (100 * m * gflop / cpu_peak)
                              if cpu_peak else ''))
        for name, m in cpu_medians.items()))
    return 0


if __name__ == '__main__':
    sys.exit(main())
