"""More of ``tf.contrib`` with exact equivalents, run under the runner by an old-style script
and checked against NumPy: streaming metrics, contrib's losses, ``seq2seq.sequence_loss`` and
``legacy_seq2seq``, ``contrib.data``, ``contrib.distributions``, the projector's config, deep
``contrib.*.python.*`` module paths; and what ``--check`` says about them."""

import json
import math

import numpy as np
import pytest
from google.protobuf import text_format

from test_run import REPO, SCRIPTS, run_legacy


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def cross_entropy(logits, targets):
    """-log softmax(logits)[target], for integer targets, over the last axis."""
    return -np.take_along_axis(log_softmax(logits.astype(np.float64)),
                               targets[..., None].astype(np.int64), axis=-1)[..., 0]


@pytest.fixture(scope='module')
def equivalents(tmp_path_factory):
    folder = tmp_path_factory.mktemp('contrib_more')
    result = run_legacy(folder, SCRIPTS / 'contrib_equivalents.py', folder / 'out.npz',
                        pythonpath=(REPO,))
    assert result.returncode == 0, result.stderr
    assert result.stderr == '', result.stderr
    info = json.loads((folder / 'out.npz.json').read_text())
    return dict(np.load(folder / 'out.npz')), info, folder


pytestmark = pytest.mark.slow


def test_streaming_accuracy_and_mean_are_those_of_all_batches(equivalents):
    saved, info, _ = equivalents
    predictions = np.concatenate([saved['predictions_' + n] for n in 'abc'])
    labels = np.concatenate([saved['labels_' + n] for n in 'abc'])
    values = np.concatenate([saved['values_' + n] for n in 'abc'])
    assert info['streaming_accuracy'] == pytest.approx(np.mean(predictions == labels))
    assert 0 < info['streaming_accuracy'] < 1
    assert info['streaming_mean'] == pytest.approx(values.mean(), rel=1e-6)


def test_contrib_losses_take_logits_first(equivalents):
    saved, _, _ = equivalents
    expected = cross_entropy(saved['logits'], saved['onehot'].argmax(axis=1)).mean()
    assert saved['contrib_loss'] == pytest.approx(expected, rel=1e-5)
    assert saved['total_loss'] == pytest.approx(expected, rel=1e-5)  # in the LOSSES collection


def test_sequence_loss_is_the_weighted_mean_cross_entropy(equivalents):
    saved, _, _ = equivalents
    crossent = cross_entropy(saved['seq_logits'], saved['seq_targets']) * saved['seq_weights']
    assert saved['sequence_loss'] == pytest.approx(crossent.sum() / saved['seq_weights'].sum(),
                                                   rel=1e-5)
    np.testing.assert_allclose(saved['sequence_loss_per_step'],
                               crossent.sum(axis=0) / saved['seq_weights'].sum(axis=0),
                               rtol=1e-5)


def test_legacy_seq2seq_losses_over_lists_of_steps(equivalents):
    saved, _, _ = equivalents
    crossent = cross_entropy(saved['seq_logits'], saved['seq_targets']) * saved['seq_weights']
    per_example = crossent.sum(axis=1) / (saved['seq_weights'].sum(axis=1) + 1e-12)
    np.testing.assert_allclose(saved['by_example'], per_example, rtol=1e-5)
    assert saved['legacy_loss'] == pytest.approx(per_example.sum() / 3, rel=1e-5)


def test_rnn_decoder_runs_the_cell_over_the_steps(equivalents):
    saved, info, _ = equivalents
    assert info['decoder_variables'] == ['rnn_decoder/basic_rnn_cell/bias:0',
                                         'rnn_decoder/basic_rnn_cell/kernel:0']
    h = np.zeros((3, 3))
    for t, x in enumerate(saved['decoder_inputs']):
        h = np.tanh(np.concatenate([x, h], 1) @ saved['decoder/kernel'] + saved['decoder/bias'])
        np.testing.assert_allclose(saved['decoder_outputs'][t], h, rtol=1e-5, atol=1e-6)


