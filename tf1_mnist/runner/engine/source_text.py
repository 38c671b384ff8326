"""The text of a course's source file saved in a legacy East Asian encoding.

Course folders from Windows machines hold files in the system's encoding, GBK on a Chinese
Windows most often, with no coding line: Python reads source as UTF-8 and refuses them ("not
text in its declared encoding"). Only their strings and comments are non-ASCII, so a file that
is not UTF-8 and declares no encoding is read as GBK, Shift JIS (cp932) or Korean (cp949),
and the runner says which. The same bytes are often valid in all three, so the choice is made
on what each reads: kana for Japanese, nearly all Hangul for Korean, GBK otherwise; a file that
reads wrong characters in what it prints is settled by a coding line. A file that declares its encoding is read in
that encoding or refused, as Python does.
"""

import importlib.util
import re
import sys

LEGACY_ENCODINGS = (('gbk', 'GBK'), ('cp932', 'Shift JIS (cp932)'), ('cp949', 'Korean (cp949)'))
# PEP 263: a coding line is one of the first two lines.
_CODING = re.compile(rb'^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)')

_said = set()


def declares_encoding(data):
    return any(_CODING.match(line) for line in data.splitlines()[:2])


def legacy_encoding(data):
    """(codec, name) of the legacy encoding ``data`` (bytes) is read in, or None: for UTF-8
    text, for a file that declares its encoding, and for bytes none of them decodes."""
    try:
        data.decode('utf-8')
        return None
    except UnicodeDecodeError:
        pass
    if declares_encoding(data):
        return None
    texts = {}
    for codec, _ in LEGACY_ENCODINGS:
        try:
            texts[codec] = data.decode(codec)
        except UnicodeDecodeError:
            pass
    # The same bytes are often valid in all three; what each reads them as tells them apart:
    # Japanese text is rich in kana, Korean text nearly all Hangul, while Chinese GBK read as
    # cp932 gives half-width katakana and as cp949 a mix of Hangul and Hanja.
    if 'cp932' in texts and _share(texts['cp932'], _KANA) >= 0.2:
        return LEGACY_ENCODINGS[1]
    if 'cp949' in texts and _share(texts['cp949'], _HANGUL) >= 0.8:
        return LEGACY_ENCODINGS[2]
    for codec, name in LEGACY_ENCODINGS:
        if codec in texts:
            return codec, name
    return None


def _KANA(character):
    return '\u3040' <= character <= '\u30ff'


def _HANGUL(character):
    return '\uac00' <= character <= '\ud7af'


def _share(text, kind):
    """The share of the letters beyond ASCII in ``text`` that are of ``kind``."""
    wide = [c for c in text if ord(c) > 127 and c.isalpha()]
    return sum(1 for c in wide if kind(c)) / len(wide) if wide else 0.0


def decode(data, filename):
    """The text of the source file ``filename`` (its bytes ``data``) as Python reads it, or,
    for a file in a legacy encoding, in that encoding, said once per file in one line. Raises
    what ``importlib.util.decode_source`` raises for bytes neither way reads."""
    found = legacy_encoding(data)
    if found is None:
        return importlib.util.decode_source(data)
    codec, name = found
    if filename not in _said:
        _said.add(filename)
        sys.stderr.write('tf1_mnist.run: %s is not UTF-8 and declares no encoding; read as %s '
                         '(a coding line in the file says which, if not)\n' % (filename, name))
        sys.stderr.flush()
    return data.decode(codec).replace('\r\n', '\n').replace('\r', '\n')
