"""The authors' results against today's: the figures old course material printed, compared.

An old notebook keeps the outputs its author's TensorFlow 1 printed; a course folder may keep a
script's log beside it. ``figures_in`` reads the labelled figures out of such text (``test
accuracy 0.9926``, ``step 100, training accuracy 0.94``, ``Epoch: 0001 cost= 0.31``,
``准确率: 0.91``, a number printed alone by a cell that computes an accuracy), and ``compare``
pairs the author's figures with this run's, label by label, and says of each whether it is the
same within the run-to-run spread (``tolerance``) or differs.

The spread was measured by training the lessons with several seeds (see ``tolerance``): a
figure's own size sets how far two runs of the same code land apart, so the rule is relative to
the figure (an accuracy to its error rate, a loss to the loss), wider for the figures of one
training batch than for those of a whole test set.

``seed_everything(N)`` is ``run --seed N``: the graph-level seed of every graph, NumPy's and
Python's ``random``, and the batch order of MNIST ``DataSet``s made without a seed.
"""

import collections
import json
import math
import os
import random
import re
import sys

PROG = 'tf1_mnist.run'

ACCURACY, ERROR, LOSS, TIME, COUNT, OTHER = 'accuracy', 'error', 'loss', 'time', 'count', 'other'
SAME, DIFFERS, NOT_REACHED, NOT_COMPARED = 'same', 'differs', 'not reached', 'not compared'

# A number as Python and NumPy print one; the letters and digits around it must not be ASCII
# word characters ("idx3", "5s", "mnist_1"), so that file names and units are not figures, while
# CJK text may touch it ("第1000步").
NUMBER = re.compile(r'(?<![A-Za-z0-9_.@])(?<![A-Za-z]-)'
                    r'([-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|(?i:nan|inf))(%?)(?![A-Za-z0-9_]|\.\d)')
SEPARATORS = re.compile(r'[,;|()\[\]{}<>"\'，；：、（）]|\s-\s|\s{2,}|\t')
LABEL_TAIL = re.compile(r'(?:(?:^|\s)(?:is|was|are|of|at|was:)|为|是|[\s:=：])+$', re.I)
LETTER = re.compile(r'[^\W\d_]')
LIST_GAP = re.compile(r'[\s,]*')  # between the numbers of a printed list
ANSI_ESCAPE = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')
# NumPy 2 shows a scalar result as np.float32(0.9187), NumPy 1 (the authors') as 0.9187; a 0-d
# array as array(0.9187, dtype=float32).
NUMPY_SCALAR = re.compile(r'\bnp\.(?:float|int|uint)\d*\(([^()]*)\)|'
                          r'\barray\(([^(),\[\]]*), dtype=\w+\)')
NOISE = re.compile(r'tensorflow/|WARNING|^\s*W\d{4} |^\s*I\d{4} |Extracting |Downloading |'
                   r'https?://|deprecat|Succe?ss?fully downloaded', re.I)

AT_K = re.compile(r'(@|\btop-?)\s*(\d+)', re.I)  # precision @ 1, top-5: part of the label
COUNTER = re.compile(r'^(?:global[ _]?)?(?:step|steps|iter|iters|iteration|iterations|epoch|'
                     r'epochs|batch|generation|round|after|第|步|轮|次|스텝|에폭|반복)$', re.I)
COUNTER_UNIT = re.compile(r'^\s*(?:步|轮|次|代|번째)')
KINDS = (
    (TIME, re.compile(r'time|sec\b|secs|second|elapsed|took|duration|speed|/s\b|耗时|时间|用时|'
                      r'시간|초', re.I)),
    (ACCURACY, re.compile(r'acc|precision|correct|准确|正确|精度|정확|정답', re.I)),
    (ERROR, re.compile(r'err|错误率|误差率|오류|오차율', re.I)),
    (LOSS, re.compile(r'loss|cost|entropy|xent|mse|nll|perplexity|损失|代价|손실|비용', re.I)),
)
TRAINING = re.compile(r'train|batch|训练|批|훈련|학습', re.I)
EVALUATION = re.compile(r'test|valid|eval|测试|验证|테스트|검증|평가', re.I)

