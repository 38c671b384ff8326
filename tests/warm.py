"""``python -m tf1_mnist.X ...`` for the tests, started warm.

Most of a short command's CPU time is TensorFlow's import (3 to 5 CPU seconds here), paid anew
by every subprocess. ``run`` takes the arguments of ``subprocess.run``; a command of the
package's own that imports TensorFlow quietly first thing (the runner, the lessons) is forked
from a server process that has already imported TensorFlow exactly as ``tf1_mnist.quiet`` does,
and nothing else of the package. The child then does what a fresh ``python -m`` would: its own
environment, working folder, ``sys.path`` and ``sys.argv``, ``__main__`` run by runpy's own
``_run_module_as_main``, fresh random states, the standard streams on the caller's pipes, the
exit status of ``SystemExit`` or of an uncaught exception (with its traceback on stderr), and at
the end what the interpreter does at exit: non-daemon threads joined, ``atexit`` handlers run,
streams flushed. (What the server's import made is frozen out of the garbage collector's
sight, ``gc.freeze``: it lives as long as the process anyway, and a child's collections then
neither walk it nor copy the pages it lies on.) Everything else, and every command whose
start-up itself is under test (``--verbose``, an environment that changes how TensorFlow or
Python start, another interpreter or module), runs in a fresh process as before.
tests/test_warm.py holds the warm child to the fresh process on probes of all of the above.

``run_plain`` does the same for ``python -c CODE ARGS`` whose TensorFlow is a plain ``import
tensorflow`` (a migrated copy started by ``upgrade.BOOTSTRAP``), from a server that has made
that import, and nothing of the package's, with the same start-up environment.

``popen`` does the same for ``subprocess.Popen([sys.executable, SCRIPT, ARGS], stdout=LOG,
stderr=subprocess.STDOUT, start_new_session=True)`` of a script whose TensorFlow is the
package's quiet import (a cluster task the tests start themselves): forked from a server that
starts any number of them side by side, each the leader of a session of its own, waited for
and killed through the handle returned, as a ``Popen`` is.
"""

import gc
import itertools
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading

# Commands that import TensorFlow quietly before anything else of theirs runs.
WARM_MODULES = ('tf1_mnist.run', 'tf1_mnist.softmax', 'tf1_mnist.deep_cnn', 'tf1_mnist.mlp')
# Environment variables read while Python or TensorFlow start: a command whose values differ
# from the server's cannot be forked from it.
_STARTUP_PREFIXES = ('PYTHON', 'TF_', 'OMP_', 'KMP_', 'MKL_', 'OPENBLAS_', 'CUDA', 'LD_',
                     'MALLOC', 'XLA_', 'GLIBC')
_DISABLED = os.environ.get('TF1_MNIST_TESTS_COLD') == '1'

_lock = threading.Lock()
_servers = {}  # startup environment -> server
_asked = {}  # startup environment -> how many commands asked for it
_MAX_SERVERS = {'quiet': 3, 'plain': 2, 'spawn': 1}  # per test process
_forked = []  # the commands forked warm so far, in this process
_used = {}  # startup environment -> when its server was last asked for (a count)
_uses = itertools.count(1)


def _startup_env(env):
    return {k: v for k, v in env.items() if k.startswith(_STARTUP_PREFIXES)}


class _Server:
    """The process that has imported TensorFlow, and forks a child for each command: as
    ``tf1_mnist.quiet`` does (``quiet``), or as a plain ``import tensorflow`` (``plain``)."""

    def __init__(self, env, kind='quiet'):
        self.env, self.kind = dict(env), kind
        self.proc = subprocess.Popen(
            [sys.executable, '-c', 'import warm; warm.serve_spawned()' if kind == 'spawn'
             else 'import warm; warm.serve(%r)' % kind],
            env=self._server_env(env),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, cwd='/')
        self.ready = self._read(timeout=600) == {'ready': True}
        self.lock = threading.Lock()

    @staticmethod
    def _server_env(env):
        env = dict(env)
        here = os.path.dirname(os.path.abspath(__file__))
        env['TF1_MNIST_WARM_PATH'] = env.get('PYTHONPATH', '')
        env['PYTHONPATH'] = os.pathsep.join(p for p in (here, env.get('PYTHONPATH')) if p)
        return env

    def serves(self, env):
        return (self.ready and self.proc.poll() is None
                and _startup_env(env) == _startup_env(self.env))

    def _read(self, timeout):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        return json.loads(line) if line else None

    def run(self, module, args, cwd, env, stdout, stderr, timeout, code=None):
        self.proc.stdin.write(json.dumps({
            'module': module, 'code': code, 'args': args, 'cwd': cwd, 'env': env,
            'stdout': stdout, 'stderr': stderr}) + '\n')
        self.proc.stdin.flush()
        pid = self._read(timeout=60)['pid']
        done = self._read(timeout=timeout)
        if done is None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._read(timeout=60)
            return None
        return done['returncode']


