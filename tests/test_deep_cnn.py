"""The deep CNN lesson: graph, short real training, batched evaluation, resume, TensorBoard."""

import glob
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from conftest import assert_quiet, lines_of, run_module, subprocess_env, usage_error
from tf1_mnist import checkpoints, deep_cnn, evaluation, input_data, mlp, runtime
from tf1_mnist.quiet import import_v1

SCOPES = ['reshape', 'conv1', 'pool1', 'conv2', 'pool2', 'fc1', 'dropout', 'fc2', 'loss',
          'adam_optimizer', 'accuracy']


@pytest.fixture(scope='module')
def tf():
    return import_v1()


def quiet(*args):
    pass


@pytest.fixture(scope='module')
def trained(tmp_path_factory, mnist_one_hot):
    """A short real run with checkpoints; reused by the evaluation tests."""
    checkpoint_dir = str(tmp_path_factory.mktemp('ckpt'))
    lines = []
    result = deep_cnn.train(max_steps=300, seed=3, checkpoint_dir=checkpoint_dir,
                            save_every=100, mnist=mnist_one_hot, out=lines.append)
    return result, checkpoint_dir, lines


def test_graph_parameters_shapes_and_name_scopes(tf):
    with tf.Graph().as_default() as graph:
        g = deep_cnn.build_graph(tf)
        params = sum(int(np.prod(v.shape)) for v in tf.trainable_variables())
        assert params == 3274634
        assert g.y_conv.shape.as_list() == [None, 10]
        assert g.x.shape.as_list() == [None, 784]
        ops = {op.name.split('/')[0] for op in graph.get_operations()}
        assert set(SCOPES) <= ops
        assert graph.get_tensor_by_name('pool2/MaxPool:0').shape.as_list() == [None, 7, 7, 64]
        assert graph.get_tensor_by_name('fc1/Relu:0').shape.as_list() == [None, 1024]
        assert g.keep_prob.name == 'dropout/keep_prob:0'
        slots = [v.name for v in tf.global_variables() if 'Adam' in v.name]
        assert len(slots) == 2 * 8  # Adam's m and v for each of the 8 variables


@pytest.mark.slow
def test_short_run_learns_and_prints_the_lesson_lines(trained):
    result, _, lines = trained
    assert result.steps == 300 and result.start_step == 0
    assert result.test_accuracy >= 0.90
    assert lines[:3] == ['step %d, training accuracy %g' % h for h in result.history]
    assert [h[0] for h in result.history] == [0, 100, 200]
    assert lines[-1] == 'test accuracy %g' % result.test_accuracy


@pytest.mark.slow
def test_batched_evaluation_equals_one_shot(tf, trained, mnist_one_hot):
    _, checkpoint_dir, _ = trained
    images, labels = mnist_one_hot.test.images, mnist_one_hot.test.labels
    with tf.Graph().as_default():
        g = deep_cnn.build_graph(tf)
        with tf.Session() as sess:
            checkpoints.Checkpointer(tf, checkpoint_dir).restore(
                sess, checkpoints.latest_checkpoint(tf, checkpoint_dir))
            one_shot = sess.run(g.accuracy, {g.x: images, g.y_: labels, g.keep_prob: 1.0})
            feed = {'x': g.x, 'y_': g.y_, g.keep_prob: 1.0}
            for batch_size in (1000, 999, 10000):
                batched = evaluation.evaluate_in_batches(sess, g.correct_prediction, feed,
                                                       images, labels, batch_size)
                assert batched == one_shot
    assert 0.9 <= one_shot < 1.0


@pytest.mark.slow
def test_eval_only_and_predict_agree_with_training(trained, mnist_one_hot):
    result, checkpoint_dir, _ = trained
    lines = []
    accuracy, predicted = runtime.restore_and_run(
        deep_cnn.DeepCNN(mnist=mnist_one_hot), runtime.RunSettings(checkpoint_dir=checkpoint_dir),
        predict=20, out=lines.append)
    assert accuracy == pytest.approx(result.test_accuracy, abs=1e-7)
    assert lines[0] == 'restored step 300 from %s' % checkpoint_dir
    assert lines[1] == 'test accuracy %g' % accuracy
    true = mnist_one_hot.test.labels[:20].argmax(1)
    assert len(lines) == 22
    for i, line in enumerate(lines[2:]):
        assert line.startswith('image %d: predicted %d, true %d' % (i, predicted[i], true[i]))
    assert (predicted == true).mean() >= 0.8


def with_small_test_set(data, count=500):
    """``data`` with only its first ``count`` test images, for the tests that compare runs or
    look at files rather than measure accuracy: evaluating the whole test set is most of a
    short run's time."""
    return data._replace(test=input_data.DataSet(data.test.images[:count],
                                                 data.test.labels[:count], dtype=np.uint8))


@pytest.mark.slow
def test_same_seed_same_training_accuracies():
    histories = []
    for _ in range(2):
        data = with_small_test_set(input_data.read_data_sets('/nonexistent', one_hot=True,
                                                             seed=5))
        result = deep_cnn.train(max_steps=60, log_every=10, seed=5, mnist=data, out=quiet)
        histories.append((result.history, result.test_accuracy))
    assert histories[0] == histories[1]
    assert len(set(acc for _, acc in histories[0][0])) > 1  # it did train


