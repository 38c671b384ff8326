"""The forward pass of a two-layer network, kept in its own module so that training and
evaluation scripts can share it (a layout many TensorFlow 1 courses and books used).

Variables are made with tf.get_variable inside tf.variable_scope, so a second call with
reuse=True gives the same weights.
"""
import tensorflow as tf

INPUT_NODE = 784
OUTPUT_NODE = 10
LAYER1_NODE = 500


def get_weight_variable(shape, regularizer):
  weights = tf.get_variable('weights', shape,
                            initializer=tf.truncated_normal_initializer(stddev=0.1))
  if regularizer is not None:
    tf.add_to_collection('losses', regularizer(weights))
  return weights


def inference(input_tensor, regularizer, avg_class=None, reuse=False):
  """Logits for ``input_tensor``; with ``avg_class`` its moving averages of the weights."""
  def value(variable):
    return avg_class.average(variable) if avg_class is not None else variable

  with tf.variable_scope('layer1', reuse=reuse):
    weights = get_weight_variable([INPUT_NODE, LAYER1_NODE], regularizer)
    biases = tf.get_variable('biases', [LAYER1_NODE], initializer=tf.constant_initializer(0.0))
    layer1 = tf.nn.relu(tf.matmul(input_tensor, value(weights)) + value(biases))

  with tf.variable_scope('layer2', reuse=reuse):
    weights = get_weight_variable([LAYER1_NODE, OUTPUT_NODE], regularizer)
    biases = tf.get_variable('biases', [OUTPUT_NODE], initializer=tf.constant_initializer(0.0))
    layer2 = tf.matmul(layer1, value(weights)) + value(biases)
  return layer2
