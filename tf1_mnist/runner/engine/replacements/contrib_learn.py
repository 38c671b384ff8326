"""``tf.contrib.learn``'s estimators as MNIST courses used them, on the real ``tf.estimator``.

TF 1.x's ``tf.contrib.learn.DNNClassifier`` and ``LinearClassifier`` took numpy arrays
directly (``fit(x, y, batch_size, steps)``, ``evaluate(x, y)``, ``predict(x)``), fed an array
``x`` as the one feature named ``''`` (the name ``infer_real_valued_columns_from_input`` gives
its column), and reported ``accuracy``, ``loss`` (the mean loss per example) and
``global_step``. Here each is a thin layer over tensorflow-estimator 2.15's canned estimator of
the same name (the ``estimator`` extra), whose defaults are contrib.learn's: Adagrad at 0.05
for the DNN, FTRL at min(0.2, 1/sqrt(number of columns)) for the linear model, ReLU, labels as
integer class ids. Arrays become ``numpy_input_fn`` input: shuffled and repeated for ``fit``,
one pass in order for ``evaluate`` and ``predict``; the batch size defaults to 128.

Monitors (``monitors.ValidationMonitor``) have no tf.estimator counterpart here: ``fit`` accepts
and leaves them out, saying so in one line.
"""

import sys
import types

import numpy as np

from tf1_mnist.runner.engine.replacements import estimator as _estimator

__all__ = ['DNNClassifier', 'LinearClassifier', 'SKCompat', 'RunConfig',
           'infer_real_valued_columns_from_input', 'real_valued_column', 'monitors']

# The feature name contrib.learn gave an array x, and infer_real_valued_columns_from_input's
# column.
ARRAY_FEATURE = ''
DEFAULT_BATCH_SIZE = 128

_told_about_monitors = []


def real_valued_column(column_name, dimension=1, default_value=None, dtype=None,
                       normalizer=None):
    """``tf.contrib.layers.real_valued_column``: a numeric column of ``dimension`` values."""
    import tensorflow.compat.v1 as tf
    return tf.feature_column.numeric_column(
        column_name, shape=[dimension], default_value=default_value,
        dtype=dtype or tf.float32, normalizer_fn=normalizer)


def infer_real_valued_columns_from_input(x):
    """One real-valued column named ``''`` of the shape of ``x``'s rows, as contrib.learn
    inferred it for an array."""
    import tensorflow.compat.v1 as tf
    x = np.asarray(x)
    dtype = tf.int64 if np.issubdtype(x.dtype, np.integer) else tf.float32
    shape = list(x.shape[1:]) or [1]
    return [tf.feature_column.numeric_column(ARRAY_FEATURE, shape=shape, dtype=dtype)]


def RunConfig(model_dir=None, tf_random_seed=None, save_summary_steps=100,
              save_checkpoints_secs=600, save_checkpoints_steps=None, keep_checkpoint_max=5,
              keep_checkpoint_every_n_hours=10000, log_step_count_steps=100,
              session_config=None, **unused):
    """contrib.learn's ``RunConfig`` (the keyword arguments courses set), as tf.estimator's."""
    if save_checkpoints_steps is not None:
        save_checkpoints_secs = None
    return _estimator.RunConfig(
        model_dir=model_dir, tf_random_seed=tf_random_seed,
        save_summary_steps=save_summary_steps, save_checkpoints_secs=save_checkpoints_secs,
        save_checkpoints_steps=save_checkpoints_steps, keep_checkpoint_max=keep_checkpoint_max,
        keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours,
        log_step_count_steps=log_step_count_steps, session_config=session_config)


def _features(x):
    return dict(x) if isinstance(x, dict) else {ARRAY_FEATURE: np.asarray(x)}


def _labels(y):
    # Class ids of any integer type (input_data's labels are uint8), as the int64 the canned
    # heads take.
    y = np.asarray(y)
    if np.issubdtype(y.dtype, np.integer) and y.dtype not in (np.int32, np.int64):
        y = y.astype(np.int64)
    return y


def _input_fn(x, y, input_fn, batch_size, train):
    if input_fn is not None:
        if x is not None or y is not None:
            raise ValueError('give either x (and y) or input_fn, not both')
        return input_fn
    if x is None:
        raise ValueError('x or input_fn is needed')
    return _estimator.inputs.numpy_input_fn(
        _features(x), None if y is None else _labels(y),
        batch_size=batch_size or DEFAULT_BATCH_SIZE, shuffle=train,
        num_epochs=None if train else 1)


def _ignore_monitors(monitors):
    if monitors and not _told_about_monitors:
        _told_about_monitors.append(True)
        print('tf.contrib.learn monitors (%s) have no tf.estimator counterpart here and are '
              'left out' % ', '.join(type(m).__name__ for m in monitors), file=sys.stderr)


class ValidationMonitor:
    """``tf.contrib.learn.monitors.ValidationMonitor``: accepted, and left out by ``fit``."""

    def __init__(self, *args, **kwargs):
        pass


# tf.contrib.learn.monitors, as far as MNIST courses named it.
monitors = types.SimpleNamespace(ValidationMonitor=ValidationMonitor)


