"""The course sweep loses nothing and leaves nothing running: scratch folders of their own,
a report folder locked while in use, items that die with the sweep, one line for what cannot
be read or written."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import lines_of, run_module, subprocess_env
from tf1_mnist import course


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def plain_python(monkeypatch):
    """Items run by this Python directly: the sweep's own machinery without TensorFlow."""
    def command(self, item, scratch):
        return [sys.executable, item.path], None
    monkeypatch.setattr(course.Sweep, '_command', command)


def sweep(items, report, jobs=1, budget=30):
    return course.Sweep(items, str(report), budget, jobs).run()


def test_items_whose_names_differ_by_space_underscore_or_slash_do_not_share_scratch(
        tmp_path, monkeypatch):
    plain_python(monkeypatch)
    root = tmp_path / 'course'
    names = ['a b.py', 'a_b.py', 'sub/x.py', 'sub__x.py']
    for number, name in enumerate(names, 1):
        # Each writes the same relative file and prints an accuracy of its own.
        write(root / name, 'open("out.txt", "w").write(%r)\n'
                           'print("test accuracy 0.%d")\n' % (name, number))
    for jobs in (1, 2):
        report = tmp_path / ('report%d' % jobs)
        items = course.find_items(str(root))
        finished = {item.relative: item for item in sweep(items, report, jobs)}
        assert {name: finished[name].accuracy for name in names} == {
            name: pytest.approx(number / 10) for number, name in enumerate(names, 1)}
        assert len(os.listdir(report / 'items')) == len(names)
        scratch = {name: finished[name].scratch for name in names}
        assert len(set(scratch.values())) == len(names)
        for name in names:
            assert (report / scratch[name] / 'out.txt').read_text() == name
        course.write_reports(str(report), list(finished.values()), 'summary', 'course')
        markdown = (report / 'report.md').read_text()
        for name in names:
            assert '| %s |' % scratch[name] in markdown
