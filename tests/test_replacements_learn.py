"""``tf.contrib.learn``'s estimators on tf.estimator: arrays fed as contrib.learn fed them
(the feature ``''``, batches of 128, shuffled and repeated for ``fit``, one pass for
``evaluate``), its default optimizers, its metric names with ``loss`` the mean loss per example
(checked against NumPy), and scripts in the contrib.learn style under the runner.
"""

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from conftest import subprocess_env

from test_run import REPO, SCRIPTS, accuracy_after, assert_learned, run_legacy
from tf1_mnist.runner.engine import table

pytestmark = pytest.mark.skipif(not table.installed('tensorflow_estimator'),
                                reason='needs the estimator extra')


@pytest.fixture(scope='module')
def learn():
    from tf1_mnist.runner.engine.replacements import contrib_learn
    return contrib_learn


@pytest.fixture(scope='module')
def data():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(300, 4)).astype(np.float32)
    y = np.argmax(x[:, :3] + 0.3 * rng.normal(size=(300, 3)), axis=1).astype(np.int32)
    return x, y


def test_columns_are_numeric_columns_of_the_input_shape(learn, data):
    import tensorflow.compat.v1 as tf
    x, _ = data
    column, = learn.infer_real_valued_columns_from_input(x)
    assert column == tf.feature_column.numeric_column('', shape=[4])
    assert learn.infer_real_valued_columns_from_input(np.zeros((2, 28, 28)))[0].shape == (28, 28)
    assert learn.real_valued_column('pixels', dimension=784) == (
        tf.feature_column.numeric_column('pixels', shape=[784]))
    assert learn.real_valued_column('age').shape == (1,)


# Training runs in a subprocess: the canned estimators' feature layers need tf-keras, which
# TensorFlow takes only when TF_USE_LEGACY_KERAS is set before its import.
TRAINING = textwrap.dedent('''
    import json
    import numpy as np
    import tensorflow.compat.v1 as tf
    from tf1_mnist.runner.engine.replacements import contrib_learn as learn, estimator

    rng = np.random.RandomState(0)
    x = rng.normal(size=(300, 4)).astype(np.float32)
    y = np.argmax(x[:, :3] + 0.3 * rng.normal(size=(300, 3)), axis=1).astype(np.int32)
    arrays, info = {}, {}

    def keep(prefix, model):
        for name in model.get_variable_names():
            if 'Adagrad' not in name and 'Ftrl' not in name:
                arrays[prefix + ':' + name] = model.get_variable_value(name)

    # numpy_input_fn's shuffling is not seeded by tf_random_seed, so the runs to be compared
    # exactly train on one example repeated: every batch is then the same whatever the order.
    same_x, same_y = np.repeat(x[:1], 300, axis=0), np.repeat(y[:1], 300)

    def train(model, batch_size, steps):
        model.train(estimator.inputs.numpy_input_fn({'': same_x}, same_y, batch_size=batch_size,
                                                    shuffle=True, num_epochs=None), steps=steps)

    columns = learn.infer_real_valued_columns_from_input(x)
    config = learn.RunConfig(tf_random_seed=7)
    ours = learn.DNNClassifier([8], columns, n_classes=3, model_dir=OUT + '/dnn_ours',
                               config=config)
    ours.fit(same_x, same_y, steps=12)
    keep('dnn_ours', ours)
    # tf.estimator's own classifier, contrib.learn's documented defaults spelled out: Adagrad
    # at 0.05, ReLU, batches of 128.
    theirs = estimator.DNNClassifier([8], columns, n_classes=3, model_dir=OUT + '/dnn_theirs',
                                     config=config, optimizer=tf.train.AdagradOptimizer(0.05),
                                     activation_fn=tf.nn.relu)
    train(theirs, 128, 12)
    keep('dnn_theirs', theirs)
    other = learn.DNNClassifier([8], columns, n_classes=3, model_dir=OUT + '/dnn_other',
                                config=config)
    other.fit(same_x, same_y, steps=12, batch_size=64)
    keep('dnn_other', other)

    # contrib.learn's linear model: FTRL at min(0.2, 1 / sqrt(number of columns)).
    columns = [learn.real_valued_column('', dimension=4)]
    config = learn.RunConfig(tf_random_seed=3)
    ours = learn.LinearClassifier(columns, n_classes=3, model_dir=OUT + '/linear_ours',
                                  config=config)
    ours.fit(same_x, same_y, steps=10, batch_size=50)
    keep('linear_ours', ours)
    theirs = estimator.LinearClassifier(columns, n_classes=3, model_dir=OUT + '/linear_theirs',
                                        config=config, optimizer=tf.train.FtrlOptimizer(0.2))
    train(theirs, 50, 10)
    keep('linear_theirs', theirs)

    classifier = learn.DNNClassifier([8], learn.infer_real_valued_columns_from_input(x),
                                     n_classes=3, model_dir=OUT + '/eval',
                                     config=learn.RunConfig(tf_random_seed=1))
    classifier.fit(x, y, steps=30, batch_size=32)
    info['metrics'] = {k: float(v) for k, v in classifier.evaluate(x, y, batch_size=64).items()}
    arrays['proba'] = classifier.predict_proba(x, as_iterable=False)
    predicted = list(classifier.predict(x))
    info['predict_types'] = sorted({type(c).__name__ for c in predicted})
    arrays['predict'] = np.array(predicted)
    arrays['predict_classes'] = classifier.predict_classes(x, as_iterable=False)
    sk = learn.SKCompat(classifier)
    for key, value in sk.predict(x).items():
        arrays['sk_' + key] = value
    info['sk_score'] = {k: float(v) for k, v in sk.score(x, y).items()}
    arrays['x'], arrays['y'] = x, y
    np.savez(OUT + '/arrays.npz', **arrays)
    with open(OUT + '/info.json', 'w') as f:
        json.dump(info, f)
''')


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp('learn')
    result = subprocess.run(
        [sys.executable, '-c', 'OUT = %r\n' % str(folder) + TRAINING], capture_output=True,
        text=True, timeout=600,
        env=subprocess_env({'PYTHONPATH': str(REPO), 'TF_USE_LEGACY_KERAS': '1',
                            'TF_CPP_MIN_LOG_LEVEL': '2'}))
    assert result.returncode == 0, result.stderr[-4000:]
    arrays = dict(np.load(folder / 'arrays.npz'))
    return arrays, json.loads((folder / 'info.json').read_text())


