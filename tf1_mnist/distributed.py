"""Between-graph replication on TensorFlow's own distributed runtime (``tf.compat.v1``).

The TF1 course's "Distributed TensorFlow" lesson, made to start and stop cleanly:

* **Parameter servers** (``--job_name ps``) hold the variables. Each starts a
  ``tf.distribute.Server`` and, instead of ``server.join()`` (which never returns), waits on a
  *done queue* of its own until every worker has said it finished, then exits 0.
* **Workers** (``--job_name worker``) each build the whole graph under
  ``replica_device_setter`` (variables on the ps tasks, round robin; ops on the worker) and run
  it in a ``MonitoredTrainingSession`` on their own server. Worker 0 is the **chief**: it
  initialises or restores the variables, writes checkpoints and summaries and runs the final
  evaluation; the others wait for it, then train. With ``--sync_replicas`` (the default) the
  optimizer is wrapped in ``SyncReplicasOptimizer``: each global step applies the mean of
  ``--replicas_to_aggregate`` gradients (default: one per worker). ``--sync_replicas=false``
  trains asynchronously: every worker applies its own gradients as soon as it has them.

Two hangs of the plain TF1 recipe, and what is done about them:

1. ``server.join()`` on a parameter server never returns, so a finished cluster never exits.
   Each ps task owns a FIFO queue (shared by name, so every process's graph refers to the same
   queue) into which each worker enqueues its task index after its session has closed. The ps
   dequeues until it has seen every worker's index, then returns; a worker restarted after a
   failure enqueues the same index again, which the ps ignores.
2. With ``SyncReplicasOptimizer`` the chief's aggregation loop (the "chief queue runner")
   always has the next step's ``take_grad`` pending on the parameter server, waiting for
   gradients that will never come once the other workers have stopped. Only closing the
   session that runs a step cancels it, and ``MonitoredTrainingSession.close()`` first waits
   ``stop_grace_period_secs`` (120 s) for the loop's thread, then closes the session, which
   prints ``CancelledError: Step was cancelled by an explicit call to Session::Close()``. Here
   the loop runs in a session of its own (same master, same graph), owned by
   ``sync_replicas_hook``: when training ends the hook closes the token queue (a non-chief
   worker still waiting for a token stops at once, its ``MonitoredSession`` ends the loop on the
   ``OutOfRangeError``) and closes that session, which cancels the pending step immediately and
   quietly. Nothing waits on a timeout.

A fresh cluster starts training together (``start_barrier_hook``): the chief, at global step 0,
waits until every other worker has its session; and a non-chief worker polls for the chief's
variables every half second (``wait_for_chief``) instead of ``MonitoredTrainingSession``'s 30.

Bad cluster flags are misuse: one line naming the flag, exit status 2 (``ClusterError``
carries the line). A port that is taken is found by binding it before the server starts; a host
that does not accept connections, or accepts them without answering as a TensorFlow server
(another program on the port), within ``--startup_timeout`` seconds is reported likewise.

Nothing here switches the process to v1 behaviour: the graph is built inside
``with tf.Graph().as_default():`` with ``tensorflow.compat.v1``.
"""

import argparse
import collections
import json
import os
import socket
import sys
import threading
import time

from tf1_mnist import cli

JOBS = ('ps', 'worker')

class ClusterConfig(collections.namedtuple(
        'ClusterConfig',
        'ps_hosts worker_hosts job_name task_index sync_replicas replicas_to_aggregate')):
    """One process's view of the cluster: the host lists, its own role and the sync mode."""

    @property
    def is_chief(self):
        return self.job_name == 'worker' and self.task_index == 0

    @property
    def num_workers(self):
        return len(self.worker_hosts)

    @property
    def address(self):
        return (self.ps_hosts if self.job_name == 'ps' else self.worker_hosts)[self.task_index]


class ClusterError(Exception):
    """A cluster that cannot work as given; the message is one line naming the flag."""


