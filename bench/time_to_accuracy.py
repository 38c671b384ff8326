"""Time to 99.2 %: training wall time until the deep CNN's test accuracy first reaches 0.992.

For each recipe ('lesson': the tutorial's 20000 steps of 50 at Adam 1e-4; 'fast': the same
network with --recipe fast's batches and schedule; add '+bf16' for mixed precision), each run
with its own seed, the lesson trains in the package's runtime and a session-run hook measures
the test accuracy every --eval_every steps (the clock stops while it is measured). Prints each
run and the medians.

    python bench/time_to_accuracy.py --recipes fast --runs 5
    python bench/time_to_accuracy.py --recipes lesson,fast --runs 1
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tf1_mnist import deep_cnn, evaluation, runtime  # noqa: E402
from tf1_mnist.quiet import import_v1  # noqa: E402

TARGET = 0.992


class AccuracyClock(object):
    """A session-run hook (built for ``tf``): after every ``eval_every``-th training step and the
    last, the test accuracy; the training clock excludes the time spent measuring it. With
    ``stop_when_reached``, asks the loop to stop at the first crossing of TARGET."""

    def __init__(self, tf, lesson, eval_every, stop_when_reached):
        self.lesson, self.eval_every = lesson, eval_every
        self.stop_when_reached = stop_when_reached
        self.reached, self.accuracy, self.steps, self.measuring = None, 0.0, 0, 0.0
        clock = self

        class Hook(tf.train.SessionRunHook):
            def after_create_session(self, session, coord):
                clock.started = time.perf_counter()

            def after_run(self, run_context, run_values):
                clock.after_step(run_context)
        self.hook = Hook()

    def clock(self):
        return time.perf_counter() - self.started - self.measuring

    def after_step(self, run_context):
        self.steps += 1
        if self.steps % self.eval_every and self.steps != self.lesson.max_steps:
            return
        began = time.perf_counter()
        g, test = self.lesson.g, self.lesson.mnist.test
        self.accuracy = evaluation.evaluate_in_batches(
            run_context.session, g.correct_prediction, {'x': g.x, 'y_': g.y_, g.keep_prob: 1.0},
            test.images, test.labels)
        self.measuring += time.perf_counter() - began
        if self.accuracy >= TARGET and self.reached is None:
            self.reached = (self.clock(), self.steps)
            if self.stop_when_reached:
                run_context.request_stop()  # the lesson's constant rate: first crossing counts


def run_recipe(tf, name, seed, eval_every, max_steps=None):
    base, _, option = name.partition('+')
    recipe = deep_cnn.RECIPES[base]
    if max_steps:  # a shortened run, to check the benchmark itself
        recipe = recipe._replace(max_steps=max_steps)
    learning_rate = recipe.learning_rate
    if recipe.warmup_fraction is not None:
        learning_rate = deep_cnn.warmup_cosine(recipe.learning_rate, recipe.max_steps,
                                               recipe.warmup_fraction)
    lesson = deep_cnn.DeepCNN('MNIST_data', recipe.max_steps, recipe.batch_size, learning_rate,
                              recipe.keep_prob, log_every=0, init=recipe.init, seed=seed)
    clock = AccuracyClock(tf, lesson, eval_every, stop_when_reached=not callable(learning_rate))
    runtime.train(lesson, runtime.RunSettings(seed=seed, bf16=(option == 'bf16')),
                  out=lambda *lines: None, hooks=[clock.hook])
    return clock.reached, clock.accuracy, clock.clock(), clock.steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--recipes', default='fast',
                        help='comma-separated: lesson, fast, lesson+bf16, fast+bf16 '
                             '(default: %(default)s)')
    parser.add_argument('--runs', type=int, default=5, help='runs per recipe, seeds 0.. '
                                                           '(default: 5)')
    parser.add_argument('--eval_every', type=int, default=500,
                        help='steps between test evaluations (default: 500; a run is also '
                             'evaluated at its last step)')
    parser.add_argument('--max_steps', type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    tf = import_v1()
    for name in args.recipes.split(','):
        times, finals = [], []
        for seed in range(args.runs):
            reached, accuracy, clock, steps = run_recipe(tf, name, seed, args.eval_every,
                                                         args.max_steps)
            finals.append(accuracy)
            if reached:
                times.append(reached[0])
                print('%s seed %d: %.3f reached after %d steps, %.1f s of training; '
                      'final test accuracy %.4f after %d steps, %.1f s'
                      % (name, seed, TARGET, reached[1], reached[0], accuracy, steps, clock))
            else:
                print('%s seed %d: %.4f after %d steps (%.1f s): %.3f not reached'
                      % (name, seed, accuracy, steps, clock, TARGET))
        print('%s: reached %.3f in %d of %d runs; median time %s; median final accuracy %.4f'
              % (name, TARGET, len(times), args.runs,
                 '%.1f s' % statistics.median(times) if times else 'n/a',
                 statistics.median(finals)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
