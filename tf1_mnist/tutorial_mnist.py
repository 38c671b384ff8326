"""Stand-in for TF1's ``tensorflow.examples.tutorials.mnist.mnist``, the model module of the
"TensorFlow Mechanics 101" lesson that ``fully_connected_feed.py`` imports.

It offers the same names (``NUM_CLASSES``, ``IMAGE_SIZE``, ``IMAGE_PIXELS``, ``inference``,
``loss``, ``training``, ``evaluation``) with the same graph: two ReLU layers and a linear
layer in the name scopes ``hidden1``, ``hidden2`` and ``softmax_linear``, a sparse softmax
cross-entropy, plain gradient descent with a ``global_step``, and an ``in_top_k`` count of
correct answers. Each function only adds ops to the default graph.
"""

import math

NUM_CLASSES = 10
IMAGE_SIZE = 28
IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE


def _v1():
    # Whoever calls these functions has made tensors already, so TensorFlow is imported.
    import tensorflow
    return tensorflow.compat.v1


def _layer(tf, inputs, fan_in, units, scope):
    """A fully connected layer in its own name scope, weights drawn with stddev 1/sqrt(fan_in)."""
    with tf.name_scope(scope):
        weights = tf.Variable(
            tf.truncated_normal([fan_in, units], stddev=1.0 / math.sqrt(float(fan_in))),
            name='weights')
        biases = tf.Variable(tf.zeros([units]), name='biases')
        return tf.matmul(inputs, weights) + biases


def inference(images, hidden1_units, hidden2_units):
    """Return the logits [batch, NUM_CLASSES] of the two-hidden-layer network for ``images``."""
    tf = _v1()
    hidden1 = tf.nn.relu(_layer(tf, images, IMAGE_PIXELS, hidden1_units, 'hidden1'))
    hidden2 = tf.nn.relu(_layer(tf, hidden1, hidden1_units, hidden2_units, 'hidden2'))
    return _layer(tf, hidden2, hidden2_units, NUM_CLASSES, 'softmax_linear')


def loss(logits, labels):
    """Return the mean cross-entropy of ``logits`` against integer ``labels`` [batch]."""
    tf = _v1()
    cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.to_int64(labels), logits=logits, name='xentropy')
    return tf.reduce_mean(cross_entropy, name='xentropy_mean')


def training(loss, learning_rate):
    """Return the op for one gradient-descent step; it also counts ``global_step`` up and
    records the loss as the scalar summary ``loss``."""
    tf = _v1()
    tf.summary.scalar('loss', loss)
    global_step = tf.Variable(0, name='global_step', trainable=False)
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    return optimizer.minimize(loss, global_step=global_step)


def evaluation(logits, labels):
    """Return the number of examples whose label is the top logit (an int32 scalar)."""
    tf = _v1()
    correct = tf.nn.in_top_k(logits, labels, 1)
    return tf.reduce_sum(tf.cast(correct, tf.int32))
