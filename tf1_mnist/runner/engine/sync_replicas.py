"""Synchronous replicas that finish: ``SyncReplicasOptimizer.make_session_run_hook`` for
unmodified TF1 scripts.

In a between-graph script, each worker's training step pushes its gradients, then waits for a
token that the chief's aggregation loop hands out once it has averaged enough gradients into a
global step. When the global step reaches the last step, a worker's ``StopAtStepHook`` ends its
session; but another worker can be waiting, in a step already under way, for a token that only
more gradients would bring, and no worker is left to push them. TF 1.x hung there for ever: the
chief waiting for gradients, the launcher waiting for the chief.

The hook made here does what TensorFlow's does (the local step, the chief's tokens and
aggregation loop) and, when a worker's session ends, it says so on the parameter server (a done
queue shared by every worker) and keeps releasing the tokens the workers still running wait
for, one per waiting worker, until every worker has said it is done. A worker given such a
token finishes the step it was in; its ``StopAtStepHook`` sees the last step reached and ends
its session too. The chief's aggregation loop runs in a session of its own, which the chief
closes at the end: that cancels the aggregation still waiting for gradients at once, where
closing the monitored session would first wait ``stop_grace_period_secs`` (120 s) for it.
"""

import threading
import time

DONE_QUEUE = 'tf1_mnist_sync_replicas_done'
POLL_SECONDS = 0.05


def finishing_hook(tf, optimizer, is_chief, num_tokens=-1):
    """The session hook of ``optimizer`` (a ``SyncReplicasOptimizer``) for this worker."""
    from tensorflow.python.training import session_manager

    class SyncReplicasFinishingHook(tf.train.SessionRunHook):
        def __init__(self):
            self._thread = None
            self._loop_session = None
            self._stopping = threading.Event()

        def begin(self):
            if optimizer._gradients_applied is False:
                raise ValueError('SyncReplicasOptimizer.apply_gradient should be called before '
                                 'using the hook.')
            self._ready = optimizer.ready_for_local_init_op
            if is_chief:
                self._local_init = optimizer.chief_init_op
                self._sync_op = optimizer.get_chief_queue_runner().enqueue_ops[0]
                self._init_tokens = optimizer.get_init_tokens_op(num_tokens)
            else:
                self._local_init = optimizer.local_step_init_op
            self._workers = optimizer._total_num_replicas
            tokens = optimizer._sync_token_queue
            global_step = optimizer._global_step
            with tf.device(global_step.device):
                done = tf.FIFOQueue(-1, tf.int32, shapes=(), shared_name=DONE_QUEUE,
                                    name=DONE_QUEUE)
                self._say_done = done.enqueue(0)
                self._done_count = done.size()
                self._token_count = tokens.size()
                self._release = tokens.enqueue(tf.convert_to_tensor(global_step))

        def after_create_session(self, session, coord):
            ready, message = session_manager._ready(
                self._ready, session, 'Model is not ready for SyncReplicasOptimizer local init.')
            if not ready:
                raise RuntimeError('Init operations did not make model ready for '
                                   'SyncReplicasOptimizer local_init. Init op: %s, error: %s'
                                   % (self._local_init.name, message))
            session.run(self._local_init)
            if not is_chief:
                return
            session.run(self._init_tokens)
            self._loop_session = tf.Session(session.sess_str, graph=session.graph,
                                            config=session._config)
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
            session.run(self._say_done)
            while True:
                running = self._workers - int(session.run(self._done_count))
                if running <= 0:
                    break
                if int(session.run(self._token_count)) < running:
                    session.run(self._release)
                time.sleep(POLL_SECONDS)
            if self._thread is not None:
                self._stopping.set()
                self._loop_session.close()  # cancels the aggregation waiting for gradients
                self._thread.join()

    return SyncReplicasFinishingHook()


def install(tf):
    """Make every ``SyncReplicasOptimizer.make_session_run_hook`` of this process give the
    finishing hook."""
    from tensorflow.python.training import sync_replicas_optimizer

    def make_session_run_hook(self, is_chief, num_tokens=-1):
        return finishing_hook(tf.compat.v1, self, is_chief, num_tokens)

    make_session_run_hook.__doc__ = (
        sync_replicas_optimizer.SyncReplicasOptimizer.make_session_run_hook.__doc__)
    sync_replicas_optimizer.SyncReplicasOptimizer.make_session_run_hook = make_session_run_hook
