"""tf.contrib.metrics' streaming metrics over batches, and tf.contrib.losses, logits first."""
# table: `tf.contrib.metrics`
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
predictions = tf.placeholder(tf.int64, [None])
labels = tf.placeholder(tf.int64, [None])
accuracy, update = tf.contrib.metrics.streaming_accuracy(predictions, labels)
logits = tf.constant(rng.normal(size=(6, 4)).astype(np.float32))
onehot = tf.one_hot(rng.randint(0, 4, size=6), 4)
loss = tf.contrib.losses.softmax_cross_entropy(logits, onehot)
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    for n in (5, 7, 4):
        truth = rng.randint(0, 3, size=n)
        guess = np.where(rng.rand(n) < 0.6, truth, rng.randint(0, 3, size=n))
        sess.run(update, {predictions: guess, labels: truth})
    print('streaming accuracy %.5f, loss %.5f' % (sess.run(accuracy), sess.run(loss)))
