"""Distributed MNIST with replicas, in the style of the TF 1.x distributed-training lesson.

One hidden ReLU layer and a softmax output, its variables on the parameter server(s), trained by
every worker on its own batches (between-graph replication). Worker 0 initializes the variables
through a Supervisor; the other workers wait for it. With --sync_replicas the gradients of
--replicas_to_aggregate workers are averaged into each update; otherwise each worker updates
alone. A parameter server serves until it is killed. Every worker prints its global step and,
at the end, the validation cross entropy and accuracy.

    python mnist_replica.py --job_name=ps --task_index=0 --ps_hosts=... --worker_hosts=...
    python mnist_replica.py --job_name=worker --task_index=0 --ps_hosts=... --worker_hosts=...
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import math
import tempfile
import time

import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

flags = tf.app.flags
flags.DEFINE_string('data_dir', '/tmp/mnist-data', 'Where the MNIST files are (or go)')
flags.DEFINE_string('job_name', None, 'ps or worker')
flags.DEFINE_integer('task_index', None, 'Index of this task in its job; worker 0 is the chief')
flags.DEFINE_string('ps_hosts', 'localhost:2222', 'Comma-separated host:port of the ps job')
flags.DEFINE_string('worker_hosts', 'localhost:2223,localhost:2224',
                    'Comma-separated host:port of the worker job')
flags.DEFINE_integer('num_gpus', 0, 'GPUs per machine; 0 trains on the CPU')
flags.DEFINE_boolean('sync_replicas', False, 'Average the gradients of several workers')
flags.DEFINE_integer('replicas_to_aggregate', None,
                     'Gradients per synchronous update (default: one per worker)')
flags.DEFINE_integer('hidden_units', 100, 'Units of the hidden layer')
flags.DEFINE_integer('train_steps', 200, 'Global training steps')
flags.DEFINE_integer('batch_size', 100, 'Examples per worker step')
flags.DEFINE_float('learning_rate', 0.01, 'Adam learning rate')
FLAGS = flags.FLAGS

IMAGE_PIXELS = 28


def main(_):
    if not FLAGS.job_name or FLAGS.task_index is None:
        raise ValueError('--job_name and --task_index are required')
    ps_hosts = FLAGS.ps_hosts.split(',')
    worker_hosts = FLAGS.worker_hosts.split(',')
    num_workers = len(worker_hosts)
    cluster = tf.train.ClusterSpec({'ps': ps_hosts, 'worker': worker_hosts})
    server = tf.train.Server(cluster, job_name=FLAGS.job_name, task_index=FLAGS.task_index)
    if FLAGS.job_name == 'ps':
        server.join()
        return

    mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True)
    is_chief = FLAGS.task_index == 0
    if FLAGS.num_gpus > 0:
        device = '/job:worker/task:%d/gpu:%d' % (FLAGS.task_index,
                                                 FLAGS.task_index % FLAGS.num_gpus)
    else:
        device = '/job:worker/task:%d/cpu:0' % FLAGS.task_index

    with tf.device(tf.train.replica_device_setter(worker_device=device,
                                                  ps_device='/job:ps/cpu:0',
                                                  cluster=cluster)):
        global_step = tf.Variable(0, name='global_step', trainable=False)
        pixels = IMAGE_PIXELS * IMAGE_PIXELS
        hid_w = tf.Variable(tf.truncated_normal([pixels, FLAGS.hidden_units],
                                                stddev=1.0 / IMAGE_PIXELS), name='hid_w')
        hid_b = tf.Variable(tf.zeros([FLAGS.hidden_units]), name='hid_b')
        sm_w = tf.Variable(tf.truncated_normal([FLAGS.hidden_units, 10],
                                               stddev=1.0 / math.sqrt(FLAGS.hidden_units)),
                           name='sm_w')
        sm_b = tf.Variable(tf.zeros([10]), name='sm_b')

        x = tf.placeholder(tf.float32, [None, pixels])
        y_ = tf.placeholder(tf.float32, [None, 10])
        hidden = tf.nn.relu(tf.nn.xw_plus_b(x, hid_w, hid_b))
        logits = tf.nn.xw_plus_b(hidden, sm_w, sm_b)
        y = tf.nn.softmax(logits)
        cross_entropy = -tf.reduce_sum(y_ * tf.log(tf.clip_by_value(y, 1e-10, 1.0)))
        correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

        opt = tf.train.AdamOptimizer(FLAGS.learning_rate)
        if FLAGS.sync_replicas:
            opt = tf.train.SyncReplicasOptimizer(
                opt, replicas_to_aggregate=FLAGS.replicas_to_aggregate or num_workers,
                total_num_replicas=num_workers, name='mnist_sync_replicas')
        train_step = opt.minimize(cross_entropy, global_step=global_step)

        if FLAGS.sync_replicas:
            local_init_op = opt.chief_init_op if is_chief else opt.local_step_init_op
            ready_for_local_init_op = opt.ready_for_local_init_op
            chief_queue_runner = opt.get_chief_queue_runner()
            sync_init_op = opt.get_init_tokens_op()
        init_op = tf.global_variables_initializer()

        supervisor_args = dict(is_chief=is_chief, logdir=tempfile.mkdtemp(), init_op=init_op,
                               recovery_wait_secs=1, global_step=global_step)
        if FLAGS.sync_replicas:
            supervisor_args.update(local_init_op=local_init_op,
                                   ready_for_local_init_op=ready_for_local_init_op)
        sv = tf.train.Supervisor(**supervisor_args)
        config = tf.ConfigProto(allow_soft_placement=True,
                                device_filters=['/job:ps',
                                                '/job:worker/task:%d' % FLAGS.task_index])
        if is_chief:
            print('Worker %d: initializing the session' % FLAGS.task_index)
        else:
            print('Worker %d: waiting for the chief to initialize' % FLAGS.task_index)
        sess = sv.prepare_or_wait_for_session(server.target, config=config)
        print('Worker %d: session ready' % FLAGS.task_index)
        if FLAGS.sync_replicas and is_chief:
            sess.run(sync_init_op)
            sv.start_queue_runners(sess, [chief_queue_runner])

        begin = time.time()
        local_step = 0
        while True:
            batch_xs, batch_ys = mnist.train.next_batch(FLAGS.batch_size)
            _, step = sess.run([train_step, global_step], feed_dict={x: batch_xs, y_: batch_ys})
            local_step += 1
            if local_step % 50 == 0:
                print('Worker %d: local step %d (global step %d)'
                      % (FLAGS.task_index, local_step, step))
            if step >= FLAGS.train_steps:
                break
        print('Worker %d: training took %.2f s' % (FLAGS.task_index, time.time() - begin))

        feed = {x: mnist.validation.images, y_: mnist.validation.labels}
        xent, acc = sess.run([cross_entropy, accuracy], feed_dict=feed)
        print('After %d training step(s), validation cross entropy = %g, accuracy = %g'
              % (FLAGS.train_steps, xent, acc))


if __name__ == '__main__':
    tf.app.run()
