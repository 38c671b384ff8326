"""Python 2 files the whole-file translation used to miss, decided by parsing: ``print x``
beside ``print(...)`` under ``from __future__ import print_function``, indentation mixing tabs
and spaces, and errors named at the line of the original file."""

import contextlib
import io
import textwrap

import pytest

from tf1_mnist.runner.engine import check, python2
from test_run import REPO, run_legacy


def run_source(source):
    """What ``source`` (Python 3) prints, and its namespace."""
    out, namespace = io.StringIO(), {}
    with contextlib.redirect_stdout(out):
        exec(compile(source, '<test>', 'exec'), namespace)
    return out.getvalue(), namespace


MIXED_PRINTS = textwrap.dedent('''\
    from __future__ import print_function
    print("a", 1, end="!\\n")
    for i in range(2):
        print "loop", i, \\
            "more"
    print("b", 2)
    print "last",
    print("done")
    ''')


def test_print_statement_under_print_function_becomes_a_call_and_calls_stay_calls():
    with pytest.raises(SyntaxError):
        compile(MIXED_PRINTS, '<test>', 'exec')
    translated = python2.translate(MIXED_PRINTS, 'mixed.py')
    out, _ = run_source(translated)
    # What each line printed: the calls as print_function calls, the statements as Python 2
    # print statements (a trailing comma: a space, no newline).
    assert out == 'a 1!\nloop 0 more\nloop 1 more\nb 2\nlast done\n'
    assert len(translated.splitlines()) == len(MIXED_PRINTS.splitlines())


def test_without_print_function_parenthesised_prints_are_python_2_statements():
    out, _ = run_source(python2.translate('print("a", 1)\nprint "b"\n', 'old.py'))
    assert out == "('a', 1)\nb\n"  # Python 2 printed the tuple


TABS = ('def f(x):\n'
        '        y = 1\n'          # eight spaces
        '\tif x:\n'                # a tab: column 8 in Python 2, the same block
        '\t    y = 2\n'            # a tab and four spaces: column 12
        '        return y\n'
        'TEXT = """a\n'
        '\tb"""\n'
        'print f(True), f(False)\n')


def test_tabs_in_indentation_are_read_as_python_2_read_them():
    with pytest.raises(SyntaxError):  # TabError: Python 3 refuses the mix
        compile(TABS, '<test>', 'exec')
    out, namespace = run_source(python2.translate(TABS, 'tabs.py'))
    assert out == '2 1\n'
    assert namespace['TEXT'] == 'a\n\tb'  # a tab inside a string is kept


def test_a_file_neither_python_3_nor_2_is_reported_where_the_python_2_parse_stops():
    source = 'import os\nprint "ok"\ndef f(:\n    pass\n'
    findings, _ = check.check_source(source, 'broken.py')
    assert [(f.line, f.verdict.what, f.verdict.advice) for f in findings] == [
        (3, 'could not be parsed', "neither Python 3 nor Python 2 (its Python 2 parse stops at "
                                   "':')")]


def test_a_python_3_error_before_any_python_2_syntax_keeps_python_3s_message():
    source = 'import os\ndef f(:\n    pass\nprint "late"\n'
    findings, _ = check.check_source(source, 'broken.py')
    assert [(f.line, f.verdict.advice) for f in findings] == [(2, 'invalid syntax')]


TRANSLATION_FAILS = textwrap.dedent('''\
    def first(a, (b, c)):
        return a + b
    print first(1, (2, 3))
    async = True
    ''')


def test_a_translation_python_3_rejects_names_the_line_of_the_original():
    translated = python2.translate(TRANSLATION_FAILS, 'old.py')
    # The tuple parameter's fixer adds a line: the translation's error is on line 5.
    with pytest.raises(SyntaxError) as translation_error:
        compile(translated, 'old.py', 'exec')
    assert translation_error.value.lineno == 5
    with pytest.raises(SyntaxError) as error:
        python2.compile_translation(TRANSLATION_FAILS, translated, 'old.py')
    assert (error.value.lineno, error.value.text) == (4, 'async = True')
    assert error.value.msg == 'invalid syntax, in its Python 3 translation'
    findings, _ = check.check_source(TRANSLATION_FAILS, 'old.py')
    assert [(f.line, f.verdict.advice) for f in findings] == [
        (4, 'invalid syntax, in its Python 3 translation')]


