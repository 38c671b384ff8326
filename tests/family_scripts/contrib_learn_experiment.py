"""tf.contrib.learn.Experiment with learn_runner.run: an estimator trained and evaluated."""
# table: `tf.contrib.learn.Experiment`
import numpy as np
import tensorflow as tf
from tensorflow.contrib.learn import learn_runner
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data')
train_x, train_y = mnist.train.images[:2000], mnist.train.labels[:2000].astype(np.int32)
test_x, test_y = mnist.test.images[:500], mnist.test.labels[:500].astype(np.int32)


def model_fn(features, labels, mode):
    logits = tf.layers.dense(features['x'], 10)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(
        loss, global_step=tf.train.get_global_step())
    accuracy = tf.metrics.accuracy(labels, tf.argmax(logits, 1))
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                      eval_metric_ops={'accuracy': accuracy})


def experiment_fn(run_config, hparams):
    estimator = tf.estimator.Estimator(model_fn, config=run_config)
    return tf.contrib.learn.Experiment(
        estimator,
        train_input_fn=tf.estimator.inputs.numpy_input_fn({'x': train_x}, train_y, batch_size=50,
                                                          num_epochs=None, shuffle=False),
        eval_input_fn=tf.estimator.inputs.numpy_input_fn({'x': test_x}, test_y, shuffle=False),
        train_steps=20, eval_steps=None)


config = tf.contrib.learn.RunConfig(model_dir='model', tf_random_seed=1)
metrics, _ = learn_runner.run(experiment_fn, run_config=config, schedule='train_and_evaluate')
print('accuracy %.4f, global step %d' % (metrics['accuracy'], metrics['global_step']))
