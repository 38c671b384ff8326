# tf.contrib.rnn's projection and embedding wrappers, as TensorFlow 1.x scripts used them.
import sys

import numpy as np
import tensorflow as tf

out_file = sys.argv[1]
rng = np.random.RandomState(0)
x_data = rng.normal(size=(3, 4, 5)).astype(np.float32)
ids_data = rng.randint(0, 7, size=(3, 4)).astype(np.int32)
saved = {'x': x_data, 'ids': ids_data}

x = tf.placeholder(tf.float32, [None, 4, 5])
cell = tf.contrib.rnn.OutputProjectionWrapper(tf.contrib.rnn.BasicRNNCell(6), output_size=2)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope='out')

ids = tf.placeholder(tf.int32, [None, 4])
embedded_cell = tf.contrib.rnn.EmbeddingWrapper(tf.contrib.rnn.BasicRNNCell(6),
                                                embedding_classes=7, embedding_size=3)
steps = tf.unstack(ids, 4, 1)
embedded_outputs, _ = tf.contrib.rnn.static_rnn(embedded_cell, steps, dtype=tf.float32,
                                                scope='emb')

projected_cell = tf.contrib.rnn.InputProjectionWrapper(tf.contrib.rnn.BasicRNNCell(6), 3)
projected_outputs, _ = tf.nn.dynamic_rnn(projected_cell, x, dtype=tf.float32, scope='inp')

# legacy_seq2seq's embedding model, decoding the given symbols.
encoder_symbols = [tf.constant(ids_data[:, t]) for t in range(4)]
decoder_symbols = [tf.constant(ids_data[:, 3 - t] % 5) for t in range(3)]
seq2seq_outputs, _ = tf.contrib.legacy_seq2seq.embedding_rnn_seq2seq(
    encoder_symbols, decoder_symbols, tf.contrib.rnn.BasicRNNCell(6), num_encoder_symbols=7,
    num_decoder_symbols=5, embedding_size=3)

# Two stacked bidirectional layers, dynamic.
stacked, _, _ = tf.contrib.rnn.stack_bidirectional_dynamic_rnn(
    [tf.contrib.rnn.BasicRNNCell(4), tf.contrib.rnn.BasicRNNCell(2)],
    [tf.contrib.rnn.BasicRNNCell(4), tf.contrib.rnn.BasicRNNCell(2)], x, dtype=tf.float32)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in tf.global_variables():  # non-zero biases, so that they count
        if 'bias' in v.name:
            sess.run(v.assign(rng.normal(size=v.shape.as_list())))
    saved['outputs'], saved['embedded'], saved['projected'], saved['seq2seq'] = sess.run(
        [outputs, tf.stack(embedded_outputs, 1), projected_outputs,
         tf.stack(seq2seq_outputs, 1)], {x: x_data, ids: ids_data})
    saved['stacked'] = sess.run(stacked, {x: x_data})
    for v in tf.global_variables():
        saved[v.name] = sess.run(v)
np.savez(out_file, **saved)
print('\n'.join(sorted(v.name for v in tf.global_variables())))