def weights(arrays, prefix):
    return {key.split(':', 1)[1]: value for key, value in arrays.items()
            if key.startswith(prefix + ':')}


def assert_same_weights(first, second):
    assert first and sorted(first) == sorted(second)
    for name in first:
        np.testing.assert_allclose(first[name], second[name], rtol=1e-6, err_msg=name)


@pytest.mark.slow
def test_fit_on_arrays_trains_as_a_shuffled_repeated_numpy_input_fn_of_128(trained):
    arrays, _ = trained
    theirs = weights(arrays, 'dnn_theirs')
    assert 'dnn/logits/kernel' in theirs
    assert_same_weights(weights(arrays, 'dnn_ours'), theirs)
    assert theirs['global_step'] == 12  # 12 batches of 128 from 300 examples: repeated
    # Another batch size trains other weights: the comparison can tell.
    assert not np.allclose(weights(arrays, 'dnn_other')['dnn/logits/kernel'],
                           theirs['dnn/logits/kernel'])


@pytest.mark.slow
def test_linear_classifier_uses_ftrl_as_contrib_learn_did(trained):
    arrays, _ = trained
    assert_same_weights(weights(arrays, 'linear_ours'), weights(arrays, 'linear_theirs'))


@pytest.mark.slow
def test_evaluate_and_predict_agree_with_numpy(trained):
    arrays, info = trained
    metrics, y, proba = info['metrics'], arrays['y'], arrays['proba']
    assert sorted(metrics) == ['accuracy', 'global_step', 'loss']
    assert metrics['global_step'] == 30
    assert proba.shape == (300, 3)
    assert info['predict_types'] == ['int']
    np.testing.assert_array_equal(arrays['predict'], arrays['predict_classes'])
    np.testing.assert_array_equal(arrays['predict'], np.argmax(proba, axis=1))
    # Over the whole set, once: accuracy and the mean cross-entropy per example.
    assert metrics['accuracy'] == pytest.approx(np.mean(arrays['predict'] == y), abs=1e-6)
    loss = -np.mean(np.log(proba[np.arange(len(y)), y]))
    assert metrics['loss'] == pytest.approx(loss, rel=1e-4)
    np.testing.assert_array_equal(arrays['sk_classes'], arrays['predict'])
    np.testing.assert_allclose(arrays['sk_probabilities'], proba, rtol=1e-6)
    assert info['sk_score']['accuracy'] == pytest.approx(metrics['accuracy'])