def test_distributions_are_tensorflow_probabilitys(equivalents):
    saved, _, _ = equivalents
    x = np.array([0.0, 1.5, -3.0])
    np.testing.assert_allclose(saved['log_prob'], -0.5 * ((x - 0.5) / 2.0) ** 2
                               - math.log(2.0) - 0.5 * math.log(2 * math.pi), rtol=1e-5)
    # KL(N(0.5, 2) || N(-1, 0.5)) in closed form.
    kl = math.log(0.5 / 2.0) + (2.0 ** 2 + 1.5 ** 2) / (2 * 0.5 ** 2) - 0.5
    assert saved['kl'] == pytest.approx(kl, rel=1e-5)
    assert saved['kl_old_name'] == pytest.approx(kl, rel=1e-5)
    assert saved['bernoulli_mean'] == pytest.approx(0.3, abs=0.02)


def test_projector_config_is_written_where_tensorboard_reads_it(equivalents):
    _, _, folder = equivalents
    from tensorboard.plugins.projector import projector_config_pb2
    config = text_format.Parse((folder / 'logs' / 'projector_config.pbtxt').read_text(),
                               projector_config_pb2.ProjectorConfig())
    assert [(e.tensor_name, e.metadata_path) for e in config.embeddings] == [
        ('embedding:0', 'metadata.tsv')]


def test_module_paths_data_keras_nest_and_mode_keys(equivalents):
    _, info, _ = equivalents
    assert info['batch_norm_variables'] == ['BatchNorm/beta:0', 'BatchNorm/moving_mean:0',
                                            'BatchNorm/moving_variance:0']
    assert info['batch_norm_mean'] < 1e-5  # normalised over the batch in training
    assert info['batches'] == [[0, 1, 2, 3], [4, 5, 6, 7], 'end']  # the remainder dropped
    assert info['keras_dense'] is True
    assert info['nest'] == [3, 1, 2]  # sorted keys, as nest flattens dicts
    assert info['mode_keys'] == ['train', 'eval', 'infer']


def test_alpha_dropout_keeps_or_sets_to_alpha_then_rescales(equivalents):
    saved, _, _ = equivalents
    keep, alpha = 0.8, -1.7580993408473766
    a = (keep + keep * (1 - keep) * alpha ** 2) ** -0.5
    b = -a * alpha * (1 - keep)
    x, out = saved['selu_like'], saved['dropped']
    kept = np.isclose(out, a * x + b, atol=1e-5)
    assert np.all(kept | np.isclose(out, a * alpha + b, atol=1e-5))
    assert abs(kept.mean() - keep) < 0.02
    assert abs(out.mean()) < 0.05 and abs(out.var() - 1) < 0.05  # SELU's fixed point kept


def test_create_train_op_returns_the_loss_and_steps(equivalents):
    saved, _, _ = equivalents
    w, losses = 1.0, []
    for _ in range(2):
        losses.append((w - 3) ** 2)
        w -= 0.1 * 2 * (w - 3)
    np.testing.assert_allclose(saved['train_op_loss'], losses, rtol=1e-6)
    assert saved['w_after'] == pytest.approx(w, rel=1e-6)


def test_distributions_refused_in_one_line_when_tensorflow_probability_does_not_import(
        tmp_path):
    # A tensorflow-probability made for another TensorFlow fails at import, as tfp does.
    fake = tmp_path / 'site' / 'tensorflow_probability'
    fake.mkdir(parents=True)
    (fake / '__init__.py').write_text(
        "raise ImportError('This version of TensorFlow Probability requires TensorFlow version "
        ">= 2.99; Detected an installation of version 2.21.0.')\n")
    (tmp_path / 'vae.py').write_text(
        'import tensorflow as tf\nprint("start")\n'
        'prior = tf.contrib.distributions.Normal(loc=0.0, scale=1.0)\n')
    result = run_legacy(tmp_path, 'vae.py', pythonpath=(REPO, tmp_path / 'site'))
    assert result.returncode == 1
    assert result.stdout == 'start\n'
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        'tf1_mnist.run: tf.contrib.distributions.Normal needs tensorflow-probability, which does '
        'not import beside TensorFlow ')
    assert '(vae.py:3); install the tensorflow-probability release made for this' in lines[0]
