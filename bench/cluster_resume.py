"""Resume on a localhost cluster, measured like for like: the final test accuracy of runs
that lose a task to ``kill -9`` mid-run against runs that do not.

    python bench/cluster_resume.py [--rounds 3] [--max_steps 1000] [--lesson tf1_mnist.softmax]

Each round runs the lesson on 1 parameter server and 2 synchronous workers started by
``python -m tf1_mnist.cluster --restart`` (same seed, same global steps, a checkpoint every 50
global steps), four ways, one after the other:

* ``uninterrupted``
* ``whole cluster``: the launcher and every task are killed with SIGKILL once a checkpoint
  at 40 % of the steps exists, then the same command is started again (it resumes from the
  newest checkpoint);
* ``chief``: only worker 0 is killed then; the launcher restarts it and it goes on from the
  parameter server's live model;
* ``worker 1``: only worker 1 is killed then, and restarted.

Every run must end at the last global step with exit status 0. The table shows each way's
accuracies, their median and the median's distance from the uninterrupted median (in points
of accuracy). A cluster is never bit-for-bit repeatable (which worker's gradients meet in an
update depends on timing), so the uninterrupted runs give the noise to compare against.
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WAYS = ('uninterrupted', 'whole cluster', 'chief', 'worker 1')


def newest_checkpoint(directory):
    try:
        with open(os.path.join(directory, 'checkpoint')) as f:
            found = re.search(r'model_checkpoint_path: ".*-(\d+)"', f.read())
    except OSError:
        return None
    return int(found.group(1)) if found else None


def worker_pid(launcher_pid, index):
    """The process id of worker ``index``, a child of the launcher, or None."""
    flag = b'--job_name=worker\0--task_index=%d\0' % index
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % name, 'rb') as f:
                cmdline = f.read()
            with open('/proc/%s/stat' % name) as f:
                parent = int(f.read().rsplit(')', 1)[1].split()[1])
        except OSError:
            continue
        if parent == launcher_pid and flag in cmdline:
            return int(name)
    return None


def one_run(way, args, checkpoint_dir):
    """(final accuracy, last checkpoint step) of one run, killed ``way``."""
    command = [sys.executable, '-m', 'tf1_mnist.cluster', '--ps', '1', '--workers', '2',
               '--restart', '--', sys.executable, '-m', args.lesson,
               '--max_steps', str(args.max_steps), '--checkpoint_dir', checkpoint_dir,
               '--save_every', '50', '--seed', str(args.seed)]

    def start():
        return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)

    launcher = start()
    if way != 'uninterrupted':
        deadline = time.monotonic() + 600
        while (newest_checkpoint(checkpoint_dir) or 0) < 0.4 * args.max_steps:
            if launcher.poll() is not None or time.monotonic() > deadline:
                raise SystemExit('%s run ended before 40 %% of its steps:\n%s'
                                 % (way, launcher.communicate()[0]))
            time.sleep(0.05)
        if way == 'whole cluster':
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.communicate()
            launcher = start()
        else:
            os.kill(worker_pid(launcher.pid, 0 if way == 'chief' else 1), signal.SIGKILL)
    out, _ = launcher.communicate(timeout=1200)
    finals = re.findall(r'^\[worker 0\] (?:test accuracy )?(0\.\d+)$', out, re.M)
    last = newest_checkpoint(checkpoint_dir)
    if launcher.returncode != 0 or not finals or last != args.max_steps:
        raise SystemExit('%s run failed (exit %s, last checkpoint %s):\n%s'
                         % (way, launcher.returncode, last, out))
    return float(finals[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--rounds', type=int, default=3, help='runs of each way (default 3)')
    parser.add_argument('--max_steps', type=int, default=1000,
                        help='global steps of every run (default 1000)')
    parser.add_argument('--lesson', default='tf1_mnist.softmax',
                        help='the lesson module (default tf1_mnist.softmax)')
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args(argv)
    accuracies = {way: [] for way in WAYS}
    scratch = tempfile.mkdtemp(prefix='cluster_resume.')
    try:
        for _ in range(args.rounds):
            for way in WAYS:
                checkpoint_dir = os.path.join(scratch, 'ckpt')
                shutil.rmtree(checkpoint_dir, ignore_errors=True)
                accuracies[way].append(one_run(way, args, checkpoint_dir))
                print('%-14s %.4f' % (way, accuracies[way][-1]), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print('\n%s, 1 ps + 2 synchronous workers, %d global steps, seed %d, kill -9 at 40 %%'
          % (args.lesson, args.max_steps, args.seed))
    baseline = statistics.median(accuracies['uninterrupted'])
    print('%-14s %-30s %8s %12s' % ('killed', 'final test accuracies', 'median', 'difference'))
    for way in WAYS:
        median = statistics.median(accuracies[way])
        print('%-14s %-30s %8.4f %+11.2f pt'
              % ('nothing' if way == 'uninterrupted' else way,
                 ' '.join('%.4f' % a for a in accuracies[way]), median,
                 100 * (median - baseline)))
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
