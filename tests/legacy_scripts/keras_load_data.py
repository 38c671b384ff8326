import tensorflow as tf
from tensorflow import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
print('shapes', x_train.shape, y_train.shape, x_test.shape, y_test.shape)
print('dtypes', x_train.dtype, y_train.dtype)
print('first labels', [int(label) for label in y_train[:10]])

model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(10, activation=tf.nn.softmax)])
model.compile(optimizer=tf.train.AdamOptimizer(), loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
model.fit(x_train[:2000] / 255.0, y_train[:2000], epochs=1, verbose=0)
print('fitted', len(model.history.history['loss']))
