"""The authors' results against today's: figures read from printed text, paired and judged;
``run --seed`` repeating a run; notebooks and scripts compared with what they printed before.

The printed lines below are written here in the style of the era's course material (the TF1
tutorials' lines, Keras 1's progress bars, Python 2 tuple prints, Chinese and Korean courses).
"""

import json
import os

import pytest

from conftest import run_module, usage_error
from tf1_mnist.runner import course, reproduce, script as run

ACC, LOSS = reproduce.ACCURACY, reproduce.LOSS


@pytest.mark.parametrize('line, expected', [
    ('Accuracy: 0.92', [('accuracy', 0.92, ACC, False, None)]),
    ('step 100, training accuracy 0.94', [('training accuracy', 0.94, ACC, True, 'step 100')]),
    ('test accuracy 0.9926', [('test accuracy', 0.9926, ACC, False, None)]),
    ('loss = 0.31', [('loss', 0.31, LOSS, False, None)]),
    ('准确率: 0.91', [('准确率', 0.91, ACC, False, None)]),
    ('第1000步，准确率为：0.91', [('准确率', 0.91, ACC, True, 'step 1000')]),
    ('정확도 : 0.98', [('정확도', 0.98, ACC, False, None)]),
    ('Epoch: 0001 cost= 0.123456789', [('cost', 0.123456789, LOSS, True, 'epoch 1')]),
    ("('Accuracy:', 0.9187)", [('accuracy', 0.9187, ACC, False, None)]),
    ('Iter 1280, Minibatch Loss= 1.576, Training Accuracy= 0.52',
     [('minibatch loss', 1.576, LOSS, True, 'iter 1280'),
      ('training accuracy', 0.52, ACC, True, 'iter 1280')]),
    ('After 1000 training step(s), loss on training batch is 0.0456.',
     [('loss on training batch', 0.0456, LOSS, True, 'after 1000')]),
    ('Num examples: 10000  Num correct: 9210  Precision @ 1: 0.9210',
     [('num examples', 10000, reproduce.COUNT, False, None),
      ('num correct', 9210, reproduce.COUNT, False, None),
      ('precision @1', 0.921, ACC, False, None)]),
    ('test accuracy 92.3%', [('test accuracy', 0.923, ACC, False, None)]),
    ('top-5 accuracy 0.99', [('top-5 accuracy', 0.99, ACC, False, None)]),
    ('Step 900: loss = 0.35 (0.004 sec)', [('loss', 0.35, LOSS, True, 'step 900')]),
    ('epoch 3 loss nan', [('loss', float('nan'), LOSS, True, 'epoch 3')]),
    ('time: 3.2 s', [('time', 3.2, reproduce.TIME, False, None)]),
    # Keras's history.history, and a list of accuracies per epoch.
    ("{'acc': [0.9112, 0.9571], 'loss': [0.31, 0.14]}",
     [('acc', 0.9112, ACC, False, None), ('acc', 0.9571, ACC, False, None),
      ('loss', 0.31, LOSS, False, None), ('loss', 0.14, LOSS, False, None)]),
    ('accuracy per epoch: [0.9, 0.92]', [('accuracy per epoch', 0.9, ACC, False, None),
                                         ('accuracy per epoch', 0.92, ACC, False, None)]),
    ('60000/60000 [==============================] - 5s 83us/step - loss: 0.2012 - acc: 0.9412'
     ' - val_loss: 0.1034 - val_acc: 0.9671',
     [('loss', 0.2012, LOSS, False, None), ('acc', 0.9412, ACC, False, None),
      ('val_loss', 0.1034, LOSS, False, None), ('val_acc', 0.9671, ACC, False, None)]),
])
def test_labelled_figures_of_a_line(line, expected):
    found = [(f.label, f.value, f.kind, f.training, f.counter)
             for f in reproduce.figures_in(line)]
    assert len(found) == len(expected)
    for got, wanted in zip(found, expected):
        assert got[0] == wanted[0] and got[2:] == wanted[2:]
        assert got[1] == pytest.approx(wanted[1], nan_ok=True)


