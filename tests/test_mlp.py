"""The MLP lessons: graphs and losses against the lessons' Keras formulas, short real runs,
batch orders, exact resume, eval/predict, TensorBoard and the command line."""

import glob
import os
import re

import numpy as np
import pytest

from conftest import assert_quiet, lines_of, run_module, usage_error
from tf1_mnist import checkpoints, mlp, runtime
from tf1_mnist.quiet import import_v1

PARAMETERS = {
    'dense-512': 784 * 512 + 512 + 512 * 10 + 10,                        # 407,050
    'dense-256-128-64-32': (784 * 256 + 256 + 256 * 128 + 128 + 128 * 64 + 64
                            + 64 * 32 + 32 + 32 * 10 + 10),               # 244,522
    'dense-100': 784 * 100 + 100 + 100 * 10 + 10,                         # 79,510
    'dense-512-256-mse': 784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10,  # 535,818
}
EPOCH_LINE = re.compile(r'^(\d+)/(\d+) - loss: \d+\.\d{4} - accuracy: (\d\.\d{4}) - '
                        r'val_loss: \d+\.\d{4} - val_accuracy: (\d\.\d{4})$')


@pytest.fixture(scope='module')
def tf():
    return import_v1()


@pytest.fixture(scope='module')
def mnist():
    """The bundled MNIST as the lessons read it: 60,000 training images, class labels."""
    return mlp.read_mnist('/nonexistent/tf1_mnist_tests', seed=0)


def quiet(*args):
    pass


@pytest.mark.parametrize('name', list(PARAMETERS))
def test_graph_parameters_scopes_and_initialisation(tf, name):
    lesson = mlp.LESSONS[name]
    with tf.Graph().as_default() as graph:
        tf.set_random_seed(0)
        g = mlp.build_graph(tf, name)
        variables = tf.trainable_variables()
        assert sum(int(np.prod(v.shape)) for v in variables) == PARAMETERS[name]
        hidden = ['hidden%d' % i for i in range(1, len(lesson.hidden) + 1)]
        assert [v.name for v in variables] == [
            '%s/%s:0' % (scope, kind) for scope in hidden + ['output']
            for kind in ('weights', 'biases')]
        scopes = {op.name.split('/')[0] for op in graph.get_operations()}
        assert set(hidden + ['output', 'loss', 'train', 'accuracy']) <= scopes
        assert g.x.shape.as_list() == [None, 784] and g.y_.shape.as_list() == [None]
        assert g.logits.shape.as_list() == [None, 10]
        assert (g.y is g.logits) == (not lesson.softmax)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = sess.run(variables)
    for weights, biases in zip(values[::2], values[1::2]):
        assert not biases.any()
        if lesson.init is mlp.uniform_0_to_0_1:
            low, high = 0.0, 0.1
        else:
            high = np.sqrt(6.0 / sum(weights.shape))
            low = -high
        assert low <= weights.min() < low + 0.01 * (high - low)
        assert high - 0.01 * (high - low) < weights.max() < high


@pytest.mark.slow
def test_losses_are_the_lessons_keras_losses(tf, mnist):
    """Each graph loss equals what the lesson's own Keras call gives on the same outputs."""
    import keras
    images, labels = mnist.test.images[:64], mnist.test.labels[:64].astype(np.int64)
    for name in PARAMETERS:
        with tf.Graph().as_default():
            tf.set_random_seed(1)
            g = mlp.build_graph(tf, name)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                logits, y, per_example, loss = sess.run(
                    [g.logits, g.y, g.per_example_loss, g.loss], {g.x: images, g.y_: labels})
        one_hot = np.eye(10, dtype=np.float32)[labels]
        if name in ('dense-512', 'dense-100'):
            # The lessons call it eagerly on the softmax output.
            expected = keras.losses.sparse_categorical_crossentropy(labels, y)
        elif name == 'dense-256-128-64-32':
            # Inside fit, Keras takes the softmax layer's logits.
            expected = keras.losses.categorical_crossentropy(one_hot, logits, from_logits=True)
        else:
            expected = np.sum(np.square(logits - one_hot), axis=1)
        expected = np.asarray(expected)
        np.testing.assert_allclose(per_example, expected, rtol=1e-5, atol=1e-6)
        assert loss == pytest.approx(expected.mean(), rel=1e-5)


def test_sparse_crossentropy_clips_probabilities_as_keras(tf):
    """A confidently wrong softmax output costs -log(1e-7 / sum), not infinity."""
    with tf.Graph().as_default():
        probabilities = tf.constant([[1.0] + [0.0] * 9])
        per_example, _ = mlp.sparse_crossentropy_of_softmax(
            tf, None, probabilities, tf.constant([3], tf.int64))
        with tf.Session() as sess:
            value = sess.run(per_example)[0]
    clipped = np.array([1 - 1e-7] + [1e-7] * 9)
    assert value == pytest.approx(-np.log(1e-7 / clipped.sum()), rel=1e-4)


