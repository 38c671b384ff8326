"""Deep CNN training throughput: tf1_mnist's lesson graph against Keras 3 and PyTorch.

The same network (conv 5x5x32, pool, conv 5x5x64, pool, dense 1024, dropout 0.5, dense 10),
the same optimizer (Adam 1e-4) and batch (50), data already in memory. After a warm-up, the
variants take turns (A B C A B C ...) in one process, so a noisy machine slows them alike;
each prints the median over the rounds.

    python bench/deep_cnn_throughput.py [--rounds 7] [--steps 60]

PyTorch is measured only when ``torch`` is importable (``pip install torch==2.13.0``).
"""

import argparse
import os
import platform
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tf1_mnist import deep_cnn, input_data, training  # noqa: E402
from tf1_mnist.quiet import import_tensorflow  # noqa: E402

GFLOP_PER_STEP = 4.17  # forward + backward of the lesson's network at batch 50


def cpu_peak_gflops():
    """An estimate of the machine's fp32 peak: cores x clock x FLOP per cycle.

    AVX-512 does 16 fp32 FMAs (32 FLOP) per instruction; server cores issue two per cycle.
    The clock is the nominal one from /proc/cpuinfo (turbo can be higher).
    """
    cores = os.cpu_count() or 1
    mhz, flags = 0.0, ''
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('cpu MHz') and not mhz:
                    mhz = float(line.split(':')[1])
                elif line.startswith('flags') and not flags:
                    flags = line
    except OSError:
        pass
    per_cycle = 64 if 'avx512f' in flags else 32 if 'avx2' in flags else 8
    return cores * mhz / 1000.0 * per_cycle, '%d cores x %.2f GHz x %d FLOP/cycle' % (
        cores, mhz / 1000.0, per_cycle)


class Tf1Lesson(object):
    """The lesson's own graph and loop body: one Session.run of train_step with a feed."""

    def __init__(self, tf, batches, seed, config):
        self.name = 'tf1_mnist' + ('-' + config if config else '')
        self.graph = tf.Graph()
        with self.graph.as_default():
            tf.set_random_seed(seed)
            self.g = deep_cnn.build_graph(tf)
            session_config, _ = training.session_config_for(tf, bf16=(config == 'bf16'))
            self.sess = tf.Session(config=session_config)
            self.sess.run(tf.global_variables_initializer())
        self.batches = batches

    def run(self, steps):
        g, sess = self.g, self.sess
        for i in range(steps):
            x, y = self.batches[i % len(self.batches)]
            sess.run(g.train_step, {g.x: x, g.y_: y, g.keep_prob: 0.5})


class KerasFit(object):
    """The same network in Keras 3, trained by model.fit."""

    def __init__(self, tf, batches, seed):
        import keras
        self.name = 'keras-%s' % keras.__version__
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
        self.x = np.concatenate([b[0] for b in batches])
        self.y = np.concatenate([b[1] for b in batches]).astype(np.float32)
        self.batch = len(batches[0][0])

    def run(self, steps):
        n = steps * self.batch
        reps = -(-n // len(self.x))
        x = np.concatenate([self.x] * reps)[:n]
        y = np.concatenate([self.y] * reps)[:n]
        self.model.fit(x, y, batch_size=self.batch, epochs=1, shuffle=False, verbose=0)


class TorchEager(object):
    """The same network in PyTorch, eager, on the CPU."""

    def __init__(self, batches, seed):
        import torch
        from torch import nn
        self.torch = torch
        torch.manual_seed(seed)
        torch.set_num_threads(os.cpu_count() or 1)
        self.name = 'torch-%s' % torch.__version__
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
        self.batches = [(torch.from_numpy(x), torch.from_numpy(y.argmax(1))) for x, y in batches]

    def run(self, steps):
        self.model.train()
        for i in range(steps):
            x, y = self.batches[i % len(self.batches)]
            self.optimizer.zero_grad(set_to_none=True)
            self.loss(self.model(x), y).backward()
            self.optimizer.step()


def make_variants(names, tf, batches, seed):
    variants = []
    for name in names:
        if name == 'tf1_mnist':
            variants.append(Tf1Lesson(tf, batches, seed, ''))
        elif name == 'tf1_mnist-bf16':
            variants.append(Tf1Lesson(tf, batches, seed, 'bf16'))
        elif name == 'keras':
            variants.append(KerasFit(tf, batches, seed))
        elif name == 'torch':
            try:
                variants.append(TorchEager(batches, seed))
            except ImportError:
                print('torch is not installed: PyTorch skipped (pip install torch==2.13.0)')
        else:
            raise SystemExit('unknown variant %r' % name)
    return variants


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=7, help='timed rounds (default: 7)')
    parser.add_argument('--steps', type=int, default=60, help='steps per round (default: 60)')
    parser.add_argument('--variants', default='tf1_mnist,keras,torch',
                        help='comma-separated: tf1_mnist, tf1_mnist-bf16, keras, torch '
                             '(default: %(default)s)')
    parser.add_argument('--seed', type=int, default=0, help='(default: 0)')
    args = parser.parse_args(argv)

    tf = import_tensorflow().compat.v1
    mnist = input_data.read_data_sets('MNIST_data', one_hot=True, seed=args.seed)
    batches = [mnist.train.next_batch(50) for _ in range(100)]
    variants = make_variants(args.variants.split(','), tf, batches, args.seed)

    for v in variants:  # warm-up: graph optimisation, kernel selection, tf.function tracing
        v.run(max(10, args.steps // 3))
    rates = {v.name: [] for v in variants}
    for _ in range(args.rounds):
        for v in variants:
            start = time.perf_counter()
            v.run(args.steps)
            rates[v.name].append(args.steps / (time.perf_counter() - start))
            time.sleep(0.2)  # let the other framework's worker threads go idle

    peak, how = cpu_peak_gflops()
    print()
    print('machine: %s, %s; fp32 peak estimate %.0f GFLOP/s (%s)'
          % (platform.processor() or platform.machine(), platform.platform(), peak, how))
    print('%d rounds of %d steps at batch 50, medians:' % (args.rounds, args.steps))
    print('%-22s %9s %9s %9s %7s   %s' % ('variant', 'steps/s', 'images/s', 'GFLOP/s', 'peak',
                                        'all rounds (steps/s)'))
    medians = {}
    for name, values in rates.items():
        m = medians[name] = statistics.median(values)
        print('%-22s %9.1f %9.0f %9.1f %6.1f%%   %s'
              % (name, m, m * 50, m * GFLOP_PER_STEP, 100 * m * GFLOP_PER_STEP / peak,
                 ' '.join('%.1f' % r for r in values)))
    base = variants[0].name
    for name, m in medians.items():
        if name != base:
            print('ratio %s / %s: %.2f' % (base, name, medians[base] / m))
    return 0


if __name__ == '__main__':
    sys.exit(main())