@pytest.mark.parametrize('line', [
    'Extracting MNIST_data/train-images-idx3-ubyte.gz',
    # The tutorial's loader, when it downloaded (its own spelling), and tf1_mnist's.
    'Succesfully downloaded train-images-idx3-ubyte.gz 9912422 bytes.',
    'Successfully downloaded t10k-labels-idx1-ubyte.gz 4542 bytes.',
    'W1201 21:04:51.123 tensorflow/core/platform/cpu_feature_guard.cc:141] AVX2 FMA',
    'WARNING:tensorflow:From mnist.py:12: read_data_sets (from tensorflow) is deprecated',
    'Optimization Finished!',
    '[0.1 0.2 0.3]',
    'Saving graph to: /tmp/tmpq81x2/model_2.ckpt',
])
def test_no_figures_in_logs_file_names_and_arrays(line):
    assert reproduce.figures_in(line) == []


def test_a_number_printed_alone_is_an_accuracy_only_where_the_cell_computes_one():
    alone = reproduce.figures_in('0.9187\n', alone_is_accuracy=True)
    assert [(f.label, f.value, f.kind) for f in alone] == [('value printed alone', 0.9187, ACC)]
    assert reproduce.figures_in('0.9187\n')[0].kind == reproduce.OTHER
    # NumPy 2 shows the result of sess.run(accuracy) as np.float32(...), NumPy 1 did not.
    now = reproduce.figures_in('np.float32(0.9191)\n', alone_is_accuracy=True)
    assert [(f.label, f.value) for f in now] == [('value printed alone', 0.9191)]


def test_a_progress_bar_redrawn_with_carriage_returns_counts_once():
    text = ('1000/60000 [>....] - loss: 2.3012\r30000/60000 [==>..] - loss: 0.9012\r'
            '60000/60000 [=====] - loss: 0.4012\n')
    assert [f.value for f in reproduce.figures_in(text)] == [0.4012]


def figures(text):
    return reproduce.figures_in(text, alone_is_accuracy=True)


def test_the_headline_is_the_last_figure_of_each_label_paired_by_step():
    stored = figures('step 0, training accuracy 0.1\nstep 100, training accuracy 0.9\n'
                     'test accuracy 0.9926\n')
    now = figures('step 0, training accuracy 0.06\nstep 100, training accuracy 0.88\n'
                  'test accuracy 0.9921\n')
    pairs = reproduce.compare(stored, now, 'cell 12')
    assert [(p.label, p.stored.value, p.now.value, p.now.counter, p.verdict) for p in pairs] == [
        ('training accuracy', 0.9, 0.88, 'step 100', reproduce.SAME),
        ('test accuracy', 0.9926, 0.9921, None, reproduce.SAME)]
    assert reproduce.pair_line(pairs[1]) == (
        'cell 12: test accuracy 0.9926 \u2192 0.9921, same (within \u00b10.002)')


def test_of_a_list_per_epoch_the_last_is_compared():
    stored = figures("{'acc': [0.9112, 0.9571, 0.9702]}")
    now = figures("{'acc': [0.9050, 0.9603, 0.9688]}")
    pairs = reproduce.compare(stored, now, 'cell 5')
    assert [(p.stored.value, p.now.value, p.verdict) for p in pairs] == [
        (0.9702, 0.9688, reproduce.SAME)]


def test_a_step_this_run_did_not_reach_is_said_so_not_compared():
    stored = figures('step 19900, training accuracy 1\ntest accuracy 0.9926\n')
    now = figures('step 900, training accuracy 0.96\n')
    pairs = reproduce.compare(stored, now, 'cell 3')
    assert [p.verdict for p in pairs] == [reproduce.NOT_REACHED, reproduce.NOT_REACHED]
    assert reproduce.reproduces(pairs) is False
    assert reproduce.summary(pairs) == '0 of 0 figures the same, 2 not reached'


