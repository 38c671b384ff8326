"""``tf.contrib.legacy_seq2seq`` for legacy scripts (``tf.nn.seq2seq`` before TensorFlow 1.0):
TensorFlow 1.15's sequence losses and plain RNN decoders, on the TF1 API.

``sequence_loss_by_example`` and ``sequence_loss`` take lists of ``[batch, classes]`` logits,
``[batch]`` targets and weights, one per time step; ``rnn_decoder``, ``basic_rnn_seq2seq`` and
``tied_rnn_seq2seq`` run cells over lists of inputs, and ``embedding_rnn_decoder`` and
``embedding_rnn_seq2seq`` over lists of integer symbols (with ``feed_previous``), all with
TF 1.x's variable scopes, so variables keep their names. The attention models
(``attention_decoder``, ``embedding_attention_seq2seq``), ``model_with_buckets`` and the
one-to-many models are not provided.
"""

import copy
import importlib

from tf1_mnist.runner.engine.replacements.contrib_seq2seq import call_loss

__all__ = ['basic_rnn_seq2seq', 'embedding_rnn_decoder', 'embedding_rnn_seq2seq',
           'rnn_decoder', 'sequence_loss', 'sequence_loss_by_example', 'tied_rnn_seq2seq']


def _tf():
    return importlib.import_module('tensorflow.compat.v1')


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None, scope=None):
    """RNN decoder for the sequence-to-sequence model (TensorFlow 1.15)."""
    tf = _tf()
    with tf.variable_scope(scope or 'rnn_decoder'):
        state = initial_state
        outputs = []
        prev = None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with tf.variable_scope('loop_function', reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                tf.get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, dtype=None, scope=None):
    """Encoder and decoder of one cell type, separate weights (TensorFlow 1.15)."""
    tf = _tf()
    with tf.variable_scope(scope or 'basic_rnn_seq2seq'):
        enc_cell = copy.deepcopy(cell)
        _, enc_state = tf.nn.static_rnn(enc_cell, encoder_inputs, dtype=dtype or tf.float32)
        return rnn_decoder(decoder_inputs, enc_state, cell)


def tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, loop_function=None, dtype=None,
                     scope=None):
    """Encoder and decoder sharing their weights (TensorFlow 1.15)."""
    tf = _tf()
    with tf.variable_scope('combined_tied_rnn_seq2seq'):
        scope = scope or 'tied_rnn_seq2seq'
        _, enc_state = tf.nn.static_rnn(cell, encoder_inputs, dtype=dtype or tf.float32,
                                        scope=scope)
        tf.get_variable_scope().reuse_variables()
        return rnn_decoder(decoder_inputs, enc_state, cell, loop_function=loop_function,
                           scope=scope)


def _extract_argmax_and_embed(embedding, output_projection=None, update_embedding=True):
    """A loop function feeding the embedding of the previous output's argmax."""
    tf = _tf()

    def loop_function(prev, _):
        if output_projection is not None:
            prev = tf.nn.xw_plus_b(prev, output_projection[0], output_projection[1])
        prev_symbol = tf.argmax(prev, 1)
        emb_prev = tf.nn.embedding_lookup(embedding, prev_symbol)
        if not update_embedding:
            emb_prev = tf.stop_gradient(emb_prev)
        return emb_prev
    return loop_function


def embedding_rnn_decoder(decoder_inputs, initial_state, cell, num_symbols, embedding_size,
                          output_projection=None, feed_previous=False,
                          update_embedding_for_previous=True, scope=None):
    """RNN decoder with embedding and a pure-decoding option (TensorFlow 1.15)."""
    tf = _tf()
    with tf.variable_scope(scope or 'embedding_rnn_decoder') as scope:
        if output_projection is not None:
            dtype = scope.dtype
            proj_weights = tf.convert_to_tensor(output_projection[0], dtype=dtype)
            proj_weights.get_shape().assert_is_compatible_with([None, num_symbols])
            proj_biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
            proj_biases.get_shape().assert_is_compatible_with([num_symbols])
        embedding = tf.get_variable('embedding', [num_symbols, embedding_size])
        loop_function = (_extract_argmax_and_embed(embedding, output_projection,
                                                   update_embedding_for_previous)
                         if feed_previous else None)
        emb_inp = (tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs)
        return rnn_decoder(emb_inp, initial_state, cell, loop_function=loop_function)


