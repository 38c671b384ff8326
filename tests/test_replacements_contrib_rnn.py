"""``tf.contrib.rnn``: the TF1 cells and static RNNs, with their TF1 variable names, checked
against LSTM and GRU steps computed with NumPy; and an LSTM script under the runner.
"""

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from conftest import subprocess_env
from test_run import SCRIPTS, accuracy_after, assert_clean_run, assert_learned, run_legacy

GRAPHS = textwrap.dedent('''
    import importlib, json
    import numpy as np
    import tensorflow as tf
    tf.compat.v1.disable_v2_behavior()
    v1 = tf.compat.v1
    rnn = importlib.import_module('tf1_mnist.runner.engine.replacements.contrib_rnn')
    out, info = {}, {}
    rng = np.random.RandomState(0)
    x = rng.normal(size=(3, 4, 5)).astype(np.float32)  # batch 3, 4 steps, 5 inputs
    out['x'] = x

    def run(outputs, state):
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            variables = {v.name: v for v in v1.global_variables()}
            for name, variable in variables.items():  # non-zero biases, so they count
                if 'bias' in name:
                    sess.run(variable.assign(rng.normal(size=variable.shape.as_list())))
            return sess.run([outputs, state, variables])

    with tf.Graph().as_default():
        steps = tf.unstack(tf.constant(x), 4, 1)
        outputs, state = rnn.static_rnn(rnn.BasicLSTMCell(6), steps, dtype=tf.float32)
        info['lstm_state_is_tuple'] = isinstance(state, rnn.LSTMStateTuple)
        (out['lstm_outputs'], (out['lstm_c'], out['lstm_h']), variables) = run(outputs, state)
        info['lstm_variables'] = sorted(variables)
        out['lstm_kernel'] = variables['rnn/basic_lstm_cell/kernel:0']
        out['lstm_bias'] = variables['rnn/basic_lstm_cell/bias:0']

    with tf.Graph().as_default():
        steps = tf.unstack(tf.constant(x), 4, 1)
        outputs, state = rnn.static_rnn(rnn.GRUCell(6), steps, dtype=tf.float32)
        out['gru_outputs'], out['gru_state'], variables = run(outputs, state)
        info['gru_variables'] = sorted(variables)
        for name, value in variables.items():
            out['gru/' + name.split('/', 2)[2].replace(':0', '')] = value

    with tf.Graph().as_default():
        steps = tf.unstack(tf.constant(x), 4, 1)
        cells = [rnn.DropoutWrapper(rnn.LSTMCell(6), output_keep_prob=1.0) for _ in range(2)]
        outputs, state = rnn.static_rnn(rnn.MultiRNNCell(cells), steps, dtype=tf.float32)
        info['multi_variables'] = sorted(v.name for v in v1.global_variables())
        info['multi_state_layers'] = len(state)

    with tf.Graph().as_default():
        steps = tf.unstack(tf.constant(x), 4, 1)
        outputs, fw, bw = rnn.static_bidirectional_rnn(rnn.BasicRNNCell(6), rnn.BasicRNNCell(6),
                                                       steps, dtype=tf.float32)
        out['bi_outputs'], (out['bi_fw'], out['bi_bw']), variables = run(outputs, (fw, bw))
        info['bi_variables'] = sorted(variables)
        for name, value in variables.items():
            out['bi/' + name.replace(':0', '')] = value

    np.savez(OUT + '.npz', **out)
    with open(OUT + '.json', 'w') as f:
        json.dump(info, f)
''')


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


@pytest.fixture(scope='module')
def graphs(tmp_path_factory):
    prefix = str(tmp_path_factory.mktemp('contrib_rnn') / 'out')
    result = subprocess.run(
        [sys.executable, '-c', 'OUT = %r\n' % prefix + GRAPHS], capture_output=True,
        text=True, timeout=600,
        env=subprocess_env({'TF_USE_LEGACY_KERAS': '1', 'TF_CPP_MIN_LOG_LEVEL': '2'}))
    assert result.returncode == 0, result.stderr[-4000:]
    return dict(np.load(prefix + '.npz')), json.loads(Path(prefix + '.json').read_text())


