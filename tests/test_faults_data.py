"""Faults on the data side: damaged, hostile or unreadable files, odd cache settings,
interrupted and failing writes. Each test builds its scenario from small generated files in
temporary folders; none reads or writes the user's own cache or home."""

import errno
import gzip
import http.server
import os
import stat
import struct
import subprocess
import sys
import threading
import time
import tracemalloc

import numpy as np
import pytest

from conftest import idx_images_bytes, idx_labels_bytes, subprocess_env, write_gz, write_mnist_dir
from tf1_mnist import atomic, input_data



def _permissions_ignored():
    """Whether this process reads files whatever their mode (root, or CAP_DAC_OVERRIDE)."""
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        probe = os.path.join(folder, 'probe')
        with open(probe, 'wb'):
            pass
        os.chmod(probe, 0)
        try:
            with open(probe, 'rb'):
                return True
        except PermissionError:
            return False


PERMISSIONS_IGNORED = _permissions_ignored()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of the test's own."""
    folder = tmp_path / 'cache'
    monkeypatch.setenv('TF1_MNIST_CACHE', str(folder))
    return folder


def read(directory, **kwargs):
    kwargs.setdefault('validation_size', 2)
    return input_data.read_data_sets(os.fsdecode(directory) if isinstance(directory, bytes)
                                     else str(directory), **kwargs)


def one_line_error(error, *fragments):
    """The message of ``error``: a DataError, one line, holding every fragment."""
    message = str(error)
    assert isinstance(error, input_data.DataError) and isinstance(error, ValueError)
    assert '\n' not in message, message
    for fragment in fragments:
        assert str(fragment) in message, (fragment, message)
    return message


def cache_entries(folder):
    return sorted(n for n in os.listdir(folder) if n.startswith('tf1-mnist-'))


