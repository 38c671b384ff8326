"""Start a TensorFlow 1 cluster on this machine, or print the commands for several machines.

    python -m tf1_mnist.cluster [--ps 1] [--workers 2] [--restart] -- COMMAND [ARGS...]
    python -m tf1_mnist.cluster --print-commands --hosts HOST,... [--ps 1] [--workers 2] -- ...

Each task (``--ps`` parameter servers, ``--workers`` workers) runs ``COMMAND ARGS`` with the TF1
cluster flags added: ``--ps_hosts``, ``--worker_hosts`` (free localhost ports), ``--job_name``
and ``--task_index``. A COMMAND that is a ``.py`` file is an unmodified course script and runs
through ``python -m tf1_mnist.run``; ``python`` and ``python3`` mean this Python.

Every output line is prefixed with its task (``[ps 0]``, ``[worker 1]``). The run's work is done
when the chief (worker 0) has exited 0: the other workers then get ``--worker_grace`` seconds
(30) to exit by themselves, and one still running after that is stopped, with a line saying so
(in a synchronous TF1 script, a worker can wait forever for a step that only the chief, now
gone, would have aggregated). A worker stopped that way is not a failure. When all workers are
done the parameter servers get ``--ps_grace`` seconds to exit by themselves (the lessons' do)
and are then stopped (a script ending in ``server.join()`` never exits). A worker that exits
non-zero stops the whole cluster and the launcher exits 1, unless ``--restart`` starts it again
(a chief being restarted has not finished). Ctrl-C, SIGTERM, or SIGKILL of the launcher leave
no task behind: each task runs in a process group of its own, which the launcher stops, and on
Linux each is also killed by the kernel when the launcher dies (``PR_SET_PDEATHSIG``).
"""

import argparse
import ctypes
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

from tf1_mnist import cli

PROG = 'python -m tf1_mnist.cluster'
_PR_SET_PDEATHSIG = 1


def seconds(text):
    """An argparse type: a finite number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 <= value < float('inf'):
        raise argparse.ArgumentTypeError('expected a number of seconds >= 0, got %r' % text)
    return value


MAX_PORT = 65535
port_number = cli.number(int, lambda v: 0 < v <= MAX_PORT, 'a port from 1 to %d' % MAX_PORT)


class StartError(Exception):
    """The cluster could not be started (a program that cannot run, too many open files); the
    message is one line naming what failed."""


def _os_reason(error):
    return error.strerror or str(error)


def check_program(parser, command):
    """Exit 2 unless ``command``'s program can be run: an executable file, or a name on PATH."""
    program = command[0]
    if os.sep in program or (os.altsep and os.altsep in program):
        if not os.path.exists(program):
            parser.error('%s: no such program' % program)
        if os.path.isdir(program) or not os.access(program, os.X_OK):
            parser.error('%s: not an executable program' % program)
    elif shutil.which(program) is None:
        parser.error('%s: no such program on PATH' % program)


def free_ports(count):
    """``count`` distinct TCP ports that are free on this machine right now."""
    sockets, ports = [], []
    try:
        for _ in range(count):
            try:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.bind(('localhost', 0))
            except OSError as error:
                raise StartError('cannot find %d free ports: %s' % (count, _os_reason(error))) \
                    from None
            sockets.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in sockets:
            s.close()
    return ports


def task_flags(ps_hosts, worker_hosts, job_name, task_index):
    return ['--ps_hosts=%s' % ','.join(ps_hosts), '--worker_hosts=%s' % ','.join(worker_hosts),
            '--job_name=%s' % job_name, '--task_index=%d' % task_index]


def base_command(command, python=sys.executable):
    """The command a task runs before its cluster flags."""
    first = command[0]
    if first.endswith('.py'):
        return [python, '-m', 'tf1_mnist.run'] + list(command)
    if first in ('python', 'python3'):
        return [python] + list(command[1:])
    return list(command)


def plan_hosts(machines, ps, workers, port):
    """Spread ``ps`` then ``workers`` tasks over ``machines`` round robin, from ``port`` up on
    each machine; return (ps_hosts, worker_hosts)."""
    used = {}
    addresses = []
    for i in range(ps + workers):
        machine = machines[i % len(machines)]
        addresses.append('%s:%d' % (machine, port + used.get(machine, 0)))
        used[machine] = used.get(machine, 0) + 1
    return addresses[:ps], addresses[ps:]


