"""The README is a front page: short, its links resolve, and every docs page is reached from it."""

import configparser
import os
import re

from conftest import REPO

DOCS = os.path.join(REPO, 'docs')
LINK = re.compile(r'\]\(([^)\s]+)\)')


def pages():
    return ['README.md'] + sorted('docs/' + name for name in os.listdir(DOCS)
                                  if name.endswith('.md'))


def read(page):
    with open(os.path.join(REPO, page), encoding='utf-8') as f:
        return f.read()


def anchors(text):
    """The anchors GitHub gives a page's headings (outside code blocks)."""
    found, fence = set(), False
    for line in text.split('\n'):
        if line.startswith('```'):
            fence = not fence
        elif not fence and line.startswith('#'):
            title = line.lstrip('#').strip().lower()
            found.add(re.sub(r'[^\w\- ]', '', title).replace(' ', '-'))
    return found


def relative_links(page):
    for target in LINK.findall(read(page)):
        if not re.match(r'\w+:', target):
            yield target


def test_readme_fits_on_a_front_page():
    assert len(read('README.md').split('\n')) <= 250


def test_every_relative_link_names_a_file_and_a_heading_that_exist():
    broken = []
    for page in pages():
        for target in relative_links(page):
            path, _, anchor = target.partition('#')
            resolved = os.path.normpath(os.path.join(REPO, os.path.dirname(page), path or
                                                     os.path.basename(page)))
            if not os.path.exists(resolved):
                broken.append('%s: %s (no such file)' % (page, target))
            elif anchor and anchor not in anchors(read(os.path.relpath(resolved, REPO))):
                broken.append('%s: %s (no such heading)' % (page, target))
    assert broken == []


def test_every_docs_page_is_linked_from_the_readme():
    linked = {os.path.normpath(target.partition('#')[0])
              for target in relative_links('README.md')}
    assert set(pages()[1:]) <= linked


def test_package_long_description_is_the_readme():
    config = configparser.ConfigParser()
    config.read(os.path.join(REPO, 'setup.cfg'))
    metadata = config['metadata']
    assert metadata['long_description'] == 'file: README.md'
    assert metadata['long_description_content_type'] == 'text/markdown'
    assert os.path.isfile(os.path.join(REPO, 'README.md'))