def tree(folder):
    """Every path under ``folder`` (symlinks not followed) with its content or link target."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder)
            if os.path.islink(path):
                found[rel] = 'link:' + os.readlink(path)
            elif os.path.isfile(path):
                with open(path, 'rb') as f:
                    found[rel] = f.read()
            else:
                found[rel] = 'dir'
    return found


def user_folders(parent, names):
    """Folders with a file each, older than anything the cache writes."""
    for i, name in enumerate(names):
        (parent / name).mkdir(parents=True)
        (parent / name / 'notes.txt').write_text('keep %s' % name)
        past = time.time() - 3600 * (len(names) - i)
        os.utime(parent / name, (past, past))


# --- 1: cache eviction removes only the cache's own entries ---------------------------------

MINE = ['mine%d' % i for i in range(1, 7)]


def test_eviction_keeps_folders_already_in_the_cache_folder(tmp_path, cache):
    user_folders(cache, MINE)
    not_ours = cache / ('tf1-mnist-v2-' + '0' * 32)  # our name, but no marker inside
    not_ours.mkdir()
    (not_ours / 'train-images-idx3-ubyte.npy').write_bytes(b'a user file')
    before = tree(cache)
    write_mnist_dir(tmp_path / 'data')
    read(tmp_path / 'data')
    after = tree(cache)
    assert {k: v for k, v in after.items() if k in before} == before
    # Eviction still works on the cache's own entries: six data sets, the newest four kept.
    for seed in range(1, 6):
        write_mnist_dir(tmp_path / ('data%d' % seed), seed=seed)
        read(tmp_path / ('data%d' % seed))
    assert len(cache_entries(cache)) == 4 + 1  # four entries and the unmarked look-alike
    assert {k: v for k, v in tree(cache).items() if k in before} == before


def test_cache_set_to_the_working_folder_keeps_the_users_folders(tmp_path, monkeypatch):
    work = tmp_path / 'work'
    user_folders(work, ['docs', 'photos', 'thesis', 'code', 'music', 'mail'])
    (work / 'todo.txt').write_text('a file of the user')
    before = tree(work)
    write_mnist_dir(tmp_path / 'data')
    monkeypatch.chdir(work)
    monkeypatch.setenv('TF1_MNIST_CACHE', '.')
    for seed in range(6):
        write_mnist_dir(tmp_path / 'data', seed=seed)
        read(tmp_path / 'data')
    after = tree(work)
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(cache_entries(work)) == 4


def test_eviction_never_follows_symlinks(tmp_path, monkeypatch):
    outside = tmp_path / 'outside'
    user_folders(outside, MINE)
    # A cache entry look-alike outside, marker included, reached only through a symlink.
    decoy = tmp_path / 'decoy'
    decoy.mkdir()
    (decoy / '.tf1_mnist_cache').write_bytes(b'tf1_mnist decoded-array cache entry; safe to '
                                              b'delete\n')
    (decoy / 'train-images-idx3-ubyte.npy').write_bytes(b'precious')
    real_cache = tmp_path / 'real_cache'
    real_cache.mkdir()
    os.symlink(outside, real_cache / 'link-to-outside')
    os.symlink(decoy, real_cache / ('tf1-mnist-v2-' + 'f' * 32))
    os.utime(real_cache / ('tf1-mnist-v2-' + 'f' * 32), (0, 0), follow_symlinks=False)
    # The cache setting itself is a symlink to a folder that holds the user's folders.
    os.symlink(outside, tmp_path / 'cache_link')
    before_outside, before_decoy = tree(outside), tree(decoy)
    for setting in (real_cache, tmp_path / 'cache_link'):
        monkeypatch.setenv('TF1_MNIST_CACHE', str(setting))
        for seed in range(6):
            write_mnist_dir(tmp_path / 'data', seed=seed)
            read(tmp_path / 'data')
    after_outside = tree(outside)
    assert {k: v for k, v in after_outside.items() if k in before_outside} == before_outside
    assert tree(decoy) == before_decoy
    assert os.readlink(real_cache / 'link-to-outside') == str(outside)
    assert len(cache_entries(real_cache)) == 4 + 1  # four entries and the symlink


# --- 4: the cache is keyed on content and checked when loaded -------------------------------

def test_same_size_same_mtime_different_content_is_decoded_afresh(tmp_path, cache):
    data = tmp_path / 'data'
    write_mnist_dir(data, seed=1)
    path = data / input_data.TEST_IMAGES
    rng = np.random.default_rng(7)
    old_x, new_x = rng.integers(0, 256, size=(2, 10, 28, 28), dtype=np.uint8)
    # Stored (not compressed) with a fixed gzip date: equal sizes whatever the content.
    path.write_bytes(gzip.compress(idx_images_bytes(old_x), compresslevel=0, mtime=0))
    stamp, size = os.stat(path).st_mtime_ns, os.stat(path).st_size
    first = read(data, dtype=np.uint8, reshape=False)
    np.testing.assert_array_equal(first.test.images[..., 0], old_x)
    path.write_bytes(gzip.compress(idx_images_bytes(new_x), compresslevel=0, mtime=0))
    os.utime(path, ns=(stamp, stamp))  # as touch -r
    assert (os.stat(path).st_mtime_ns, os.stat(path).st_size) == (stamp, size)
    second = read(data, dtype=np.uint8, reshape=False)
    np.testing.assert_array_equal(second.test.images[..., 0], new_x)


def corrupt_cached(cache, filename, how):
    [entry] = cache_entries(cache)
    path = cache / entry / filename
    if how == 'patch':
        with open(path, 'r+b') as f:
            f.seek(os.path.getsize(path) // 2)
            f.write(b'\x01\x02\x03\x04\x05\x06\x07\x08')
    elif how == 'empty':
        path.write_bytes(b'')
    elif how == 'truncate':
        with open(path, 'r+b') as f:
            f.truncate(os.path.getsize(path) // 2)
    elif how == 'header':
        with open(path, 'r+b') as f:
            f.seek(10)
            f.write(b'\xff\xfe\x00{')
    elif how == 'quote':  # numpy's header parser raises tokenize.TokenError, no ValueError
        with open(path, 'r+b') as f:
            f.seek(10)
            f.write(b"'")
    return path


@pytest.mark.parametrize('filename', ['train-images-idx3-ubyte.float32.npy',
                                      't10k-images-idx3-ubyte.npy', 't10k-labels-idx1-ubyte.npy'])
@pytest.mark.parametrize('how', ['patch', 'empty', 'truncate', 'header', 'quote'])
def test_damaged_cached_arrays_are_rebuilt(tmp_path, cache, filename, how):
    data = tmp_path / 'data'
    (train_x, _), (test_x, test_y) = write_mnist_dir(data, n_train=40, n_test=30, seed=3)
    read(data)
    path = corrupt_cached(cache, filename, how)
    damaged = path.read_bytes()
    for _ in range(2):  # rebuilt once, then served from the repaired entry
        m = read(data)
        np.testing.assert_array_equal(m.test.labels, test_y)
        np.testing.assert_array_equal(
            m.test.images, (test_x.reshape(30, 784).astype(np.float32) * np.float32(1.0 / 255)))
        np.testing.assert_array_equal(
            np.concatenate([m.validation.images, m.train.images]),
            train_x.reshape(40, 784).astype(np.float32) * np.float32(1.0 / 255))
        u8 = read(data, dtype=np.uint8, reshape=False)
        np.testing.assert_array_equal(u8.test.images[..., 0], test_x)
    assert path.read_bytes() != damaged


# --- 5: a data file that is there but cannot be read is an error, not a fallback -------------

def deny(monkeypatch, path, calls=('open',)):
    """Make ``path`` unreadable: chmod 000, and, where permissions do not stop this process
    (root), the same refusal simulated where the loader opens or looks at the file."""
    target = os.fspath(path)
    real_open, real_stat = open, os.stat

    def refusing_open(file, *args, **kwargs):
        if os.fspath(file) == target:
            raise PermissionError(errno.EACCES, 'Permission denied', target)
        return real_open(file, *args, **kwargs)

    def refusing_stat(p, *args, **kwargs):
        if isinstance(p, (str, bytes, os.PathLike)) and \
                os.fsdecode(p).startswith(target + os.sep):
            raise PermissionError(errno.EACCES, 'Permission denied', os.fsdecode(p))
        return real_stat(p, *args, **kwargs)
    if PERMISSIONS_IGNORED:
        if 'open' in calls:
            monkeypatch.setattr(input_data, 'open', refusing_open, raising=False)
        if 'stat' in calls:
            monkeypatch.setattr(os, 'stat', refusing_stat)


def make_directory(p):
    p.mkdir()


def make_unreadable_directory(p):
    p.mkdir()
    (p / 'inside').write_bytes(b'x')
    os.chmod(p, 0)


def make_dangling(p):
    os.symlink(p.parent / 'gone.gz', p)


def make_loop(p):
    os.symlink(p.parent / 'loop-b', p)
    os.symlink(p, p.parent / 'loop-b')


def make_fifo(p):
    os.mkfifo(p)


@pytest.mark.parametrize('make, expected', [
    (make_directory, 'is a folder'),
    (make_unreadable_directory, 'is a folder'),
    (make_dangling, 'is a symbolic link to a file that does not exist'),
    (make_loop, 'Too many levels of symbolic links'),
    (make_fifo, 'is not a regular file'),
])
def test_unusable_data_file_is_one_error_not_the_bundled_copy(tmp_path, cache, make, expected):
    data = tmp_path / 'data'
    write_mnist_dir(data)
    target = data / input_data.TRAIN_IMAGES
    target.unlink()
    make(target)
    try:
        with pytest.raises(input_data.DataError) as info:
            read(data)
    finally:
        if target.is_dir() and not target.is_symlink():
            os.chmod(target, 0o755)
    message = one_line_error(info.value, target, expected)
    print(message)


def test_unreadable_data_file_is_one_error(tmp_path, cache, monkeypatch):
    data = tmp_path / 'data'
    write_mnist_dir(data)
    target = data / input_data.TRAIN_IMAGES
    os.chmod(target, 0)
    deny(monkeypatch, target)  # simulated where chmod does not stop this process (root)
    with pytest.raises(input_data.DataError) as info:
        read(data)
    print(one_line_error(info.value, target, 'cannot be read: Permission denied'))


def test_unsearchable_data_folder_is_one_error(tmp_path, cache, monkeypatch):
    data = tmp_path / 'data'
    write_mnist_dir(data)
    os.chmod(data, 0)
    deny(monkeypatch, data, calls=('stat',))  # simulated where chmod does not stop us (root)
    try:
        with pytest.raises(input_data.DataError) as info:
            read(data)
    finally:
        os.chmod(data, 0o755)
    print(one_line_error(info.value, data / input_data.TRAIN_IMAGES, 'Permission denied'))


def test_only_an_absent_file_falls_back_to_the_bundled_copy(tmp_path, cache):
    data = tmp_path / 'data'
    write_mnist_dir(data, n_train=20, n_test=10)
    (data / input_data.TEST_LABELS).unlink()
    (data / input_data.TEST_IMAGES).unlink()
    m = read(data, dtype=np.uint8)
    assert m.test.num_examples == 10000 and m.train.num_examples == 18


# --- 7: a gzip bomb is rejected from its header, in bounded memory ---------------------------

MEMBER = 64 << 20  # each gzip member inflates to 64 MiB of zeros


def gzip_bomb(path, header, total=2 << 30):
    """A gzip file (members of zeros, about 2 MB) that inflates to ``total`` bytes starting with
    ``header``: as small as deflate allows (it cannot do better than about 1030:1)."""
    zeros = gzip.compress(bytes(MEMBER), compresslevel=9, mtime=0)
    first = gzip.compress(header + bytes(MEMBER - len(header)), compresslevel=9, mtime=0)
    with open(path, 'wb') as f:
        f.write(first)
        for _ in range(total // MEMBER - 1):
            f.write(zeros)
    return path


def measured(call):
    """Run ``call`` expecting a ValueError; return (error, peak traced bytes, seconds)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    try:
        with pytest.raises(ValueError) as info:
            call()
        return info.value, tracemalloc.get_traced_memory()[1], time.perf_counter() - start
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize('count, expected', [
    (60000, 'is over-long: header announces 60000 images of 28x28'),   # MNIST's own header
    ((2 << 30) // 784, 'more than the 1000000 an MNIST-format file may hold'),
])
def test_gzip_bomb_is_rejected_in_bounded_memory(tmp_path, cache, count, expected):
    data = tmp_path / 'data'
    write_mnist_dir(data)
    bomb = gzip_bomb(data / input_data.TRAIN_IMAGES, struct.pack('>IIII', 2051, count, 28, 28))
    size = os.path.getsize(bomb)
    def extract():
        with open(bomb, 'rb') as f:
            input_data.extract_images(f)
    for call in (lambda: read(data), extract):
        error, peak, seconds = measured(call)
        print('%d-byte gzip inflating to 2 GiB: rejected in %.2f s, peak %.1f MB traced: %s'
              % (size, seconds, peak / 1e6, error))
        assert peak < 100e6
        one_line_error(error, input_data.TRAIN_IMAGES, expected)


def test_trailing_garbage_after_the_gzip_stream_is_rejected(tmp_path, cache):
    data = tmp_path / 'data'
    write_mnist_dir(data)
    path = data / input_data.TRAIN_LABELS
    path.write_bytes(path.read_bytes() + b'\0\0garbage' * 1000)
    with pytest.raises(input_data.DataError) as info:
        read(data)
    print(one_line_error(info.value, path, 'has data after the end of its gzip stream'))


def test_concatenated_gzip_members_are_one_file(tmp_path, cache):
    data = tmp_path / 'data'
    (_, train_y), _ = write_mnist_dir(data)
    raw = idx_labels_bytes(train_y)
    (data / input_data.TRAIN_LABELS).write_bytes(gzip.compress(raw[:11]) + gzip.compress(raw[11:]))
    m = read(data, validation_size=0)
    np.testing.assert_array_equal(m.train.labels, train_y)


# --- 8: temporary files are recognisable, cleaned when stale, removed on failure -------------

def dead_pid():
    child = subprocess.Popen([sys.executable, '-c', 'pass'])
    child.wait()
    return child.pid


def test_temp_files_left_by_a_killed_process_are_removed_on_the_next_start(tmp_path, cache):
    data = tmp_path / 'data'
    (train_x, _), (test_x, test_y) = write_mnist_dir(data)
    # A process killed (SIGKILL) in the middle of writing the cache.
    code = ('import os, signal, numpy; from tf1_mnist import input_data\n'
            'real = numpy.save\n'
            'def dying(path, array):\n'
            '    with open(path, "wb") as f: f.write(b"half an array")\n'
            '    os.kill(os.getpid(), signal.SIGKILL)\n'
            'numpy.save = dying\n'
            'input_data.read_data_sets(%r)\n' % str(data))
    died = subprocess.run([sys.executable, '-c', code], env=subprocess_env(), cwd=str(tmp_path),
                          capture_output=True)
    assert died.returncode == -9
    [entry] = cache_entries(cache)
    left = [n for n in os.listdir(cache / entry) if atomic.is_temp_name(n)]
    assert len(left) == 1 and left[0].endswith('.part.npy')
    # Look-alikes that are not ours, a live writer's file, another machine's recent file.
    host = atomic._host()
    keep = ['.train-images-idx3-ubyte.a1b2c3.part.npy', 'notes.part.npy',
            '.x.tf1tmp.%s.%d.0123abcd.part.npy' % (host, os.getpid()),
            '.x.tf1tmp.otherhost.%d.0123abcd.part.npy' % dead_pid()]
    stale = ['.y.tf1tmp.%s.%d.89abcdef.part.npy' % (host, dead_pid()),
             '.z.tf1tmp.otherhost.1234.0123abcd.part.npz']
    for name in keep + stale:
        (cache / entry / name).write_bytes(b'temp')
    old = time.time() - 2 * 24 * 3600
    os.utime(cache / entry / stale[1], (old, old))
    m = read(data, dtype=np.uint8)
    np.testing.assert_array_equal(m.test.labels, test_y)
    names = set(os.listdir(cache / entry))
    assert not names & set(left + stale)
    assert set(keep) <= names


def test_atomic_write_clears_stale_temp_files_of_its_folder(tmp_path):
    code = ('import os, signal; from tf1_mnist import atomic\n'
            'with atomic.atomic_path(%r) as tmp:\n'
            '    open(tmp, "wb").write(b"x" * 1000)\n'
            '    os.kill(os.getpid(), signal.SIGKILL)\n' % str(tmp_path / 'model.npz'))
    died = subprocess.run([sys.executable, '-c', code], env=subprocess_env(), capture_output=True)
    assert died.returncode == -9
    [left] = os.listdir(tmp_path)
    assert atomic.is_temp_name(left) and left.startswith('.model.tf1tmp.')
    atomic.write_bytes(str(tmp_path / 'other.bin'), b'new')
    assert sorted(os.listdir(tmp_path)) == ['other.bin']


def test_disk_full_while_caching_leaves_no_temp_files(tmp_path, cache, monkeypatch):
    data = tmp_path / 'data'
    (_, _), (test_x, test_y) = write_mnist_dir(data)
    real_save = np.save
    saved = []

    def disk_full(path, array):
        if len(saved) == 3:
            with open(path, 'wb') as f:
                f.write(b'\x93NUMPY partial')
            raise OSError(errno.ENOSPC, 'No space left on device')
        saved.append(path)
        real_save(path, array)
    monkeypatch.setattr(np, 'save', disk_full)
    m = read(data, dtype=np.uint8, reshape=False)  # a full disk only costs speed
    np.testing.assert_array_equal(m.test.images[..., 0], test_x)
    assert saved and all(atomic.is_temp_name(os.path.basename(p)) for p in saved)
    leftovers = [os.path.join(r, n) for r, _, files in os.walk(cache) for n in files]
    assert leftovers == []
    monkeypatch.setattr(np, 'save', real_save)
    read(data)
    assert len(cache_entries(cache)) == 1


def test_interrupted_atomic_write_leaves_nothing(tmp_path):
    target = tmp_path / 'out.bin'
    target.write_bytes(b'old')
    with pytest.raises(KeyboardInterrupt):
        with atomic.atomic_path(str(target)) as tmp:
            with open(tmp, 'wb') as f:
                f.write(b'new, half written')
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == ['out.bin'] and target.read_bytes() == b'old'


# --- 9: every damaged data file is one DataError line naming it -------------------------------

def flip_middle(blob):
    middle = len(blob) // 2
    return blob[:middle] + bytes(b ^ 0x5a for b in blob[middle:middle + 16]) + blob[middle + 16:]


@pytest.mark.parametrize('damage, expected', [
    (lambda gz: gz[:len(gz) // 2], 'is not a valid gzip file'),           # truncated (EOF)
    (lambda gz: gz[:-8] + b'\0\0\0\0' + gz[-4:], 'is not a valid gzip file'),  # CRC
    (flip_middle, 'is not a valid gzip file'),                            # zlib error
    (lambda gz: b'', 'is empty'),
    (lambda gz: b'<html>\xff\xfe 404 </html>', 'is not a gzip file'),   # not UTF-8, not gzip
    (lambda gz: gz[:3] + b'\xff' + gz[4:], 'is not a valid gzip file'),  # bad gzip flags
])
def test_damaged_data_file_is_one_line_naming_it(tmp_path, cache, damage, expected):
    data = tmp_path / 'data'
    write_mnist_dir(data, n_train=200)
    path = data / input_data.TRAIN_IMAGES
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(input_data.DataError) as info:
        read(data)
    print(one_line_error(info.value, path, expected))


def test_not_found_is_a_data_error_too(tmp_path, monkeypatch, cache):
    monkeypatch.setattr(input_data, 'bundled_data_dir', lambda: None)
    monkeypatch.setattr(input_data, '_DEFAULT_SOURCES', ('file:///no/such/source/',))
    with pytest.raises(input_data.MNISTNotFoundError) as info:
        read(tmp_path / 'empty')
    one_line_error(info.value, 'not found')
    assert isinstance(info.value, FileNotFoundError)


# --- 12: TF1_MNIST_CACHE settings --------------------------------------------------------------

@pytest.mark.parametrize('setting', ['0', 'off', 'OFF', 'false', 'False', 'no', 'No', '', ' off '])
def test_cache_off_spellings(tmp_path, monkeypatch, setting):
    work = tmp_path / 'work'
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv('TF1_MNIST_CACHE', setting)
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'xdg'))
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    assert input_data.cache_dir() is None
    write_mnist_dir(tmp_path / 'data')
    assert read(tmp_path / 'data').train.num_examples == 18
    assert os.listdir(work) == []
    assert sorted(os.listdir(tmp_path)) == ['data', 'work']


def test_relative_cache_path_is_resolved_once(tmp_path, monkeypatch):
    work, elsewhere = tmp_path / 'work', tmp_path / 'elsewhere'
    work.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv('TF1_MNIST_CACHE', 'rel/cache')
    assert input_data.cache_dir() == str(work / 'rel' / 'cache')
    real_decode = input_data._decode

    def decode_then_move(*args):
        os.chdir(elsewhere)  # the working folder changes while the arrays are decoded
        return real_decode(*args)
    monkeypatch.setattr(input_data, '_decode', decode_then_move)
    write_mnist_dir(tmp_path / 'data')
    read(tmp_path / 'data')
    assert len(cache_entries(work / 'rel' / 'cache')) == 1
    assert os.listdir(elsewhere) == []


def test_data_folder_path_that_is_not_utf8(tmp_path, cache, capsys):
    folder = os.path.join(os.fsencode(tmp_path), b'data-\xff\xfe')
    try:
        os.mkdir(folder)
    except (OSError, UnicodeError) as e:
        pytest.skip('this file system does not take non-UTF-8 names: %s' % e)
    (_, _), (test_x, test_y) = write_mnist_dir(os.fsdecode(folder))
    for path in (folder, os.fsdecode(folder)):  # bytes, and str with escaped bytes
        m = input_data.read_data_sets(path, validation_size=2, dtype=np.uint8, reshape=False)
        np.testing.assert_array_equal(m.test.images[..., 0], test_x)
    assert len(cache_entries(cache)) == 1
    assert 'data-\\xff\\xfe' in capsys.readouterr().out
    os.remove(os.path.join(folder, os.fsencode(input_data.TEST_LABELS)))
    os.mkdir(os.path.join(folder, os.fsencode(input_data.TEST_LABELS)))
    with pytest.raises(input_data.DataError) as info:
        input_data.read_data_sets(folder)
    one_line_error(info.value, 'data-\\xff\\xfe', 'is a folder')


# --- 13: an IDX file with no examples ----------------------------------------------------------

@pytest.mark.parametrize('name, payload', [
    (input_data.TRAIN_IMAGES, idx_images_bytes(np.zeros((0, 28, 28)))),
    (input_data.TEST_LABELS, idx_labels_bytes([])),
])
def test_file_with_no_examples(tmp_path, cache, name, payload):
    data = tmp_path / 'data'
    write_mnist_dir(data)
    write_gz(data / name, payload)
    with pytest.raises(input_data.DataError) as info:
        read(data)
    print(one_line_error(info.value, data / name, 'holds no examples'))
    extract = input_data.extract_images if 'images' in name else input_data.extract_labels
    with open(data / name, 'rb') as f, pytest.raises(input_data.DataError,
                                                       match='holds no examples'):
        extract(f)


# --- 14: next_batch sizes ------------------------------------------------------------------------

def ten_examples():
    images = np.arange(10, dtype=np.uint8).repeat(784).reshape(10, 28, 28, 1)
    return input_data.DataSet(images, np.arange(10, dtype=np.uint8), seed=0)


@pytest.mark.parametrize('size', [0, -1, -54999])
def test_next_batch_below_one_is_an_error(size):
    ds = ten_examples()
    with pytest.raises(ValueError, match='batch_size must be at least 1, got %d' % size):
        ds.next_batch(size)
    with pytest.raises(ValueError, match='batch_size must be at least 1'):
        ds.next_batch(size, fake_data=True)
    assert ds.next_batch(3)[0].shape == (3, 784)  # the data set is unharmed


def test_next_batch_above_the_set_size_as_tf1():
    # TF 1.x: the rest of the epoch, then a new epoch sliced [:batch_size - rest], which a
    # 10-example set cuts to 10: 10 + 10 = 20 rows for a batch of 25, one epoch completed.
    ds = ten_examples()
    images, labels = ds.next_batch(25, shuffle=False)
    assert images.shape == (20, 784) and labels.tolist() == list(range(10)) * 2
    assert ds.epochs_completed == 1


# --- 15: a source_url that serves junk -----------------------------------------------------------

class _Junk(http.server.BaseHTTPRequestHandler):
    """Serves, per file name: junk in gzip, an HTML page, or a cut-short body."""

    def do_GET(self):
        name = self.path.rsplit('/', 1)[-1]
        mode = self.server.modes.get(name, 'gzip-junk')
        if mode == 'valid':
            body = open(os.path.join(self.server.valid_dir, name), 'rb').read()
        elif mode == 'html':
            body = b'<html><body>Service temporarily unavailable</body></html>'
        else:
            body = gzip.compress(b'this is not an IDX file at all' * 10)
        self.send_response(200)
        self.send_header('Content-Length', str(len(body) + (500 if mode == 'short' else 0)))
        self.end_headers()
        self.wfile.write(body)
        if mode == 'short':
            self.wfile.flush()
            self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def junk_server(tmp_path, monkeypatch):
    for proxy in ('http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'):
        monkeypatch.delenv(proxy, raising=False)
    valid = tmp_path / 'valid'
    write_mnist_dir(valid)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Junk)
    server.modes, server.valid_dir = {}, str(valid)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, 'http://127.0.0.1:%d/files/' % server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize('mode, expected', [
    ('gzip-junk', 'Invalid magic number'),
    ('html', 'is not a gzip file'),
    ('short', 'bytes of the'),
])
def test_junk_download_is_refused_and_deleted(tmp_path, cache, junk_server, mode, expected):
    server, url = junk_server
    server.modes = {n: 'valid' for n in input_data.FILES}
    server.modes[input_data.TRAIN_LABELS] = mode
    target = tmp_path / 'data'
    with pytest.raises(input_data.MNISTNotFoundError) as info:
        read(target, source_url=url)
    print(one_line_error(info.value, url + input_data.TRAIN_LABELS, expected))
    assert sorted(os.listdir(target)) == [input_data.TRAIN_IMAGES]  # the good one, no junk
    server.modes[input_data.TRAIN_LABELS] = 'valid'
    m = read(target, source_url=url)
    assert m.test.num_examples == 10
    assert sorted(os.listdir(target)) == sorted(input_data.FILES)