def _module_of(command):
    if (len(command) >= 3 and command[0] == sys.executable and command[1] == '-m'
            and command[2] in WARM_MODULES and '--verbose' not in command[3:]):
        return command[2]
    return None


def run(command, cwd=None, env=None, timeout=None, capture_output=False, text=False,
        **others):
    """``subprocess.run(command, ...)``, forked warm where that changes nothing (see above)."""
    command = [str(part) for part in command]
    module = _module_of(command)
    env = dict(os.environ if env is None else env)
    if (_DISABLED or module is None or not capture_output or not text or others
            or _warm_server(env) is None):
        return subprocess.run(command, cwd=cwd, env=env, timeout=timeout,
                              capture_output=capture_output, text=text, **others)
    server = _warm_server(env)
    if not server.lock.acquire(blocking=False):  # busy with another thread's command
        return subprocess.run(command, cwd=cwd, env=env, timeout=timeout,
                              capture_output=capture_output, text=text)
    return _fork(server, command, module, os.path.abspath(cwd or os.getcwd()), env, timeout)


def _fork(server, command, module, cwd, env, timeout, code=None):
    """``command`` forked from ``server``, whose lock the caller holds."""
    with tempfile.TemporaryDirectory(prefix='tf1_mnist_warm_') as folder:
        out, err = os.path.join(folder, 'out'), os.path.join(folder, 'err')
        try:
            status = server.run(module, command[3:], cwd, env, out, err,
                                timeout if timeout is not None else 24 * 3600, code=code)
        finally:
            server.lock.release()
        _forked.append(command)
        stdout, stderr = (_read_text(path) for path in (out, err))
    if status is None:
        raise subprocess.TimeoutExpired(command, timeout, output=stdout, stderr=stderr)
    return subprocess.CompletedProcess(command, status, stdout, stderr)


def _read_text(path):
    try:
        with open(path, encoding='utf-8', errors='replace', newline=None) as f:
            return f.read()
    except FileNotFoundError:
        return ''


def run_plain(code, args, cwd, env, timeout):
    """``subprocess.run([sys.executable, '-c', code] + args, ...)`` with its output captured
    as text, for a program whose TensorFlow is a plain ``import tensorflow`` made after its
    start (a migrated copy run by ``upgrade.BOOTSTRAP``): forked from a server that has made
    that import with the same start-up environment, or run fresh."""
    command = [sys.executable, '-c', code] + [str(a) for a in args]
    env = dict(env)
    server = None if _DISABLED else _warm_server(env, 'plain')
    if server is None or not server.lock.acquire(blocking=False):
        return subprocess.run(command, cwd=cwd, env=env, timeout=timeout, capture_output=True,
                              text=True)
    return _fork(server, command, None, os.path.abspath(cwd), env, timeout, code=code)


class Spawned:
    """A command started by ``popen``: ``pid``, ``args``, ``returncode``, ``poll``, ``wait``,
    ``kill`` and ``send_signal``, as ``subprocess.Popen`` has them."""

    def __init__(self, args, pid):
        self.args, self.pid, self.returncode = args, pid, None
        self._ended = threading.Event()

    def _exited(self, returncode):
        self.returncode = returncode
        self._ended.set()

    def poll(self):
        return self.returncode

    def wait(self, timeout=None):
        if not self._ended.wait(timeout):
            raise subprocess.TimeoutExpired(self.args, timeout)
        return self.returncode

    def send_signal(self, signum):
        if self.returncode is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def kill(self):
        self.send_signal(signal.SIGKILL)


