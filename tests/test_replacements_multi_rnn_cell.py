"""``MultiRNNCell([cell] * num_layers)``: one cell object repeated builds a weight set per
layer, as TensorFlow 1.0 did, checked against a stacked LSTM computed with NumPy; and it trains.
"""

import re

import numpy as np
import pytest

from test_run import REPO, SCRIPTS, run_legacy

NUM_LAYERS, NUM_UNITS, N_INPUT = 3, 8, 5


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def numpy_stacked_lstm(x, weights):
    """Outputs of the top layer of TF1's BasicLSTMCell stack (gates i, j, f, o; forget bias 1)
    for inputs ``x`` [batch, steps, inputs] and ``weights`` [(kernel, bias)] per layer."""
    layer_input = x
    for kernel, bias in weights:
        c = h = np.zeros((x.shape[0], NUM_UNITS))
        outputs = []
        for t in range(x.shape[1]):
            gates = np.concatenate([layer_input[:, t], h], axis=1) @ kernel + bias
            i, j, f, o = np.split(gates, 4, axis=1)
            c = c * sigmoid(f + 1.0) + sigmoid(i) * np.tanh(j)
            h = np.tanh(c) * sigmoid(o)
            outputs.append(h)
        layer_input = np.stack(outputs, axis=1)
    return layer_input


@pytest.fixture(scope='module')
def reused_cell_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp('multi_rnn')
    result = run_legacy(folder, SCRIPTS / 'multi_rnn_reused_cell.py', folder / 'out.npz',
                        pythonpath=(REPO,))
    assert result.returncode == 0, result.stderr
    return result, dict(np.load(folder / 'out.npz'))


@pytest.mark.slow
@pytest.mark.parametrize('family', ['contrib', 'nn'])
def test_repeated_cell_gets_a_weight_set_per_layer(reused_cell_run, family):
    _, saved = reused_cell_run
    names = sorted(key.split('|', 1)[1] for key in saved
                   if key.startswith(family + '|') and key != family + '|outputs')
    assert names == ['rnn/multi_rnn_cell/cell_%d/basic_lstm_cell/%s:0' % (layer, name)
                     for layer in range(NUM_LAYERS) for name in ('bias', 'kernel')]
    weights = []
    for layer in range(NUM_LAYERS):
        prefix = '%s|rnn/multi_rnn_cell/cell_%d/basic_lstm_cell/' % (family, layer)
        kernel, bias = saved[prefix + 'kernel:0'], saved[prefix + 'bias:0']
        width = N_INPUT if layer == 0 else NUM_UNITS
        assert kernel.shape == (width + NUM_UNITS, 4 * NUM_UNITS)
        assert bias.shape == (4 * NUM_UNITS,)
        weights.append((kernel, bias))
    # Separate initial values: the layers do not share one matrix.
    assert not np.allclose(weights[1][0], weights[2][0])
    np.testing.assert_allclose(saved[family + '|outputs'], numpy_stacked_lstm(saved['x'], weights),
                               rtol=1e-4, atol=1e-5)


@pytest.mark.slow
def test_repeated_cell_trains_and_is_said_once(reused_cell_run):
    result, _ = reused_cell_run
    for family in ('contrib', 'nn'):
        line = re.search(r'^%s layers (\d+) variables (\d+) first loss (\S+) last loss (\S+)$'
                         % family, result.stdout, re.M)
        assert line, result.stdout
        assert int(line.group(1)) == NUM_LAYERS and int(line.group(2)) == 2 * NUM_LAYERS
        assert float(line.group(4)) < 0.5 * float(line.group(3))
    notes = [line for line in result.stderr.splitlines() if 'MultiRNNCell' in line]
    assert notes == ['tf1_mnist.run: MultiRNNCell got one cell object for several layers; as in '
                     'TensorFlow 1.0, each layer gets its own weights'], result.stderr