# The run-to-run spread, measured with bench/reproduce_spread.py over 6 to 10 seeds (the docs
# give the figures): on a whole test set two runs landed up to 0.15 of the error rate apart and
# up to 0.09 of the loss; the tolerances are a third wider, since a few seeds understate the
# extremes. One training batch of 50 is a sample: its accuracy spread up to 0.1 apart at any
# error rate, its loss up to a factor of 12.4.
EVALUATED_ACCURACY = (0.2, 0.002)  # (fraction of the author's error rate, at least)
BATCH_ACCURACY = (1.0, 0.1)
EVALUATED_LOSS = 0.15  # fraction of the larger of the two losses
BATCH_LOSS = 1 - 1 / 15.0  # the smaller at least a fifteenth of the larger
COMPARISON_HEADER = 'the stored results against this run'

Figure = collections.namedtuple('Figure', 'label value kind training counter')
Pair = collections.namedtuple('Pair', 'where label stored now verdict tolerance kind')


def _label_before(text):
    """The label written just before a number, from the text between it and the last one."""
    pieces = [piece for piece in SEPARATORS.split(text.replace('\u3000', ' '))
              if LETTER.search(piece)]
    if not pieces:
        return ''
    label = LABEL_TAIL.sub('', pieces[-1]).strip(' :=：-_/#*')
    return ' '.join(label.lower().split())


def _kind(label, value, percent):
    for kind, pattern in KINDS:
        if pattern.search(label):
            return kind
    if not percent and value == int(value) and not math.isinf(value):
        return COUNT
    return OTHER


def figures_of_line(line, alone_is_accuracy=False):
    """The labelled figures of one printed line, as Figures in order.

    A counter (``step 100``, ``Epoch: 0001``) is not a figure of its own: it is kept as the
    ``counter`` of the figures after it on the line. A line that is one number and nothing else
    is the ``value printed alone``, an accuracy when ``alone_is_accuracy`` (the cell computes
    one) and it lies in [0, 1].
    """
    found, counter, end = [], None, 0
    line = AT_K.sub(r'\1\2', line)
    matches = list(NUMBER.finditer(line))
    if len(matches) == 1 and line.strip() == matches[0].group(0):
        value = float(matches[0].group(1))
        if alone_is_accuracy and 0 <= value <= 1:
            return [Figure('value printed alone', value, ACCURACY, False, None)]
        return [Figure('value printed alone', value, _kind('', value, False), False, None)]
    list_label = None  # {'acc': [0.91, 0.95]}: each number of the list is an acc
    for match in matches:
        between = line[end:match.start()]
        end = match.end()
        if list_label and LIST_GAP.fullmatch(between):
            label = list_label
        else:
            label = _label_before(between)
            opened = between.rsplit(']', 1)[-1]
            list_label = label if '[' in opened and label else None
        if not label:
            continue
        value = float(match.group(1))
        if COUNTER.match(label) or COUNTER_UNIT.match(line[end:]):
            if value == int(value) and value >= 0:
                counter = '%s %d' % ('step' if not label.isascii() else label, value)
                continue
        percent = bool(match.group(2))
        kind = _kind(label, value, percent)
        if kind in (ACCURACY, ERROR) and (percent or 1 < value <= 100):
            value /= 100
        if kind in (ACCURACY, ERROR) and not 0 <= value <= 1:  # Num correct: 9000
            kind = COUNT if value == int(value) else OTHER
        training = bool(TRAINING.search(label)) or (counter is not None
                                                   and not EVALUATION.search(label))
        found.append(Figure(label, value, kind, training, counter))
    return found


