"""An algorithm TensorFlow 2 dropped: contrib.factorization KMeans."""
# table: Algorithms TensorFlow 2 dropped
import tensorflow as tf
kmeans = tf.contrib.factorization.KMeans(tf.zeros([4, 2]), 2)
print(kmeans)
