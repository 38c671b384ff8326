"""Atomic file writes: a temporary file in the target's folder, then a rename.

A reader (or a run restarted after ``kill -9``) sees either the old file or the complete new
one, never a partial file where a good one is expected.

Temporary files are named ``.<stem>.tf1tmp.<host>.<pid>.<random>.part<ext>``, so they are
recognisable as ours and say which process wrote them. A temporary file is removed on every
failure path (an exception, a full disk, Ctrl-C); one left behind by a killed process is
removed by the next write into the same folder (or an explicit ``remove_stale_temp_files``)
once no running process can own it. Files are created with mode 0666 minus the umask, as
``open()`` creates them.
"""

import contextlib
import errno
import os
import re
import secrets
import socket
import time

__all__ = ['atomic_path', 'write_bytes', 'write_new', 'is_temp_name',
           'remove_stale_temp_files', 'remove_stale_files']

_TEMP_NAME = re.compile(r'^\.(?P<stem>.+)\.tf1tmp\.(?P<host>[A-Za-z0-9]{0,24})'
                        r'\.(?P<pid>[1-9][0-9]*)\.(?P<token>[0-9a-f]{8})\.part(?P<ext>\.[^.]*)?$')
# A temporary file from another machine (a shared folder) cannot be traced to its process;
# it is stale once it has not changed for this long, far beyond the time any write takes.
_FOREIGN_STALE_SECONDS = 24 * 3600


def _host():
    return re.sub(r'[^A-Za-z0-9]', '', socket.gethostname())[:24]


def _temp_name(base):
    stem, ext = os.path.splitext(base)
    # Keep the extension last: some writers (matplotlib, numpy) choose the format by it.
    return '.%s.tf1tmp.%s.%d.%s.part%s' % (stem, _host(), os.getpid(), secrets.token_hex(4), ext)


def is_temp_name(name):
    """Whether ``name`` (a file name, not a path) is one of this module's temporary files."""
    return _TEMP_NAME.match(name) is not None


def _process_start_time(pid):
    """When process ``pid`` started (seconds since the epoch), or None where that is unknown."""
    try:
        with open('/proc/%d/stat' % pid, 'rb') as f:
            fields = f.read().rsplit(b')', 1)[1].split()
        with open('/proc/stat', 'rb') as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith(b'btime'))
        return boot + int(fields[19]) / os.sysconf('SC_CLK_TCK')
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _is_stale(name, mtime, now=None):
    """Whether no running process can own the temporary file ``name`` last changed at ``mtime``."""
    match = _TEMP_NAME.match(name)
    if match is None:
        return False
    now = time.time() if now is None else now
    if match.group('host') != _host() or os.name != 'posix':
        # No way to ask after the writer (on Windows os.kill(pid, 0) would signal it).
        return now - mtime > _FOREIGN_STALE_SECONDS
    pid = int(match.group('pid'))
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, owned by another user
    started = _process_start_time(pid)
    # The writer started before it created the file: a process with that pid that started
    # later is another process that reuses the number.
    return started is not None and started > mtime + 2


def remove_stale_temp_files(directory):
    """Remove this module's temporary files in ``directory`` that no running process can own
    (their writer was killed). Anything else is left alone; errors are ignored. Returns the
    names removed."""
    return remove_stale_files(directory, _TEMP_NAME, _is_stale)


def remove_stale_files(directory, pattern, is_stale):
    """Remove the regular files in ``directory`` whose name matches the regular expression
    ``pattern`` and for which ``is_stale(name, mtime)`` holds: the temporary files of writes
    that never finished, named and judged by whoever wrote them. Anything else is left alone;
    errors are ignored. Returns the names removed."""
    removed = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        if pattern.match(name) is None:
            continue
        path = os.path.join(directory, name)
        try:
            st = os.lstat(path)
            if not _is_regular(st) or not is_stale(name, st.st_mtime):
                continue
            os.unlink(path)
            removed.append(name)
        except OSError:
            pass
    return removed


def _is_regular(st):
    return (st.st_mode & 0o170000) == 0o100000


def _create(directory, base):
    """Create an empty temporary file (mode 0666 minus the umask) and return its path."""
    for _ in range(100):
        path = os.path.join(directory, _temp_name(base))
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, 'O_CLOEXEC', 0),
                         0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise FileExistsError(errno.EEXIST, 'no free temporary file name', directory)


def _fsync_directory(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(target, replace=True):
    """Yield a temporary path beside ``target``; on success it is renamed onto ``target``.

    On any failure (including KeyboardInterrupt) the temporary file is removed and the
    exception propagates; ``target`` is untouched. With ``replace=False`` a ``target`` that
    exists by then, even one another process created a moment ago, is kept and
    ``FileExistsError`` is raised.
    """
    directory = os.path.dirname(os.path.abspath(target))
    os.makedirs(directory, exist_ok=True)
    remove_stale_temp_files(directory)
    tmp = _create(directory, os.path.basename(target))
    try:
        yield tmp
        with open(tmp, 'rb+') as f:
            os.fsync(f.fileno())
        if replace:
            os.replace(tmp, target)
        else:
            _publish_new(tmp, target)
            if os.path.lexists(tmp):  # published as a hard link
                os.unlink(tmp)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_directory(directory)


def write_bytes(target, data, replace=True):
    """Write ``data`` to ``target`` atomically (``replace``: see ``atomic_path``)."""
    with atomic_path(target, replace) as tmp:
        with open(tmp, 'wb') as f:
            f.write(data)


def _publish_new(tmp, target):
    """Give the complete file ``tmp`` the name ``target`` unless a file has it already
    (FileExistsError)."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK,
                               getattr(errno, 'EOPNOTSUPP', errno.ENOTSUP)):
            raise
    # No hard links here: claim the name first, then fill it from the complete file.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    os.replace(tmp, target)


def write_new(directory, name_for, write, first=1):
    """Write a file with ``write(path)`` and publish it in ``directory`` under the first free
    name among ``name_for(first)``, ``name_for(first + 1)``, ...; return its path.

    Never replaces a file, even one that another process creates at the same moment, and
    never leaves a partial file under the final name.
    """
    os.makedirs(directory, exist_ok=True)
    remove_stale_temp_files(directory)
    tmp = _create(directory, name_for(first))
    try:
        write(tmp)
        with open(tmp, 'rb+') as f:
            os.fsync(f.fileno())
        number = first
        while True:
            target = os.path.join(directory, name_for(number))
            try:
                _publish_new(tmp, target)
                break
            except FileExistsError:
                number += 1
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    _fsync_directory(directory)
    return target