@pytest.mark.parametrize('stored, now, verdict', [
    # A test-set accuracy: within a fifth of the author's error rate, at least 0.002.
    ('test accuracy 0.9926', 'test accuracy 0.9910', reproduce.SAME),
    ('test accuracy 0.9926', 'test accuracy 0.9850', reproduce.DIFFERS),
    ('test accuracy 0.9187', 'test accuracy 0.9105', reproduce.SAME),  # softmax: 0.0163 allowed
    ('test accuracy 0.9187', 'test accuracy 0.8950', reproduce.DIFFERS),
    ('test accuracy 91.87%', 'test accuracy 0.9105', reproduce.SAME),
    # One batch of 50 spreads by its sampling: the error rate, at least 0.1.
    ('step 900, training accuracy 0.96', 'step 900, training accuracy 0.87', reproduce.SAME),
    ('step 900, training accuracy 0.96', 'step 900, training accuracy 0.84', reproduce.DIFFERS),
    ('step 0, training accuracy 0.08', 'step 0, training accuracy 0.9', reproduce.SAME),
    # Losses: within 15 % of the larger on a whole set; a batch's within a factor of 15.
    ('test loss 0.300', 'test loss 0.340', reproduce.SAME),
    ('test loss 0.300', 'test loss 0.400', reproduce.DIFFERS),
    ('step 900, loss 0.30', 'step 900, loss 0.02', reproduce.SAME),
    ('step 900, loss 0.05', 'step 900, loss 1.00', reproduce.DIFFERS),
    ('loss nan', 'loss 0.3', reproduce.DIFFERS),
    ('loss 0.3', 'loss nan', reproduce.DIFFERS),
    ('loss nan', 'loss nan', reproduce.SAME),
    ('num correct: 9210', 'num correct: 9150', reproduce.SAME),
    ('elapsed time 53.2', 'elapsed time 3.1', reproduce.NOT_COMPARED),
])
def test_the_tolerance_rule(stored, now, verdict):
    pairs = reproduce.compare(figures(stored), figures(now), 'cell 1')
    assert [p.verdict for p in pairs] == [verdict]


def test_log_beside_a_script_names_it(tmp_path):
    script = tmp_path / 'mnist_softmax.py'
    script.write_text('print(1)\n')
    assert reproduce.log_of(str(script)) is None
    for name in ('requirements.txt', 'mnist_softmaxx.log', 'notes.txt', 'mnist.log'):
        (tmp_path / name).write_text('test accuracy 0.91\n')
    assert reproduce.log_of(str(script)) is None
    (tmp_path / 'mnist_softmax_output.txt').write_text('0.9187\n')
    assert reproduce.log_of(str(script)) == str(tmp_path / 'mnist_softmax_output.txt')
    (tmp_path / 'mnist_softmax.log').write_text('0.9187\n')
    assert reproduce.log_of(str(script)) == str(tmp_path / 'mnist_softmax.log')


def test_the_comparison_block_is_left_out_of_a_runs_messages():
    import io
    pairs = reproduce.compare(figures('test accuracy 0.99'), figures('test accuracy 0.5'),
                              'cell 2')
    stream = io.StringIO()
    reproduce.print_comparison(pairs, stream)
    stderr = 'Traceback (most recent call last):\nValueError: bad\n' + stream.getvalue()
    assert 'cell 2: test accuracy 0.99 \u2192 0.5, differs' in stream.getvalue()
    assert reproduce.without_comparison(stderr) == (
        'Traceback (most recent call last):\nValueError: bad\n')
    assert course.classify(1, False, '', reproduce.without_comparison(stderr)) == (
        course.CRASHED, 'ValueError: bad')


def stream(text):
    return {'output_type': 'stream', 'name': 'stdout', 'text': text}


