"""``tf.contrib.learn.Experiment`` run by ``learn_runner.run`` under the runner, on
``tf.estimator.train_and_evaluate``: it trains ``train_steps``, evaluates on all the evaluation
data, and its accuracy is that of the trained model computed again with NumPy."""

import re

import numpy as np
import pytest

from test_run import REPO, SCRIPTS, run_legacy

pytestmark = pytest.mark.slow


def test_learn_runner_trains_and_evaluates_the_experiment(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'learn_experiment.py', tmp_path / 'model',
                        pythonpath=(REPO,))
    assert result.returncode == 0, result.stderr
    line = re.search(r'^global_step (\d+) accuracy (\S+) mean_label (\S+)$', result.stdout,
                     re.M)
    assert line, result.stdout
    assert int(line.group(1)) == 60
    # The accuracy reported is that of the checkpoint's weights on the evaluation data.
    from tensorflow.train import load_checkpoint
    reader = load_checkpoint(str(tmp_path / 'model'))
    kernel, bias = reader.get_tensor('dense/kernel'), reader.get_tensor('dense/bias')
    rng = np.random.RandomState(0)
    x = rng.normal(size=(400, 2)).astype(np.float32)
    y = (x[:, 0] + 2 * x[:, 1] > 0).astype(np.int32)
    accuracy = np.mean(np.argmax(x @ kernel + bias, axis=1) == y)
    assert float(line.group(2)) == pytest.approx(accuracy, abs=1e-4)
    assert accuracy > 0.9
    assert float(line.group(3)) == pytest.approx(y.mean(), abs=1e-4)  # contrib.estimator's metric
    assert (tmp_path / 'model' / 'eval').is_dir()
    assert re.search(r'^modes train eval$', result.stdout, re.M), result.stdout


def test_learn_runner_runs_the_schedule_named(tmp_path):
    result = run_legacy(tmp_path, SCRIPTS / 'learn_experiment.py', tmp_path / 'model', 'train',
                        pythonpath=(REPO,))
    assert result.returncode == 0, result.stderr
    assert re.search(r'^modes train$', result.stdout, re.M), result.stdout
    assert not (tmp_path / 'model' / 'eval').exists()
