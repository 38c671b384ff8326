"""Softmax regression trained by a cluster through ``tf1_mnist.distributed``: the smallest
replicated model, for the cluster tests.

    python softmax_replica.py --ps_hosts ... --worker_hosts ... --job_name worker --task_index 0
        [--max_steps 200] [--sync_replicas=false] [--checkpoint_dir DIR] [--fail_at_step N]

Workers print ``worker N: step S (global step G)`` every ``--log_every`` of their own steps; the
chief then prints ``test accuracy A``. ``--fail_at_step`` makes the worker exit 3 once the
global step passes N, unless ``--checkpoint_dir`` already holds a checkpoint (a restarted run).
"""

import os
import sys

from tf1_mnist import cli, distributed, input_data
from tf1_mnist.quiet import import_v1


def main(argv=None):
    parser = cli.ArgumentParser(prog='softmax_replica.py')
    cli.add_common_flags(parser, max_steps=200, batch_size=100, learning_rate=0.5)
    distributed.add_cluster_flags(parser)
    parser.add_argument('--checkpoint_dir', default=None)
    parser.add_argument('--save_every', type=int, default=20)
    parser.add_argument('--log_every', type=int, default=50)
    parser.add_argument('--fail_at_step', type=int, default=None)
    args = parser.parse_args(argv)
    config = distributed.config_from_args(parser, args)
    if config is None:
        parser.error('expected the cluster flags (--ps_hosts, --worker_hosts, --job_name, '
                     '--task_index) or TF_CONFIG')
    tf = import_v1(args.verbose)
    try:
        server = distributed.start(tf, config, args.startup_timeout, threads=1)
    except distributed.ClusterError as error:
        parser.error(str(error))
    if config.job_name == 'ps':
        distributed.serve_until_done(tf, server, config)
        return 0

    mnist = input_data.read_data_sets(args.data_dir, one_hot=True,
                                      seed=None if args.seed is None else args.seed + config.task_index)
    restarted = bool(args.checkpoint_dir and tf.train.latest_checkpoint(args.checkpoint_dir))
    with tf.Graph().as_default():
        with tf.device(distributed.replica_device_setter(tf, config)):
            global_step = tf.train.get_or_create_global_step()
            x = tf.placeholder(tf.float32, [None, 784])
            y_ = tf.placeholder(tf.float32, [None, 10])
            W = tf.Variable(tf.zeros([784, 10]), name='W')
            b = tf.Variable(tf.zeros([10]), name='b')
            y = tf.matmul(x, W) + b
            cross_entropy = tf.reduce_mean(
                tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
            optimizer = distributed.wrap_optimizer(
                tf, tf.train.GradientDescentOptimizer(args.learning_rate), config)
            train_step = optimizer.minimize(cross_entropy, global_step=global_step)
            accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1)),
                                              tf.float32))
        create = distributed.session_factory(
            config, server, optimizer, checkpoint_dir=args.checkpoint_dir,
            save_checkpoint_steps=args.save_every)
        stop = tf.train.StopAtStepHook(last_step=args.max_steps)
        session_config = tf.ConfigProto(intra_op_parallelism_threads=1,
                                        inter_op_parallelism_threads=1)
        local_step = 0
        with create(tf, None, session_config, [stop]) as sess:
            step = sess.run(global_step)
            print('worker %d: starting at global step %d' % (config.task_index, step))
            while not sess.should_stop():
                batch = mnist.train.next_batch(args.batch_size)
                _, step = sess.run([train_step, global_step], {x: batch[0], y_: batch[1]})
                local_step += 1
                if local_step % args.log_every == 0:
                    print('worker %d: step %d (global step %d)'
                          % (config.task_index, local_step, step), flush=True)
                if args.fail_at_step is not None and step >= args.fail_at_step and not restarted:
                    print('worker %d: failing on purpose at global step %d'
                          % (config.task_index, step), flush=True)
                    sys.stdout.flush()
                    os._exit(3)
            if config.is_chief:
                test_accuracy = sess._tf_sess().run(
                    accuracy, {x: mnist.test.images, y_: mnist.test.labels})
        print('worker %d: done, %d steps (global step %d)' % (config.task_index, local_step, step))
        if config.is_chief:
            print('test accuracy %g' % test_accuracy)
    distributed.signal_done(tf, server, config)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
