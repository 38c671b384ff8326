"""Session settings for the lessons: TensorFlow's thread pools, and --bf16 (automatic mixed
precision where the hardware has it)."""

import sys

from tf1_mnist import quiet


def session_config(tf, intra_op_threads=0, inter_op_threads=0):
    """A ConfigProto for the lessons. 0 lets TensorFlow size its thread pools to the machine.

    Where TensorFlow sees a GPU, it places every op that has a GPU kernel there (the rest, by
    soft placement, on the CPU), and GPU memory is taken as needed rather than all at once.
    """
    config = tf.ConfigProto(intra_op_parallelism_threads=intra_op_threads,
                            inter_op_parallelism_threads=inter_op_threads,
                            allow_soft_placement=True)
    config.gpu_options.allow_growth = True
    return config


def cpu_has_native_bf16(cpuinfo=quiet.CPUINFO):
    """True when the CPU advertises bfloat16 arithmetic (AVX512-BF16 or AMX-BF16)."""
    return bool(quiet.cpu_flags(cpuinfo) & {'avx512_bf16', 'amx_bf16'})


def mixed_precision_mode(tf):
    """'gpu' (float16 auto mixed precision), 'cpu' (oneDNN bfloat16) or None (unsupported)."""
    if tf.config.list_physical_devices('GPU'):
        return 'gpu'
    if cpu_has_native_bf16():
        return 'cpu'
    return None


def session_config_for(tf, bf16=False, mode=None):
    """A session config for a lesson run, and a one-line note when ``bf16`` cannot be had.

    bf16 is Grappler's automatic mixed precision: the graph stays the lesson's float32 graph,
    and TensorFlow rewrites the matmuls and convolutions to run in half precision (bfloat16
    through oneDNN on a CPU that has it; on a GPU float16, the only half precision Grappler's
    GPU rewrite offers, without loss scaling, which would change the lesson's optimizer),
    keeping the variables and the softmax in float32. Without hardware support bfloat16 is
    emulated and slower than float32, so the run stays in float32 and the note says why.
    """
    config = session_config(tf)
    if not bf16:
        return config, None
    mode = mode or mixed_precision_mode(tf)
    rewrites = config.graph_options.rewrite_options
    if mode == 'gpu':
        rewrites.auto_mixed_precision = rewrites.ON
    elif mode == 'cpu':
        rewrites.auto_mixed_precision_onednn_bfloat16 = rewrites.ON
    else:
        return config, ('--bf16: this CPU has no native bfloat16 (AVX512-BF16 or AMX-BF16) and '
                        'no GPU is visible; training in float32')
    return config, None


def lesson_session_config(tf, bf16=False):
    """The session config of a lesson run; says on stderr, in one line, when --bf16 falls back."""
    config, note = session_config_for(tf, bf16=bf16)
    if note:
        print('tf1_mnist: ' + note, file=sys.stderr)
    return config