def embedding_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols,
                          num_decoder_symbols, embedding_size, output_projection=None,
                          feed_previous=False, dtype=None, scope=None):
    """Embedding RNN sequence-to-sequence model (TensorFlow 1.15)."""
    tf = _tf()
    wrappers = importlib.import_module('tf1_mnist.runner.engine.replacements.contrib_rnn_wrappers')
    with tf.variable_scope(scope or 'embedding_rnn_seq2seq') as scope:
        if dtype is not None:
            scope.set_dtype(dtype)
        else:
            dtype = scope.dtype
        encoder_cell = wrappers.EmbeddingWrapper(copy.deepcopy(cell),
                                                 embedding_classes=num_encoder_symbols,
                                                 embedding_size=embedding_size)
        _, encoder_state = tf.nn.static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        if output_projection is None:
            cell = wrappers.OutputProjectionWrapper(cell, num_decoder_symbols)
        if isinstance(feed_previous, bool):
            return embedding_rnn_decoder(decoder_inputs, encoder_state, cell,
                                         num_decoder_symbols, embedding_size,
                                         output_projection=output_projection,
                                         feed_previous=feed_previous)
        nest = tf.nest

        # feed_previous a tensor: both decoders, chosen by tf.cond.
        def decoder(feed_previous_bool):
            reuse = None if feed_previous_bool else True
            with tf.variable_scope(tf.get_variable_scope(), reuse=reuse):
                outputs, state = embedding_rnn_decoder(
                    decoder_inputs, encoder_state, cell, num_decoder_symbols, embedding_size,
                    output_projection=output_projection, feed_previous=feed_previous_bool,
                    update_embedding_for_previous=False)
                state_list = nest.flatten(state) if nest.is_nested(state) else [state]
                return outputs + state_list

        outputs_and_state = tf.cond(feed_previous, lambda: decoder(True),
                                    lambda: decoder(False))
        outputs_len = len(decoder_inputs)
        state_list = outputs_and_state[outputs_len:]
        state = state_list[0]
        if nest.is_nested(encoder_state):
            state = nest.pack_sequence_as(structure=encoder_state, flat_sequence=state_list)
        return outputs_and_state[:outputs_len], state


def sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True,
                             softmax_loss_function=None, name=None):
    """Weighted cross-entropy for a sequence of logits, per example (TensorFlow 1.15)."""
    tf = _tf()
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError('Lengths of logits, weights, and targets must be the same '
                         '%d, %d, %d.' % (len(logits), len(weights), len(targets)))
    with tf.name_scope(name, 'sequence_loss_by_example', list(logits) + list(targets)
                       + list(weights)):
        log_perp_list = []
        for logit, target, weight in zip(logits, targets, weights):
            if softmax_loss_function is None:
                target = tf.reshape(target, [-1])
                crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target,
                                                                          logits=logit)
            else:
                crossent = call_loss(softmax_loss_function, target, logit)
            log_perp_list.append(crossent * weight)
        log_perps = tf.add_n(log_perp_list)
        if average_across_timesteps:
            total_size = tf.add_n(list(weights))
            total_size += 1e-12  # TF1's guard against all-zero weights
            log_perps /= total_size
    return log_perps


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, softmax_loss_function=None, name=None):
    """Weighted cross-entropy for a sequence of logits, batch-collapsed (TensorFlow 1.15)."""
    tf = _tf()
    with tf.name_scope(name, 'sequence_loss', list(logits) + list(targets) + list(weights)):
        cost = tf.reduce_sum(sequence_loss_by_example(
            logits, targets, weights, average_across_timesteps=average_across_timesteps,
            softmax_loss_function=softmax_loss_function))
        if average_across_batch:
            batch_size = tf.shape(targets[0])[0]
            return cost / tf.cast(batch_size, cost.dtype)
        return cost