def test_junk_from_a_file_url_is_not_kept(tmp_path, cache):
    source = tmp_path / 'source'
    write_mnist_dir(source)
    write_gz(source / input_data.TEST_IMAGES, b'\0\0\x08\x03' + b'junk' * 100)
    target = tmp_path / 'data'
    with pytest.raises(input_data.MNISTNotFoundError, match='t10k-images-idx3-ubyte.gz'):
        read(target, source_url=source.as_uri() + '/')
    assert input_data.TEST_IMAGES not in os.listdir(target)
    assert not [n for n in os.listdir(target) if atomic.is_temp_name(n)]


# --- 16: created files honour the umask ----------------------------------------------------------

@pytest.mark.parametrize('umask', [0o022, 0o077, 0o002])
def test_created_files_honour_the_umask(tmp_path, cache, umask):
    source = tmp_path / 'source'
    write_mnist_dir(source)
    old = os.umask(umask)
    try:
        read(tmp_path / 'data', source_url=source.as_uri() + '/')
        atomic.write_bytes(str(tmp_path / 'plain.bin'), b'x')
        with open(tmp_path / 'reference.bin', 'wb'):
            pass
    finally:
        os.umask(old)
    expected = stat.S_IMODE(os.stat(tmp_path / 'reference.bin').st_mode)
    assert expected == 0o666 & ~umask
    created = [tmp_path / 'plain.bin'] + [tmp_path / 'data' / n for n in input_data.FILES]
    created += [cache / e / n for e in cache_entries(cache) for n in os.listdir(cache / e)]
    assert len(created) == 1 + 4 + 8
    for path in created:
        assert stat.S_IMODE(os.stat(path).st_mode) == expected, path
    for folder in [cache] + [cache / e for e in cache_entries(cache)]:
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o777 & ~umask


