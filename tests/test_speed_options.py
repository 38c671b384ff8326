"""Speed options kept apart from the lessons: --bf16 and the deep CNN's --recipe fast."""

import math
import platform
import subprocess
import sys

import numpy as np
import pytest

from conftest import lines_of, run_module, subprocess_env, usage_error
from tf1_mnist import deep_cnn, runtime, session_settings
from tf1_mnist.quiet import choose_onednn, cpu_flags, import_v1


@pytest.fixture(scope='module')
def tf():
    return import_v1()


def quiet(*args):
    pass


@pytest.mark.parametrize('flags, expected', [
    ('fpu avx512f avx512_vnni', False),
    ('fpu avx512f avx512_bf16', True),
    ('fpu amx_tile amx_bf16 amx_int8', True),
])
def test_native_bf16_is_read_from_cpu_flags(tmp_path, flags, expected):
    cpuinfo = tmp_path / 'cpuinfo'
    cpuinfo.write_text('processor\t: 0\nflags\t\t: %s\n' % flags)
    assert session_settings.cpu_has_native_bf16(str(cpuinfo)) is expected


def fake_cpuinfo(tmp_path, flags):
    cpuinfo = tmp_path / 'cpuinfo'
    cpuinfo.write_text('processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: %s\n\n'
                       'processor\t: 1\nflags\t\t: %s\n' % (flags, flags))
    return str(cpuinfo)


@pytest.mark.parametrize('flags, machine, expected', [
    ('fpu sse4_2 avx fma avx2', 'x86_64', '1'),            # AVX2 without AVX-512 (e.g. Zen 2/3)
    ('fpu avx2 avx512f avx512_bf16', 'x86_64', '1'),
    ('fpu sse4_2 avx', 'x86_64', None),                    # no AVX2: left to TensorFlow
    ('fpu avx2', 'aarch64', None),                          # not x86-64
])
def test_onednn_is_chosen_from_the_cpu_when_unset(tmp_path, flags, machine, expected):
    environ = {'PATH': '/bin'}
    note = choose_onednn(environ, fake_cpuinfo(tmp_path, flags), machine)
    assert environ.get('TF_ENABLE_ONEDNN_OPTS') == expected
    assert note.startswith('tf1_mnist: TF_ENABLE_ONEDNN_OPTS')
    assert ('=1' in note) == (expected == '1')


@pytest.mark.parametrize('users', ['0', '1', ''])
def test_the_users_onednn_setting_is_kept(tmp_path, users):
    environ = {'TF_ENABLE_ONEDNN_OPTS': users}
    note = choose_onednn(environ, fake_cpuinfo(tmp_path, 'fpu avx2'), 'x86_64')
    assert environ == {'TF_ENABLE_ONEDNN_OPTS': users}
    assert note == 'tf1_mnist: TF_ENABLE_ONEDNN_OPTS=%s (set by the user)' % users


def test_missing_cpuinfo_leaves_onednn_to_tensorflow(tmp_path):
    environ = {}
    choose_onednn(environ, str(tmp_path / 'no_cpuinfo'), 'x86_64')
    assert environ == {}


ONEDNN_PROBE = '''
import os
from tf1_mnist.quiet import choose_onednn, cpu_flags, import_v1
import_v1(verbose=%s)
from tensorflow.python.util import _pywrap_util_port
print(os.environ.get('TF_ENABLE_ONEDNN_OPTS'), _pywrap_util_port.IsMklEnabled())
'''


