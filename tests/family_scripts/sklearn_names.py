"""scikit-learn's removed names: sklearn.cross_validation's train_test_split on MNIST arrays."""
# table: scikit-learn names removed in 0.20
import numpy as np
from sklearn.cross_validation import train_test_split
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data')
train_x, test_x, train_y, test_y = train_test_split(
    mnist.test.images[:300], mnist.test.labels[:300], test_size=0.2, random_state=0)
print('split', train_x.shape, test_x.shape, 'labels', int(train_y.sum()), int(test_y.sum()))
