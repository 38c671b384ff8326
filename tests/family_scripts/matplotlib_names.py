"""matplotlib's removed names: hist(normed=), set_axis_bgcolor, plt.hold, set_window_title, on a
plot of MNIST pixels."""
# table: matplotlib names removed in 2.2
import matplotlib
matplotlib.use('Agg', warn=False)
import matplotlib.pyplot as plt
import numpy as np
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data')
fig = plt.figure()
fig.canvas.set_window_title('pixels')
ax = fig.add_subplot(111)
ax.set_axis_bgcolor('white')
plt.hold(True)
counts, _, _ = ax.hist(mnist.test.images[:50].ravel(), bins=5, normed=True)
fig.savefig('pixels.png')
print('density', ' '.join('%.5f' % c for c in counts))
