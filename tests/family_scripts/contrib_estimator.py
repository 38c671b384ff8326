"""tf.contrib.estimator: add_metrics on an estimator, and an early-stopping hook."""
# table: `tf.contrib.estimator`
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data')
train_x, train_y = mnist.train.images[:1000], mnist.train.labels[:1000].astype(np.int32)


def model_fn(features, labels, mode):
    logits = tf.layers.dense(features['x'], 10)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(
        loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                      predictions={'logits': logits})


def more_metrics(labels, predictions):
    return {'mean_logit': tf.metrics.mean(predictions['logits'])}


estimator = tf.estimator.Estimator(model_fn, model_dir='model',
                                   config=tf.estimator.RunConfig(tf_random_seed=1))
estimator = tf.contrib.estimator.add_metrics(estimator, more_metrics)
inputs = tf.estimator.inputs.numpy_input_fn({'x': train_x}, train_y, batch_size=50,
                                            num_epochs=None, shuffle=False)
hook = tf.contrib.estimator.stop_if_no_decrease_hook(estimator, 'loss', 1000)
estimator.train(inputs, steps=10, hooks=[hook])
result = estimator.evaluate(tf.estimator.inputs.numpy_input_fn(
    {'x': train_x[:200]}, train_y[:200], shuffle=False))
print('loss %.5f, mean logit %.5f, step %d' % (result['loss'], result['mean_logit'],
                                               result['global_step']))
