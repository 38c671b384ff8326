"""One old-style script of our own per family of the runner's table (docs/compatibility.md):
upgraded with ``python -m tf1_mnist.upgrade``, then run as plain python in a subprocess with the
seed the original had under ``python -m tf1_mnist.run --seed``, printing the same numbers. A family
the runner refuses has its script's use left as it was, marked and listed by the upgrade.

Each script names the families it stands for in ``# table: <start of the row's usage>`` lines;
tests/upgrade_scripts and tests/family_scripts hold them."""

import functools
import http.server
import pathlib
import re
import shutil
import sys
import threading

import pytest

import warm
from tf1_mnist.runner import upgrade
from tf1_mnist.runner.engine import migrate, table

TESTS = pathlib.Path(__file__).parent
FOLDERS = (TESTS / 'upgrade_scripts', TESTS / 'family_scripts')
MNIST = TESTS.parent / 'data' / 'mnist'
SEED = 3
# A script that is part of a folder is upgraded with the folder (the modules it imports).
IN_FOLDERS = ('old_copy', 'trainer')
# The one old copy of the tutorial's input_data.py the tests hold; old_copy's script gets it
# beside itself.
OLD_INPUT_DATA = TESTS / 'legacy_scripts' / 'old_input_data' / 'input_data.py'


def _claims():
    """{script: [usage prefixes it claims]}, for every script with ``# table:`` lines."""
    claims = {}
    for folder in FOLDERS:
        for path in sorted(folder.rglob('*.py')):
            prefixes = [line[len('# table: '):].strip() for line in path.read_bytes().decode(
                'utf-8', 'replace').splitlines() if line.startswith('# table: ')]
            if prefixes:
                claims[path] = prefixes
    return claims


CLAIMS = _claims()


def _families(prefix):
    return [family for family in table.FAMILIES if family.usage.startswith(prefix)]


def _refused(family):
    return table.family_row(family)[1] == table.REFUSED


def _name(path):
    return str(path.relative_to(TESTS))


RUNS = [path for path, prefixes in CLAIMS.items()
        if not any(_refused(f) for p in prefixes for f in _families(p))]
REFUSALS = [path for path in CLAIMS if path not in RUNS]


def test_every_family_of_the_table_has_a_script_of_its_own():
    claimed = {}
    for path, prefixes in CLAIMS.items():
        for prefix in prefixes:
            families = _families(prefix)
            assert len(families) == 1, '%s: %r names %d rows' % (path, prefix, len(families))
            assert families[0].usage not in claimed, 'claimed twice: %r' % prefix
            claimed[families[0].usage] = path
    missing = [family.usage[:60] for family in table.FAMILIES if family.usage not in claimed]
    assert not missing
    # A script stands for refused rows only, or for rows that run: never both.
    for path, prefixes in CLAIMS.items():
        kinds = {_refused(_families(prefix)[0]) for prefix in prefixes}
        assert len(kinds) == 1, path
    assert len(RUNS) >= 40 and len(REFUSALS) >= 8


@functools.lru_cache(maxsize=None)
def _mnist_server():
    """An HTTP server of the bundled MNIST files, for the script that downloads them itself."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(MNIST))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return 'http://127.0.0.1:%d/' % server.server_address[1]


def _with_its_modules(path, tmp_path):
    """``path``, or for old_copy's script a copy of its folder with the old input_data.py
    beside it, as its author had it."""
    if path.parent.name != 'old_copy':
        return path
    folder = tmp_path / 'course' / 'old_copy'
    shutil.copytree(path.parent, folder)
    shutil.copy(OLD_INPUT_DATA, folder / OLD_INPUT_DATA.name)
    return folder / path.name


def _upgrade(path, out):
    """Upgrade ``path`` (its folder, for a script inside one) into ``out``; the copy's path."""
    if path.parent.name in IN_FOLDERS:
        assert upgrade.main([str(path.parent), '--out', str(out / path.parent.name)]) == 0
        return out / path.parent.name / path.name
    assert upgrade.main([str(path), '--out', str(out)]) == 0
    return out / path.name


def _numbers(done, what):
    assert done.returncode == 0, '%s:\n%s' % (what, done.stderr[-3000:])
    return [numbers for _, numbers in upgrade.numbered_lines(done.stdout)]


@pytest.mark.slow
@pytest.mark.parametrize('path', RUNS, ids=_name)
def test_the_upgraded_script_prints_the_originals_numbers_as_plain_python(tmp_path, path):
    path = _with_its_modules(path, tmp_path)
    copy = _upgrade(path, tmp_path / 'out')
    code = copy.read_bytes().decode('utf-8')
    assert migrate.MARK not in code
    # The code, not its docstring or comments, which may name the old modules.
    lines = [line.split('#')[0] for line in code.split('"""')[-1].splitlines()]
    assert not [line for line in lines if re.search(r'\b(tf|tensorflow)\.(contrib|examples)\b',
                                                    line)]
    env = upgrade._environment()
    env['MNIST_SOURCE'] = _mnist_server()
    ran_original, ran_copy = tmp_path / 'original', tmp_path / 'copy'
    ran_original.mkdir()
    ran_copy.mkdir()
    in_package = path.parent.name == 'trainer'
    # The original under the runner, with the runner's --seed.
    runner = [sys.executable, '-m', 'tf1_mnist.run', '--seed', str(SEED), str(path)]
    before = _numbers(warm.run(runner, cwd=str(path.parent if in_package else ran_original),
                               env=env, capture_output=True, text=True, timeout=600),
                      'the original under the runner')
    # The copy as plain python: no runner; tf1_mnist importable, as a student's install has it.
    # The seed goes in the way --verify puts it: before the script runs.
    if in_package:
        command = ['-m', 'trainer.task']
        cwd = copy.parent.parent
    else:
        command, cwd = [str(copy)], ran_copy
    after = _numbers(run_copy(code, [SEED] + command, cwd, env),
                     'the upgraded copy as plain python')
    assert before and after == before


def run_copy(code, args, cwd, env):
    """``python -c upgrade.BOOTSTRAP ARGS``: the copy of ``code`` run as plain python, seeded.
    Forked from a process that has made a plain ``import tensorflow`` (tests/warm.py); a copy
    that sets TF_USE_LEGACY_KERAS before its import gets a process that had it set before.
    tests/test_warm.py holds this to a fresh process."""
    env = dict(env)
    if migrate.LEGACY_KERAS in code:
        env['TF_USE_LEGACY_KERAS'] = '1'
    return warm.run_plain(upgrade.BOOTSTRAP, args, str(cwd), env, timeout=600)


@pytest.mark.parametrize('path', REFUSALS, ids=_name)
def test_a_refused_familys_use_is_left_marked_and_listed(tmp_path, path, capsys):
    report = tmp_path / 'report.txt'
    assert upgrade.main([str(path), '--out', str(tmp_path / 'out'), '--report',
                         str(report)]) == 0
    lines = (tmp_path / 'out' / path.name).read_text().splitlines()
    original = path.read_text().splitlines()
    marked = [number for number, line in enumerate(lines, 1) if line.endswith(migrate.MARK)]
    assert marked, 'nothing marked in the copy of %s' % path.name
    # The marked line is the author's, unchanged but for the mark.
    for number in marked:
        assert lines[number - 1][:-len(migrate.MARK)].rstrip() in original
    text = report.read_text()
    assert 'not converted' in text.lower() or 'could not' in text.lower(), text