@pytest.mark.slow
def test_runner_runs_the_mixed_script_and_its_tabbed_module(tmp_path):
    (tmp_path / 'helper.py').write_text(TABS.replace('print f(True), f(False)\n', ''))
    (tmp_path / 'train.py').write_text(MIXED_PRINTS.replace(
        'print("done")', 'import helper\nimport tensorflow as tf\n'
                         'print(tf.Session().run(tf.constant(helper.f(True))))'))
    result = run_legacy(tmp_path, tmp_path / 'train.py', pythonpath=(REPO,))
    assert result.returncode == 0, result.stderr
    assert result.stdout == 'a 1!\nloop 0 more\nloop 1 more\nb 2\nlast 2\n'


@pytest.mark.slow
def test_runner_names_the_original_line_of_a_module_whose_translation_fails(tmp_path):
    (tmp_path / 'model.py').write_text(TRANSLATION_FAILS)
    (tmp_path / 'train.py').write_text('import tensorflow as tf\nimport model\n')
    result = run_legacy(tmp_path, tmp_path / 'train.py', pythonpath=(REPO,))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'tf1_mnist.run: model.py:4: the file could not be parsed: invalid syntax, in its '
        'Python 3 translation']


def test_indentation_python_2_rejected_too_is_reported_at_its_line():
    source = 'print "a"\nfor i in range(2):\n     y = 1\n    z = 2\n'
    findings, _ = check.check_source(source, 'broken.py')
    assert [(f.line, f.verdict.advice) for f in findings] == [
        (4, 'neither Python 3 nor Python 2 (unindent does not match any outer indentation '
            'level)')]


# What Python 2.7 printed for each line, by its rules: ``/`` between integers (Python's,
# NumPy's, TensorFlow's integer tensors, whose ``/`` was tf.div) is floor division, rounding
# towards minus infinity; a float on either side makes it true division.
PYTHON2_DIVISION = textwrap.dedent('''\
    import numpy as np
    import tensorflow as tf
    from halves import half
    steps = 55000 / 100
    print steps, type(steps).__name__
    print 7 / 2.0, -7 / 2, np.int64(9) / 2, True / 2
    print (np.arange(6) / 4).tolist(), (np.arange(6.0) / 4).tolist()
    t = tf.constant([7, -7]) / 2
    print tf.Session().run(t).tolist(), t.dtype.name
    x = 9
    x /= 2
    print x, half(7)
    for i in range(steps / 110):
        pass
    print i
    ''')


def test_a_python_2_files_divisions_are_python_2s(tmp_path):
    (tmp_path / 'divide.py').write_text(PYTHON2_DIVISION)
    # A module beside it, Python 2 too (an ``exec`` statement), translated as it is imported.
    (tmp_path / 'halves.py').write_text('exec "pass"\ndef half(n):\n    return n / 2\n')
    result = run_legacy(tmp_path, tmp_path / 'divide.py')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        '550 int', '3.5 -4 4 0', '[0, 0, 0, 0, 1, 1] [0.0, 0.25, 0.5, 0.75, 1.0, 1.25]',
        '[3, -4] int32', '4 3', '4']


def test_a_python_2_file_with_future_division_keeps_true_division():
    source = 'from __future__ import division\nprint 7 / 2\n'
    code = python2.compile_translation(source, python2.translate(source, 'f.py'), 'f.py')
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})
    assert out.getvalue() == '3.5\n'
    source = 'print 7 / 2\n'
    with contextlib.redirect_stdout(out):
        exec(python2.compile_translation(source, python2.translate(source, 'old.py'),
                                         'old.py'), {})
    assert out.getvalue() == '3.5\n3\n'