def test_batch_orders(mnist):
    n = 60000
    rng = np.random.default_rng(0)
    in_order = mlp.epoch_plan('in order', n, 128, rng)
    assert len(in_order) == 469 and len(in_order[-1]) == 96
    assert np.array_equal(np.concatenate(in_order), np.arange(n))
    first, second = (np.concatenate(mlp.epoch_plan('shuffled', n, 128, rng)) for _ in range(2))
    assert sorted(first) == list(range(n)) and not np.array_equal(first, second)
    drawn = mlp.epoch_plan('with replacement', n, 50, rng)
    assert drawn.shape == (1200, 50)
    assert len(np.unique(drawn)) < drawn.size  # with replacement, some images come twice
    assert mlp.batches_per_epoch('in order', n, 200) == 300
    assert mnist.train.num_examples == n and mnist.test.num_examples == 10000


SHORT_RUNS = {
    # lesson: (train() arguments, accuracy floor, the lesson's own progress line)
    'dense-512': (dict(epochs=1), 0.35, r'^loss at batch \d+: \d+\.\d\d$'),
    'dense-256-128-64-32': (dict(max_steps=150, log_every=50), 0.88,
                            r'^\d+/469 - loss: \d\.\d{4} - accuracy: \d\.\d{4}$'),
    'dense-100': (dict(max_steps=300, log_every=100), 0.85, r'^batch \d+: loss \d+\.\d{6}$'),
    'dense-512-256-mse': (dict(epochs=1), 0.5, r'^0 \d+ loss: \d+\.\d+$'),
}


