"""Importing TensorFlow for the lessons: quiet, and without Keras until it is used."""

import subprocess
import sys

import pytest

from conftest import subprocess_env

PROBE = '''
import sys

import pytest
from tf1_mnist.quiet import import_v1
tf = import_v1(%s)
with tf.Graph().as_default():
    x = tf.placeholder(tf.float32, [None, 2])
    with tf.Session() as sess:
        print(sess.run(tf.reduce_sum(x), {x: [[1, 2]]}))
print('keras' in sys.modules, 'matplotlib.pyplot' in sys.modules)
import tensorflow
print(type(tensorflow.keras.layers.Dense(2)).__name__)
'''


def probe(verbose):
    return subprocess.run([sys.executable, '-c', PROBE % verbose], capture_output=True,
                          text=True, env=subprocess_env(), timeout=300)


@pytest.mark.slow
def test_quiet_import_has_no_noise_and_defers_keras():
    out = probe(False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split('\n')[:3] == ['3.0', 'False False', 'Dense']
    assert out.stderr == ''


@pytest.mark.slow
def test_verbose_import_shows_tensorflow_logs():
    out = probe(True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split('\n')[0] == '3.0'
    assert 'oneDNN' in out.stderr or 'I0000' in out.stderr