def onednn_probe(users=None, verbose=False):
    env = subprocess_env()
    env.pop('TF_ENABLE_ONEDNN_OPTS', None)
    if users is not None:
        env['TF_ENABLE_ONEDNN_OPTS'] = users
    out = subprocess.run([sys.executable, '-c', ONEDNN_PROBE % verbose], capture_output=True,
                         text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout.split(), out.stderr


@pytest.mark.skipif(platform.machine().lower() not in ('x86_64', 'amd64')
                    or 'avx2' not in cpu_flags(),
                    reason='the oneDNN default applies to x86-64 CPUs with AVX2; this is not one')
@pytest.mark.slow
def test_onednn_is_on_in_tensorflow_after_the_package_imports_it():
    assert onednn_probe() == (['1', 'True'], '')
    words, stderr = onednn_probe(verbose=True)
    assert words == ['1', 'True']
    assert ('tf1_mnist: TF_ENABLE_ONEDNN_OPTS=1 (x86-64 CPU with AVX2; set it to 0 to turn '
            'oneDNN off)') in stderr.splitlines()
    assert onednn_probe(users='0') == (['0', 'False'], '')


def test_session_config_for_each_mode(tf):
    config, note = session_settings.session_config_for(tf, bf16=False)
    assert note is None
    rewrites = session_settings.session_config_for(tf, bf16=True, mode='cpu')[0].graph_options \
        .rewrite_options
    assert rewrites.auto_mixed_precision_onednn_bfloat16 == rewrites.ON
    assert rewrites.auto_mixed_precision != rewrites.ON
    rewrites = session_settings.session_config_for(tf, bf16=True, mode='gpu')[0].graph_options \
        .rewrite_options
    assert rewrites.auto_mixed_precision == rewrites.ON
    config, note = session_settings.session_config_for(tf, bf16=True, mode='none')
    assert 'training in float32' in note
    assert config.graph_options.rewrite_options.auto_mixed_precision_onednn_bfloat16 != \
        rewrites.ON


def onednn_bf16_rewrite_skipped_because(tf):
    """Why Grappler's oneDNN bfloat16 rewrite cannot run in this process, or None when it can.

    TensorFlow applies it only with oneDNN on (TF_ENABLE_ONEDNN_OPTS, or its own CPU allow-list)
    and only where oneDNN has bfloat16 kernels for the CPU (AVX512F or AVX-NE-CONVERT, native
    or emulated)."""
    from tensorflow.python.util import _pywrap_util_port, _pywrap_utils
    if not _pywrap_util_port.IsMklEnabled():
        return 'oneDNN is off in this TensorFlow process, so no oneDNN bfloat16 rewrite exists'
    supported = getattr(_pywrap_utils, 'IsDataTypeSupportedByOneDNNOnThisCPU', None)
    if supported is None:  # TensorFlow before 2.13 asks for AVX512F, without a query for it
        has_kernels = 'avx512f' in cpu_flags()
    else:
        has_kernels = supported(tf.bfloat16.as_datatype_enum)
    if not has_kernels:
        return 'oneDNN has no bfloat16 kernels for this CPU (it needs AVX512F or AVX-NE-CONVERT)'
    return None


def test_bf16_rewrite_runs_the_matmuls_and_convolutions_in_bfloat16(tf, mnist_one_hot):
    """Forced on (emulated where the CPU lacks native bf16 but oneDNN has bf16 kernels): the
    lesson graph is rewritten, trains, and its variables stay float32. Where TensorFlow cannot
    do the rewrite at all, the graph must still train in float32, and the test says why it
    skipped the bfloat16 check."""
    skipped_because = onednn_bf16_rewrite_skipped_because(tf)
    config, _ = session_settings.session_config_for(tf, bf16=True, mode='cpu')
    batch = mnist_one_hot.train.next_batch(50)
    nodes, losses, dtypes = run_traced_steps(tf, config, batch, further=5)
    assert all(dtype == tf.float32 for dtype in dtypes)
    bf16_nodes = [n for n in nodes
                  if any(attr.type == tf.bfloat16.as_datatype_enum for attr in n.attr.values())]
    assert all(math.isfinite(l) for l in losses) and losses[-1] < losses[0]
    if skipped_because is not None:
        assert not bf16_nodes
        pytest.skip('trained in float32; bfloat16 rewrite not checked: ' + skipped_because)
    assert any('Conv2D' in n.op for n in bf16_nodes)
    assert any('MatMul' in n.op for n in bf16_nodes)


def run_traced_steps(tf, config, batch, further=0):
    """One traced lesson step under ``config`` on ``batch``, then ``further`` untraced ones:
    (the partition graphs' nodes, each with its device; the losses of the further steps; the
    dtypes of the model's variables, Adam's slots left out)."""
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        g = deep_cnn.build_graph(tf)
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            metadata = tf.RunMetadata()
            options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE,
                                    output_partition_graphs=True)
            feed = {g.x: batch[0], g.y_: batch[1], g.keep_prob: 0.5}
            sess.run(g.train_step, feed, options=options, run_metadata=metadata)
            losses = [sess.run([g.train_step, g.cross_entropy], feed)[1]
                      for _ in range(further)]
        dtypes = [v.dtype.base_dtype for v in tf.global_variables() if 'Adam' not in v.name]
    nodes = [n for graph in metadata.partition_graphs for n in graph.node]
    return nodes, losses, dtypes


def test_session_config_places_on_a_gpu_softly_and_grows_its_memory(tf):
    config = session_settings.session_config(tf)
    assert config.allow_soft_placement and config.gpu_options.allow_growth


def test_lesson_runs_on_the_gpu_and_bf16_rewrites_to_float16_there(tf, mnist_one_hot):
    if not tf.config.list_physical_devices('GPU'):
        pytest.skip('no GPU visible to TensorFlow: GPU placement and its mixed precision '
                    'not checked')
    batch = mnist_one_hot.train.next_batch(50)
    nodes, _, _ = run_traced_steps(tf, session_settings.session_config(tf), batch)
    convolutions = [n for n in nodes if n.op == 'Conv2D']
    assert convolutions and all('GPU' in n.device for n in convolutions)
    config, note = session_settings.session_config_for(tf, bf16=True)
    assert note is None
    nodes, _, _ = run_traced_steps(tf, config, batch)
    half = tf.float16.as_datatype_enum
    assert any(n.op == 'Conv2D' and 'GPU' in n.device and n.attr['T'].type == half
               for n in nodes)
    assert any(n.op == 'MatMul' and 'GPU' in n.device and n.attr['T'].type == half
               for n in nodes)


