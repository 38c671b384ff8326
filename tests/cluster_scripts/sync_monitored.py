"""Synchronous replicas with a MonitoredTrainingSession, in the style of the TF 1.x distributed
how-to: an unmodified between-graph script for the cluster launcher.

Softmax regression, its variables on the parameter server(s). With --sync_replicas every global
step applies the mean of the gradients of all workers (SyncReplicasOptimizer, its session hook
from make_session_run_hook); a StopAtStepHook ends training at --train_steps. A parameter server
serves until it is killed. Worker 0, the chief, then prints the test accuracy.

    python sync_monitored.py --job_name=ps --task_index=0 --ps_hosts=... --worker_hosts=...
    python sync_monitored.py --job_name=worker --task_index=0 --ps_hosts=... --worker_hosts=...
"""
from __future__ import print_function

import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

flags = tf.app.flags
flags.DEFINE_string('data_dir', '/tmp/mnist-data', 'Where the MNIST files are (or go)')
flags.DEFINE_string('job_name', None, 'ps or worker')
flags.DEFINE_integer('task_index', None, 'Index of this task in its job; worker 0 is the chief')
flags.DEFINE_string('ps_hosts', 'localhost:2222', 'Comma-separated host:port of the ps job')
flags.DEFINE_string('worker_hosts', 'localhost:2223,localhost:2224',
                    'Comma-separated host:port of the worker job')
flags.DEFINE_boolean('sync_replicas', False, 'Average the gradients of all workers')
flags.DEFINE_integer('train_steps', 100, 'Global training steps')
flags.DEFINE_integer('batch_size', 50, 'Examples per worker step')
flags.DEFINE_float('learning_rate', 0.5, 'Gradient descent learning rate')
FLAGS = flags.FLAGS


def main(_):
    ps_hosts = FLAGS.ps_hosts.split(',')
    worker_hosts = FLAGS.worker_hosts.split(',')
    cluster = tf.train.ClusterSpec({'ps': ps_hosts, 'worker': worker_hosts})
    server = tf.train.Server(cluster, job_name=FLAGS.job_name, task_index=FLAGS.task_index)
    if FLAGS.job_name == 'ps':
        server.join()
        return

    mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True)
    is_chief = FLAGS.task_index == 0
    num_workers = len(worker_hosts)
    with tf.device(tf.train.replica_device_setter(
            worker_device='/job:worker/task:%d' % FLAGS.task_index, cluster=cluster)):
        global_step = tf.train.get_or_create_global_step()
        x = tf.placeholder(tf.float32, [None, 784])
        y_ = tf.placeholder(tf.float32, [None, 10])
        W = tf.Variable(tf.zeros([784, 10]))
        b = tf.Variable(tf.zeros([10]))
        y = tf.matmul(x, W) + b
        cross_entropy = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
        opt = tf.train.GradientDescentOptimizer(FLAGS.learning_rate)
        hooks = [tf.train.StopAtStepHook(last_step=FLAGS.train_steps)]
        if FLAGS.sync_replicas:
            opt = tf.train.SyncReplicasOptimizer(opt, replicas_to_aggregate=num_workers,
                                                 total_num_replicas=num_workers)
            hooks.append(opt.make_session_run_hook(is_chief))
        train_op = opt.minimize(cross_entropy, global_step=global_step)
        correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

    config = tf.ConfigProto(device_filters=['/job:ps', '/job:worker/task:%d' % FLAGS.task_index])
    local_step = 0
    with tf.train.MonitoredTrainingSession(master=server.target, is_chief=is_chief,
                                           hooks=hooks, config=config) as sess:
        while not sess.should_stop():
            batch_xs, batch_ys = mnist.train.next_batch(FLAGS.batch_size)
            _, step = sess.run([train_op, global_step], feed_dict={x: batch_xs, y_: batch_ys})
            local_step += 1
    print('Worker %d: done after %d local steps' % (FLAGS.task_index, local_step))
    if is_chief:
        with tf.Session(server.target, config=config) as sess:
            print('test accuracy %g' % sess.run(
                accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))


if __name__ == '__main__':
    tf.app.run()
