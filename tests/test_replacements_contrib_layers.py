"""``tf.contrib.layers``, ``tf.contrib.framework`` and ``tf.contrib.slim`` as tf-slim provides
them: the TF 1.15 defaults, variable names and collections, checked against NumPy and against
the documented formulas, not against tf-slim itself.

The graphs are built in one subprocess switched to TF1 behaviour, as the runner does; it saves
what it computed to an .npz file that the tests read. Then scripts in the TF 1.x style run
under the runner, and ``--check`` reads one.
"""

import json
import math
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from conftest import subprocess_env
from test_run import SCRIPTS, accuracy_after, assert_clean_run, assert_learned, run_legacy

GRAPHS = textwrap.dedent('''
    import importlib
    import json
    import numpy as np
    import tensorflow as tf
    tf.compat.v1.disable_v2_behavior()
    v1 = tf.compat.v1
    layers = importlib.import_module('tf1_mnist.runner.engine.replacements.contrib_layers')
    framework = importlib.import_module('tf1_mnist.runner.engine.replacements.contrib_framework')
    slim = importlib.import_module('tf1_mnist.runner.engine.replacements.contrib_slim')
    out, info = {}, {}
    rng = np.random.RandomState(0)

    def names(key):
        return [v.name for v in v1.get_collection(key)]

    # fully_connected next to tf.layers.dense + ReLU, on the same weights.
    with tf.Graph().as_default():
        v1.set_random_seed(1)
        x = v1.placeholder(tf.float32, [None, 20])
        fc = layers.fully_connected(x, 7)
        fc2 = layers.fully_connected(fc, 3, activation_fn=None)
        dense = v1.layers.dense(x, 7, activation=tf.nn.relu, name='dense')
        info['fc_variables'] = [(v.name, v.shape.as_list()) for v in v1.global_variables()]
        info['fc_model_variables'] = names(v1.GraphKeys.MODEL_VARIABLES)
        info['fc_trainable'] = names(v1.GraphKeys.TRAINABLE_VARIABLES)
        weights, biases = v1.global_variables()[:2]
        kernel, bias = [v for v in v1.global_variables() if v.name.startswith('dense/')]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            out['fc_initial_biases'] = sess.run(biases)
            sess.run(biases.assign(rng.normal(size=7).astype(np.float32)))
            sess.run([kernel.assign(weights), bias.assign(biases)])
            out['fc_x'] = rng.normal(size=(5, 20)).astype(np.float32)
            out['fc_w'], out['fc_b'], out['fc_y'], out['dense_y'] = sess.run(
                [weights, biases, fc, dense], {x: out['fc_x']})

    # Initializers: large samples of the documented distributions.
    with tf.Graph().as_default():
        shape = [300, 500]
        xavier = layers.xavier_initializer()(shape)
        xavier_normal = layers.xavier_initializer(uniform=False)(shape)
        msra = layers.variance_scaling_initializer()(shape)
        caffe = layers.variance_scaling_initializer(factor=1.0, uniform=True)(shape)
        conv = layers.xavier_initializer_conv2d()([5, 5, 32, 64])
        with v1.Session() as sess:
            (out['xavier'], out['xavier_normal'], out['msra'], out['caffe'],
             out['xavier_conv']) = sess.run([xavier, xavier_normal, msra, caffe, conv])

    # conv2d, max_pool2d, avg_pool2d, flatten with their defaults.
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None, 6, 6, 2])
        conv = layers.conv2d(x, 3, [3, 3])
        pooled = layers.max_pool2d(x, [2, 2])
        averaged = layers.avg_pool2d(x, [3, 3], stride=3)
        flat = layers.flatten(x)
        info['conv_variables'] = [(v.name, v.shape.as_list()) for v in v1.global_variables()]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            w, b = v1.global_variables()
            sess.run(b.assign(rng.normal(size=3).astype(np.float32)))
            out['conv_x'] = rng.normal(size=(2, 6, 6, 2)).astype(np.float32)
            out['conv_w'], out['conv_b'], out['conv_y'], out['pool_y'], out['avg_y'], \\
                out['flat_y'] = sess.run([w, b, conv, pooled, averaged, flat],
                                         {x: out['conv_x']})

    # batch_norm: variables, update ops, the normalisation and the moving averages.
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None, 4])
        training = v1.placeholder(tf.bool, [])
        normed = layers.batch_norm(x, is_training=training)
        info['bn_variables'] = [(v.name, v.trainable) for v in v1.global_variables()]
        info['bn_update_ops'] = len(v1.get_collection(v1.GraphKeys.UPDATE_OPS))
        info['bn_model_variables'] = names(v1.GraphKeys.MODEL_VARIABLES)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            out['bn_x'] = (rng.normal(size=(16, 4)) * 3 + 5).astype(np.float32)
            out['bn_train_y'], _ = sess.run(
                [normed, v1.get_collection(v1.GraphKeys.UPDATE_OPS)],
                {x: out['bn_x'], training: True})
            moving = [v for v in v1.global_variables() if 'moving' in v.name]
            out['bn_moving_mean'], out['bn_moving_variance'] = sess.run(moving)
            out['bn_test_y'] = sess.run(normed, {x: out['bn_x'], training: False})

    # dropout: keep_prob 0.5, scaled by 2 when training, the identity otherwise.
    with tf.Graph().as_default():
        x = tf.ones([200, 50])
        with v1.Session() as sess:
            out['dropout_train'], out['dropout_test'] = sess.run(
                [layers.dropout(x), layers.dropout(x, is_training=False)])

    # Regularizers, their collection, apply_regularization; arg_scope from framework over
    # slim's fully_connected, which is contrib.layers' own.
    with tf.Graph().as_default():
        w = tf.constant([[1.0, -2.0], [3.0, -4.0]])
        with framework.arg_scope([layers.fully_connected],
                                 weights_regularizer=layers.l2_regularizer(0.5),
                                 activation_fn=None):
            scoped = slim.fully_connected(tf.ones([1, 3]), 2, scope='scoped')
        info['same_function'] = slim.fully_connected is layers.fully_connected
        framework.local_variable([1.0], name='counter')
        info['local_variables'] = names(v1.GraphKeys.LOCAL_VARIABLES)
        info['regularization_losses'] = names(v1.GraphKeys.REGULARIZATION_LOSSES)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            out['l1'], out['l2'], out['applied'] = sess.run([
                layers.l1_regularizer(0.1)(w), layers.l2_regularizer(0.1)(w),
                layers.apply_regularization(layers.l1_regularizer(0.1), [w, 2 * w])])
            out['scoped_w'] = sess.run(v1.get_collection(v1.GraphKeys.MODEL_VARIABLES)[0])
            out['scoped_reg'] = sess.run(
                v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)[0])

    # optimize_loss with plain SGD: one step is w - learning_rate * gradient.
    with tf.Graph().as_default():
        w = v1.get_variable('w', initializer=tf.constant([1.0, -3.0]))
        loss = tf.reduce_sum(tf.square(w))
        step = framework.get_or_create_global_step()
        train = layers.optimize_loss(loss, step, learning_rate=0.1, optimizer='SGD')
        layers.summarize_tensor(loss)
        info['summaries'] = sorted(op.name for op in v1.get_collection(v1.GraphKeys.SUMMARIES))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            out['optimize_loss_value'] = sess.run(train)
            out['optimize_w'], out['optimize_step'] = sess.run([w, step])

''')

