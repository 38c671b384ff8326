# tf.contrib modules of TensorFlow 1.x that have an exact equivalent, used as 1.x scripts did.
import json
import os
import sys

import numpy as np
import tensorflow as tf
from tensorflow.contrib.layers.python.layers import batch_norm
from tensorflow.contrib.framework.python.ops import arg_scope
from tensorflow.contrib.tensorboard.plugins import projector
from tensorflow.contrib import legacy_seq2seq
from tensorflow.contrib.keras.python.keras.layers import Dense

out_file = sys.argv[1]
folder = os.path.dirname(os.path.abspath(out_file))
rng = np.random.RandomState(0)
saved, info = {}, {}

# Streaming metrics over three batches, predictions first.
predictions = tf.placeholder(tf.int64, [None])
labels = tf.placeholder(tf.int64, [None])
values = tf.placeholder(tf.float32, [None])
accuracy, accuracy_update = tf.contrib.metrics.streaming_accuracy(predictions, labels)
mean, mean_update = tf.contrib.metrics.streaming_mean(values)
batches = []
for n in (5, 7, 4):
    batch_labels = rng.randint(0, 3, size=n)
    guesses = np.where(rng.rand(n) < 0.6, batch_labels, rng.randint(0, 3, size=n))
    batches.append((guesses, batch_labels, rng.rand(n)))

# contrib.losses, logits first.
logits = tf.constant(rng.normal(size=(6, 4)).astype(np.float32))
onehot = tf.one_hot(rng.randint(0, 4, size=6), 4)
contrib_loss = tf.contrib.losses.softmax_cross_entropy(logits, onehot)
total_loss = tf.contrib.losses.get_total_loss(add_regularization_losses=False)

# seq2seq.sequence_loss on [batch, time, classes].
seq_logits = rng.normal(size=(3, 5, 4)).astype(np.float32)
seq_targets = rng.randint(0, 4, size=(3, 5)).astype(np.int32)
seq_weights = (rng.rand(3, 5) > 0.3).astype(np.float32)
saved.update(seq_logits=seq_logits, seq_targets=seq_targets, seq_weights=seq_weights)
sequence_loss = tf.contrib.seq2seq.sequence_loss(
    tf.constant(seq_logits), tf.constant(seq_targets), tf.constant(seq_weights))
sequence_loss_per_step = tf.contrib.seq2seq.sequence_loss(
    tf.constant(seq_logits), tf.constant(seq_targets), tf.constant(seq_weights),
    average_across_batch=True, average_across_timesteps=False)

# legacy_seq2seq on lists of time steps, and its RNN decoder.
step_logits = [tf.constant(seq_logits[:, t]) for t in range(5)]
step_targets = [tf.constant(seq_targets[:, t]) for t in range(5)]
step_weights = [tf.constant(seq_weights[:, t]) for t in range(5)]
by_example = legacy_seq2seq.sequence_loss_by_example(step_logits, step_targets, step_weights)
legacy_loss = legacy_seq2seq.sequence_loss(step_logits, step_targets, step_weights)
decoder_inputs = [tf.constant(rng.normal(size=(3, 2)).astype(np.float32)) for _ in range(4)]
cell = tf.nn.rnn_cell.BasicRNNCell(3)
decoder_outputs, decoder_state = legacy_seq2seq.rnn_decoder(
    decoder_inputs, cell.zero_state(3, tf.float32), cell)

# batch_norm from its module path, under an arg_scope of the same module's functions.
images = tf.placeholder(tf.float32, [None, 4])
with arg_scope([batch_norm], decay=0.9):
    normalised = batch_norm(images, is_training=True)
info['batch_norm_variables'] = sorted(v.name for v in tf.global_variables()
                                      if v.name.startswith('BatchNorm'))

# contrib.data and contrib.keras, contrib.framework.nest, contrib.learn.ModeKeys.
dataset = tf.contrib.data.Dataset.from_tensor_slices(np.arange(10)).apply(
    tf.contrib.data.batch_and_drop_remainder(4))
