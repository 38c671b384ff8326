"""Source files as course folders hold them: saved in a legacy East Asian encoding, notebook
cells whose continuation lines start with ``%``, imports of TensorFlow's private modules that
re-export names."""

import ast
import sys
import textwrap

import pytest

import warm
from tf1_mnist.runner import notebook
from tf1_mnist.runner.engine import check, source_text

CHINESE = '"""运行主函数：训练神经网络并打印准确率"""'
KOREAN = '# 한국어 주석입니다: 정확도를 출력합니다'
JAPANESE = '# 日本語のコメント：精度を表示します'


@pytest.mark.parametrize('text, codec', [(CHINESE, 'gbk'), (KOREAN, 'cp949'),
                                         (JAPANESE, 'cp932')])
def test_a_file_in_a_legacy_encoding_is_read_in_it(text, codec):
    data = ('x = 1\n%s\nprint(x)\n' % text).encode(codec)
    with pytest.raises(UnicodeDecodeError):
        data.decode('utf-8')  # what Python reads source as
    assert source_text.legacy_encoding(data)[0] == codec
    assert source_text.decode(data, 'lesson.py') == 'x = 1\n%s\nprint(x)\n' % text


def test_utf8_and_declared_encodings_are_read_as_python_reads_them():
    assert source_text.legacy_encoding(('x = "%s"\n' % CHINESE).encode('utf-8')) is None
    declared = ('# -*- coding: utf-8 -*-\n%s\n' % CHINESE).encode('gbk')
    assert source_text.legacy_encoding(declared) is None
    with pytest.raises(UnicodeDecodeError):  # as importlib.util.decode_source refuses it
        source_text.decode(declared, 'declared.py')
    latin = '# -*- coding: latin-1 -*-\n# café\n'.encode('latin-1')
    assert source_text.decode(latin, 'latin.py') == '# -*- coding: latin-1 -*-\n# café\n'


def test_check_reads_a_gbk_file(tmp_path):
    path = tmp_path / 'mnist.py'
    path.write_bytes(('import tensorflow as tf\n%s\nx = tf.placeholder(tf.float32)\n'
                      % CHINESE).encode('gbk'))
    text, why = check.read_source(str(path))
    assert why is None and CHINESE in text


@pytest.mark.slow
def test_the_runner_runs_a_gbk_script_and_prints_its_strings(tmp_path):
    (tmp_path / 'lesson.py').write_bytes(textwrap.dedent('''\
        import tensorflow as tf
        # 打印准确率
        x = tf.placeholder(tf.float32, [None])
        with tf.Session() as sess:
            print('准确率', sess.run(tf.reduce_mean(x), {x: [0.5, 1.0]}))
        ''').encode('gbk'))
    plain = warm.run([sys.executable, 'lesson.py'], cwd=tmp_path, capture_output=True,
                           text=True)
    assert "SyntaxError" in plain.stderr  # Python itself refuses the file
    runner = warm.run([sys.executable, '-m', 'tf1_mnist.run', 'lesson.py'], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert runner.returncode == 0, runner.stderr
    assert runner.stdout.splitlines() == ['准确率 0.75']
    assert ('tf1_mnist.run: %s is not UTF-8 and declares no encoding; read as GBK (a coding '
            'line in the file says which, if not)' % (tmp_path / 'lesson.py')
            ) in runner.stderr.splitlines()


def test_a_continuation_line_that_starts_with_percent_is_python():
    cell = textwrap.dedent('''\
        %matplotlib inline
        for i in range(3):
            print ('Step: %d, Loss: %f'
                   % (i, 0.5))
        total = 7 \\
            % 4
        !ls
        ''')
    python = notebook.python_of_cell(cell)
    lines = python.splitlines()
    assert lines[0] == 'pass' and lines[6] == 'pass'  # IPython's own syntax, blanked
    assert lines[1:6] == cell.splitlines()[1:6]  # the rest is the cell's Python, unchanged
    namespace = {}
    exec(compile(ast.parse(python), 'cell', 'exec'), namespace)
    assert namespace['total'] == 7 % 4


def test_a_private_module_that_re_exports_with_import_star_holds_the_name():
    # tensorflow/python/ops/nn.py takes relu from gen_nn_ops with ``import *``; it is there.
    from tensorflow.python.ops import nn
    assert callable(nn.relu)
    assert check._missing_internal('tensorflow.python.ops.nn', ['relu']) is None
    # A module without ``import *`` still has its missing names reported.
    assert check._missing_internal('tensorflow.python.framework.dtypes', ['no_such_name']) == (
        'tensorflow.python.framework.dtypes.no_such_name')