def parse_bool(text):
    """TF1 flag booleans: true/false, 1/0, yes/no (any case)."""
    value = str(text).strip().lower()
    if value in ('true', '1', 'yes', 't', 'y'):
        return True
    if value in ('false', '0', 'no', 'f', 'n'):
        return False
    raise ValueError('expected true or false, got %r' % text)


def _split_address(address, flag):
    host, sep, port = address.rpartition(':')
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ClusterError('%s: %r is not HOST:PORT' % (flag, address))
    return host, int(port)


def _host_list(text, flag):
    if text is None:
        return []
    hosts = [h.strip() for h in (text.split(',') if isinstance(text, str) else text)]
    hosts = [h for h in hosts if h]
    for address in hosts:
        _split_address(address, flag)
    duplicates = sorted({h for h in hosts if hosts.count(h) > 1})
    if duplicates:
        raise ClusterError('%s: %s is listed twice' % (flag, duplicates[0]))
    return hosts


def make_config(ps_hosts, worker_hosts, job_name, task_index, sync_replicas=True,
                replicas_to_aggregate=None):
    """Check a cluster description and return a ``ClusterConfig``; raise ``ClusterError``."""
    ps = _host_list(ps_hosts, '--ps_hosts')
    workers = _host_list(worker_hosts, '--worker_hosts')
    if not ps:
        raise ClusterError('--ps_hosts: expected at least one HOST:PORT for a cluster run')
    if not workers:
        raise ClusterError('--worker_hosts: expected at least one HOST:PORT, got 0 workers')
    both = sorted(set(ps) & set(workers))
    if both:
        raise ClusterError('--ps_hosts and --worker_hosts both list %s; each task needs its '
                           'own port' % both[0])
    if job_name not in JOBS:
        raise ClusterError('--job_name: expected ps or worker, got %r' % (job_name,))
    count = len(ps) if job_name == 'ps' else len(workers)
    flag = '--ps_hosts' if job_name == 'ps' else '--worker_hosts'
    if task_index is None:
        raise ClusterError('--task_index: expected the task number of this %s' % job_name)
    if not 0 <= task_index < count:
        raise ClusterError('--task_index %d: out of range, %s lists %d %s task%s (0 to %d)'
                           % (task_index, flag, count, job_name, '' if count == 1 else 's',
                              count - 1))
    if replicas_to_aggregate is not None:
        if not sync_replicas:
            raise ClusterError('--replicas_to_aggregate needs --sync_replicas')
        if replicas_to_aggregate < 1:
            raise ClusterError('--replicas_to_aggregate: expected a positive integer, got %d'
                               % replicas_to_aggregate)
    return ClusterConfig(tuple(ps), tuple(workers), job_name, task_index, bool(sync_replicas),
                         replicas_to_aggregate)


def config_from_tf_config(text, sync_replicas=True, replicas_to_aggregate=None):
    """A ``ClusterConfig`` from the ``TF_CONFIG`` JSON: ``{"cluster": {"ps": [...], "worker":
    [...]}, "task": {"type": "worker", "index": 0}}``. A ``"chief"`` job, as estimators wrote
    it, becomes worker 0 and shifts the other workers by one."""
    try:
        spec = json.loads(text)
        cluster, task = spec['cluster'], spec['task']
        job, index = task['type'], int(task['index'])
        ps = list(cluster.get('ps', []))
        chief = list(cluster.get('chief', []))
        workers = chief + list(cluster.get('worker', []))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ClusterError('TF_CONFIG: expected JSON {"cluster": {"ps": [...], "worker": [...]}, '
                           '"task": {"type": ..., "index": ...}}') from None
    if len(chief) > 1:
        raise ClusterError('TF_CONFIG: the chief job lists %d hosts, expected 1' % len(chief))
    if job == 'chief':
        job = 'worker'
    elif job == 'worker' and chief:
        index += 1
    try:
        return make_config(ps, workers, job, index, sync_replicas, replicas_to_aggregate)
    except ClusterError as error:
        raise ClusterError('TF_CONFIG: %s' % error) from None