def printed_lines(text):
    """The lines of printed text as a terminal ends up showing them: colours dropped, and of a
    line redrawn with carriage returns (a progress bar) its last state."""
    text = ANSI_ESCAPE.sub('', text).replace('\x08', '')
    text = NUMPY_SCALAR.sub(lambda m: m.group(1) or m.group(2), text)
    return [line.rsplit('\r', 1)[-1] for line in text.split('\n')]


def figures_in(text, alone_is_accuracy=False):
    """The labelled figures printed in ``text``, in order; TensorFlow's log lines, file names
    and download messages are not read."""
    found = []
    for line in printed_lines(text):
        if line.strip() and not NOISE.search(line):
            found.extend(figures_of_line(line, alone_is_accuracy))
    return found


def tolerance(figure, other=None):
    """How far this run's figure may land from the author's ``figure`` and still be the same,
    or None for a figure that is not compared (times)."""
    if figure.kind == TIME:
        return None
    if figure.kind in (ACCURACY, ERROR):
        error = 1 - figure.value if figure.kind == ACCURACY else figure.value
        fraction, least = BATCH_ACCURACY if figure.training else EVALUATED_ACCURACY
        return max(least, fraction * max(error, 0.0))
    scale = max(abs(figure.value), abs(other.value) if other is not None else 0.0)
    return (BATCH_LOSS if figure.training else EVALUATED_LOSS) * scale


def _headlines(figures):
    """label -> (the label's figures in order); the last is the headline."""
    by_label = collections.OrderedDict()
    for figure in figures:
        by_label.setdefault(figure.label, []).append(figure)
    return by_label


def compare(stored, now, where=''):
    """Pair the author's figures (``stored``) with this run's (``now``): for each label the last
    figure the author printed, against this run's figure at the same counter (``step 900``),
    or at the same place in order when the lines carry none. Returns Pairs."""
    pairs = []
    now_by_label = _headlines(now)
    for label, figures in _headlines(stored).items():
        headline = figures[-1]
        ours = now_by_label.get(label, [])
        match = None
        if headline.counter is not None:
            match = next((f for f in ours if f.counter == headline.counter), None)
        elif len(ours) >= len(figures):
            match = ours[len(figures) - 1]
        if match is None:
            pairs.append(Pair(where, label, headline, None, NOT_REACHED, None, headline.kind))
            continue
        allowed = tolerance(headline, match)
        nans = math.isnan(headline.value) + math.isnan(match.value)
        if allowed is None:
            verdict = NOT_COMPARED
        elif nans:  # a loss gone to nan is the same only as another nan
            verdict, allowed = (SAME if nans == 2 else DIFFERS), 0.0
        else:
            verdict = SAME if abs(match.value - headline.value) <= allowed + 1e-12 else DIFFERS
        pairs.append(Pair(where, label, headline, match, verdict, allowed, headline.kind))
    return pairs


def _number(figure):
    if figure is None:
        return '?'
    if figure.kind == COUNT:
        return '%d' % figure.value
    return '%.6g' % figure.value


def _arrow(stream):
    encoding = getattr(stream, 'encoding', None)
    if encoding is None:  # a stream of str (StringIO): no bytes to fit
        return '\u2192'
    try:
        '\u2192'.encode(encoding)
        return '\u2192'
    except (LookupError, UnicodeEncodeError):
        return '->'


def pair_line(pair, arrow='\u2192'):
    """``cell 12: test accuracy 0.9926 → 0.9921, same (within ±0.0016)``."""
    label = pair.label if pair.stored.counter is None else '%s (%s)' % (pair.label,
                                                                       pair.stored.counter)
    text = '%s: %s %s %s %s' % (pair.where, label, _number(pair.stored), arrow,
                               _number(pair.now))
    if pair.verdict in (SAME, DIFFERS):
        plus_minus = '\u00b1' if arrow != '->' else '+-'
        return '%s, %s (%s %s%.3g)' % (text, pair.verdict, 'within' if pair.verdict == SAME
                                       else 'by more than', plus_minus, pair.tolerance)
    if pair.verdict == NOT_REACHED:
        return '%s: %s %s, not reached by this run' % (pair.where, label, _number(pair.stored))
    return '%s, not compared (a %s)' % (text, pair.kind)


