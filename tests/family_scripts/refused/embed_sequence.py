"""tf.contrib.layers.embed_sequence."""
# table: `tf.contrib.layers.embed_sequence`
import tensorflow as tf
ids = tf.constant([[1, 2], [3, 4]])
vectors = tf.contrib.layers.embed_sequence(ids, vocab_size=10, embed_dim=4)
print(vectors.shape)
