"""``tf.contrib.rnn``'s ``OutputProjectionWrapper``, ``InputProjectionWrapper`` and
``EmbeddingWrapper`` under the runner: TF 1.x's variable names, and outputs computed again with
NumPy from the variables."""

import numpy as np
import pytest

from test_run import REPO, SCRIPTS, run_legacy

pytestmark = pytest.mark.slow


@pytest.fixture(scope='module')
def wrappers(tmp_path_factory):
    folder = tmp_path_factory.mktemp('wrappers')
    result = run_legacy(folder, SCRIPTS / 'rnn_wrappers.py', folder / 'out.npz',
                        pythonpath=(REPO,))
    assert result.returncode == 0, result.stderr
    return result.stdout.split(), dict(np.load(folder / 'out.npz'))


def basic_rnn(inputs, kernel, bias):
    h, outputs = np.zeros((inputs.shape[0], kernel.shape[1])), []
    for t in range(inputs.shape[1]):
        h = np.tanh(np.concatenate([inputs[:, t], h], 1) @ kernel + bias)
        outputs.append(h)
    return np.stack(outputs, 1)


SEQ2SEQ = 'embedding_rnn_seq2seq/'


def test_variable_names_are_tf1s(wrappers):
    names, _ = wrappers
    stack = ['stack_bidirectional_rnn/cell_%d/bidirectional_rnn/%s/basic_rnn_cell/%s:0'
             % (layer, direction, name) for layer in range(2) for direction in ('fw', 'bw')
             for name in ('bias', 'kernel')]
    assert names == sorted(stack + [
        SEQ2SEQ + 'embedding_rnn_decoder/embedding:0',
        SEQ2SEQ + 'embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/basic_rnn_cell/'
                  'bias:0',
        SEQ2SEQ + 'embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/basic_rnn_cell/'
                  'kernel:0',
        SEQ2SEQ + 'embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/bias:0',
        SEQ2SEQ + 'embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/kernel:0',
        SEQ2SEQ + 'rnn/embedding_wrapper/basic_rnn_cell/bias:0',
        SEQ2SEQ + 'rnn/embedding_wrapper/basic_rnn_cell/kernel:0',
        SEQ2SEQ + 'rnn/embedding_wrapper/embedding:0',
        'emb/embedding_wrapper/basic_rnn_cell/bias:0',
        'emb/embedding_wrapper/basic_rnn_cell/kernel:0', 'emb/embedding_wrapper/embedding:0',
        'inp/input_projection_wrapper/basic_rnn_cell/bias:0',
        'inp/input_projection_wrapper/basic_rnn_cell/kernel:0',
        'inp/input_projection_wrapper/bias:0', 'inp/input_projection_wrapper/kernel:0',
        'out/output_projection_wrapper/basic_rnn_cell/bias:0',
        'out/output_projection_wrapper/basic_rnn_cell/kernel:0',
        'out/output_projection_wrapper/bias:0', 'out/output_projection_wrapper/kernel:0'])


def test_output_projection(wrappers):
    _, saved = wrappers
    prefix = 'out/output_projection_wrapper/'
    hidden = basic_rnn(saved['x'], saved[prefix + 'basic_rnn_cell/kernel:0'],
                       saved[prefix + 'basic_rnn_cell/bias:0'])
    np.testing.assert_allclose(saved['outputs'], hidden @ saved[prefix + 'kernel:0']
                               + saved[prefix + 'bias:0'], rtol=1e-4, atol=1e-5)


def test_input_projection(wrappers):
    _, saved = wrappers
    prefix = 'inp/input_projection_wrapper/'
    projected = saved['x'] @ saved[prefix + 'kernel:0'] + saved[prefix + 'bias:0']
    np.testing.assert_allclose(saved['projected'],
                               basic_rnn(projected, saved[prefix + 'basic_rnn_cell/kernel:0'],
                                         saved[prefix + 'basic_rnn_cell/bias:0']),
                               rtol=1e-4, atol=1e-5)


def test_embedding(wrappers):
    _, saved = wrappers
    prefix = 'emb/embedding_wrapper/'
    embedding = saved[prefix + 'embedding:0']
    assert embedding.shape == (7, 3) and np.abs(embedding).max() <= np.sqrt(3)
    np.testing.assert_allclose(saved['embedded'],
                               basic_rnn(embedding[saved['ids']],
                                         saved[prefix + 'basic_rnn_cell/kernel:0'],
                                         saved[prefix + 'basic_rnn_cell/bias:0']),
                               rtol=1e-4, atol=1e-5)


def test_embedding_rnn_seq2seq_encodes_then_decodes_the_given_symbols(wrappers):
    _, saved = wrappers
    ids = saved['ids']
    encoder = SEQ2SEQ + 'rnn/embedding_wrapper/'
    kernel = saved[encoder + 'basic_rnn_cell/kernel:0']
    bias = saved[encoder + 'basic_rnn_cell/bias:0']
    h = np.zeros((3, 6))
    for t in range(4):
        x = saved[encoder + 'embedding:0'][ids[:, t]]
        h = np.tanh(np.concatenate([x, h], 1) @ kernel + bias)
    decoder = SEQ2SEQ + 'embedding_rnn_decoder/'
    cell = decoder + 'rnn_decoder/output_projection_wrapper/'
    kernel, bias = saved[cell + 'basic_rnn_cell/kernel:0'], saved[cell + 'basic_rnn_cell/bias:0']
    for t in range(3):
        x = saved[decoder + 'embedding:0'][ids[:, 3 - t] % 5]
        h = np.tanh(np.concatenate([x, h], 1) @ kernel + bias)
        np.testing.assert_allclose(saved['seq2seq'][:, t],
                                   h @ saved[cell + 'kernel:0'] + saved[cell + 'bias:0'],
                                   rtol=1e-4, atol=1e-5)


def test_stack_bidirectional_dynamic_rnn_feeds_each_layer_both_directions(wrappers):
    _, saved = wrappers
    layer_input = saved['x']
    for layer in range(2):
        prefix = 'stack_bidirectional_rnn/cell_%d/bidirectional_rnn/' % layer

        def weights(direction):
            return (saved[prefix + direction + '/basic_rnn_cell/kernel:0'],
                    saved[prefix + direction + '/basic_rnn_cell/bias:0'])
        forward = basic_rnn(layer_input, *weights('fw'))
        backward = basic_rnn(layer_input[:, ::-1], *weights('bw'))[:, ::-1]
        layer_input = np.concatenate([forward, backward], axis=2)
    assert layer_input.shape == (3, 4, 4)
    np.testing.assert_allclose(saved['stacked'], layer_input, rtol=1e-4, atol=1e-5)