def test_stored_outputs_kept_in_the_metadata_and_compared_per_cell():
    nbformat = pytest.importorskip('nbformat')
    from nbformat.v4 import new_code_cell, new_notebook, new_output
    nb = new_notebook()
    nb.cells = [new_code_cell('print(sess.run(accuracy, feed))'), new_code_cell('plot()'),
                new_code_cell('print("loss %g" % l)')]
    nb.cells[0].outputs = [new_output('stream', name='stdout', text='0.9187\n')]
    nb.cells[1].outputs = [new_output('display_data', data={'image/png': 'iVBORw0KGgo=',
                                                            'text/plain': '<Figure>'})]
    nb.cells[2].outputs = [new_output('stream', name='stdout', text='loss 0.3\n')]
    reproduce.keep_stored_outputs(nb)
    kept = nb.cells[1].metadata['tf1_mnist']['stored_outputs']
    assert kept == [{'output_type': 'display_data', 'data': {'text/plain': '<Figure>'},
                     'metadata': {}}]
    # As nbclient runs the cells, it replaces their outputs with this run's.
    nb.cells[0].outputs = [new_output('stream', name='stdout', text='0.9140\n')]
    nb.cells[2].outputs = [new_output('stream', name='stdout', text='loss 0.9\n')]
    document = json.loads(nbformat.writes(nb))
    pairs = reproduce.compare_cells(document['cells'])
    assert [reproduce.pair_line(p) for p in pairs] == [
        'cell 1: value printed alone 0.9187 \u2192 0.914, same (within \u00b10.0163)',
        'cell 3: loss 0.3 \u2192 0.9, differs (by more than \u00b10.135)']
    assert document['cells'][2]['metadata']['tf1_mnist']['figures'][0]['verdict'] == 'differs'


def finished_item(relative, stored, now):
    item = course.Item('/course/' + relative, relative)
    item.result, item.seconds = course.RUNS, 1.0
    item.compared = reproduce.compare(figures(stored), figures(now), 'cell 1')
    return item


def test_course_report_column_and_how_many_reproduce():
    items = [finished_item('a.ipynb', 'test accuracy 0.9926', 'test accuracy 0.9921'),
             finished_item('b.ipynb', 'test accuracy 0.9926', 'test accuracy 0.9700'),
             finished_item('c.py', '', 'test accuracy 0.9700')]
    summary = course.summary_line(items, 3)
    assert summary == "3/3 run; 1 of 2 with the author's results reproduce them"
    markdown = course.report_markdown(items, summary, 'course')
    assert "| author's result \u2192 now |" in markdown
    assert ('| test accuracy 0.9926 \u2192 0.9921 (same); 1 of 1 figures the same |'
            in markdown)
    assert '0.9926 \u2192 0.97 (differs)' in markdown
    mixed = finished_item('d.ipynb', 'test accuracy 0.9402\nAccuracy: 0.9234',
                          'test accuracy 0.9164\nAccuracy: 0.9198')
    assert mixed.authors_result == ('test accuracy 0.9402 \u2192 0.9164 (differs); '
                                    '1 of 2 figures the same')
    html = course.report_html(items, summary, 'course')
    assert 'test accuracy 0.9926 \u2192 0.97 (differs)' in html
    as_json = items[1].as_dict()
    assert as_json['reproduces'] is False and as_json['compared'][0]['now']['value'] == 0.97
    assert items[2].as_dict()['reproduces'] is None


@pytest.mark.parametrize('value', ['-1', 'abc', str(2 ** 32)])
def test_a_bad_seed_is_one_line(capsys, value):
    line = usage_error(capsys, run.main, ['--seed', value, 'mnist_softmax.py'])
    assert line == ('python -m tf1_mnist.run: error: argument --seed: expected an integer '
                    "from 0 to 4294967295, got '%s'" % value)


# Seeded runs, and whole runs compared with what was stored (subprocesses, TensorFlow).

SEEDED_SCRIPT = '''\
import random
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.truncated_normal([784, 10], stddev=0.1))
b = tf.Variable(tf.zeros([10]))
y = tf.matmul(tf.nn.dropout(x, 0.9), W) + b
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
images, labels = mnist.validation.images, mnist.validation.labels
for i in range(20):
    if random.random() < 0.5:
        batch_xs, batch_ys = mnist.train.next_batch(50)
    else:
        order = np.random.permutation(len(images))[:50]
        batch_xs, batch_ys = images[order], labels[order]
    _, value = sess.run([train_step, loss], {x: batch_xs, y_: batch_ys})
print('loss %.6f' % value)
print('test accuracy %.4f' % sess.run(accuracy, {x: mnist.test.images, y_: mnist.test.labels}))
'''