def counts(pairs):
    """(same, compared): figures the same within the spread, of those compared."""
    compared = [p for p in pairs if p.verdict in (SAME, DIFFERS)]
    return sum(1 for p in compared if p.verdict == SAME), len(compared)


def summary(pairs):
    same, compared = counts(pairs)
    reached = sum(1 for p in pairs if p.verdict == NOT_REACHED)
    line = '%d of %d figures the same' % (same, compared)
    if reached:
        line += ', %d not reached' % reached
    return line


def print_comparison(pairs, stream=None):
    """The comparison as the runner ends with it, on ``stream`` (stderr): nothing when there
    was nothing stored to compare with."""
    stream = stream or sys.stderr
    if not pairs:
        return
    arrow = _arrow(stream)
    stream.write('%s: %s (the author\'s %s now):\n' % (PROG, COMPARISON_HEADER, arrow))
    for pair in pairs:
        stream.write('  %s\n' % pair_line(pair, arrow))
    stream.write('%s: %s\n' % (PROG, summary(pairs)))
    stream.flush()


def without_comparison(text):
    """``text`` (a run's stderr) without the comparison block ``print_comparison`` wrote."""
    kept, inside = [], False
    for line in text.splitlines():
        if line.startswith('%s: %s' % (PROG, COMPARISON_HEADER)):
            inside = True
            continue
        if inside and line.startswith('  '):
            continue
        if inside and line.startswith(PROG + ': ') and line.endswith('the same') \
                or inside and ' not reached' in line and line.startswith(PROG + ': '):
            inside = False
            continue
        inside = False
        kept.append(line)
    return '\n'.join(kept) + ('\n' if text.endswith('\n') else '')


def pair_as_dict(pair):
    def figure(f):
        return None if f is None else {'value': f.value, 'counter': f.counter}
    return {'where': pair.where, 'label': pair.label, 'kind': pair.kind,
            'stored': figure(pair.stored), 'now': figure(pair.now), 'verdict': pair.verdict,
            'tolerance': pair.tolerance}


# Notebooks: the stored outputs kept in each cell's metadata, and compared.

METADATA_KEY = 'tf1_mnist'


def _text_of_outputs(outputs):
    """What a cell printed: its stdout stream and its results' plain text (not stderr, where
    TensorFlow logs)."""
    text = []
    for output in outputs or []:
        kind = output.get('output_type')
        if kind == 'stream' and output.get('name', 'stdout') == 'stdout':
            text.append(''.join(output.get('text', '')))
        elif kind in ('execute_result', 'display_data', 'pyout'):
            data = output.get('data', output)
            plain = data.get('text/plain', data.get('text'))
            if plain is not None:
                text.append(''.join(plain) + '\n')
    return ''.join(text)


def _stored_text_outputs(outputs):
    """The outputs worth keeping for a reader: all but images and HTML (which stay large)."""
    kept = []
    for output in outputs or []:
        output = dict(output)
        if 'data' in output:
            output['data'] = {k: v for k, v in output['data'].items() if k.startswith('text/p')}
            if not output['data']:
                continue
        kept.append(output)
    return kept


def _cell_source(cell):
    source = cell.get('source', cell.get('input', ''))
    return ''.join(source) if isinstance(source, list) else str(source)


def keep_stored_outputs(nb):
    """Before the notebook runs: keep each code cell's stored text outputs in its metadata
    (``metadata.tf1_mnist.stored_outputs``), and clear the outputs, so that what a cell shows
    after the run is this run's, and a cell the run never reached shows nothing of the old."""
    for cell in nb.cells:
        if cell.cell_type == 'code' and cell.get('outputs'):
            kept = json.loads(json.dumps(_stored_text_outputs(cell.outputs)))
            if kept:
                cell.metadata.setdefault(METADATA_KEY, {})['stored_outputs'] = kept
            cell.outputs = []


