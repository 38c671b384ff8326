"""``urlretrieve`` and ``urlopen`` for legacy code: MNIST's four files come from the bundled
copy instead of the network.

Course scripts with their own download helpers fetch ``train-images-idx3-ubyte.gz`` and the
other three from yann.lecun.com (which no longer serves them to scripts), from the old
storage.googleapis.com CVDF mirror, or from another copy. A URL (http, https or ftp) whose last
path component is exactly one of the four names is answered with the bundled file: written
where ``urlretrieve`` was asked to write it (atomically), or read by ``urlopen``'s response.
Any other URL, and any request that sends data, goes to the network as usual. The runner
installs these for callers in legacy code only (``tf1_mnist.runner.engine.table.STAND_INS``).
"""

import errno
import http.client
import os
import sys
import tempfile
import urllib.parse
import urllib.request
import urllib.response

from tf1_mnist import atomic, input_data
from tf1_mnist.runner.engine import table

__all__ = ['bundled_file', 'note_once', 'retrieve', 'urlopen', 'urlretrieve']

_BLOCK = 8192  # urlretrieve's block size, as its reporthook sees it
_noted = set()


def note_once(key, text):
    """Say ``text`` on stderr, once per process for each ``key``."""
    if key not in _noted:
        _noted.add(key)
        sys.stderr.write('tf1_mnist.run: %s\n' % text)
        sys.stderr.flush()


def _url_text(url):
    return url.full_url if isinstance(url, urllib.request.Request) else url


def bundled_file(url):
    """The bundled file that stands for ``url``, or None when ``url`` is not one of MNIST's
    four files."""
    url = _url_text(url)
    if isinstance(url, bytes):
        url = url.decode('ascii', 'replace')
    if not isinstance(url, str):
        return None
    parts = urllib.parse.urlsplit(url.strip())
    name = parts.path.rsplit('/', 1)[-1]
    if parts.scheme.lower() not in ('http', 'https', 'ftp') or name not in table.MNIST_FILES:
        return None
    folder = input_data.bundled_data_dir()
    if folder is None or not os.path.isfile(os.path.join(folder, name)):
        return None
    return os.path.join(folder, name)


def _served(url, where):
    note_once('urls', '%s is not downloaded: the copy bundled with tf1_mnist is used %s (and so '
                      'for the other MNIST files)' % (_url_text(url), where))


def _headers(path):
    headers = http.client.HTTPMessage()
    headers['Content-Type'] = 'application/x-gzip'
    headers['Content-Length'] = str(os.path.getsize(path))
    return headers


def urlretrieve(original, url, filename=None, reporthook=None, data=None):
    """``urllib.request.urlretrieve``; MNIST's files are copied from the bundled MNIST."""
    bundled = bundled_file(url) if data is None else None
    if bundled is None:
        return original(url, filename, reporthook, data)
    if filename is None:
        suffix = os.path.splitext(urllib.parse.urlsplit(_url_text(url)).path)[1]
        handle, filename = tempfile.mkstemp(suffix=suffix)
        os.close(handle)
    target = os.fspath(filename)
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        # As open() fails in urlretrieve: it creates no folders.
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), target)
    size = os.path.getsize(bundled)
    with atomic.atomic_path(target) as tmp:
        with open(bundled, 'rb') as source, open(tmp, 'wb') as out:
            blocks = 0
            if reporthook:
                reporthook(blocks, _BLOCK, size)
            while True:
                block = source.read(_BLOCK)
                if not block:
                    break
                out.write(block)
                blocks += 1
                if reporthook:
                    reporthook(blocks, _BLOCK, size)
    _served(url, 'for %s' % target)
    return filename, _headers(bundled)


def urlopen(original, url, *args, **kwargs):
    """``urllib.request.urlopen``; MNIST's files are read from the bundled MNIST."""
    data = args[0] if args else kwargs.get('data')
    bundled = bundled_file(url) if data is None else None
    if bundled is None:
        return original(url, *args, **kwargs)
    _served(url, 'instead')
    return urllib.response.addinfourl(open(bundled, 'rb'), _headers(bundled), _url_text(url),
                                      200)


def retrieve(url, filename):
    """``urlretrieve(url, filename)`` for tf1_mnist's own replacements: MNIST's files from the
    bundled copy, anything else from the network."""
    return urlretrieve(urllib.request.urlretrieve, url, filename)