# Only TensorFlow's randomness, under the script's own graph-level seed.
OWN_SEED_SCRIPT = '''\
import tensorflow as tf
tf.set_random_seed(1)
print('draw %.6f' % tf.Session().run(tf.random_normal([])))
'''


def printed_lines(result):
    return [line for line in result.stdout.splitlines() if line.startswith(('loss', 'test',
                                                                            'draw'))]


@pytest.fixture(scope='module')
def seeded_runs(tmp_path_factory):
    """seeded.py, with an author's log beside it, run with --seed 3, 3 and 4: the runs the
    seed tests compare and the one the log test reads (the comparison goes to stderr)."""
    folder = tmp_path_factory.mktemp('seeded')
    (folder / 'seeded.py').write_text(SEEDED_SCRIPT)
    (folder / 'seeded.log').write_text('Extracting MNIST_data/t10k-labels-idx1-ubyte.gz\n'
                                       'loss 0.4\ntest accuracy 0.9926\n')
    return {name: run_module('tf1_mnist.run', '--seed', seed, 'seeded.py', cwd=folder)
            for name, seed in (('a', 3), ('b', 3), ('c', 4))}


@pytest.mark.slow
def test_seed_repeats_an_unmodified_script_and_the_scripts_own_seed_wins(tmp_path,
                                                                         seeded_runs):
    (tmp_path / 'own_seed.py').write_text(OWN_SEED_SCRIPT)
    runs = {}
    for name, result in seeded_runs.items():
        assert result.returncode == 0, result.stderr
        runs[name] = printed_lines(result)
    assert len(runs['a']) == 2
    assert runs['a'] == runs['b']
    assert runs['a'] != runs['c']
    own = [printed_lines(run_module('tf1_mnist.run', '--seed', seed, 'own_seed.py',
                                    cwd=tmp_path)) for seed in (3, 4)]
    assert own[0] == own[1] and len(own[0]) == 1


@pytest.mark.slow
def test_seed_repeats_an_unmodified_notebook(tmp_path):
    nbformat = pytest.importorskip('nbformat')
    from nbformat.v4 import new_code_cell, new_notebook
    first, rest = SEEDED_SCRIPT.split('sess = tf.Session()')
    nb = new_notebook()
    nb.cells = [new_code_cell(first), new_code_cell('sess = tf.Session()' + rest)]
    nbformat.write(nb, str(tmp_path / 'seeded.ipynb'))
    printed = []
    for seed in (3, 3, 4):
        result = run_module('tf1_mnist.run', '--seed', seed, 'seeded.ipynb', cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        printed.append(printed_lines(result))
    assert len(printed[0]) == 2
    assert printed[0] == printed[1]
    assert printed[0] != printed[2]


@pytest.mark.slow
def test_a_script_is_compared_with_the_log_beside_it(seeded_runs):
    result = seeded_runs['a']
    assert result.returncode == 0, result.stderr
    now = reproduce.figures_in(result.stdout)[-1].value
    assert ('  seeded.log: test accuracy 0.9926 \u2192 %s, differs (by more than \u00b10.002)'
            % ('%.6g' % now)) in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1].startswith('tf1_mnist.run: ')


SOFTMAX_CELLS = [
    'import tensorflow as tf\n'
    'from tensorflow.examples.tutorials.mnist import input_data\n'
    'mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)\n'
    'x = tf.placeholder(tf.float32, [None, 784])\n'
    'y_ = tf.placeholder(tf.float32, [None, 10])\n'
    'W = tf.Variable(tf.zeros([784, 10]))\n'
    'b = tf.Variable(tf.zeros([10]))\n'
    'y = tf.matmul(x, W) + b\n'
    'cross_entropy = tf.reduce_mean(\n'
    '    tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))\n'
    'train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)',
    'sess = tf.InteractiveSession()\n'
    'tf.global_variables_initializer().run()\n'
    'for i in range(300):\n'
    '    batch_xs, batch_ys = mnist.train.next_batch(100)\n'
    '    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})',
    'correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))\n'
    'accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))\n'
    'print("test accuracy %g" % sess.run(accuracy, feed_dict={x: mnist.test.images,\n'
    '                                                           y_: mnist.test.labels}))',
    'print("Accuracy:", accuracy.eval({x: mnist.validation.images,\n'
    '                                  y_: mnist.validation.labels}))',
]