class _Classifier:
    """contrib.learn's Estimator API over a tf.estimator canned classifier."""

    def __init__(self, estimator):
        self._estimator = estimator

    @property
    def model_dir(self):
        return self._estimator.model_dir

    @property
    def config(self):
        return self._estimator.config

    def get_variable_names(self):
        return self._estimator.get_variable_names()

    def get_variable_value(self, name):
        return self._estimator.get_variable_value(name)

    def fit(self, x=None, y=None, input_fn=None, steps=None, batch_size=None, monitors=None,
            max_steps=None):
        _ignore_monitors(monitors)
        self._estimator.train(_input_fn(x, y, input_fn, batch_size, train=True),
                              steps=steps, max_steps=max_steps)
        return self

    def evaluate(self, x=None, y=None, input_fn=None, feed_fn=None, batch_size=None,
                 steps=None, metrics=None, name=None, checkpoint_path=None, hooks=None):
        if metrics:
            raise ValueError('evaluate(metrics=...) of tf.contrib.learn is not supported; '
                             'accuracy and loss are always reported')
        results = self._estimator.evaluate(
            _input_fn(x, y, input_fn, batch_size, train=False), steps=steps, name=name,
            checkpoint_path=checkpoint_path, hooks=hooks)
        # contrib.learn's loss was the mean loss per example (tf.estimator's average_loss).
        results = dict(results)
        results['loss'] = results.pop('average_loss')
        return results

    def _predictions(self, x, input_fn, batch_size, key, as_iterable):
        outputs = self._estimator.predict(_input_fn(x, None, input_fn, batch_size, train=False),
                                          predict_keys=[key])
        values = (output[key] for output in outputs)
        if key == 'class_ids':
            values = (int(value[0]) for value in values)
        return values if as_iterable else np.array(list(values))

    def predict(self, x=None, input_fn=None, batch_size=None, outputs=None, as_iterable=True):
        return self.predict_classes(x, input_fn, batch_size, as_iterable)

    def predict_classes(self, x=None, input_fn=None, batch_size=None, as_iterable=True):
        return self._predictions(x, input_fn, batch_size, 'class_ids', as_iterable)

    def predict_proba(self, x=None, input_fn=None, batch_size=None, as_iterable=True):
        return self._predictions(x, input_fn, batch_size, 'probabilities', as_iterable)


def _unsupported(**given):
    for name, value in given.items():
        if value:
            raise ValueError('tf.contrib.learn classifiers: %s is not supported here' % name)


class DNNClassifier(_Classifier):
    """``tf.contrib.learn.DNNClassifier``: tf.estimator's DNNClassifier (Adagrad at 0.05)."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, n_classes=2,
                 weight_column_name=None, optimizer=None, activation_fn=None, dropout=None,
                 gradient_clip_norm=None, enable_centered_bias=False, config=None,
                 feature_engineering_fn=None, embedding_lr_multipliers=None,
                 input_layer_min_slice_size=None, label_keys=None):
        import tensorflow.compat.v1 as tf
        _unsupported(gradient_clip_norm=gradient_clip_norm,
                     enable_centered_bias=enable_centered_bias,
                     feature_engineering_fn=feature_engineering_fn,
                     embedding_lr_multipliers=embedding_lr_multipliers)
        super().__init__(_estimator.DNNClassifier(
            hidden_units=hidden_units, feature_columns=list(feature_columns),
            model_dir=model_dir, n_classes=n_classes, weight_column=weight_column_name,
            label_vocabulary=label_keys, optimizer=optimizer or 'Adagrad',
            activation_fn=activation_fn or tf.nn.relu, dropout=dropout, config=config))


class LinearClassifier(_Classifier):
    """``tf.contrib.learn.LinearClassifier``: tf.estimator's LinearClassifier (FTRL)."""

    def __init__(self, feature_columns, model_dir=None, n_classes=2, weight_column_name=None,
                 optimizer=None, gradient_clip_norm=None, enable_centered_bias=False,
                 _joint_weight=False, config=None, feature_engineering_fn=None,
                 label_keys=None):
        _unsupported(gradient_clip_norm=gradient_clip_norm,
                     enable_centered_bias=enable_centered_bias,
                     feature_engineering_fn=feature_engineering_fn, _joint_weight=_joint_weight)
        super().__init__(_estimator.LinearClassifier(
            feature_columns=list(feature_columns), model_dir=model_dir, n_classes=n_classes,
            weight_column=weight_column_name, label_vocabulary=label_keys,
            optimizer=optimizer or 'Ftrl', config=config))


class SKCompat:
    """``tf.contrib.learn.SKCompat``: scikit-learn style fit/score/predict on arrays."""

    def __init__(self, estimator):
        self._estimator = estimator

    def fit(self, x, y, batch_size=DEFAULT_BATCH_SIZE, steps=None, max_steps=None,
            monitors=None):
        self._estimator.fit(x, y, batch_size=batch_size, steps=steps, max_steps=max_steps,
                            monitors=monitors)
        return self

    def score(self, x, y, batch_size=DEFAULT_BATCH_SIZE, steps=None, metrics=None, name=None):
        return self._estimator.evaluate(x, y, batch_size=batch_size, steps=steps,
                                        metrics=metrics, name=name)

    evaluate = score

    def predict(self, x, batch_size=DEFAULT_BATCH_SIZE, outputs=None):
        return {'classes': self._estimator.predict_classes(x, batch_size=batch_size,
                                                           as_iterable=False),
                'probabilities': self._estimator.predict_proba(x, batch_size=batch_size,
                                                               as_iterable=False)}