@pytest.mark.slow
def test_bf16_flag_falls_back_with_one_line_where_unsupported(tmp_path):
    result = run_module('tf1_mnist.softmax', '--bf16', '--max_steps', '20', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if session_settings.cpu_has_native_bf16():
        assert result.stderr == ''
    else:
        assert lines_of(result.stderr) == [
            'tf1_mnist: --bf16: this CPU has no native bfloat16 (AVX512-BF16 or AMX-BF16) and no '
            'GPU is visible; training in float32']


def test_warmup_cosine_schedule():
    lr = deep_cnn.warmup_cosine(1e-3, 100, 0.1)
    assert lr(0) == pytest.approx(1e-4)
    assert lr(9) == pytest.approx(1e-3)
    assert lr(10) == pytest.approx(1e-3)
    assert lr(55) == pytest.approx(0.5e-3)
    assert lr(99) < 1e-6
    values = [lr(i) for i in range(10, 100)]
    assert all(a >= b for a, b in zip(values, values[1:]))


@pytest.mark.slow
def test_lesson_graph_has_no_schedule_placeholder_fast_recipe_has(tf, mnist_one_hot):
    with tf.Graph().as_default() as graph:
        deep_cnn.build_graph(tf)
        assert not [op for op in graph.get_operations() if op.type == 'Placeholder'
                    and 'learning_rate' in op.name]
    fed = []

    def schedule(step):
        fed.append(step)
        return 1e-3
    result = deep_cnn.train(max_steps=12, batch_size=128, learning_rate=schedule, seed=0,
                            log_every=5, mnist=mnist_one_hot, out=quiet)
    assert fed == list(range(12))
    assert result.steps == 12 and [h[0] for h in result.history] == [0, 5, 10]


@pytest.mark.slow
def test_fast_recipe_from_the_command_line(tmp_path):
    result = run_module('tf1_mnist.deep_cnn', '--recipe', 'fast', '--max_steps', '30',
                        '--log_every', '15', '--seed', '1', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = lines_of(result.stdout)
    assert [l for l in lines if l.startswith('step ')][0].startswith('step 0, training accuracy')
    assert lines[-1].startswith('trained 30 steps in ')
    steps_per_s, images_per_s = [float(w) for w in
                                 lines[-1].replace(',', '').split(':')[1].split()[0:3:2]]
    # steps/s is printed to 0.1: images/s is 256 times the unrounded rate.
    assert abs(images_per_s - steps_per_s * 256) <= 0.05 * 256 + 0.5
    accuracy = float([l for l in lines if l.startswith('test accuracy')][0].split()[-1])
    assert accuracy > 0.8  # 30 steps of 256 with the recipe's warm-up already learn


def test_recipe_sets_defaults_and_flags_override_them(monkeypatch, capsys):
    lessons = []
    monkeypatch.setattr(runtime, 'run_command',
                        lambda parser, args, lesson, settings, plot: lessons.append(lesson) or 0)
    assert deep_cnn.main(['--recipe', 'fast']) == 0
    assert deep_cnn.main(['--recipe', 'fast', '--batch_size', '64', '--learning_rate', '0.01',
                          '--max_steps', '10']) == 0
    assert deep_cnn.main([]) == 0
    fast_run, overridden, lesson = lessons
    fast = deep_cnn.RECIPES['fast']
    assert (fast_run.max_steps, fast_run.batch_size, fast_run.keep_prob) == (
        fast.max_steps, fast.batch_size, fast.keep_prob)
    assert fast_run.init == 'he' and lesson.init == 'lesson'
    warm = max(1, int(fast.warmup_fraction * fast.max_steps))
    assert fast_run.learning_rate(warm) == pytest.approx(fast.learning_rate)
    assert (overridden.max_steps, overridden.batch_size) == (10, 64)
    assert overridden.learning_rate(5) <= 0.01
    assert overridden.learning_rate(1) == pytest.approx(0.01)
    # The lesson's constant rate, no schedule.
    assert (lesson.max_steps, lesson.batch_size, lesson.learning_rate, lesson.keep_prob) == (
        20000, 50, 1e-4, 0.5)
    assert "invalid choice: 'slow'" in usage_error(capsys, deep_cnn.main, ['--recipe', 'slow'])


def test_he_initialisation_scales_with_fan_in(tf):
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        deep_cnn.build_graph(tf, init='he')
        weights = [v for v in tf.trainable_variables() if len(v.shape) > 1]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = sess.run(weights)
    for v in values:
        fan_in = int(np.prod(v.shape[:-1]))
        # A normal truncated at 2 sigma has 0.88 of the sigma it was drawn with.
        assert v.std() == pytest.approx(0.88 * math.sqrt(2.0 / fan_in), rel=0.1)