def test_input_fn_and_arrays_are_exclusive(learn, data, tmp_path):
    x, y = data
    classifier = learn.LinearClassifier(learn.infer_real_valued_columns_from_input(x),
                                        n_classes=3, model_dir=str(tmp_path))
    with pytest.raises(ValueError, match='either x'):
        classifier.fit(x, y, input_fn=lambda: None, steps=1)
    with pytest.raises(ValueError, match='gradient_clip_norm'):
        learn.DNNClassifier([4], [], gradient_clip_norm=5.0)


def test_the_rest_of_contrib_learn_is_refused_per_name():
    estimator = table.classify(('contrib', 'learn', 'Estimator'))
    assert estimator.kind == table.BLOCKED
    assert 'EstimatorSpec' in estimator.advice
    other = table.classify(('contrib', 'learn', 'TensorFlowEstimator'))
    assert other.kind == table.BLOCKED and 'DNNClassifier' in other.advice
    # What is provided is a note about the extra; the MNIST datasets need nothing.
    assert table.classify(('contrib', 'learn', 'DNNClassifier')).kind == table.NOTE
    assert table.classify(('contrib', 'learn', 'datasets', 'mnist')) is None


@pytest.mark.slow
def test_dnn_classifier_script_learns_mnist(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'learn_dnn.py', '--steps', '300',
                        pythonpath=(REPO,))
    assert result.returncode == 0, result.stderr[-3000:]
    assert_learned(accuracy_after(r'Accuracy: ([\d.]+)', result.stdout), 0.85)


@pytest.mark.slow
def test_linear_classifier_with_skcompat_learns_mnist_and_checkpoints(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'learn_dnn.py', '--linear', '--steps', '300',
                        '--model_dir', 'model', pythonpath=(REPO,))
    assert result.returncode == 0, result.stderr[-3000:]
    assert_learned(accuracy_after(r'Accuracy: ([\d.]+)', result.stdout), 0.85)
    assert (tmp_path / 'model' / 'model.ckpt-300.index').is_file()


@pytest.mark.slow
def test_check_reports_the_scripts_as_working(tmp_path):
    result = run_legacy(tmp_path, '--check', SCRIPTS / 'learn_dnn.py', pythonpath=(REPO,))
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'no problems found in 1 file' in result.stdout
    assert 'tf.contrib.learn.DNNClassifier needs the estimator extra' in result.stdout


def test_without_the_extra_the_datasets_still_work_and_the_estimators_say_what_to_install():
    import tensorflow as real_tf
    from tf1_mnist.runner.engine.namespace import LegacyAPI, UnsupportedSymbolError
    tf = LegacyAPI(real_tf, lambda module: module != 'tensorflow_estimator').root
    assert callable(tf.contrib.learn.datasets.mnist.read_data_sets)
    with pytest.raises(UnsupportedSymbolError, match=r"pip install 'tf1_mnist\[estimator\]'"):
        tf.contrib.learn.DNNClassifier
    # With it, tf.contrib.learn is the replacement module.
    tf = LegacyAPI(real_tf, table.installed).root
    from tf1_mnist.runner.engine.replacements import contrib_learn
    assert tf.contrib.learn.DNNClassifier is contrib_learn.DNNClassifier
    assert callable(tf.contrib.learn.datasets.mnist.read_data_sets)


@pytest.mark.slow
def test_a_validation_monitor_is_left_out_with_one_line(tmp_path):
    script = tmp_path / 'monitored.py'
    script.write_text(
        'import numpy as np\n'
        'import tensorflow as tf\n'
        'x = np.random.RandomState(0).normal(size=(64, 3)).astype(np.float32)\n'
        'y = (x[:, 0] > 0).astype(np.int32)\n'
        'monitor = tf.contrib.learn.monitors.ValidationMonitor(x, y, every_n_steps=5)\n'
        'classifier = tf.contrib.learn.LinearClassifier(\n'
        '    tf.contrib.learn.infer_real_valued_columns_from_input(x))\n'
        'for _ in range(2):\n'
        '    classifier.fit(x, y, steps=3, monitors=[monitor])\n'
        'print("global step", classifier.evaluate(x, y)["global_step"])\n')
    result = run_legacy(tmp_path, script, pythonpath=(REPO,))
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'global step 6' in result.stdout
    assert result.stderr.count('ValidationMonitor') == 1, result.stderr