def test_basic_lstm_cell_is_the_tf1_lstm(graphs):
    out, info = graphs
    assert info['lstm_variables'] == ['rnn/basic_lstm_cell/bias:0',
                                      'rnn/basic_lstm_cell/kernel:0']
    assert out['lstm_kernel'].shape == (5 + 6, 4 * 6)
    assert info['lstm_state_is_tuple']
    # TF1's BasicLSTMCell: gates i, j, f, o from [x, h]; forget bias 1.0 added to f.
    c = h = np.zeros((3, 6))
    for t in range(4):
        gates = np.concatenate([out['x'][:, t], h], axis=1) @ out['lstm_kernel'] + out['lstm_bias']
        i, j, f, o = np.split(gates, 4, axis=1)
        c = c * sigmoid(f + 1.0) + sigmoid(i) * np.tanh(j)
        h = np.tanh(c) * sigmoid(o)
        np.testing.assert_allclose(out['lstm_outputs'][t], h, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out['lstm_c'], c, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out['lstm_h'], h, rtol=1e-4, atol=1e-5)


def test_gru_cell_is_the_tf1_gru(graphs):
    out, info = graphs
    assert info['gru_variables'] == ['rnn/gru_cell/candidate/bias:0',
                                     'rnn/gru_cell/candidate/kernel:0',
                                     'rnn/gru_cell/gates/bias:0', 'rnn/gru_cell/gates/kernel:0']
    h = np.zeros((3, 6))
    for t in range(4):
        x = out['x'][:, t]
        gates = sigmoid(np.concatenate([x, h], 1) @ out['gru/gates/kernel']
                        + out['gru/gates/bias'])
        r, u = np.split(gates, 2, axis=1)
        candidate = np.tanh(np.concatenate([x, r * h], 1) @ out['gru/candidate/kernel']
                            + out['gru/candidate/bias'])
        h = u * h + (1 - u) * candidate
        np.testing.assert_allclose(out['gru_outputs'][t], h, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out['gru_state'], h, rtol=1e-4, atol=1e-5)


def test_multi_rnn_cell_and_dropout_wrapper_names(graphs):
    _, info = graphs
    assert info['multi_state_layers'] == 2
    assert info['multi_variables'] == [
        'rnn/multi_rnn_cell/cell_%d/lstm_cell/%s:0' % (layer, name)
        for layer in range(2) for name in ('bias', 'kernel')]


def test_static_bidirectional_rnn_concatenates_both_directions(graphs):
    out, info = graphs
    assert info['bi_variables'] == [
        'bidirectional_rnn/%s/basic_rnn_cell/%s:0' % (direction, name)
        for direction in ('bw', 'fw') for name in ('bias', 'kernel')]
    x = out['x']

    def basic_rnn(direction, order):
        h, outputs = np.zeros((3, 6)), {}
        prefix = 'bi/bidirectional_rnn/%s/basic_rnn_cell/' % direction
        for t in order:
            h = np.tanh(np.concatenate([x[:, t], h], 1) @ out[prefix + 'kernel']
                        + out[prefix + 'bias'])
            outputs[t] = h
        return outputs, h

    forward, fw_state = basic_rnn('fw', range(4))
    backward, bw_state = basic_rnn('bw', reversed(range(4)))
    for t in range(4):
        np.testing.assert_allclose(out['bi_outputs'][t],
                                   np.concatenate([forward[t], backward[t]], 1),
                                   rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out['bi_fw'], fw_state, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out['bi_bw'], bw_state, rtol=1e-4, atol=1e-5)


@pytest.mark.slow
@pytest.mark.parametrize('flags, variables', [
    ((), ['rnn/basic_lstm_cell/kernel:0', 'rnn/basic_lstm_cell/bias:0']),
    (('--bidirectional',), ['bidirectional_rnn/fw/basic_lstm_cell/kernel:0',
                            'bidirectional_rnn/bw/basic_lstm_cell/kernel:0']),
])
def test_lstm_script_learns_under_the_runner(tmp_path, flags, variables):
    result = run_legacy(tmp_path, SCRIPTS / 'rnn_lstm.py', '--steps', '300', *flags)
    assert_clean_run(result)
    listed = re.search(r'^variables (.*)$', result.stdout, re.M).group(1).split()
    assert all(name in listed for name in variables), listed
    assert_learned(accuracy_after(r'Testing Accuracy: (\S+)', result.stdout), 0.85)
