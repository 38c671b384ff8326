"""tf.estimator with a model_fn, fed from arrays."""
# table: `tf.estimator` (
import numpy as np
import tensorflow as tf
from tensorflow.contrib.learn.python.learn.datasets import mnist as mnist_data

data = mnist_data.read_data_sets('MNIST_data')


def model_fn(features, labels, mode):
    logits = tf.layers.dense(features['x'], 10)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    train = tf.train.GradientDescentOptimizer(0.5).minimize(
        loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train)


config = tf.estimator.RunConfig(tf_random_seed=3, log_step_count_steps=1000)
classifier = tf.estimator.Estimator(model_fn, config=config)
train_input = tf.estimator.inputs.numpy_input_fn(
    {'x': data.train.images[:2000]}, data.train.labels[:2000].astype(np.int32),
    batch_size=50, shuffle=False, num_epochs=None)
classifier.train(train_input, steps=20)
test_input = tf.estimator.inputs.numpy_input_fn(
    {'x': data.test.images[:500]}, data.test.labels[:500].astype(np.int32), shuffle=False)
result = classifier.evaluate(test_input)
print('global step %d' % result['global_step'])
print('loss %.5f' % result['loss'])
