"""tf.contrib.seq2seq.sequence_loss and legacy_seq2seq's sequence_loss_by_example."""
# table: `tf.contrib.seq2seq.sequence_loss`
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(1)
logits = rng.normal(size=(3, 5, 4)).astype(np.float32)
targets = rng.randint(0, 4, size=(3, 5)).astype(np.int32)
weights = (rng.rand(3, 5) > 0.3).astype(np.float32)
loss = tf.contrib.seq2seq.sequence_loss(tf.constant(logits), tf.constant(targets),
                                        tf.constant(weights))
by_example = tf.contrib.legacy_seq2seq.sequence_loss_by_example(
    [tf.constant(logits[:, t]) for t in range(5)],
    [tf.constant(targets[:, t]) for t in range(5)],
    [tf.constant(weights[:, t]) for t in range(5)])
with tf.Session() as sess:
    print('sequence loss %.5f' % sess.run(loss))
    print('by example', ' '.join('%.5f' % v for v in sess.run(by_example)))
