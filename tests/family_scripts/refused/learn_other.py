"""contrib.learn names with no TF2 counterpart: its datasets other than MNIST."""
# table: Other `tf.contrib.learn` names
import tensorflow as tf
iris = tf.contrib.learn.datasets.load_dataset("iris")
print(iris.data.shape)
