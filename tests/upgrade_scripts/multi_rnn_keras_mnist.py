"""MultiRNNCell([cell] * 2) as TF 1.0 built it (a weight set per layer), on tf.keras's MNIST."""
# table: `MultiRNNCell([cell] * num_layers)`
# table: `tf.keras.datasets.mnist.load_data()`
import numpy as np
import tensorflow as tf

(train_x, train_y), _ = tf.keras.datasets.mnist.load_data()
train_x = train_x[:256].astype(np.float32) / 255.0
train_y = train_y[:256].astype(np.int64)
x = tf.placeholder(tf.float32, [None, 28, 28])
y = tf.placeholder(tf.int64, [None])
cell = tf.contrib.rnn.BasicLSTMCell(20)
stack = tf.contrib.rnn.MultiRNNCell([cell] * 2)
outputs, _ = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)
logits = tf.layers.dense(outputs[:, -1], 10)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.AdamOptimizer(0.01).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print('weight sets', len([v for v in tf.trainable_variables() if 'kernel' in v.name]))
    for step in range(9):
        batch = slice(32 * (step % 8), 32 * (step % 8) + 32)
        _, value = sess.run([train, loss], {x: train_x[batch], y: train_y[batch]})
        if step % 3 == 0:
            print('step %d, loss %.5f' % (step, value))