next_batch = dataset.make_one_shot_iterator().get_next()
info['keras_dense'] = tf.contrib.keras.layers.Dense is tf.keras.layers.Dense is Dense
info['nest'] = tf.contrib.framework.nest.flatten({'b': (1, 2), 'a': [3]})
info['mode_keys'] = [tf.contrib.learn.ModeKeys.TRAIN, tf.contrib.learn.ModeKeys.EVAL,
                     tf.contrib.learn.ModeKeys.INFER]

# contrib.distributions.
ds = tf.contrib.distributions
normal_p = ds.Normal(loc=0.5, scale=2.0)
normal_q = ds.Normal(loc=-1.0, scale=0.5)
log_prob = normal_p.log_prob(tf.constant([0.0, 1.5, -3.0]))
kl = ds.kl_divergence(normal_p, normal_q)
kl_old_name = ds.kl(normal_p, normal_q)
bernoulli_mean = tf.reduce_mean(tf.to_float(ds.Bernoulli(probs=0.3).sample(20000, seed=1)))

# contrib.nn.alpha_dropout and contrib.training.create_train_op.
selu_like = tf.constant(rng.normal(size=(200, 50)).astype(np.float32))
dropped = tf.contrib.nn.alpha_dropout(selu_like, keep_prob=0.8, seed=3)
w = tf.Variable(1.0)
train_loss = tf.square(w - 3.0)
train_op = tf.contrib.training.create_train_op(
    train_loss, tf.train.GradientDescentOptimizer(0.1), update_ops=[], summarize_gradients=True)

# The embedding projector's config, written beside a log.
embedding = tf.Variable(rng.normal(size=(5, 3)).astype(np.float32), name='embedding')
writer = tf.summary.FileWriter(os.path.join(folder, 'logs'))
config = projector.ProjectorConfig()
entry = config.embeddings.add()
entry.tensor_name = embedding.name
entry.metadata_path = 'metadata.tsv'
projector.visualize_embeddings(writer, config)
writer.close()

with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    for p, l, v in batches:
        sess.run([accuracy_update, mean_update], {predictions: p, labels: l, values: v})
    info['streaming_accuracy'], info['streaming_mean'] = map(float, sess.run([accuracy, mean]))
    for name, (p, l, v) in zip('abc', batches):
        saved['predictions_' + name], saved['labels_' + name], saved['values_' + name] = p, l, v
    (saved['contrib_loss'], saved['total_loss'], saved['logits'], saved['onehot'],
     saved['sequence_loss'], saved['sequence_loss_per_step'], saved['by_example'],
     saved['legacy_loss']) = sess.run([contrib_loss, total_loss, logits, onehot,
                                       sequence_loss, sequence_loss_per_step, by_example,
                                       legacy_loss])
    saved['decoder_inputs'] = np.stack(sess.run(decoder_inputs))
    saved['decoder_outputs'] = np.stack(sess.run(decoder_outputs))
    for v in tf.trainable_variables():
        if 'rnn_decoder' in v.name:
            saved['decoder/' + v.name.split('/')[-1].split(':')[0]] = sess.run(v)
    info['batches'] = [sess.run(next_batch).tolist() for _ in range(2)]
    try:
        sess.run(next_batch)
    except tf.errors.OutOfRangeError:
        info['batches'].append('end')
    (saved['log_prob'], saved['kl'], saved['kl_old_name'],
     saved['bernoulli_mean']) = sess.run([log_prob, kl, kl_old_name, bernoulli_mean])
    normalised_value = sess.run(normalised, {images: rng.normal(size=(8, 4))})
    saved['selu_like'], saved['dropped'] = sess.run([selu_like, dropped])
    saved['train_op_loss'] = [sess.run(train_op) for _ in range(2)]
    saved['w_after'] = sess.run(w)
    info['batch_norm_mean'] = float(np.abs(normalised_value.mean(axis=0)).max())
info['decoder_variables'] = sorted(v.name for v in tf.trainable_variables()
                                   if 'rnn_decoder' in v.name)
np.savez(out_file, **saved)
with open(out_file + '.json', 'w') as f:
    json.dump(info, f)