# --- a saved data position is checked before it is used ---------------------------------------

def position_after_some_batches():
    ds = ten_examples()
    for _ in range(3):
        ds.next_batch(4)
    return ds.get_state()


@pytest.mark.parametrize('change, expected', [
    (lambda s: s.update(order=np.zeros(10, dtype=np.int64)), 'indices repeat or fall outside'),
    (lambda s: s.update(order=np.arange(10) + 5), 'indices repeat or fall outside 0..9'),
    (lambda s: s.update(order=np.arange(10) - 1), 'indices repeat or fall outside'),
    (lambda s: s.update(order=np.arange(10.0)), 'is not an order of the 10 examples'),
    (lambda s: s.update(order=np.arange(12)), 'is for 12 examples, this DataSet has 10'),
    (lambda s: s.update(index_in_epoch=11), 'index_in_epoch 11; expected an integer in 0..10'),
    (lambda s: s.update(index_in_epoch=-3), 'index_in_epoch -3'),
    (lambda s: s.update(epochs_completed=-1), 'epochs_completed -1'),
    (lambda s: s.update(epochs_completed='2'), "epochs_completed '2'"),
    (lambda s: s.pop('rng'), 'is incomplete'),
    (lambda s: s.update(rng={'bit_generator': 'MT19937', 'state': {}}),
     'unusable generator state'),
])
def test_bad_saved_position_is_refused_and_changes_nothing(change, expected):
    state = position_after_some_batches()
    change(state)
    ds = ten_examples()
    ds.next_batch(2)
    before = (ds.images.copy(), ds.labels.copy(), ds.get_state())
    with pytest.raises(ValueError, match=expected) as info:
        ds.set_state(state)
    assert '\n' not in str(info.value)
    np.testing.assert_array_equal(ds.images, before[0])
    np.testing.assert_array_equal(ds.labels, before[1])
    after = ds.get_state()
    np.testing.assert_array_equal(after.pop('order'), before[2].pop('order'))
    assert after == before[2]


def test_good_saved_position_is_still_restored():
    ds = ten_examples()
    for _ in range(3):
        ds.next_batch(4)
    state = ds.get_state()
    expected = [ds.next_batch(3)[1].tolist() for _ in range(5)]
    other = ten_examples()
    other.set_state(state)
    assert [other.next_batch(3)[1].tolist() for _ in range(5)] == expected
