"""The Layout page (docs/layout.md) names every module of the package, and nothing that is gone."""

import os
import re

from conftest import REPO

PACKAGE = os.path.join(REPO, 'tf1_mnist')


def layout_section():
    with open(os.path.join(REPO, 'docs', 'layout.md'), encoding='utf-8') as f:
        return f.read()


def modules_in_the_package():
    found = set()
    for folder, _, files in os.walk(PACKAGE):
        for name in files:
            if name.endswith('.py') and name != '__init__.py':
                found.add(os.path.relpath(os.path.join(folder, name), REPO))
    return found


def test_layout_lists_every_module_and_no_other():
    section = layout_section()
    listed = set(re.findall(r'`(tf1_mnist/[\w/]+\.py)`', section))
    replacements = re.search(r'`tf1_mnist/runner/engine/replacements/`:(.*?)(?:\n- |\Z)', section,
                             re.S).group(1)
    listed |= {'tf1_mnist/runner/engine/replacements/' + name
               for name in re.findall(r'`(\w+\.py)`', replacements)}
    assert listed == modules_in_the_package()
