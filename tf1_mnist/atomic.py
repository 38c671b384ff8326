"""Atomic file writes: a temporary file in the target's folder, then a rename.

A reader (or a run restarted after ``kill -9``) sees either the old file or the complete new
one, never a partial file where a good one is expected.
"""

import contextlib
import os
import tempfile


@contextlib.contextmanager
def atomic_path(target):
    """Yield a temporary path beside ``target``; on success it is renamed onto ``target``."""
    directory = os.path.dirname(os.path.abspath(target))
    os.makedirs(directory, exist_ok=True)
    base = os.path.basename(target)
    stem, ext = os.path.splitext(base)
    # Keep the extension last: some writers (matplotlib, numpy) choose the format by it.
    fd, tmp = tempfile.mkstemp(prefix='.' + stem + '.', suffix='.part' + ext, dir=directory)
    os.close(fd)
    try:
        yield tmp
        with open(tmp, 'rb+') as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_bytes(target, data):
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        with open(tmp, 'wb') as f:
            f.write(data)