@pytest.mark.slow
@pytest.mark.parametrize('name', list(SHORT_RUNS))
def test_short_run_learns_and_prints_the_lesson_lines(name, mnist):
    kwargs, floor, progress = SHORT_RUNS[name]
    lesson = mlp.LESSONS[name]
    lines = []
    result = mlp.train(name, seed=1, mnist=mnist, out=lines.append, **kwargs)
    assert floor <= result.test_accuracy < 1.0
    assert lines[0] == ('Epoch 0' if name == 'dense-512' else
                        'Epoch 1/%d' % kwargs.get('epochs', lesson.epochs))
    batches = mlp.batches_per_epoch(lesson.batch_order, 60000, lesson.batch_size)
    trained = kwargs.get('max_steps', batches)
    log_every = kwargs.get('log_every', lesson.log_every)
    assert len([l for l in lines if re.match(progress, l)]) == -(-trained // log_every)
    epoch = EPOCH_LINE.match(lines[-2])
    assert epoch, lines[-2]
    assert (int(epoch.group(1)), int(epoch.group(2))) == (trained, batches)
    assert float(epoch.group(4)) == pytest.approx(result.test_accuracy, abs=5e-5)
    assert lines[-1] == lesson.final_line.format(
        accuracy=result.test_accuracy, loss=result.test_loss,
        test_batches=-(-10000 // lesson.batch_size))
    assert result.steps == trained and result.start_step == 0
    [metrics] = result.history
    assert (metrics.epoch, metrics.batches, metrics.of) == (1, trained, batches)
    assert metrics.val_accuracy == result.test_accuracy


def test_final_lines_are_the_lessons():
    finals = {name: mlp._final_line(lesson, 0.1246, 0.9676, 10000, lesson.batch_size)
              for name, lesson in mlp.LESSONS.items()}
    assert finals == {'dense-512': 'accuracy: 0.97',
                      'dense-256-128-64-32': '79/79 - loss: 0.1246 - accuracy: 0.9676',
                      'dense-100': 'test accuracy: 0.967600',
                      'dense-512-256-mse': 'test accuracy: 0.967600'}
    assert mlp.LESSONS['dense-512-256-mse'].batch_line.format(
        epoch=2, batch=100, loss=np.float32(0.25)) == '2 100 loss: 0.25'


@pytest.mark.slow
@pytest.mark.parametrize('name, stop', [
    ('dense-100', 45),            # batches drawn with replacement
    ('dense-256-128-64-32', 40),  # shuffled afresh each epoch
])
def test_resume_mid_epoch_is_exact(tmp_path, mnist, name, stop):
    """Stopped mid-epoch and resumed, a run ends exactly as an uninterrupted one."""
    # Batches of 2000: 30 an epoch.
    common = dict(epochs=2, batch_size=2000, log_every=0, seed=4, mnist=mnist, out=quiet)
    whole = mlp.train(name, **common)
    ckpt = str(tmp_path / 'ckpt')
    first = mlp.train(name, max_steps=stop, checkpoint_dir=ckpt, **common)
    assert first.steps == stop and checkpoints.step_of(
        checkpoints.latest_checkpoint(import_v1(), ckpt)) == stop
    lines = []
    second = mlp.train(name, checkpoint_dir=ckpt, **dict(common, out=lines.append))
    assert lines[0] == 'resumed from step %d (epoch 2, batch %d)' % (stop, stop - 30)
    assert (second.start_step, second.steps) == (stop, 60)
    assert len(second.history) == 2
    assert second.history == whole.history
    assert second.test_accuracy == whole.test_accuracy


def test_checkpoint_of_another_lesson_or_batch_size_is_refused(tmp_path, mnist):
    ckpt = str(tmp_path / 'ckpt')
    mlp.train('dense-100', max_steps=5, checkpoint_dir=ckpt, mnist=mnist, out=quiet)
    with pytest.raises(checkpoints.CheckpointError, match='is of lesson dense-100, not dense-512'):
        mlp.train('dense-512', max_steps=5, checkpoint_dir=ckpt, mnist=mnist, out=quiet)
    with pytest.raises(checkpoints.CheckpointError, match='resume with --batch_size 50'):
        mlp.train('dense-100', batch_size=64, checkpoint_dir=ckpt, mnist=mnist, out=quiet)
    with pytest.raises(checkpoints.CheckpointError, match='no checkpoint in'):
        runtime.restore_and_run(mlp.LessonRun('dense-100', mnist=mnist), runtime.RunSettings(
            checkpoint_dir=str(tmp_path / 'empty')), out=quiet)


def test_checkpoint_state_is_written_before_the_index_names_it(tf, tmp_path, monkeypatch):
    """The lesson state beside a checkpoint exists before the Saver's index can name it, so a
    run killed at any moment leaves nothing partial referenced; big integers (a generator's
    state) survive the round trip."""
    state = {'lesson': 'dense-100', 'rng': {'state': {'state': 2 ** 127 + 5}}, 'epoch': 3}
    with tf.Graph().as_default():
        tf.Variable(1.0)
        checkpointer = checkpoints.Checkpointer(tf, str(tmp_path))
        save = checkpointer.saver.save

        def save_after_the_state(sess, prefix, global_step, **kwargs):
            assert os.path.exists('%s-%d.position.npz' % (prefix, global_step))
            assert checkpoints.latest_checkpoint(tf, str(tmp_path)) is None
            return save(sess, prefix, global_step=global_step, **kwargs)

        monkeypatch.setattr(checkpointer.saver, 'save', save_after_the_state)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = checkpointer.save(sess, 7, state=state)
        with tf.Session() as sess:
            assert checkpoints.Checkpointer(tf, str(tmp_path)).restore(sess, path) == (7, state)


@pytest.fixture(scope='module')
def trained(tmp_path_factory, mnist):
    """A short dense-100 run with checkpoints, for the eval/predict tests."""
    checkpoint_dir = str(tmp_path_factory.mktemp('ckpt'))
    lines = []
    result = mlp.train('dense-100', max_steps=300, log_every=0, seed=3,
                       checkpoint_dir=checkpoint_dir, mnist=mnist, out=lines.append)
    return result, checkpoint_dir, lines


@pytest.mark.slow
def test_eval_only_and_predict_agree_with_training(tf, trained, mnist):
    result, checkpoint_dir, train_lines = trained
    lines = []
    accuracy, predicted = runtime.restore_and_run(
        mlp.LessonRun('dense-100', mnist=mnist), runtime.RunSettings(
            checkpoint_dir=checkpoint_dir), predict=20, out=lines.append)
    assert accuracy == result.test_accuracy
    assert lines[0] == 'restored step 300 from %s' % checkpoint_dir
    assert lines[1] == train_lines[-1] == 'test accuracy: %f' % accuracy
    true = mnist.test.labels[:20]
    assert len(lines) == 22
    for i, line in enumerate(lines[2:]):
        assert line.startswith('image %d: predicted %d, true %d' % (i, predicted[i], true[i]))
    # The predictions are the graph's own argmax, the one its accuracy counts.
    with tf.Graph().as_default():
        g = mlp.build_graph(tf, 'dense-100')
        with tf.Session() as sess:
            checkpoints.Checkpointer(tf, checkpoint_dir).restore(
                sess, checkpoints.latest_checkpoint(tf, checkpoint_dir))
            correct = sess.run(g.correct_prediction,
                               {g.x: mnist.test.images[:20], g.y_: true.astype(np.int64)})
    assert np.array_equal(correct == 1, predicted == true)


@pytest.mark.slow
def test_tensorboard_has_batch_and_epoch_scalars(tf, tmp_path, mnist):
    log_dir = tmp_path / 'logs'
    mlp.train('dense-100', epochs=2, batch_size=3000, log_every=10, seed=1,
              log_dir=str(log_dir), mnist=mnist, out=quiet)
    [events] = glob.glob(str(log_dir / 'events.out.tfevents.*'))
    tags = {}
    for event in tf.train.summary_iterator(events):
        for value in event.summary.value:
            tags.setdefault(value.tag, []).append(event.step)
    assert tags['summaries/loss'] == tags['summaries/accuracy'] == [0, 10, 20, 30]
    for tag in ('epoch/loss', 'epoch/accuracy', 'epoch/val_loss', 'epoch/val_accuracy'):
        assert tags[tag] == [20, 40]


def test_list_and_lesson_names(capsys):
    assert mlp.main(['--list']) == 0
    out = capsys.readouterr().out
    for name, lesson in mlp.LESSONS.items():
        assert re.search(r'^%s +lesson %s: ' % (name, lesson.number), out, re.M)
    assert '0.9676' in out and '0.9479' in out


@pytest.mark.parametrize('flags, message', [
    (['--lesson', 'dense-1024'], "unknown lesson 'dense-1024'; the lessons are: dense-512, "
                                 "dense-256-128-64-32, dense-100, dense-512-256-mse"),
    ([], '--lesson NAME is needed, one of: dense-512, dense-256-128-64-32'),
    (['--lesson', 'dense-100', '--epochs', '0'], 'argument --epochs: expected a positive'),
    (['--lesson', 'dense-100', '--eval_only'], '--eval_only and --predict need --checkpoint_dir'),
    (['--lesson', 'dense-100', '--plot', 'curves.jpg'], 'must end in .png'),
    (['--lesson', 'dense-100', '--eval_only', '--plot', 'a.png'], '--plot needs a training run'),
])
def test_misuse_exits_2_with_one_line(capsys, flags, message):
    assert message in usage_error(capsys, mlp.main, flags)


@pytest.mark.slow
def test_command_line_trains_saves_and_evaluates(tmp_path):
    """One smoke run of the command line: train with checkpoints, then --eval_only --predict."""
    ckpt = tmp_path / 'ckpt'
    first = run_module('tf1_mnist.mlp', '--lesson', 'dense-256-128-64-32', '--max_steps', '60',
                       '--log_every', '20', '--seed', '2', '--checkpoint_dir', ckpt,
                       cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert_quiet(first.stdout + first.stderr)
    lines = lines_of(first.stdout)
    assert 'Epoch 1/5' in lines and '1/469 - loss:' in first.stdout
    assert EPOCH_LINE.match(lines[-3]) and lines[-3].startswith('60/469 - ')
    assert re.match(r'^79/79 - loss: \d\.\d{4} - accuracy: 0\.\d{4}$', lines[-2])
    assert lines[-1].startswith('trained 60 steps in ')

    second = run_module('tf1_mnist.mlp', '--lesson', 'dense-256-128-64-32', '--eval_only',
                        '--predict', '3', '--checkpoint_dir', ckpt, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert_quiet(second.stdout + second.stderr)
    evaluated = lines_of(second.stdout)
    assert evaluated[-4] == lines[-2]
    assert [l.split(':')[0] for l in evaluated[-3:]] == ['image 0', 'image 1', 'image 2']
    assert not os.path.exists(tmp_path / 'MNIST_data')


def readme_rows(prefix):
    """The cells of the table rows of the README and the docs pages that start with ``prefix``."""
    from conftest import REPO
    rows = []
    for page in ['README.md'] + sorted(glob.glob(os.path.join(REPO, 'docs', '*.md'))):
        with open(os.path.join(REPO, page), encoding='utf-8') as f:
            rows += [[cell.strip() for cell in line.strip().strip('|').split('|')]
                     for line in f if line.startswith(prefix)]
    return rows


OPTIMIZER_NAMES = {'gradient_descent': 'SGD', 'adam': 'Adam'}


def test_readme_tables_of_lessons_match_the_code():
    rows = {cells[0].strip('`'): cells for cells in readme_rows('| `dense-')}
    assert list(rows) == list(mlp.LESSONS)
    for name, (_, number, training, command, _, figure, _) in rows.items():
        lesson = mlp.LESSONS[name]
        assert number == lesson.number
        assert command == '`python -m tf1_mnist.mlp --lesson %s`' % name
        assert figure == ('%.4f' % lesson.reported if lesson.reported else 'none given')
        optimizer, rate = re.search(r'; (\w+) ([\d.e-]+) on ', training).groups()
        assert optimizer == OPTIMIZER_NAMES[lesson.optimizer.__name__]
        assert float(rate) == lesson.learning_rate
        assert ' of %d' % lesson.batch_size in training
        assert lesson.batch_order in training
    commands = [cells[1] for cells in readme_rows('| MLP `')]
    assert commands == ['`python -m tf1_mnist.mlp --lesson %s`' % name for name in mlp.LESSONS]
