"""Standalone Keras 2 on TensorFlow: keras.models and keras.layers.core, trained on MNIST."""
# table: Standalone Keras 2
import numpy as np
from keras.models import Sequential
from keras.layers.core import Dense, Activation
from keras.optimizers import SGD
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
model = Sequential()
model.add(Dense(32, input_dim=784))
model.add(Activation('relu'))
model.add(Dense(10))
model.add(Activation('softmax'))
model.compile(loss='categorical_crossentropy', optimizer=SGD(lr=0.1), metrics=['accuracy'])
history = model.fit(mnist.train.images[:1000], mnist.train.labels[:1000], batch_size=100,
                    epochs=2, verbose=0, shuffle=False)
print('losses', ' '.join('%.4f' % v for v in history.history['loss']))