class _Spawner(_Server):
    """The server of ``popen``: it forks a command per request and goes on; a thread here reads
    the pid of each and, later, its exit status."""

    def __init__(self, env):
        super().__init__(env, 'spawn')
        self.handles, self.started = {}, []
        self.reply = threading.Condition()
        if self.ready:
            threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self):
        for line in self.proc.stdout:
            message = json.loads(line)
            with self.reply:
                if 'pid' in message:
                    self.started.append(message['pid'])
                    self.reply.notify_all()
                else:
                    handle = self.handles.pop(message['exited'], None)
                    if handle is not None:
                        handle._exited(message['returncode'])
        # The server has ended, killing what still ran.
        with self.reply:
            for handle in self.handles.values():
                handle._exited(-signal.SIGKILL)
            self.handles.clear()

    def spawn(self, command, cwd, env, log):
        open(log, 'w').close()  # there when popen returns, as a Popen's caller has made it
        with self.lock, self.reply:
            self.proc.stdin.write(json.dumps({
                'path': command[1], 'args': command[2:], 'cwd': cwd, 'env': env,
                'stdout': log, 'stderr': log}) + '\n')
            self.proc.stdin.flush()
            if not self.reply.wait_for(lambda: self.started, timeout=60):
                raise RuntimeError('the warm server did not start %s' % command[1])
            handle = Spawned(command, self.started.pop())
            self.handles[handle.pid] = handle
        _forked.append(command)
        return handle