def _set_parent_death_signal():
    """In the child, before exec: be killed when the launcher dies, even by SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the launcher died before prctl took effect
        os._exit(1)


class Task:
    """One process of the cluster, restartable, its output prefixed with its role."""

    def __init__(self, job_name, index, argv, output, lock):
        self.job_name, self.index, self.argv = job_name, index, argv
        self.label = '%s %d' % (job_name, index)
        self.output, self.lock = output, lock
        self.process = None
        self.reader = None
        self.restarts = 0
        self.finished = False  # exited 0, or stopped by the launcher once the run was done

    def start(self):
        env = dict(os.environ, PYTHONUNBUFFERED='1')
        preexec = _set_parent_death_signal if sys.platform.startswith('linux') else None
        try:
            self.process = subprocess.Popen(
                self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, env=env, start_new_session=True, preexec_fn=preexec)
        except OSError as error:
            raise StartError('cannot start %s (%s): %s'
                             % (self.label, self.argv[0], _os_reason(error))) from None
        self.reader = threading.Thread(target=self._copy_output, args=(self.process.stdout,),
                                       daemon=True)
        try:
            self.reader.start()
        except RuntimeError as error:  # no thread to be had: as out of file descriptors
            self.signal(signal.SIGKILL)
            self.process.wait()
            raise StartError('cannot start %s: %s' % (self.label, error)) from None

    def _copy_output(self, pipe):
        for raw in iter(pipe.readline, b''):
            line = raw.decode('utf-8', 'replace').rstrip('\n')
            self.say(line)
        pipe.close()

    def say(self, line):
        with self.lock:
            self.output.write('[%s] %s\n' % (self.label, line))
            self.output.flush()

    def poll(self):
        return None if self.process is None else self.process.poll()

    def signal(self, signum):
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signum)
            except (ProcessLookupError, PermissionError):
                pass

    def finish_output(self):
        if self.reader is not None:
            self.reader.join(timeout=5)


class Launcher:
    def __init__(self, ps_tasks, worker_tasks, restart=0, ps_grace=5.0, out=sys.stdout,
                 worker_grace=30.0):
        self.ps, self.workers = ps_tasks, worker_tasks
        self.restart, self.ps_grace, self.out = restart, ps_grace, out
        self.worker_grace = worker_grace
        self.lock = ps_tasks[0].lock if ps_tasks else threading.Lock()

    def note(self, line):
        with self.lock:
            self.out.write('[cluster] %s\n' % line)
            self.out.flush()

    @property
    def tasks(self):
        return self.ps + self.workers

    def stop(self, tasks, timeout=5.0):
        """SIGTERM each running task's process group, SIGKILL what is left after ``timeout``."""
        for task in tasks:
            task.signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(t.poll() is None for t in tasks):
            time.sleep(0.05)
        for task in tasks:
            task.signal(signal.SIGKILL)
        for task in tasks:
            if task.process is not None:
                task.process.wait()
                task.finish_output()

    def stop_all(self, timeout=5.0):
        self.stop(self.tasks, timeout)

    def stop_waiting_workers(self):
        """Once the chief has finished and the grace has passed, stop the workers still running.

        Their work is done: in a synchronous run, such a worker is blocked until the chief
        aggregates another step, which it never will."""
        waiting = [t for t in self.workers if not t.finished and t.poll() is None]
        for task in waiting:
            # Marked first, so that the status the signal gives it is not taken for a failure.
            task.finished = True
            self.note('%s still running %gs after the chief finished; stopping it (a '
                      'synchronous worker waits for a step the chief will no longer aggregate)'
                      % (task.label, self.worker_grace))
        self.stop(waiting)

    def run(self):
        """Run the cluster to its end; return the launcher's exit status."""
        try:
            for task in self.tasks:
                task.start()
        except StartError as error:
            self.note('%s; stopping the cluster' % error)
            self.stop_all()
            return 1
        chief = self.workers[0]
        chief_done_at = done_at = None
        while True:
            for task in self.tasks:
                status = task.poll()
                if status is None or task.finished:
                    continue
                if status == 0:
                    # A ps too: the lessons' parameter servers exit once every worker has said
                    # it is done, which can be a moment before the last worker's process ends.
                    task.finished = True
                    if task is chief:
                        chief_done_at = time.monotonic()
                    continue
                task.finish_output()
                what = ('exited with status %d' % status if status >= 0
                        else 'was killed by signal %d' % -status)
                if task.job_name == 'worker' and task.restarts < self.restart:
                    task.restarts += 1
                    self.note('%s %s; restarting it (%d of %d)'
                              % (task.label, what, task.restarts, self.restart))
                    try:
                        task.start()
                    except StartError as error:
                        self.note('%s; stopping the cluster' % error)
                        self.stop_all()
                        return 1
                    continue
                self.note('%s %s; stopping the cluster' % (task.label, what))
                self.stop_all()
                return 1
            if (chief_done_at is not None and done_at is None
                    and time.monotonic() - chief_done_at > self.worker_grace):
                self.stop_waiting_workers()
            if done_at is None and all(t.finished for t in self.workers):
                done_at = time.monotonic()
            if done_at is not None:
                if all(t.poll() is not None for t in self.ps):
                    for task in self.ps:
                        task.finished = True
                    break
                if time.monotonic() - done_at > self.ps_grace:
                    self.note('all workers finished; stopping %s'
                              % ', '.join(t.label for t in self.ps if t.poll() is None))
                    self.stop_all()
                    break
            time.sleep(0.1)
        for task in self.tasks:
            task.finish_output()
        return 0


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def build_parser():
    parser = cli.ArgumentParser(
        prog=PROG,
        usage='%(prog)s [--ps N] [--workers N] [--restart [N]] [--ps_grace SECONDS]\n'
              '           [--worker_grace SECONDS] -- COMMAND [ARGS...]\n'
              '       %(prog)s --print-commands --hosts HOST,... [--port PORT] [--ps N] '
              '[--workers N]\n'
              '           -- COMMAND [ARGS...]',
        description='Run a TensorFlow 1 cluster (parameter servers and workers) on this '
                    'machine, each task given its --ps_hosts, --worker_hosts, --job_name and '
                    '--task_index; or print the per-machine commands of a real cluster.')
    parser.add_argument('--ps', type=cli.positive_int, default=1,
                        help='parameter server tasks (default: %(default)s)')
    parser.add_argument('--workers', type=cli.positive_int, default=2,
                        help='worker tasks; worker 0 is the chief (default: %(default)s)')
    parser.add_argument('--restart', type=cli.non_negative_int, nargs='?', const=3, default=0,
                        metavar='N',
                        help='restart a worker that fails, up to N times each (N: 3 when not '
                             'given; default: 0, a failure stops the cluster)')
    parser.add_argument('--ps_grace', type=seconds, default=5.0, metavar='SECONDS',
                        help='how long the parameter servers may take to exit after the last '
                             'worker before they are stopped (default: %(default)s)')
    parser.add_argument('--worker_grace', type=seconds, default=30.0, metavar='SECONDS',
                        help='how long the other workers may take to exit after the chief '
                             '(worker 0) has exited 0; one still running then is stopped, and '
                             'that is not a failure (a synchronous TF1 script can leave a '
                             'worker waiting forever for a step only the chief would have '
                             'aggregated) (default: %(default)s)')
    parser.add_argument('--print-commands', dest='print_commands', action='store_true',
                        help='print the command of each task for a cluster of --hosts '
                             'machines, and start nothing (default: off)')
    parser.add_argument('--hosts', default=None, metavar='HOST,...',
                        help='the machines of --print-commands; tasks are spread over them in '
                             'turn (default: none)')
    parser.add_argument('--port', type=port_number, default=2222,
                        help='first port of each machine with --print-commands '
                             '(default: %(default)s)')
    parser.add_argument('command', nargs=argparse.REMAINDER, metavar='COMMAND',
                        help='the program each task runs, after --')
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ['--'] else args.command
    if not command:
        parser.error('no COMMAND given; put it after --, e.g. -- python -m tf1_mnist.softmax')
    if command[0].endswith('.py') and not os.path.isfile(command[0]):
        parser.error('%s: no such file' % command[0])
    argv0 = base_command(command)
    if not args.print_commands:
        check_program(parser, argv0)

    if args.print_commands:
        if not args.hosts:
            parser.error('--print-commands needs --hosts, the machines of the cluster')
        machines = [h.strip() for h in args.hosts.split(',') if h.strip()]
        if not machines:
            parser.error('--hosts: expected HOST,..., got %r' % args.hosts)
        ps_hosts, worker_hosts = plan_hosts(machines, args.ps, args.workers, args.port)
        highest = max(int(address.rpartition(':')[2]) for address in ps_hosts + worker_hosts)
        if highest > MAX_PORT:
            per_machine = highest - args.port + 1
            parser.error('--port %d: %d tasks on one machine need ports %d to %d; expected a '
                         'first port of at most %d' % (args.port, per_machine, args.port,
                                                       highest, MAX_PORT - per_machine + 1))
        printed = base_command(command, python='python')
        for job, hosts in (('ps', ps_hosts), ('worker', worker_hosts)):
            for i, address in enumerate(hosts):
                print('# %s %d, on %s' % (job, i, address.rpartition(':')[0]))
                print(shlex.join(printed + task_flags(ps_hosts, worker_hosts, job, i)))
        return 0
    if args.hosts:
        parser.error('--hosts goes with --print-commands; a local cluster runs on localhost')

    try:
        ports = free_ports(args.ps + args.workers)
    except StartError as error:
        cli.fail(parser, str(error), 1)
    ps_hosts = ['localhost:%d' % p for p in ports[:args.ps]]
    worker_hosts = ['localhost:%d' % p for p in ports[args.ps:]]
    lock = threading.Lock()
    tasks = {job: [Task(job, i, argv0 + task_flags(ps_hosts, worker_hosts, job, i),
                        sys.stdout, lock) for i in range(len(hosts))]
             for job, hosts in (('ps', ps_hosts), ('worker', worker_hosts))}
    launcher = Launcher(tasks['ps'], tasks['worker'], args.restart, args.ps_grace,
                        worker_grace=args.worker_grace)
    # Set explicitly: a launcher started in the background by a script inherits SIGINT
    # ignored, and Ctrl-C, kill and a closed terminal must all stop the tasks.
    stopping = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, _raise_interrupt) for signum in stopping}
    try:
        return launcher.run()
    except KeyboardInterrupt:
        launcher.note('interrupted; stopping every task')
        launcher.stop_all()
        return 130
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


if __name__ == '__main__':
    raise SystemExit(main())
