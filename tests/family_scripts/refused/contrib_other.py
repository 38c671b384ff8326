"""A contrib module TensorFlow 2 has nothing of."""
# table: any other `tf.contrib.*`
import tensorflow as tf
print(tf.contrib.grid_rnn.Grid2LSTMCell)
