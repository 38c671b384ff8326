"""tf.contrib.keras of TensorFlow 1.2: a Sequential model on MNIST arrays."""
# table: `tf.contrib.keras`
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

keras = tf.contrib.keras
mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
model = keras.models.Sequential()
model.add(keras.layers.Dense(32, activation='relu', input_shape=(784,)))
model.add(keras.layers.Dense(10, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='sgd', metrics=['accuracy'])
history = model.fit(mnist.train.images[:1000], mnist.train.labels[:1000], batch_size=100,
                    epochs=2, verbose=0, shuffle=False)
print('losses', ' '.join('%.4f' % v for v in history.history['loss']))
print('evaluated', ' '.join('%.4f' % v for v in model.evaluate(
    mnist.test.images[:500], mnist.test.labels[:500], verbose=0)))
