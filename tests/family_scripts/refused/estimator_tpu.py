"""tf.estimator.tpu."""
# table: `tf.estimator.tpu`
import tensorflow as tf
config = tf.estimator.tpu.RunConfig()
print(config)