SAVE = textwrap.dedent('''
    np.savez(OUT + '.npz', **out)
    with open(OUT + '.json', 'w') as f:
        json.dump(info, f)
''')


@pytest.fixture(scope='module')
def graphs(tmp_path_factory):
    """One TF1-behaviour process builds the graphs and checks the names below (each TensorFlow
    start costs seconds)."""
    prefix = str(tmp_path_factory.mktemp('contrib_layers') / 'out')
    result = subprocess.run(
        [sys.executable, '-c', 'OUT = %r\n' % prefix + GRAPHS + REFERENCES + LISTED_NAMES + SAVE],
        capture_output=True,
        text=True, timeout=600,
        env=subprocess_env({'TF_USE_LEGACY_KERAS': '1', 'TF_CPP_MIN_LOG_LEVEL': '2'}))
    assert result.returncode == 0, result.stderr[-4000:]
    with open(prefix + '.json') as f:
        info = json.load(f)
    return dict(np.load(prefix + '.npz')), info


def test_fully_connected_is_dense_with_relu_and_tf1_names(graphs):
    out, info = graphs
    assert info['fc_variables'][:4] == [
        ['fully_connected/weights:0', [20, 7]], ['fully_connected/biases:0', [7]],
        ['fully_connected_1/weights:0', [7, 3]], ['fully_connected_1/biases:0', [3]]]
    assert info['fc_model_variables'] == [name for name, _ in info['fc_variables'][:4]]
    assert 'fully_connected/weights:0' in info['fc_trainable']
    np.testing.assert_array_equal(out['fc_initial_biases'], np.zeros(7))
    expected = np.maximum(out['fc_x'] @ out['fc_w'] + out['fc_b'], 0)
    assert (expected == 0).any() and (expected > 0).any()
    np.testing.assert_allclose(out['fc_y'], expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(out['dense_y'], out['fc_y'], rtol=1e-6, atol=1e-6)


def test_xavier_is_uniform_glorot_by_default(graphs):
    out, _ = graphs
    limit = math.sqrt(6.0 / (300 + 500))
    sample = out['xavier']
    assert np.abs(sample).max() <= limit
    assert np.abs(sample).max() > 0.99 * limit
    np.testing.assert_allclose(sample.var(), limit ** 2 / 3, rtol=0.02)
    assert abs(sample.mean()) < 0.01 * limit
    conv_limit = math.sqrt(6.0 / (5 * 5 * 32 + 5 * 5 * 64))
    assert conv_limit * 0.99 < np.abs(out['xavier_conv']).max() <= conv_limit


def test_variance_scaling_is_the_contrib_truncated_normal(graphs):
    out, _ = graphs
    # TF 1.x contrib: truncated normal with stddev sqrt(1.3 * factor / n), cut at 2 stddev;
    # a normal cut at 2 stddev keeps 0.8796 of its standard deviation.
    kept = 0.87962566103423978
    for key, factor, n in (('xavier_normal', 1.0, 400.0), ('msra', 2.0, 300.0)):
        stddev = math.sqrt(1.3 * factor / n)
        sample = out[key]
        assert np.abs(sample).max() <= 2 * stddev
        np.testing.assert_allclose(sample.std(), stddev * kept, rtol=0.02)
    caffe_limit = math.sqrt(3.0 / 300)
    assert caffe_limit * 0.99 < np.abs(out['caffe']).max() <= caffe_limit


def test_conv2d_and_pooling_defaults(graphs):
    out, info = graphs
    assert info['conv_variables'] == [['Conv/weights:0', [3, 3, 2, 3]], ['Conv/biases:0', [3]]]
    x, w, b = out['conv_x'], out['conv_w'], out['conv_b']
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))  # SAME for a 3x3 kernel
    expected = np.zeros((2, 6, 6, 3), np.float32)
    for i in range(6):
        for j in range(6):
            expected[:, i, j] = np.einsum('nhwc,hwcd->nd', padded[:, i:i + 3, j:j + 3], w)
    np.testing.assert_allclose(out['conv_y'], np.maximum(expected + b, 0), atol=1e-5)
    # max_pool2d: stride 2, VALID; avg_pool2d likewise with the stride given.
    np.testing.assert_array_equal(out['pool_y'], x.reshape(2, 3, 2, 3, 2, 2).max(axis=(2, 4)))
    np.testing.assert_allclose(out['avg_y'], x.reshape(2, 2, 3, 2, 3, 2).mean(axis=(2, 4)),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(out['flat_y'], x.reshape(2, 72))


def test_batch_norm_defaults_variables_and_update_ops(graphs):
    out, info = graphs
    # center=True, scale=False: a beta and no gamma; decay 0.999, epsilon 0.001.
    assert info['bn_variables'] == [['BatchNorm/beta:0', True],
                                    ['BatchNorm/moving_mean:0', False],
                                    ['BatchNorm/moving_variance:0', False]]
    assert info['bn_model_variables'] == [name for name, _ in info['bn_variables']]
    assert info['bn_update_ops'] == 2
    x = out['bn_x']
    mean, var = x.mean(axis=0), x.var(axis=0)
    np.testing.assert_allclose(out['bn_train_y'], (x - mean) / np.sqrt(var + 0.001),
                               rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(out['bn_moving_mean'], 0.001 * mean, rtol=1e-4)
    # The moving variance is updated with the unbiased batch variance.
    unbiased = x.var(axis=0, ddof=1)
    np.testing.assert_allclose(out['bn_moving_variance'], 0.999 + 0.001 * unbiased, rtol=1e-4)
    np.testing.assert_allclose(
        out['bn_test_y'], (x - out['bn_moving_mean']) / np.sqrt(out['bn_moving_variance'] + 0.001),
        rtol=1e-4, atol=1e-4)


def test_dropout_keeps_half_scaled_by_two_when_training(graphs):
    out, _ = graphs
    train = out['dropout_train']
    assert set(np.unique(train)) == {0.0, 2.0}
    assert 0.45 < (train == 2.0).mean() < 0.55
    np.testing.assert_array_equal(out['dropout_test'], np.ones((200, 50)))


def test_regularizers_and_arg_scope(graphs):
    out, info = graphs
    w = np.array([[1.0, -2.0], [3.0, -4.0]])
    np.testing.assert_allclose(out['l1'], 0.1 * np.abs(w).sum(), rtol=1e-6)
    np.testing.assert_allclose(out['l2'], 0.1 * (w ** 2).sum() / 2, rtol=1e-6)
    np.testing.assert_allclose(out['applied'], 0.1 * 3 * np.abs(w).sum(), rtol=1e-6)
    assert info['same_function']
    assert info['local_variables'] == ['counter:0']
    assert info['regularization_losses'][0].startswith('scoped/')
    np.testing.assert_allclose(out['scoped_reg'], 0.5 * (out['scoped_w'] ** 2).sum() / 2,
                               rtol=1e-5)


def test_optimize_loss_takes_one_sgd_step_and_counts_it(graphs):
    out, info = graphs
    w = np.array([1.0, -3.0])
    stepped = w - 0.1 * 2 * w
    # The loss optimize_loss returns is the loss tensor behind the update, as in TF1; nothing in
    # the graph orders its read of w before the update (only the gradients are), so it is the
    # loss before the step or, when the update ran first, after it.
    value = out['optimize_loss_value']
    assert np.isclose(value, (w ** 2).sum()) or np.isclose(value, (stepped ** 2).sum()), value
    np.testing.assert_allclose(out['optimize_w'], stepped, rtol=1e-6)
    assert out['optimize_step'] == 1
    # optimize_loss's default summaries: the loss and the global gradient norm (the learning
    # rate only with a decay function), and summarize_tensor's own.
    assert info['summaries'] == ['OptimizeLoss/global_norm/gradient_norm:0',
                                 'OptimizeLoss/loss:0', 'Sum_summary:0']


REFERENCES = textwrap.dedent('''
    import ast, os, pkgutil
    import tf_slim
    layers.tf_slim()
    missing = []
    for module_info in pkgutil.walk_packages(tf_slim.__path__, 'tf_slim.'):
        if module_info.name.endswith('_test') or '.nets.' in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        tree = ast.parse(open(module.__file__).read())
        private = {alias.asname or alias.name for node in ast.walk(tree)
                   if isinstance(node, ast.ImportFrom)
                   and (node.module or '').startswith('tensorflow.python')
                   for alias in node.names}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in private
                    and isinstance(getattr(module, node.value.id, None), type(os))
                    and not hasattr(getattr(module, node.value.id), node.attr)):
                missing.append('%s: %s.%s' % (module_info.name, node.value.id, node.attr))
    info['tf_slim_missing'] = sorted(set(missing))
''')


def test_every_name_tf_slim_takes_from_tensorflow_internals_exists(graphs):
    # tf-slim 1.1.0 predates TensorFlow 2.21; what it reaches for in TensorFlow's private
    # modules (ops.Tensor, control_flow_ops.cond, ...) must all be there after the repair.
    _, info = graphs
    assert info['tf_slim_missing'] == []


LISTED_NAMES = textwrap.dedent('''
    info['unresolved'] = []
    for family in ('contrib_layers', 'contrib_framework', 'contrib_slim', 'contrib_rnn',
                   'estimator'):
        module = importlib.import_module('tf1_mnist.runner.engine.replacements.' + family)
        for name in module.__all__:
            try:
                getattr(module, name)
            except Exception as error:
                info['unresolved'].append(
                    '%s.%s: %s: %s' % (family, name, type(error).__name__, error))
''')


def test_every_name_a_replacement_lists_resolves(graphs):
    # The runner and --check trust each module's __all__ without importing it.
    _, info = graphs
    assert info['unresolved'] == []


# Scripts in the TF 1.x style, under the runner.

@pytest.mark.slow
def test_fully_connected_matches_dense_under_the_runner(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'slim_cnn.py', '--compare')
    assert_clean_run(result)
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts['variables'] == [['fully_connected/weights:0', [30, 20]],
                                  ['fully_connected/biases:0', [20]],
                                  ['dense/kernel:0', [30, 20]], ['dense/bias:0', [20]]]
    assert facts['model_variables'] == ['fully_connected/weights:0', 'fully_connected/biases:0']
    assert facts['max_difference'] == 0.0
    assert 0 < facts['zeros'] < 8 * 20  # the ReLU that fully_connected applies by default


SKLEARN_WHEN_NEEDED = textwrap.dedent('''\
    import sys
    import tensorflow as tf
    net = tf.contrib.layers.fully_connected(tf.zeros([2, 3]), 4)
    from tf_slim.losses import metric_learning
    print('scikit-learn loaded:', 'sklearn' in sys.modules)
    print('HAS_SKLEARN:', metric_learning.HAS_SKLEARN)
    print('rand score:', metric_learning.metrics.adjusted_rand_score([0, 0, 1, 1], [1, 1, 0, 0]))
    import sklearn.metrics
    print('the same function:', metric_learning.metrics.adjusted_rand_score
          is sklearn.metrics.adjusted_rand_score)
''')


def test_scikit_learn_is_imported_when_a_clustering_loss_needs_it(tmp_path):
    """tf-slim imports scikit-learn's metrics as it loads; the runner's tf-slim does that when
    ``metric_learning.metrics`` is first used, and it is then scikit-learn's own module."""
    (tmp_path / 'slim_loss.py').write_text(SKLEARN_WHEN_NEEDED)
    result = run_legacy(tmp_path, tmp_path / 'slim_loss.py')
    assert_clean_run(result)
    assert result.stdout.splitlines() == ['scikit-learn loaded: False', 'HAS_SKLEARN: True',
                                          'rand score: 1.0', 'the same function: True']


@pytest.mark.slow
def test_slim_network_learns_under_the_runner(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'slim_cnn.py', '--steps', '200')
    assert_clean_run(result)
    # Per layer: conv1, conv2, fc3 have weights and batch norm's beta, moving mean and
    # variance; fc4 weights and biases. The weight decay of the four weights; two moving
    # averages per batch norm, which the test accuracy depends on.
    assert 'model variables 14 regularization losses 4 update ops 6' in result.stdout
    assert_learned(accuracy_after(r'test accuracy (\S+)', result.stdout), 0.93)


def test_check_notes_the_contrib_extra_and_refuses_what_it_lacks(tmp_path):
    script = tmp_path / 'old.py'
    script.write_text(textwrap.dedent('''\
        import tensorflow as tf
        import tensorflow.contrib.slim as slim
        from tensorflow.contrib import rnn
        net = tf.contrib.layers.fully_connected(x, 10)
        column = tf.contrib.layers.real_valued_column('x', dimension=784)
        scope = tf.contrib.framework.arg_scope([slim.conv2d])
        model = tf.estimator.DNNClassifier([10], [column])
        cell = rnn.BasicLSTMCell(10)
        ids = tf.contrib.layers.embed_sequence(x, 10, 4)
        '''))
    result = run_legacy(tmp_path, '--check', script)
    assert result.returncode == 1, result.stdout
    lines = result.stdout.splitlines()
    assert lines == [
        "%s:2: note: tf.contrib.slim needs the contrib extra (tf-slim, tf-keras), which is "
        "installed" % script,
        "%s:3: note: tf.contrib.rnn needs the legacy-layers extra (tf-keras), which is "
        "installed" % script,
        "%s:4: note: tf.contrib.layers.fully_connected needs the contrib extra (tf-slim, "
        "tf-keras), which is installed" % script,
        "%s:5: note: tf.contrib.layers.real_valued_column needs the estimator extra "
        "(tensorflow-estimator, tf-keras), which is installed" % script,
        "%s:6: note: tf.contrib.framework.arg_scope needs the contrib extra (tf-slim, "
        "tf-keras), which is installed" % script,
        "%s:6: note: tf.contrib.slim.conv2d needs the contrib extra (tf-slim, tf-keras), "
        "which is installed" % script,
        "%s:7: note: tf.estimator.DNNClassifier needs the estimator extra "
        "(tensorflow-estimator, tf-keras), which is installed" % script,
        "%s:8: note: tf.contrib.rnn.BasicLSTMCell needs the legacy-layers extra (tf-keras), "
        "which is installed" % script,
        "%s:9: tf.contrib.layers.embed_sequence is not available in TensorFlow 2; use "
        "tf.nn.embedding_lookup on a tf.get_variable matrix instead" % script,
        '1 problem found in 1 file',
    ]