def add_cluster_flags(parser):
    """The TF1 cluster flags, as the course's distributed scripts spelled them."""
    group = parser.add_argument_group('distributed training (TensorFlow 1 cluster flags)')
    group.add_argument('--ps_hosts', default=None, metavar='HOST:PORT,...',
                       help='parameter server tasks (default: none, a single-process run)')
    group.add_argument('--worker_hosts', default=None, metavar='HOST:PORT,...',
                       help='worker tasks; worker 0 is the chief (default: none)')
    group.add_argument('--job_name', default=None, choices=JOBS,
                       help='the role of this process (default: none)')
    group.add_argument('--task_index', type=cli.non_negative_int, default=None,
                       help='the index of this process in its job (default: none)')
    group.add_argument('--sync_replicas', type=_bool_flag, nargs='?', const=True, default=True,
                       metavar='BOOL',
                       help='synchronous training: one update per step from the gradients of '
                            '--replicas_to_aggregate workers; --sync_replicas=false trains '
                            'asynchronously (default: true)')
    group.add_argument('--replicas_to_aggregate', type=cli.positive_int, default=None,
                       help='gradients averaged per synchronous step (default: the number of '
                            'workers)')
    group.add_argument('--startup_timeout', type=cli.positive_float, default=60.0,
                       metavar='SECONDS',
                       help='how long a worker waits for the parameter servers to answer '
                            '(default: %(default)s)')