@pytest.mark.slow
def test_a_notebook_ends_with_its_stored_figures_against_this_runs(tmp_path):
    nbformat = pytest.importorskip('nbformat')
    from nbformat.v4 import new_code_cell, new_notebook, new_output
    nb = new_notebook()
    nb.cells = [new_code_cell(source) for source in SOFTMAX_CELLS]
    nbformat.write(nb, str(tmp_path / 'softmax.ipynb'))
    first = run_module('tf1_mnist.run', '--seed', 3, 'softmax.ipynb', cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert 'stored results' not in first.stderr  # nothing was stored to compare with

    # The first run's outputs are the author's now, except the last cell's, edited to a figure
    # no run of this code reaches; the second run has another seed.
    with open(tmp_path / 'softmax.tf1.ipynb', encoding='utf-8') as f:
        executed = nbformat.read(f, as_version=4)
    stored_accuracy = reproduce.figures_in(executed.cells[2].outputs[0]['text'])[0].value
    executed.cells[3].outputs = [new_output('stream', name='stdout', text='Accuracy: 0.9926\n')]
    nbformat.write(executed, str(tmp_path / 'authors.ipynb'))
    second = run_module('tf1_mnist.run', '--seed', 4, 'authors.ipynb', cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    lines = second.stderr.splitlines()
    header = lines.index("tf1_mnist.run: the stored results against this run (the author's "
                         "\u2192 now):")
    same, differs = lines[header + 1], lines[header + 2]
    assert same.startswith('  cell 3: test accuracy %g \u2192 ' % stored_accuracy)
    assert ', same (within \u00b10.01' in same  # 0.2 of the error rate of about 0.09
    assert differs.startswith('  cell 4: accuracy 0.9926 \u2192 0.9')
    assert ', differs (by more than \u00b10.002)' in differs
    assert lines[header + 3] == 'tf1_mnist.run: 1 of 2 figures the same'
    with open(tmp_path / 'authors.tf1.ipynb', encoding='utf-8') as f:
        document = json.load(f)
    kept = document['cells'][3]['metadata']['tf1_mnist']
    assert kept['stored_outputs'][0]['text'] == 'Accuracy: 0.9926\n'
    assert kept['figures'][0]['stored']['value'] == 0.9926
    assert kept['figures'][0]['now']['value'] == pytest.approx(
        reproduce.figures_in(''.join(document['cells'][3]['outputs'][0]['text']))[0].value)
    assert not os.path.exists(tmp_path / 'authors.tf1.tf1.ipynb')


def test_a_cell_the_run_never_reached_is_not_compared_with_its_own_stored_outputs():
    from nbformat.v4 import new_code_cell, new_notebook, new_output
    nb = new_notebook(cells=[
        new_code_cell('raise SystemExit', outputs=[new_output('stream', text='loss = 0.5\n')]),
        new_code_cell('print(acc)', outputs=[new_output('stream',
                                                          text='test accuracy 0.9123\n')])])
    reproduce.keep_stored_outputs(nb)
    # The run stops in the first cell: nbclient replaces its outputs, and never touches the
    # second cell's.
    nb.cells[0].outputs = [new_output('error', ename='SystemExit', evalue='', traceback=[])]
    pairs = reproduce.compare_cells(nb.cells)
    second = [pair for pair in pairs if pair.where == 'cell 2']
    assert [pair.verdict for pair in second] == [reproduce.NOT_REACHED]
    assert nb.cells[1].outputs == []
    assert nb.cells[1].metadata['tf1_mnist']['stored_outputs'][0]['text'] == (
        'test accuracy 0.9123\n')
