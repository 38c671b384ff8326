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


def test_variable_names_are_tf1s(wrappers):
    names, _ = wrappers
    assert names == sorted([
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
