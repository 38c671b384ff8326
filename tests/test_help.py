"""Each command's --help says what its parser accepts and what it does."""

import re

import pytest

from tf1_mnist import cluster

from tf1_mnist.runner import course, kernel, script as run

COMMANDS = [(run.main, []), (course.main, []), (cluster.main, []),
            (kernel.main, []), (kernel.main, ['install']), (kernel.main, ['launch'])]


def help_text(main, argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv + ['--help'])
    assert stop.value.code == 0
    return capsys.readouterr().out


def option_help(text, flag):
    """The help of one option, on one line."""
    match = re.search(r'^  %s\b.*?(?=^  -|\Z)' % re.escape(flag), text, re.M | re.S)
    return ' '.join(match.group(0).split())


@pytest.mark.parametrize('main, argv', COMMANDS)
def test_the_synopsis_names_every_option_of_the_parser(main, argv, capsys):
    text = help_text(main, argv, capsys)
    synopsis, options = text.split('\n\n', 1)
    flags = set(re.findall(r'^  (?:-\w, )?(--[\w-]+)', options, re.M)) - {'--help'}
    assert {flag for flag in flags if flag not in re.findall(r'--[\w-]+', synopsis)} == set()


def test_check_reads_in_a_folder_the_files_its_help_names(tmp_path, monkeypatch, capsys):
    said = option_help(help_text(run.main, [], capsys), '--check')
    extensions = re.findall(r'\.\w+', re.search(r'a folder: its (.*?) files', said).group(1))
    blocked = 'import tensorflow as tf\ntf.contrib.learn.Estimator(None)\n'
    (tmp_path / 'script.py').write_text(blocked)
    (tmp_path / 'notes.txt').write_text(blocked)
    nbformat = pytest.importorskip('nbformat')
    from nbformat.v4 import new_code_cell, new_notebook
    nbformat.write(new_notebook(cells=[new_code_cell(blocked)]), str(tmp_path / 'lesson.ipynb'))
    monkeypatch.chdir(tmp_path)
    assert run.main(['--check', '.']) == 1
    reported = {re.match(r'\./[\w]+(\.\w+)', line).group(1)
                for line in capsys.readouterr().out.splitlines()[:-1]}
    assert sorted(reported) == sorted(extensions)


def console_scripts():
    import configparser
    import os
    from conftest import REPO
    config = configparser.ConfigParser()
    config.read(os.path.join(REPO, 'setup.cfg'))
    lines = config['options.entry_points']['console_scripts'].strip().splitlines()
    return dict(tuple(part.strip() for part in line.split('=')) for line in lines)


def test_each_console_script_is_the_main_of_its_python_m_command():
    import importlib
    scripts = console_scripts()
    assert sorted(scripts) == ['tf1-cluster', 'tf1-course', 'tf1-kernel', 'tf1-run']
    for target in scripts.values():
        module, function = target.split(':')
        assert function == 'main'
        assert importlib.import_module(module).PROG == 'python -m %s' % module


def test_readme_table_of_commands_is_setup_cfg():
    import os
    from conftest import REPO
    with open(os.path.join(REPO, 'README.md'), encoding='utf-8') as f:
        rows = re.findall(r'^\| `python -m ([\w.]+)` \| `([\w-]+)` \|$', f.read(), re.M)
    assert {script: module + ':main' for module, script in rows} == console_scripts()
