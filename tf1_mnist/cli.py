"""Command-line plumbing shared by the lessons: TF1-style flags, one-line errors (exit 2 for
misuse, 1 for a failure), output paths checked and created before any training."""

import argparse
import errno
import os
import stat
import sys
import tempfile


class ArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose misuse message is a single line, and exit status 2."""

    def error(self, message):
        self.exit(2, '%s: error: %s\n' % (self.prog, message))


def usage_error(prog, message):
    """Exit 2 with one line, the way a bad flag does."""
    sys.stderr.write('%s: error: %s\n' % (prog, message))
    raise SystemExit(2)


def fail(parser, message, status=1):
    """Exit with ``status`` and one line, the way a bad flag does."""
    sys.stderr.write('%s: error: %s\n' % (parser.prog, message))
    raise SystemExit(status)


def number(convert, accept, expected):
    """An argparse type: ``convert`` the text, keep it if ``accept``, else say ``expected``."""
    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not accept(value):
            raise argparse.ArgumentTypeError('expected %s, got %r' % (expected, text))
        return value
    return parse


positive_int = number(int, lambda v: v > 0, 'a positive integer')
non_negative_int = number(int, lambda v: v >= 0, 'an integer >= 0')
FLOAT32_MAX = 3.4028234663852886e+38
FLOAT32_TINY = 1.401298464324817e-45  # the smallest positive float32, subnormal
# A learning rate reaches the graph as a float32: it must be one, not inf or 0 there.
positive_float = number(float, lambda v: FLOAT32_TINY <= v <= FLOAT32_MAX,
                         'a positive number a float32 can hold')
# NumPy's and TensorFlow's seeds are unsigned 32-bit integers.
SEED_MAX = 2 ** 32 - 1
seed = number(int, lambda v: 0 <= v <= SEED_MAX, 'an integer from 0 to %d' % SEED_MAX)
# A keep probability.
probability = number(float, lambda v: 0.0 < v <= 1.0, 'a number in (0, 1]')


def add_common_flags(parser, max_steps, batch_size, learning_rate, data_dir='MNIST_data'):
    """Add the flags every lesson has, with the lesson's hyperparameters as defaults.

    A hyperparameter given as a string describes where its default comes from (e.g. a recipe);
    None means each lesson's own (a module holding several lessons; ``max_steps`` None means
    no limit but the lesson's epochs). In both cases the flag's default is None, for the caller
    to fill in.
    """
    def default(value, none_text="the lesson's, see --list"):
        if value is None:
            return None, none_text
        if isinstance(value, str):
            return None, value
        return value, '%(default)s'

    parser.add_argument('--data_dir', default=data_dir,
                        help='folder with the four MNIST .gz files; the bundled copy is used '
                             'when it lacks them (default: %(default)s)')
    for flag, kind, value, what, none_text in (
            ('--max_steps', positive_int, max_steps, 'training steps',
             "no limit, the lesson's epochs"),
            ('--batch_size', positive_int, batch_size, 'examples per training step', None),
            ('--learning_rate', positive_float, learning_rate, 'optimizer learning rate', None)):
        value, help_default = default(value, *([none_text] if none_text else []))
        parser.add_argument(flag, type=kind, default=value,
                            help='%s (default: %s)' % (what, help_default))
    parser.add_argument('--seed', type=seed, default=None,
                        help='seed for weights, dropout and batch order; same seed, same run '
                             'on CPU (default: none, a fresh run each time)')
    add_verbose_flag(parser)


def add_verbose_flag(parser, shows="TensorFlow's own logs and deprecation warnings"):
    """--verbose: what the package keeps quiet by default (``shows``) is shown again."""
    parser.add_argument('--verbose', action='store_true', help='show %s (default: off)' % shows)


def add_restore_flags(parser):
    """--log_dir, --eval_only and --predict: the same for every lesson with checkpoints."""
    parser.add_argument('--log_dir', default=None,
                        help='write the graph and loss/accuracy summaries for TensorBoard here '
                             '(default: none, nothing written)')
    parser.add_argument('--eval_only', action='store_true',
                        help='restore the newest checkpoint of --checkpoint_dir and print the '
                             'test accuracy, without training (default: off)')
    parser.add_argument('--predict', type=non_negative_int, default=0, metavar='N',
                        help='restore the newest checkpoint and print predicted vs true labels '
                             'of the first N test images, without training (default: 0)')


def add_checkpoint_flags(parser, save_every):
    """--checkpoint_dir and --save_every; ``save_every`` None saves only at the end."""
    parser.add_argument('--checkpoint_dir', default=None,
                        help='save checkpoints here and resume from the newest one; in a '
                             'cluster the chief saves them (default: none, no checkpoints)')
    parser.add_argument('--save_every', type=positive_int, default=save_every,
                        help='steps between checkpoints (default: %s)'
                             % ('only at the end' if save_every is None else '%(default)s'))


def restore_only(parser, args):
    """True when the run only restores (--eval_only / --predict); exit 2 on a bad combination."""
    if not (getattr(args, 'eval_only', False) or getattr(args, 'predict', 0)):
        return False
    if args.plot:
        parser.error('--plot needs a training run; it does not go with --eval_only or --predict')
    if not args.checkpoint_dir:
        parser.error('--eval_only and --predict need --checkpoint_dir')
    return True


def add_bf16_flag(parser):
    parser.add_argument('--bf16', action='store_true',
                        help='automatic mixed precision: bfloat16 on CPUs with AVX512-BF16/AMX, '
                             'float16 on a GPU; float32 with a note elsewhere (default: off)')


def check_data_dir(parser, data_dir):
    """Exit 2 unless ``data_dir`` is a directory or could be created (nothing is created here:
    the loader makes it only if it has to download into it)."""
    path = os.path.abspath(data_dir)
    if os.path.isdir(path):
        return
    if os.path.exists(path):
        parser.error('--data_dir %s: exists and is not a directory' % data_dir)
    parent = os.path.dirname(path)
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent) or not os.access(parent, os.W_OK | os.X_OK):
        parser.error('--data_dir %s: does not exist and cannot be created under %s'
                     % (data_dir, parent))


def probe_writable(directory):
    """None when a file can be created in ``directory``, else why not (root ignores modes, so
    only trying tells)."""
    try:
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as e:
        return e.strerror or str(e)
    return None


def output_dir(parser, flag, path):
    """Exit 2 unless ``path`` is a folder files can be written in; create it if it is not
    there."""
    if os.path.exists(path) and not os.path.isdir(path):
        parser.error('%s %s: exists and is not a directory' % (flag, path))
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        parser.error('%s %s: cannot be created (%s)' % (flag, path, e.strerror or e))
    why = probe_writable(path)
    if why:
        parser.error('%s %s: cannot be written to (%s)' % (flag, path, why))


def check_outputs(parser, args, restore_only=False):
    """Before any data is read or step trained: every output path of ``args`` can be written
    (``--checkpoint_dir``, ``--log_dir``, the folder of ``--plot``), created where missing;
    else exit 2 with one line. A restore-only run writes nothing; its folder must exist."""
    checkpoint_dir = getattr(args, 'checkpoint_dir', None)
    if checkpoint_dir and restore_only:
        if os.path.exists(checkpoint_dir) and not os.path.isdir(checkpoint_dir):
            parser.error('--checkpoint_dir %s: exists and is not a directory' % checkpoint_dir)
        return
    if checkpoint_dir:
        output_dir(parser, '--checkpoint_dir', checkpoint_dir)
    if getattr(args, 'log_dir', None):
        output_dir(parser, '--log_dir', args.log_dir)
    if getattr(args, 'plot', None):
        folder = os.path.dirname(os.path.abspath(args.plot))
        if os.path.exists(folder) and not os.path.isdir(folder):
            parser.error('--plot %s: %s is not a directory' % (args.plot, folder))
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as e:
            parser.error('--plot %s: its folder cannot be created (%s)'
                         % (args.plot, e.strerror or e))
        why = probe_writable(folder)
        if why:
            parser.error('--plot %s: cannot write in %s (%s)' % (args.plot, folder, why))


def add_plot_flag(parser, what):
    parser.add_argument('--plot', default=None, metavar='FILE.png',
                        help='write %s to this PNG; needs matplotlib (default: none)' % what)


def check_plot(parser, path):
    """Exit 2 now, before any training, if ``--plot path`` could not be written."""
    if path is None:
        return
    if not path.lower().endswith('.png'):
        parser.error('--plot %s: the file name must end in .png' % path)
    if os.path.isdir(path):
        parser.error('--plot %s: is a directory' % path)
    from tf1_mnist import plots
    try:
        plots.require_matplotlib()
    except plots.MatplotlibMissing as e:
        parser.error(str(e))


_FILE_KINDS = ((stat.S_ISFIFO, 'a FIFO'), (stat.S_ISCHR, 'a character device'),
               (stat.S_ISBLK, 'a block device'), (stat.S_ISSOCK, 'a socket'))


def file_problem(path):
    """Why the file ``path`` cannot be read as a script or a notebook (None when it can): it
    must be a regular file, or a symbolic link to one, that can be read. Nothing that could
    block (a FIFO, a device) is opened."""
    try:
        st = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return 'a loop of symbolic links'
        if error.errno == errno.ENOENT and os.path.islink(path):
            return 'a symbolic link to nothing'
        if error.errno == errno.ENOENT:
            return 'no such file'
        return 'cannot be read (%s)' % (error.strerror or error)
    if stat.S_ISDIR(st.st_mode):
        return 'is a folder'
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(st.st_mode)), 'not a file')
        return 'not a regular file (%s)' % kind
    try:
        with open(path, 'rb') as f:
            f.read(1)
    except OSError as error:
        return 'cannot be read (%s)' % (error.strerror or error)
    return None
