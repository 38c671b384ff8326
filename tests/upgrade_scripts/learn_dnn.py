"""tf.contrib.learn's DNNClassifier on arrays: fit(x, y), evaluate(x, y), predict(x)."""
# table: `tf.contrib.learn` estimators
import numpy as np
import tensorflow as tf
from tensorflow.contrib.learn.python.learn.datasets import mnist as mnist_data

mnist = mnist_data.read_data_sets('MNIST_data')
x, y = mnist.train.images[:2000], mnist.train.labels[:2000].astype(np.int32)
columns = tf.contrib.learn.infer_real_valued_columns_from_input(x)
config = tf.contrib.learn.RunConfig(tf_random_seed=3, save_checkpoints_secs=None)
classifier = tf.contrib.learn.DNNClassifier(hidden_units=[32], n_classes=10,
                                            feature_columns=columns, config=config)
classifier.fit(x=x, y=y, batch_size=50, steps=40)
test_x = mnist.test.images[:500]
test_y = mnist.test.labels[:500].astype(np.int32)
scores = classifier.evaluate(x=test_x, y=test_y)
print('accuracy %.4f loss %.4f' % (scores['accuracy'], scores['loss']))
print('predicted', list(classifier.predict(test_x[:8], as_iterable=True)))
