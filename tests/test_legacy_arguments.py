"""TensorFlow 1.0's changes of names and arguments, as the runner's table handles them: each
entry against what TF 0.x computed (NumPy, or the TF 1.x spelling of the same call).

The legacy namespace is built here without switching the process: graphs are built inside
``tf.Graph().as_default()``, as the runner's scripts build theirs.
"""

import numpy as np
import pytest
import tensorflow as real_tf

from tf1_mnist.runner.engine import table
from tf1_mnist.runner.engine.namespace import LegacyAPI, UnsupportedTF1Name
from tf1_mnist.runner.engine.replacements import argument_order

v1 = real_tf.compat.v1


@pytest.fixture(scope='module')
def tf():
    """The ``tensorflow`` a legacy script sees."""
    return LegacyAPI(real_tf, table.installed).root


def evaluate(build):
    """Build a graph with ``build()`` and return the value of what it returns."""
    with real_tf.Graph().as_default():
        result = build()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            return sess.run(result)


def numpy_softmax_xent(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -(labels * log_softmax).sum(axis=1)


RNG = np.random.default_rng(3)
LOGITS = RNG.normal(size=(6, 10)).astype(np.float32)
LABELS = np.eye(10, dtype=np.float32)[RNG.integers(0, 10, size=6)]


def test_positional_softmax_loss_is_read_in_the_pre_1_0_order(tf):
    old = evaluate(lambda: tf.nn.softmax_cross_entropy_with_logits(LOGITS, LABELS))
    np.testing.assert_allclose(old, numpy_softmax_xent(LOGITS, LABELS), rtol=1e-5)
    # What compat.v1 alone computes for the same call: the arguments swapped.
    swapped = evaluate(lambda: v1.nn.softmax_cross_entropy_with_logits(LOGITS, LABELS))
    assert not np.allclose(swapped, old)


def test_positional_sparse_and_sigmoid_losses(tf):
    classes = LABELS.argmax(axis=1)
    sparse = evaluate(lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(LOGITS, classes))
    np.testing.assert_allclose(sparse, numpy_softmax_xent(LOGITS, LABELS), rtol=1e-5)
    targets = (RNG.random(size=LOGITS.shape) > 0.5).astype(np.float32)
    expected = np.maximum(LOGITS, 0) - LOGITS * targets + np.log1p(np.exp(-np.abs(LOGITS)))
    for build in (lambda: tf.nn.sigmoid_cross_entropy_with_logits(LOGITS, targets),
                  lambda: tf.nn.sigmoid_cross_entropy_with_logits(logits=LOGITS,
                                                                  targets=targets),
                  lambda: tf.nn.sigmoid_cross_entropy_with_logits(labels=targets,
                                                                  logits=LOGITS)):
        np.testing.assert_allclose(evaluate(build), expected, rtol=1e-5)
    swapped = evaluate(lambda: v1.nn.sigmoid_cross_entropy_with_logits(LOGITS, targets))
    assert not np.allclose(swapped, expected)  # the silent wrong loss the table prevents


def train_softmax(loss_of, steps=20):
    """Weights of a softmax regression on fixed data after ``steps`` of gradient descent."""
    images = np.random.default_rng(0).random((50, 784), dtype=np.float32)
    labels = np.eye(10, dtype=np.float32)[np.random.default_rng(1).integers(0, 10, 50)]
    with real_tf.Graph().as_default():
        x = v1.placeholder(v1.float32, [None, 784])
        y_ = v1.placeholder(v1.float32, [None, 10])
        W = v1.Variable(v1.zeros([784, 10]))
        b = v1.Variable(v1.zeros([10]))
        logits = v1.matmul(x, W) + b
        step = v1.train.GradientDescentOptimizer(0.5).minimize(
            v1.reduce_mean(loss_of(logits, y_)))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for _ in range(steps):
                sess.run(step, {x: images, y_: labels})
            return sess.run(W)


def test_positional_loss_trains_the_same_weights_as_the_keyword_call(tf):
    pre_1_0 = train_softmax(lambda logits, y_: tf.nn.softmax_cross_entropy_with_logits(logits,
                                                                                        y_))
    keywords = train_softmax(lambda logits, y_: v1.nn.softmax_cross_entropy_with_logits(
        labels=y_, logits=logits))
    assert np.abs(keywords).sum() > 0.1  # it learned something
    np.testing.assert_array_equal(pre_1_0, keywords)


A = np.arange(6, dtype=np.float32).reshape(2, 3)
B = -np.arange(6, dtype=np.float32).reshape(2, 3)


@pytest.mark.parametrize('call, expected', [
    (lambda tf: tf.concat(1, [A, B]), np.concatenate([A, B], 1)),
    (lambda tf: tf.concat(0, [A, B], name='joined'), np.concatenate([A, B], 0)),
    (lambda tf: tf.concat(np.int64(1), (A, B)), np.concatenate([A, B], 1)),
    (lambda tf: tf.concat(concat_dim=1, values=[A, B]), np.concatenate([A, B], 1)),
    (lambda tf: tf.concat([A, B], 1), np.concatenate([A, B], 1)),
    (lambda tf: tf.concat([A, B], axis=0), np.concatenate([A, B], 0)),
    (lambda tf: tf.concat(v1.constant(1), [A, B]), np.concatenate([A, B], 1)),
    (lambda tf: tf.split(1, 3, A), np.split(A, 3, 1)),
    (lambda tf: tf.split(split_dim=0, num_split=2, value=A), np.split(A, 2, 0)),
    (lambda tf: tf.split(A, 3, 1), np.split(A, 3, 1)),
    (lambda tf: tf.split(A, [1, 2], axis=1), np.split(A, [1], 1)),
    (lambda tf: tf.reverse(A, [False, True]), A[:, ::-1]),
    (lambda tf: tf.reverse(A, np.array([True, True])), A[::-1, ::-1]),
    (lambda tf: tf.reverse(A, v1.constant([True, False])), A[::-1]),
    (lambda tf: tf.reverse(A, [1]), A[:, ::-1]),
    (lambda tf: tf.reverse(A, axis=[0]), A[::-1]),
    (lambda tf: tf.batch_matmul(A[None], B[None], adj_y=True), A[None] @ B[None].transpose(
        0, 2, 1)),
])
def test_reordered_arguments_either_order(tf, call, expected):
    result = evaluate(lambda: call(tf))
    if isinstance(expected, list):
        assert len(result) == len(expected)
        for part, want in zip(result, expected):
            np.testing.assert_array_equal(part, want)
    else:
        np.testing.assert_array_equal(result, expected)


def test_sparse_split_in_the_old_order(tf):
    def build():
        sparse = v1.SparseTensor(indices=[[0, 0], [1, 2]], values=[1.0, 2.0], dense_shape=[2, 4])
        return [v1.sparse.to_dense(part) for part in tf.sparse_split(1, 2, sparse)]
    left, right = evaluate(build)
    np.testing.assert_array_equal(left, [[1, 0], [0, 0]])
    np.testing.assert_array_equal(right, [[0, 0], [2, 0]])


def test_op_scope_is_name_scope_with_its_old_arguments(tf):
    with real_tf.Graph().as_default():
        with tf.op_scope([], 'layer', 'default'):
            op = v1.constant(1.0, name='c')
    assert op.name == 'layer/c:0'


@pytest.mark.parametrize('call, message', [
    (lambda tf: tf.concat(v1.placeholder(v1.float32), v1.placeholder(v1.float32)),
     'tf.concat was called with arguments that fit both its TF 0.x order (concat_dim, values) '
     'and its TF 1.x order (values, axis); name them (e.g. axis=) so the call says which is '
     'meant'),
    (lambda tf: tf.split(v1.placeholder(v1.int32), 2, A),
     'tf.split was called with arguments that fit both'),
    (lambda tf: tf.svd(A, True),
     'tf.svd was called with positional flags, which TF 0.x read as (compute_uv, '
     'full_matrices) and TF 1.x as (full_matrices, compute_uv); name them'),
])
def test_ambiguous_calls_stop_with_one_line(tf, call, message):
    with real_tf.Graph().as_default():
        with pytest.raises(UnsupportedTF1Name) as error:
            call(tf)
    assert str(error.value).startswith(message)
    assert '\n' not in str(error.value)


# Renamed keywords that tensorflow.compat.v1 itself still accepts: one example call each,
# (positional arguments, the keywords with the old name, the same with the new name).
X = np.array([[1.0, -2.0, 3.0], [4.0, 0.0, -6.0]], dtype=np.float32)
S = [[0, 0], [1, 2]], [1.0, 2.0], [2, 3]  # a SparseTensor's indices, values, dense shape
REDUCE = {'reduce_sum': X, 'reduce_mean': X, 'reduce_max': X, 'reduce_min': X,
          'reduce_prod': X, 'reduce_all': X > 0, 'reduce_any': X > 0, 'reduce_logsumexp': X,
          'count_nonzero': X, 'reduce_join': np.array([['a', 'b'], ['c', 'd']])}
KEYWORD_CASES = {}
for name, value in REDUCE.items():
    KEYWORD_CASES[name, 'reduction_indices'] = ((value,), {'reduction_indices': 1}, {'axis': 1})
    KEYWORD_CASES[name, 'keep_dims'] = ((value,), {'axis': 1, 'keep_dims': True},
                                        {'axis': 1, 'keepdims': True})
KEYWORD_CASES.update({
    ('expand_dims', 'dim'): ((X,), {'dim': 1}, {'axis': 1}),
    ('argmax', 'dimension'): ((X,), {'dimension': 1}, {'axis': 1}),
    ('argmin', 'dimension'): ((X,), {'dimension': 1}, {'axis': 1}),
    ('squeeze', 'squeeze_dims'): ((X[None, :, None],), {'squeeze_dims': [2]}, {'axis': [2]}),
    ('nn.moments', 'keep_dims'): ((X,), {'axes': [0], 'keep_dims': True},
                                  {'axes': [0], 'keepdims': True}),
    ('sparse_concat', 'concat_dim'): ((), {'concat_dim': 1, 'sp_inputs': 'SS'},
                                      {'axis': 1, 'sp_inputs': 'SS'}),
    ('sparse_reduce_sum', 'reduction_axes'): (('S',), {'reduction_axes': 1}, {'axis': 1}),
    ('sparse_reduce_sum', 'keep_dims'): (('S',), {'axis': 1, 'keep_dims': True},
                                         {'axis': 1, 'keepdims': True}),
    ('sparse_reduce_sum_sparse', 'reduction_axes'): (('S',), {'reduction_axes': 1},
                                                     {'axis': 1}),
    ('sparse_reduce_sum_sparse', 'keep_dims'): (('S',), {'axis': 1, 'keep_dims': True},
                                                {'axis': 1, 'keepdims': True}),
    ('reverse_sequence', 'seq_dim'): ((X, [2, 3]), {'seq_dim': 1, 'batch_axis': 0},
                                      {'seq_axis': 1, 'batch_axis': 0}),
    ('reverse_sequence', 'batch_dim'): ((X.T, [2, 3]), {'seq_axis': 0, 'batch_dim': 1},
                                        {'seq_axis': 0, 'batch_axis': 1}),
})


def call_path(namespace, path, *args, **kwargs):
    function = namespace
    for name in path.split('.'):
        function = getattr(function, name)
    return function(*args, **kwargs)


def with_sparse(values):
    """Arguments with 'S' made a SparseTensor, 'SS' two of them."""
    def sparse():
        return v1.SparseTensor(*S)
    convert = {'S': sparse, 'SS': lambda: [sparse(), sparse()]}
    if isinstance(values, dict):
        return {k: convert[v]() if isinstance(v, str) and v in convert else v
                for k, v in values.items()}
    return [convert[v]() if isinstance(v, str) and v in convert else v for v in values]


def dense(value):
    return v1.sparse.to_dense(value) if isinstance(value, v1.SparseTensor) else value


def test_every_renamed_keyword_has_an_example():
    in_table = {(e.path, old) for e in table.ENTRIES if e.keywords and (
        e.provider is None or e.path == 'sparse_concat') for old, _ in e.keywords}
    assert in_table == set(KEYWORD_CASES)


@pytest.mark.parametrize('path, old', sorted(KEYWORD_CASES),
                         ids=['%s-%s' % case for case in sorted(KEYWORD_CASES)])
def test_renamed_keyword_computes_what_the_new_one_does(tf, path, old):
    args, old_kwargs, new_kwargs = KEYWORD_CASES[path, old]

    def build(namespace, kwargs):
        return lambda: dense(call_path(namespace, path, *with_sparse(args),
                                       **with_sparse(kwargs)))
    old_result = evaluate(build(tf, old_kwargs))
    np.testing.assert_array_equal(old_result, evaluate(build(v1, new_kwargs)))
    # The keyword has an effect: without it the result differs (or the call is refused).
    new_name = dict(table.find(path.split('.')).keywords)[old]
    try:
        without = evaluate(build(v1, {k: v for k, v in new_kwargs.items() if k != new_name}))
    except (ValueError, TypeError):
        return
    assert np.shape(without) != np.shape(old_result) or not np.array_equal(without, old_result)


@pytest.mark.parametrize('entry', [e for e in table.ENTRIES if e.path in table.RENAMED],
                         ids=lambda e: e.path)
def test_renamed_name_is_its_new_name(tf, entry):
    old = tf
    for name in entry.path.split('.'):
        old = getattr(old, name)
    new, in_compat_v1 = tf, v1
    for name in entry.provider.split('.')[1:]:
        new, in_compat_v1 = getattr(new, name), getattr(in_compat_v1, name)
    assert old is new
    assert callable(in_compat_v1)  # the new name exists in the TF1 API TensorFlow 2 keeps
    verdict = table.classify(entry.key)
    assert verdict.kind == table.NOTE and entry.provider in verdict.what


def test_renamed_names_compute_what_they_did(tf):
    a, b = np.float32([3.0, -1.5]), np.float32([2.0, 4.0])
    np.testing.assert_array_equal(evaluate(lambda: tf.mul(a, b)), a * b)
    np.testing.assert_array_equal(evaluate(lambda: tf.sub(a, b)), a - b)
    np.testing.assert_array_equal(evaluate(lambda: tf.neg(a)), -a)
    np.testing.assert_array_equal(evaluate(lambda: tf.pack([a, b])), np.stack([a, b]))
    np.testing.assert_array_equal(evaluate(lambda: tf.select(a > 0, a, b)), [3.0, 4.0])
    np.testing.assert_array_equal(evaluate(lambda: tf.unpack(np.stack([a, b]))[1]), b)


def test_every_provider_resolves_and_replacement_modules_match_their_all(tf):
    api = LegacyAPI(real_tf, table.installed)
    for entry in table.ENTRIES:
        if entry.provider is not None and not entry.requires:
            assert api.resolve(entry.provider) is not None, entry.path
    assert set(argument_order.__all__) <= set(dir(argument_order))