def compare_cells(cells):
    """Pairs for the code cells of an executed notebook (dicts or nbformat nodes) whose stored
    outputs are in their metadata; each cell's pairs are put in its metadata too."""
    pairs, number = [], 0
    for cell in cells:
        if cell.get('cell_type') != 'code':
            continue
        number += 1
        kept = (cell.get('metadata') or {}).get(METADATA_KEY, {})
        if 'stored_outputs' not in kept:
            continue
        alone_is_accuracy = 'acc' in _cell_source(cell).lower()
        stored = figures_in(_text_of_outputs(kept['stored_outputs']), alone_is_accuracy)
        now = figures_in(_text_of_outputs(cell.get('outputs')), alone_is_accuracy)
        found = compare(stored, now, 'cell %d' % number)
        if found:
            kept['figures'] = [pair_as_dict(pair) for pair in found]
        pairs.extend(found)
    return pairs


def compare_notebook_file(executed):
    """Pairs read from an executed notebook (``COURSE.tf1.ipynb``) written by the runner; []
    when it cannot be read or kept no stored outputs."""
    try:
        with open(executed, encoding='utf-8') as f:
            document = json.load(f)
    except (OSError, ValueError):
        return []
    cells = document.get('cells', []) if isinstance(document, dict) else []
    return compare_cells([cell for cell in cells if isinstance(cell, dict)])


# Scripts: a log beside the script that names it.

LOG_EXTENSIONS = ('.log', '.txt')
LOG_LIMIT = 4 << 20  # bytes read of a log


def log_of(script):
    """The log kept beside ``script`` that names it, or None.

    A log names the script when its name is the script's name with ``.log`` or ``.txt``
    (``mnist_softmax.log``, ``mnist_softmax.py.txt``) or starts with the script's name and
    ``.``, ``_`` or ``-`` (``mnist_softmax_output.txt``, ``mnist_softmax-run1.log``); of
    several, the shortest name, then the first in order.
    """
    folder = os.path.dirname(os.path.abspath(script))
    stem = os.path.splitext(os.path.basename(script))[0]
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    found = []
    for name in names:
        base, extension = os.path.splitext(name)
        if extension.lower() not in LOG_EXTENSIONS:
            continue
        if base == stem or base == stem + '.py' or (
                base.startswith(stem) and base[len(stem):len(stem) + 1] in ('.', '_', '-')):
            if os.path.isfile(os.path.join(folder, name)):
                found.append(name)
    if not found:
        return None
    return os.path.join(folder, sorted(found, key=lambda name: (len(name), name))[0])


def read_log(path):
    with open(path, 'rb') as f:
        return f.read(LOG_LIMIT).decode('utf-8', errors='replace')


def compare_with_log(log, printed, alone_is_accuracy=False):
    """Pairs of the figures in the log file ``log`` against the text a run printed."""
    where = os.path.basename(log)
    return compare(figures_in(read_log(log), alone_is_accuracy),
                   figures_in(printed, alone_is_accuracy), where)


class Tee:
    """A text stream that writes to ``stream`` and keeps a copy (a script's stdout)."""

    def __init__(self, stream):
        self.stream = stream
        self.kept = []

    def write(self, text):
        self.kept.append(text)
        return self.stream.write(text)

    def text(self):
        return ''.join(self.kept)

    def __getattr__(self, name):
        return getattr(self.stream, name)


# run --seed N.

