"""Time to 99.2 %: training wall time until the deep CNN's test accuracy first reaches 0.992.

For each recipe ('lesson': the tutorial's 20000 steps of 50 at Adam 1e-4; 'fast': the same
network with --recipe fast's batches and schedule; add '+bf16' for mixed precision), each run
with its own seed, the test accuracy is measured every --eval_every steps (the clock stops
while it is measured). Prints each run and the medians.

    python bench/time_to_accuracy.py --recipes fast --runs 5
    python bench/time_to_accuracy.py --recipes lesson,fast --runs 1
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tf1_mnist import deep_cnn, input_data, training  # noqa: E402
from tf1_mnist.quiet import import_v1  # noqa: E402

TARGET = 0.992


def run_recipe(tf, name, seed, eval_every, max_steps=None):
    base, _, option = name.partition('+')
    recipe = deep_cnn.RECIPES[base]
    if max_steps:  # a shortened run, to check the benchmark itself
        recipe = recipe._replace(max_steps=max_steps)
    mnist = input_data.read_data_sets('MNIST_data', one_hot=True, seed=seed)
    schedule = None
    if recipe.warmup_fraction is not None:
        schedule = deep_cnn.warmup_cosine(recipe.learning_rate, recipe.max_steps,
                                          recipe.warmup_fraction)
    config, note = training.session_config_for(tf, bf16=(option == 'bf16'))
    if note:
        print('  note: ' + note)
    with tf.Graph().as_default():
        tf.set_random_seed(seed)
        lr = tf.placeholder(tf.float32, []) if schedule else recipe.learning_rate
        g = deep_cnn.build_graph(tf, lr, recipe.init)
        feed_eval = {'x': g.x, 'y_': g.y_, g.keep_prob: 1.0}
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            clock, reached, accuracy = 0.0, None, 0.0
            for step in range(recipe.max_steps):
                start = time.perf_counter()
                x, y = mnist.train.next_batch(recipe.batch_size)
                feed = {g.x: x, g.y_: y, g.keep_prob: recipe.keep_prob}
                if schedule:
                    feed[lr] = schedule(step)
                sess.run(g.train_step, feed)
                clock += time.perf_counter() - start
                done = step + 1
                if done % eval_every == 0 or done == recipe.max_steps:
                    accuracy = training.evaluate_in_batches(
                        sess, g.correct_prediction, feed_eval, mnist.test.images,
                        mnist.test.labels)
                    if accuracy >= TARGET and reached is None:
                        reached = (clock, done)
                        if not schedule:
                            break  # the lesson's constant rate: first crossing is the answer
    return reached, accuracy, clock, done


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--recipes', default='fast',
                        help='comma-separated: lesson, fast, lesson+bf16, fast+bf16 '
                             '(default: %(default)s)')
    parser.add_argument('--runs', type=int, default=5, help='runs per recipe, seeds 0.. '
                                                           '(default: 5)')
    parser.add_argument('--eval_every', type=int, default=500,
                        help='steps between test evaluations (default: 500; a fast run is '
                             'also evaluated at its last step)')
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
