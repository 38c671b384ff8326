# An Experiment run by learn_runner, as TensorFlow 1.2-1.4 tutorials set training up.
import sys

import numpy as np
import tensorflow as tf
from tensorflow.contrib.learn import learn_runner

model_dir = sys.argv[1]
schedule = sys.argv[2] if len(sys.argv) > 2 else None
rng = np.random.RandomState(0)
x_data = rng.normal(size=(400, 2)).astype(np.float32)
y_data = (x_data[:, 0] + 2 * x_data[:, 1] > 0).astype(np.int32)
modes = []


def model_fn(features, labels, mode):
    modes.append(mode)
    logits = tf.layers.dense(features['x'], 2)
    predictions = tf.argmax(logits, 1)
    if mode == tf.contrib.learn.ModeKeys.INFER:
        return tf.estimator.EstimatorSpec(mode, predictions={'class': predictions})
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(
        loss, global_step=tf.train.get_global_step())
    metrics = {'accuracy': tf.metrics.accuracy(labels, predictions)}
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                      eval_metric_ops=metrics)


def experiment_fn(output_dir):
    estimator = tf.estimator.Estimator(model_fn, model_dir=output_dir)
    estimator = tf.contrib.estimator.add_metrics(
        estimator, lambda labels: {'mean_label': tf.metrics.mean(labels)})
    train_input = tf.estimator.inputs.numpy_input_fn({'x': x_data}, y_data, batch_size=50,
                                                     num_epochs=None, shuffle=True)
    eval_input = tf.estimator.inputs.numpy_input_fn({'x': x_data}, y_data, batch_size=100,
                                                    num_epochs=1, shuffle=False)
    return tf.contrib.learn.Experiment(estimator, train_input, eval_input, train_steps=60,
                                       eval_steps=None)


result = learn_runner.run(experiment_fn, output_dir=model_dir, schedule=schedule)
if isinstance(result, tuple):
    result = result[0]
if isinstance(result, dict):
    print('global_step %d accuracy %.4f mean_label %.4f'
          % (result['global_step'], result['accuracy'], result['mean_label']))
print('modes ' + ' '.join(modes))