@pytest.mark.slow
def test_resume_is_exact(tmp_path):
    """Stopped at step 17 and resumed, a seeded run logs the same training accuracies and
    reaches the same test accuracy as an uninterrupted one: weights, Adam's slots, the data
    position and the dropout's random numbers all resume where they stood."""
    def data():
        return with_small_test_set(input_data.read_data_sets('/nonexistent', one_hot=True,
                                                             seed=5))
    common = dict(log_every=5, seed=5, out=quiet)
    whole = deep_cnn.train(max_steps=40, mnist=data(), **common)
    ckpt = str(tmp_path / 'ckpt')
    first = deep_cnn.train(max_steps=17, checkpoint_dir=ckpt, save_every=100, mnist=data(),
                           **common)
    lines = []
    second = deep_cnn.train(max_steps=40, checkpoint_dir=ckpt, save_every=100, mnist=data(),
                            **dict(common, out=lines.append))
    assert lines[0] == 'resumed from step 17'
    assert first.history + second.history == whole.history
    assert second.test_accuracy == whole.test_accuracy


def test_checkpoint_of_another_model_is_refused_in_one_whole_sentence(tmp_path,
                                                                      mnist_one_hot):
    ckpt = str(tmp_path / 'ckpt')
    mlp.train('dense-100', max_steps=2, checkpoint_dir=ckpt, mnist=mlp.read_mnist(
        '/nonexistent'), out=quiet)
    with pytest.raises(checkpoints.CheckpointError) as info:
        deep_cnn.train(max_steps=3, checkpoint_dir=ckpt, mnist=mnist_one_hot, out=quiet)
    message = str(info.value)
    assert message.startswith('checkpoint %s/model.ckpt-2 does not fit this model: ' % ckpt)
    assert 'not found in checkpoint' in message and '\n' not in message
    assert not message.rstrip().endswith(':')


@pytest.mark.slow
def test_tensorboard_event_file_has_graph_and_scalars(tf, tmp_path, mnist_one_hot):
    log_dir = tmp_path / 'logs'
    deep_cnn.train(max_steps=30, log_every=10, seed=1, log_dir=str(log_dir),
                   mnist=with_small_test_set(mnist_one_hot), out=quiet)
    files = glob.glob(str(log_dir / 'events.out.tfevents.*'))
    assert len(files) == 1
    has_graph, tags, steps = False, set(), []
    for event in tf.train.summary_iterator(files[0]):
        has_graph = has_graph or bool(event.graph_def)
        for value in event.summary.value:
            tags.add(value.tag)
            steps.append(event.step)
    assert has_graph
    assert tags == {'summaries/cross_entropy', 'summaries/training_accuracy'}
    assert sorted(set(steps)) == [0, 10, 20]


@pytest.mark.slow
def test_no_log_dir_writes_nothing(tmp_path, mnist_one_hot, monkeypatch):
    monkeypatch.chdir(tmp_path)
    deep_cnn.train(max_steps=2, mnist=with_small_test_set(mnist_one_hot), out=quiet)
    assert os.listdir(tmp_path) == []


def checkpoint_steps(directory):
    return sorted(int(p.rsplit('-', 1)[1].split('.')[0])
                  for p in glob.glob(os.path.join(directory, 'model.ckpt-*.index')))


@pytest.mark.slow
def test_resume_after_sigkill(tmp_path):
    """kill -9 after a checkpoint: the next run resumes from it and finishes; eval_only works."""
    ckpt = tmp_path / 'ckpt'
    args = ['--max_steps', '160', '--save_every', '40', '--log_every', '40', '--seed', '2',
            '--checkpoint_dir', str(ckpt)]
    proc = subprocess.Popen([sys.executable, '-m', 'tf1_mnist.deep_cnn', *args], cwd=str(tmp_path),
                            env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if os.path.exists(ckpt / 'checkpoint') and checkpoint_steps(str(ckpt)):
            break
        time.sleep(0.05)
    assert proc.poll() is None, 'finished before it could be killed:\n' + proc.stdout.read()
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    saved = checkpoint_steps(str(ckpt))
    assert saved and max(saved) < 160

    second = run_module('tf1_mnist.deep_cnn', *args, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    lines = lines_of(second.stdout)
    resumed = [l for l in lines if l.startswith('resumed from step')]
    assert len(resumed) == 1
    start = int(resumed[0].split()[-1])
    assert start >= max(saved) and start % 40 == 0
    steps_logged = [int(l.split()[1].rstrip(',')) for l in lines if l.startswith('step ')]
    assert steps_logged == list(range(start, 160, 40))
    final = [l for l in lines if l.startswith('test accuracy')]
    assert len(final) == 1 and float(final[0].split()[-1]) > 0.8
    assert max(checkpoint_steps(str(ckpt))) == 160
    kept = checkpoint_steps(str(ckpt))
    assert len(kept) <= 3  # max_to_keep still prunes the first run's checkpoints
    positions = set(glob.glob(str(ckpt / '*.position.npz')))
    assert positions == {'%s/model.ckpt-%d.position.npz' % (ckpt, s) for s in kept}

    third = run_module('tf1_mnist.deep_cnn', '--eval_only', '--checkpoint_dir', ckpt, cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert_quiet(third.stdout + third.stderr)
    assert lines_of(third.stdout)[-1] == final[0]


@pytest.mark.parametrize('flags, message', [
    (['--keep_prob', '0'], "argument --keep_prob: expected a number in (0, 1], got '0'"),
    (['--keep_prob', '1.5'], "argument --keep_prob: expected a number in (0, 1], got '1.5'"),
    (['--batch_size', '0'], "argument --batch_size: expected a positive integer, got '0'"),
    (['--log_every', '-1'], "argument --log_every: expected a positive integer"),
    (['--eval_only'], '--eval_only and --predict need --checkpoint_dir'),
])
def test_misuse_exits_2_with_one_line(capsys, flags, message):
    assert message in usage_error(capsys, deep_cnn.main, flags)


def test_eval_only_on_empty_directory_exits_2(tmp_path, capsys):
    err = usage_error(capsys, deep_cnn.main, ['--eval_only', '--checkpoint_dir', str(tmp_path)])
    assert 'no checkpoint in %s' % tmp_path in err
