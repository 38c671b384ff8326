"""A contrib.tensorboard module other than the projector."""
# table: Other `tf.contrib.tensorboard` modules
import tensorflow as tf
from tensorflow.contrib.tensorboard.plugins import trace
print(trace)
