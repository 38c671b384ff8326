"""``tf.contrib.learn.Experiment``, ``learn_runner`` and ``ModeKeys`` for legacy scripts, on
``tf.estimator.train_and_evaluate`` (the ``estimator`` extra).

An ``Experiment`` held an estimator, its input functions and step counts; ``learn_runner.run``
built one with the script's ``experiment_fn`` and ran a schedule of it, for a local run
``train_and_evaluate``. Here the schedule runs on ``tf.estimator``: ``train_and_evaluate``
trains to ``train_steps`` and evaluates ``eval_steps`` batches at the end (and, with
``min_eval_frequency``, after each checkpoint the estimator's RunConfig writes), returning
``(eval_result, export_results)`` as TF 1.x did. The estimator is a
``tf.estimator.Estimator``, or one of the ``tf.contrib.learn`` classifiers tf1_mnist provides.
``contrib.learn.ModeKeys`` is TF 1.x's: ``TRAIN``, ``EVAL`` and ``INFER``, equal to
``tf.estimator.ModeKeys``'s values.
"""

import importlib
import sys

__all__ = ['Experiment', 'ModeKeys', 'run', 'tune']


class ModeKeys:
    """Standard names for model modes (``tf.contrib.learn.ModeKeys``)."""

    TRAIN = 'train'
    EVAL = 'eval'
    INFER = 'infer'


def _estimator_module():
    return importlib.import_module('tf1_mnist.runner.engine.replacements.estimator')


def _hooks(monitors):
    """The SessionRunHooks among ``monitors``; contrib.learn's own monitors are left out, as
    the tf.contrib.learn classifiers do."""
    if not monitors:
        return []
    from tensorflow.compat.v1.train import SessionRunHook
    hooks = [m for m in monitors if isinstance(m, SessionRunHook)]
    others = [m for m in monitors if not isinstance(m, SessionRunHook)]
    if others:
        print('tf1_mnist.run: the monitors %s are contrib.learn monitors; training runs without '
              'them' % ', '.join(type(m).__name__ for m in others), file=sys.stderr)
    return hooks


class Experiment:
    """``tf.contrib.learn.Experiment``: an estimator with its training and evaluation inputs."""

    def __init__(self, estimator, train_input_fn, eval_input_fn, eval_metrics=None,
                 train_steps=None, eval_steps=100, train_monitors=None, eval_hooks=None,
                 local_eval_frequency=None, eval_delay_secs=120,
                 continuous_eval_throttle_secs=60, min_eval_frequency=None,
                 delay_workers_by_global_step=False, export_strategies=None,
                 train_steps_per_iteration=None, checkpoint_and_export=False,
                 saving_listeners=None, check_interval_secs=5):
        if eval_metrics is not None:
            raise ValueError('Experiment(eval_metrics=...) is for tf.contrib.learn.Estimator, '
                             'which is not available in TensorFlow 2; add metrics to a '
                             'tf.estimator model with tf.estimator.add_metrics instead')
        self._estimator = getattr(estimator, '_estimator', estimator)
        self._train_input_fn = train_input_fn
        self._eval_input_fn = eval_input_fn
        self._train_steps = train_steps
        self._eval_steps = eval_steps
        self._train_hooks = _hooks(train_monitors)
        self._eval_hooks = list(eval_hooks or [])
        self._min_eval_frequency = min_eval_frequency or local_eval_frequency
        self._saving_listeners = saving_listeners
        self._export_strategies = export_strategies

    @property
    def estimator(self):
        return self._estimator

    @property
    def train_steps(self):
        return self._train_steps

    @property
    def eval_steps(self):
        return self._eval_steps

    def extend_train_hooks(self, additional_hooks):
        self._train_hooks.extend(additional_hooks)

    def train(self, delay_secs=None):
        return self._estimator.train(self._train_input_fn, max_steps=self._train_steps,
                                     hooks=self._train_hooks,
                                     saving_listeners=self._saving_listeners)

    def evaluate(self, delay_secs=None, name=None):
        return self._estimator.evaluate(self._eval_input_fn, steps=self._eval_steps,
                                        hooks=self._eval_hooks, name=name)

    def train_and_evaluate(self):
        estimator = _estimator_module()
        train_spec = estimator.TrainSpec(self._train_input_fn, max_steps=self._train_steps,
                                         hooks=self._train_hooks)
        eval_spec = estimator.EvalSpec(self._eval_input_fn, steps=self._eval_steps,
                                       hooks=self._eval_hooks, start_delay_secs=0,
                                       throttle_secs=0 if self._min_eval_frequency else 600)
        return estimator.train_and_evaluate(self._estimator, train_spec, eval_spec)

    local_run = train_and_evaluate

    def test(self):
        """One step of training and one of evaluation, to try the experiment out."""
        self._estimator.train(self._train_input_fn, steps=1, hooks=self._train_hooks)
        return self._estimator.evaluate(self._eval_input_fn, steps=1, hooks=self._eval_hooks,
                                        name='one_pass')


def run(experiment_fn, output_dir=None, schedule=None, run_config=None, hparams=None):
    """``learn_runner.run``: make the experiment and run its schedule (for a local run,
    ``train_and_evaluate``); return what the schedule returns."""
    if output_dir is not None:
        if run_config is not None:
            raise ValueError('Cannot provide both `output_dir` and `run_config`')
        experiment = experiment_fn(output_dir)
    else:
        if run_config is None:
            raise ValueError('Must set either `output_dir` or `run_config`')
        experiment = experiment_fn(run_config, hparams)
    if not isinstance(experiment, Experiment):
        raise TypeError('Experiment builder did not return an Experiment instance, got %s '
                        'instead.' % type(experiment))
    schedule = schedule or 'train_and_evaluate'
    task = getattr(experiment, schedule, None)
    if task is None or schedule.startswith('_') or not callable(task):
        raise ValueError('Schedule references non-existent task %s' % schedule)
    return task()


def tune(experiment_fn, tuner):
    raise NotImplementedError('learn_runner.tune needs a tuner service, which TensorFlow 1.x '
                              'never shipped; call learn_runner.run for each setting instead')