def popen(command, cwd, env, log):
    """``subprocess.Popen(command, cwd=cwd, env=env, stdout=open(log, 'w'),
    stderr=subprocess.STDOUT, start_new_session=True)`` for ``[sys.executable, SCRIPT, ARGS]``,
    forked warm (see above), or started fresh."""
    command = [str(part) for part in command]
    env = dict(env)
    server = None
    if not _DISABLED and len(command) >= 2 and command[0] == sys.executable and \
            command[1].endswith('.py'):
        server = _warm_server(env, 'spawn')
    if server is None:
        with open(log, 'w') as out:
            return subprocess.Popen(command, cwd=cwd, env=env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
    return server.spawn(command, os.path.abspath(cwd), env, str(log))


def _warm_server(env, kind='quiet'):
    """The server for ``env``'s start-up settings, or None. A server costs one import of
    TensorFlow, so a quiet one is started at the second command with those settings, not the
    first."""
    key = json.dumps([kind] + sorted(_startup_env(env).items()))
    with _lock:
        _asked[key] = _asked.get(key, 0) + 1
        # Plain servers serve a whole test module of upgraded copies, and a spawning server
        # the tasks of a cluster: started at the first ask.
        wanted = _asked[key] >= (2 if kind == 'quiet' else 1)
        if key not in _servers and wanted and _room_for(kind):
            _servers[key] = _Spawner(env) if kind == 'spawn' else _Server(env, kind)
        server = _servers.get(key)
        _used[key] = next(_uses)
        return server if server is not None and server.serves(env) else None


def _room_for(kind):
    """Whether another server of ``kind`` may start: at most _MAX_SERVERS[kind] at a time, so
    the one used longest ago makes room when it is idle (no command of its own running)."""
    of_kind = [key for key in _servers if json.loads(key)[0] == kind]
    if len(of_kind) < _MAX_SERVERS[kind]:
        return True
    for key in sorted(of_kind, key=lambda key: _used.get(key, 0)):
        server = _servers[key]
        if getattr(server, 'handles', None) or not server.lock.acquire(blocking=False):
            continue
        del _servers[key]
        _stop(server)
        return True
    return False


def _stop(server):
    if server.proc.poll() is None:
        server.proc.stdin.close()
        server.proc.wait(timeout=60)


def served():
    """How many commands were forked warm in this process."""
    return len(_forked)


def shutdown():
    for server in _servers.values():
        _stop(server)


# ---- the server side ----------------------------------------------------------------------

def _prepare(kind):
    """Import TensorFlow as the package does (or plainly), say so; what a fresh interpreter's
    sys.path holds besides its first entry."""
    own_path = os.environ.pop('TF1_MNIST_WARM_PATH')
    os.environ['PYTHONPATH'] = own_path
    sys.path.remove(os.path.dirname(os.path.abspath(__file__)))
    startup = dict(os.environ)
    if kind == 'plain':
        __import__('tensorflow')
    else:
        import tf1_mnist.quiet
        tf1_mnist.quiet.import_tensorflow()
    os.environ.clear()
    os.environ.update(startup)
    base_path = sys.path[1:]
    # What the import made lives as long as the server: out of the collector's sight, a
    # child's collections neither walk it nor write to its pages (each such write a
    # copy-on-write page fault).
    gc.collect()
    gc.freeze()
    print(json.dumps({'ready': True}), flush=True)
    return base_path


def serve(kind='quiet'):
    """Import TensorFlow as the package does (or plainly), then fork a child for each request
    on stdin."""
    base_path = _prepare(kind)
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request, base_path, kind)
        print(json.dumps({'pid': pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({'returncode': os.waitstatus_to_exitcode(status)}), flush=True)


def serve_spawned():
    """Import TensorFlow as the package does, then fork a command for each request on stdin
    without waiting for it: its pid is answered at once, its exit status when it ends. At the
    end of stdin, what still runs is killed."""
    base_path = _prepare('quiet')
    children, pending = set(), b''
    while True:
        ready, _, _ = select.select([0], [], [], 0.05)
        if ready:
            chunk = os.read(0, 65536)
            if not chunk:
                break
            pending += chunk
            while b'\n' in pending:
                line, pending = pending.split(b'\n', 1)
                request = json.loads(line)
                sys.stdout.flush()
                pid = os.fork()
                if pid == 0:
                    _child(request, base_path, 'quiet')
                children.add(pid)
                print(json.dumps({'pid': pid}), flush=True)
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            children.discard(pid)
            print(json.dumps({'exited': pid,
                              'returncode': os.waitstatus_to_exitcode(status)}), flush=True)
    for pid in children:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for pid in children:
        os.waitpid(pid, 0)


def _child(request, base_path, kind='quiet'):
    """Become the command: then end as its interpreter would, through ``SystemExit`` at the
    top, so that threads are joined, ``atexit`` runs and open files are flushed and closed."""
    script = request.get('path')
    if script is not None:  # a task of its own: the leader of a new session, as Popen makes it
        os.setsid()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    opened = {}  # one file for both streams when they name the same (stderr=STDOUT)
    for fd, path in ((1, request['stdout']), (2, request['stderr'])):
        if path not in opened:
            opened[path] = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(opened[path], fd)
    for target in opened.values():
        os.close(target)
    os.chdir(request['cwd'])
    os.environ.clear()
    os.environ.update(request['env'])
    import random
    import numpy
    random.seed()
    numpy.random.seed()
    tempfile.tempdir = None
    if kind == 'quiet':
        _first_quiet_import_sets_the_environment()
    main = sys.modules['__main__'].__dict__
    for name in [name for name in main if not name.startswith('__')]:
        del main[name]
    import runpy
    if script is not None:  # python SCRIPT ARGS: the script's folder first on the path
        sys.path[:] = [os.path.dirname(os.path.abspath(script))] + base_path
        sys.argv = [script] + request['args']
    elif request.get('code') is not None:  # python -c CODE ARGS: '' (the folder) first
        sys.path[:] = [''] + base_path
        sys.argv = ['-c'] + request['args']
    else:
        sys.path[:] = [request['cwd']] + base_path
        sys.argv = ['-m'] + request['args']
    try:
        if script is not None:
            runpy.run_path(script, run_name='__main__')
        elif request.get('code') is not None:
            exec(compile(request.get('code'), '<string>', 'exec'), main)
        else:
            runpy._run_module_as_main(request['module'])
    except SystemExit:
        raise
    except BaseException as error:
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
            tb = tb.tb_next  # the traceback as ``python -m`` shows it: from runpy down
        while script is not None and tb is not None and \
                tb.tb_frame.f_code.co_filename in (runpy.__file__, '<frozen runpy>'):
            tb = tb.tb_next  # and as ``python SCRIPT`` shows it: from the script down
        # Python's own hook prints the exception's __traceback__ when it has one, not tb.
        sys.excepthook(type(error), error.with_traceback(tb), tb)
        if isinstance(error, KeyboardInterrupt):
            sys.stderr.flush()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        raise SystemExit(1)
    raise SystemExit(0)


def _first_quiet_import_sets_the_environment():
    """In a fresh process, the package's first quiet import of TensorFlow also sets
    ``TF_CPP_MIN_LOG_LEVEL`` and ``TF_ENABLE_ONEDNN_OPTS`` in the environment its own children
    inherit; the server did that import, so the child's first call does that part."""
    from tf1_mnist import quiet
    original = quiet.import_tensorflow
    state = {'first': True}

    def import_tensorflow(verbose=False, lean=True):
        if state['first']:
            state['first'] = False
            quiet.choose_onednn()
            if not verbose:
                os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', quiet._ERROR)
        return original(verbose, lean)

    quiet.import_tensorflow = import_tensorflow