def seed_datasets(seed):
    """MNIST DataSets made without a seed (TF1 drew theirs from the graph seed) shuffle in an
    order drawn from ``seed``: the same for the same seed."""
    from tf1_mnist import input_data
    original = getattr(input_data.DataSet.__init__, 'without_run_seed',
                       input_data.DataSet.__init__)
    seeds = random.Random(seed)

    def __init__(self, *args, **kwargs):
        if len(args) < 7 and kwargs.get('seed') is None:
            kwargs['seed'] = seeds.randrange(2 ** 32)
        original(self, *args, **kwargs)
    __init__.without_run_seed = original
    input_data.DataSet.__init__ = __init__


def seed_graphs(seed):
    """The graph-level seed of the default graph and of every graph made from now on (a
    script's own ``tf.set_random_seed`` comes later and wins); TensorFlow is imported."""
    from tensorflow.python.framework import ops
    init = getattr(ops.Graph.__init__, 'without_run_seed', ops.Graph.__init__)

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.seed = seed
    __init__.without_run_seed = init
    ops.Graph.__init__ = __init__
    ops.get_default_graph().seed = seed


def seed_everything(seed):
    """``run --seed N``: seed Python's and NumPy's ``random``, the batch order of MNIST
    DataSets made without a seed, and, once TensorFlow is imported, the graph-level seeds
    (``seed_graphs``; ``upgrade --verify`` seeds a plain-python copy with these very
    functions, TensorFlow's part when the copy imports it)."""
    random.seed(seed)
    import numpy
    numpy.random.seed(seed)
    seed_datasets(seed)
    if 'tensorflow' in sys.modules:
        seed_graphs(seed)


def seed_kernel(seed):
    """``seed_everything`` in a notebook kernel as it starts; Python's and NumPy's ``random``
    are seeded again just before the first cell, since the kernel's own start draws from
    Python's."""
    seed_everything(seed)
    from IPython import get_ipython
    shell = get_ipython()
    if shell is None:
        return

    def before_the_first_cell(*args):
        shell.events.unregister('pre_run_cell', before_the_first_cell)
        import numpy
        random.seed(seed)
        numpy.random.seed(seed)
    shell.events.register('pre_run_cell', before_the_first_cell)


def kernel_seed_argv(seed):
    """The kernel's command-line option that seeds it before the notebook's first cell."""
    return ['--IPKernelApp.exec_lines=["__import__(\'tf1_mnist.reproduce\').reproduce.'
            'seed_kernel(%d)"]' % seed]


# The course report's column "author's result → now".

def headline(pairs):
    """The pair that stands for an item: its last accuracy on a whole test set, else its last
    accuracy, else its last compared figure, taken from the figures that differ when some do;
    None when nothing was compared."""
    differing = [p for p in pairs if p.verdict == DIFFERS]
    pairs = differing or pairs
    for wanted in (lambda p: p.kind == ACCURACY and not p.stored.training,
                   lambda p: p.kind == ACCURACY, lambda p: p.verdict in (SAME, DIFFERS)):
        chosen = [p for p in pairs if p.verdict in (SAME, DIFFERS, NOT_REACHED) and wanted(p)]
        if chosen:
            return chosen[-1]
    return None


def reproduces(pairs):
    """Whether an item reproduces its author's results: at least one figure compared, each the
    same within the spread, and none that the run did not reach; None with nothing to compare."""
    same, compared = counts(pairs)
    if not compared and not any(p.verdict == NOT_REACHED for p in pairs):
        return None
    return compared > 0 and same == compared and not any(p.verdict == NOT_REACHED
                                                         for p in pairs)


def authors_result(pairs, arrow='\u2192'):
    """The report's cell: ``test accuracy 0.9926 → 0.9921 (same); 3 of 4 figures the same``."""
    chosen = headline(pairs)
    if chosen is None:
        return ''
    if chosen.verdict == NOT_REACHED:
        text = '%s %s %s not reached' % (chosen.label, _number(chosen.stored), arrow)
    else:
        text = '%s %s %s %s (%s)' % (chosen.label, _number(chosen.stored), arrow,
                                     _number(chosen.now), chosen.verdict)
    return '%s; %s' % (text, summary(pairs))