def _bool_flag(text):
    try:
        return parse_bool(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def config_from_args(parser, args, environ=None):
    """The cluster a lesson's command line asks for, or None for a single-process run.

    The flags win over ``TF_CONFIG``; misuse exits 2 with one line through ``parser.error``.
    """
    environ = os.environ if environ is None else environ
    given = [args.ps_hosts, args.worker_hosts, args.job_name, args.task_index]
    try:
        if any(value is not None for value in given):
            return make_config(args.ps_hosts, args.worker_hosts, args.job_name, args.task_index,
                               args.sync_replicas, args.replicas_to_aggregate)
        if environ.get('TF_CONFIG', '').strip():
            return config_from_tf_config(environ['TF_CONFIG'], args.sync_replicas,
                                         args.replicas_to_aggregate)
    except ClusterError as error:
        parser.error(str(error))
    return None


def cluster_spec(tf, config):
    return tf.train.ClusterSpec({'ps': list(config.ps_hosts), 'worker': list(config.worker_hosts)})


def check_port_free(address, flag='--%s_hosts'):
    """Raise ``ClusterError`` when this task's port is already taken on this machine."""
    host, port = _split_address(address, flag)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(('', port))
        except OSError:
            raise ClusterError('%s: port %d of %s is already in use' % (flag, port, address)) \
                from None


def wait_for_hosts(addresses, timeout, flag):
    """Wait until every ``HOST:PORT`` accepts a TCP connection; ``ClusterError`` naming the
    first that does not within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    for address in addresses:
        host, port = _split_address(address, flag)
        while True:
            try:
                with socket.create_connection((host, port), timeout=1.0):
                    break
            except OSError:
                if time.monotonic() >= deadline:
                    raise ClusterError('%s: %s did not answer within %g s'
                                       % (flag, address, timeout)) from None
                time.sleep(0.2)


def wait_for_tensorflow(tf, server, config, timeout, flag='--ps_hosts', said=None):
    """Wait until every ps task answers as a TensorFlow server (it runs a trivial op);
    ``ClusterError`` naming the first that does not within ``timeout`` seconds.

    A port that accepts connections is not enough: another program listening there takes the
    connection and never answers, and TensorFlow's own timeouts do not cover making the session
    that would find out. So the probe runs in a thread of its own, given up on after
    ``timeout``; the error names ``said`` seconds (default: ``timeout``), the flag's value."""
    deadline = time.monotonic() + timeout
    for index, address in enumerate(config.ps_hosts):
        answered = threading.Event()

        def probe():
            with tf.Graph().as_default():
                with tf.device('/job:ps/task:%d' % index):
                    op = tf.identity(tf.constant(0), name='tf1_mnist_probe')
                proto = tf.ConfigProto(device_filters=[
                    '/job:ps/task:%d' % index, '/job:worker/task:%d' % config.task_index])
                try:
                    with tf.Session(server.target, config=proto) as sess:
                        sess.run(op)
                except tf.errors.OpError:
                    return
                answered.set()

        thread = threading.Thread(target=probe, name='ps_probe', daemon=True)
        thread.start()
        thread.join(max(0.0, deadline - time.monotonic()))
        if not answered.is_set():
            raise ClusterError('%s: %s accepts connections but did not answer as a TensorFlow '
                               'server within %g s (is another program listening on that '
                               'port?)' % (flag, address, timeout if said is None else said))


def start_server(tf, config, threads=0):
    """Start this task's in-process server after checking that its port is free."""
    flag = '--ps_hosts' if config.job_name == 'ps' else '--worker_hosts'
    check_port_free(config.address, flag)
    proto = tf.ConfigProto(intra_op_parallelism_threads=threads,
                           inter_op_parallelism_threads=threads)
    return tf.distribute.Server(cluster_spec(tf, config), job_name=config.job_name,
                                task_index=config.task_index, config=proto, start=True)


def _task_queue(tf, name, ps_task):
    """A queue of worker indices on parameter server ``ps_task``, the same queue in every
    process that names it (``shared_name``)."""
    with tf.device('/job:ps/task:%d' % ps_task):
        return tf.FIFOQueue(-1, tf.int32, shapes=(), shared_name='tf1_mnist_%s_%d'
                            % (name, ps_task), name='%s_%d' % (name, ps_task))


def _done_queue(tf, config, ps_task):
    return _task_queue(tf, 'done_queue', ps_task)


def serve_until_done(tf, server, config, poll_seconds=1.0):
    """Run a parameter server until every worker has signalled it is done.

    Polls with a timeout, so that Ctrl-C (SIGINT) still stops the process between polls.
    """
    with tf.Graph().as_default() as graph:
        dequeue = _done_queue(tf, config, config.task_index).dequeue()
        session_config = tf.ConfigProto(device_filters=['/job:ps/task:%d' % config.task_index])
        options = tf.RunOptions(timeout_in_ms=int(poll_seconds * 1000))
        with tf.Session(server.target, graph=graph, config=session_config) as sess:
            finished = set()
            while len(finished) < config.num_workers:
                try:
                    finished.add(int(sess.run(dequeue, options=options)))
                except tf.errors.DeadlineExceededError:
                    continue
    return sorted(finished)


def signal_done(tf, server, config, timeout=30.0):
    """Tell every parameter server that this worker is done; True if all heard it."""
    with tf.Graph().as_default() as graph:
        enqueues = [_done_queue(tf, config, i).enqueue(config.task_index)
                    for i in range(len(config.ps_hosts))]
        session_config = tf.ConfigProto(
            device_filters=['/job:ps', '/job:worker/task:%d' % config.task_index])
        options = tf.RunOptions(timeout_in_ms=int(timeout * 1000))
        with tf.Session(server.target, graph=graph, config=session_config) as sess:
            try:
                sess.run(enqueues, options=options)
            except (tf.errors.DeadlineExceededError, tf.errors.UnavailableError):
                return False
    return True


def replica_device_setter(tf, config):
    """Variables on the ps tasks (round robin), every other op on this worker."""
    return tf.train.replica_device_setter(
        worker_device='/job:worker/task:%d' % config.task_index, cluster=cluster_spec(tf, config))


def worker_session_config(tf, config, base=None):
    """``base`` (or a fresh ConfigProto) restricted to the ps tasks and this worker, so that a
    worker neither waits for nor talks to the other workers."""
    proto = tf.ConfigProto() if base is None else _copy_proto(tf, base)
    del proto.device_filters[:]
    proto.device_filters.extend(['/job:ps', '/job:worker/task:%d' % config.task_index])
    return proto


def _copy_proto(tf, proto):
    copy = tf.ConfigProto()
    copy.CopyFrom(proto)
    return copy


def wrap_optimizer(tf, optimizer, config):
    """``optimizer`` wrapped in ``SyncReplicasOptimizer`` when the run is synchronous."""
    if not config.sync_replicas:
        return optimizer
    return tf.train.SyncReplicasOptimizer(
        optimizer, replicas_to_aggregate=config.replicas_to_aggregate or config.num_workers,
        total_num_replicas=config.num_workers)


def sync_replicas_hook(tf, optimizer, config, target, session_config=None):
    """The session hook a ``SyncReplicasOptimizer`` needs, without the hang at the end.

    Does what ``optimizer.make_session_run_hook(is_chief)`` does (local step and, on the
    chief, the global step of the accumulators and the first tokens), except that the chief's
    aggregation loop runs in a session of its own which ``end()`` closes; see the module
    docstring.
    """
    class SyncReplicasHook(tf.train.SessionRunHook):
        def __init__(self):
            self._thread = None
            self._loop_session = None
            self._stopping = threading.Event()

        def begin(self):
            self._ready = optimizer.ready_for_local_init_op
            if config.is_chief:
                self._local_init = optimizer.chief_init_op
                runner = optimizer.get_chief_queue_runner()
                self._sync_op = runner.enqueue_ops[0]
                self._close_tokens = runner.close_op
                self._init_tokens = optimizer.get_init_tokens_op()
            else:
                self._local_init = optimizer.local_step_init_op

        def after_create_session(self, session, coord):
            not_ready = session.run(self._ready)
            if len(not_ready):
                raise RuntimeError('SyncReplicasOptimizer: variables not initialized: %s'
                                   % ', '.join(v.decode() for v in not_ready))
            session.run(self._local_init)
            if not config.is_chief:
                return
            session.run(self._init_tokens)
            self._loop_session = tf.Session(target, graph=session.graph, config=session_config)
            self._thread = threading.Thread(target=self._aggregate, args=(coord,),
                                            name='sync_replicas_aggregation', daemon=True)
            self._thread.start()

        def _aggregate(self, coord):
            while not self._stopping.is_set():
                try:
                    self._loop_session.run(self._sync_op)
                except (tf.errors.CancelledError, tf.errors.OutOfRangeError):
                    return
                except Exception as error:  # surfaces in the training loop's next run
                    if not self._stopping.is_set():
                        coord.request_stop(error)
                    return

        def end(self, session):
            if not config.is_chief or self._thread is None:
                return
            self._stopping.set()
            # Workers still waiting for a token stop now instead of waiting forever.
            session.run(self._close_tokens)
            self._loop_session.close()  # cancels the step pending on the parameter server
            self._thread.join()

    return SyncReplicasHook()


def wait_for_chief(tf, target, session_config=None, poll_seconds=0.5, timeout=None):
    """On a non-chief worker: wait until the chief has initialised (or restored) the variables.

    ``MonitoredTrainingSession`` does this too, but polls every 30 s; a worker that starts a
    moment before the chief would idle for half a minute. Call it before creating the
    monitored session, with the graph not yet finalized. Raises ``ClusterError`` after
    ``timeout`` seconds (None: wait as long as it takes, as TensorFlow does).
    """
    not_ready = tf.report_uninitialized_variables(tf.global_variables())
    deadline = None if timeout is None else time.monotonic() + timeout
    with tf.Session(target, config=session_config) as sess:
        while True:
            try:
                if not len(sess.run(not_ready)):
                    return
            except tf.errors.FailedPreconditionError:
                pass
            if deadline is not None and time.monotonic() >= deadline:
                raise ClusterError('--worker_hosts: the chief (worker 0) did not initialize the '
                                   'model within %g s' % timeout)
            time.sleep(poll_seconds)


def start(tf, config, startup_timeout=60.0, threads=0):
    """Start this task's server; on a worker, also wait for the parameter servers to answer.
    Raises ``ClusterError`` for a taken port or a silent parameter server."""
    server = start_server(tf, config, threads)
    if config.job_name == 'worker':
        began = time.monotonic()
        wait_for_hosts(config.ps_hosts, startup_timeout, '--ps_hosts')
        wait_for_tensorflow(tf, server, config,
                            max(1.0, startup_timeout - (time.monotonic() - began)),
                            said=startup_timeout)
    return server


def start_barrier_hook(tf, config):
    """A hook that makes a fresh cluster start training together: each non-chief worker says
    so once its session is ready, and the chief, at global step 0, waits until every one has.
    Otherwise the chief, ready first, would train alone for the seconds the others take to
    start (alone in async mode; with two gradients of its own per update in sync mode). A
    restarted chief finds the others running and does not wait."""
    class StartBarrierHook(tf.train.SessionRunHook):
        def begin(self):
            ready = _task_queue(tf, 'ready_queue', 0)
            self._global_step = tf.train.get_global_step()
            self._enqueue = ready.enqueue(config.task_index)
            self._dequeue = ready.dequeue()

        def after_create_session(self, session, coord):
            if not config.is_chief:
                session.run(self._enqueue)
                return
            if session.run(self._global_step) != 0:
                return
            waiting = set(range(1, config.num_workers))
            options = tf.RunOptions(timeout_in_ms=1000)
            while waiting:
                try:
                    waiting.discard(int(session.run(self._dequeue, options=options)))
                except tf.errors.DeadlineExceededError:
                    continue

    return StartBarrierHook()


def session_factory(config, server, optimizer=None, checkpoint_dir=None, summary_dir=None,
                    save_checkpoint_steps=None, save_summaries_steps=None):
    """A session factory ``(tf, scaffold, session_config, hooks) -> monitored session`` for this
    worker: ``MonitoredTrainingSession`` on ``server.target``, chief when task 0, restricted to
    the ps tasks and this worker, with the synchronous-replicas hook when ``optimizer`` is a
    ``SyncReplicasOptimizer``. Checkpoints and summaries are written by the chief only.
    """
    def create(tf, scaffold, session_config, hooks):
        session_config = worker_session_config(tf, config, session_config)
        hooks = list(hooks)
        if optimizer is not None and isinstance(optimizer, tf.train.SyncReplicasOptimizer):
            hooks.append(sync_replicas_hook(tf, optimizer, config, server.target,
                                            session_config))
        hooks.append(start_barrier_hook(tf, config))
        if not config.is_chief:
            wait_for_chief(tf, server.target, session_config)
        return tf.train.MonitoredTrainingSession(
            master=server.target, is_chief=config.is_chief, scaffold=scaffold,
            checkpoint_dir=checkpoint_dir if config.is_chief else None,
            summary_dir=summary_dir if config.is_chief else None,
            save_checkpoint_steps=save_checkpoint_steps if checkpoint_dir else None,
            save_checkpoint_secs=None, save_summaries_steps=save_summaries_steps,
            save_summaries_secs=None, log_step_count_steps=None, hooks=hooks,
            config=session_config, stop_grace_period_secs=10)
    return create


def run_parameter_server(tf, config, startup_timeout=60.0):
    """The whole life of a ps task: start its server, serve until every worker is done."""
    server = start(tf, config, startup_timeout, threads=1)
    return serve_until_done(tf, server, config)


class Replica(object):
    """One worker's side of a replicated run, as ``runtime.train(replica=...)`` uses it: the
    device setter, ``replicate`` (which a lesson's ``build`` calls with its optimizer, once),
    the session factory and whether this worker is the chief."""

    def __init__(self, tf, config, server):
        self.tf, self.config, self.server = tf, config, server
        self.device_setter = replica_device_setter(tf, config)
        self.is_chief = config.is_chief
        self.optimizers = []

    def replicate(self, optimizer):
        """``optimizer`` wrapped for the run (``SyncReplicasOptimizer`` when synchronous) and
        the global step its ``minimize`` must advance."""
        self.optimizers.append(wrap_optimizer(self.tf, optimizer, self.config))
        return self.optimizers[-1], self.tf.train.get_or_create_global_step()

    def live_step(self, global_step):
        """The global step when the parameter servers already hold the model (this chief was
        restarted while they ran on), else None. A TF1 chief would initialise the variables
        again, throwing away the live model; a restarted chief goes on from it instead."""
        tf = self.tf
        uninitialized = tf.report_uninitialized_variables(tf.global_variables())
        with tf.Session(self.server.target,
                        config=worker_session_config(tf, self.config)) as session:
            if len(session.run(uninitialized)):
                return None
            return int(session.run(global_step))

    def session_factory(self):
        if len(self.optimizers) != 1:
            raise ValueError('the lesson must call replicate() once, for its optimizer')
        return session_factory(self.config, self.server, self.optimizers[0])


def offset_data_seed(lesson, task_index):
    """Give a worker batches of its own: a lesson's data seed, when it has one, plus the task
    index (the lesson draws with it when it reads its data)."""
    if getattr(lesson, 'seed', None) is not None:
        lesson.seed += task_index


def train_lesson(lesson, settings, config, out=print, startup_timeout=60.0):
    """Run one task of a replicated lesson.

    A ps task serves until the workers are done and returns None. A worker trains the lesson in
    the runtime (``runtime.train`` with a ``Replica``) until the shared global step reaches
    ``lesson.max_steps``; the chief restores the newest checkpoint of
    ``settings.checkpoint_dir``, saves every ``settings.save_every`` global steps and at the
    end, writes the summaries of ``settings.log_dir`` and runs ``lesson.finish``. Each worker
    draws its own batches (a seed is offset by the task index). Then the worker tells the
    parameter servers it is done. Returns the runtime's ``RunResult``.
    """
    from tf1_mnist import runtime
    from tf1_mnist.quiet import import_v1

    tf = import_v1(settings.verbose)
    if config.job_name == 'ps':
        run_parameter_server(tf, config, startup_timeout)
        return None
    offset_data_seed(lesson, config.task_index)
    runtime.read_data(lesson, getattr(lesson, 'data_dir', None))
    server = start(tf, config, startup_timeout)
    result = runtime.train(lesson, settings, out, replica=Replica(tf, config, server))
    signal_done(tf, server, config)
    return result


def run_command(parser, args, lesson, settings, config):
    """The tail of a lesson's ``main`` with cluster flags, as ``runtime.run_command`` without:
    one line and exit status 2 for misuse (cluster flags, a taken port, a silent ps), 1 for
    data that cannot be read, 128 + the signal for Ctrl-C (130) or SIGTERM (143); every
    worker prints its timing line."""
    from tf1_mnist import runtime

    for flag in ('eval_only', 'predict', 'plot'):
        if getattr(args, flag, None):
            parser.error('--%s runs in one process; it does not go with the cluster flags'
                         % flag)
    cli.check_data_dir(parser, args.data_dir)
    try:
        result = train_lesson(lesson, settings, config,
                              startup_timeout=getattr(args, 'startup_timeout', 60.0))
    except ClusterError as error:
        parser.error(str(error))
    except runtime.DataError as error:
        cli.fail(parser, str(error), 1)
    except KeyboardInterrupt as interrupt:
        return runtime.exit_status(interrupt)
    if result is None:
        return 0
    print(lesson.timing_line(result.trained, result.seconds))
    for line in result.write_errors:
        sys.stderr.write('%s: error: %s\n' % (parser.prog, line))
    return 1 if result.write_errors else 0
