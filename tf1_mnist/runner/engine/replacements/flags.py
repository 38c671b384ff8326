"""``tf.app.flags`` / ``tf.flags`` as TensorFlow 1 scripts used them."""

import functools


def allowing_absl_flag_names(define):
    """Wrap a ``DEFINE_*`` function so a script may define a flag absl itself defines.

    Until TensorFlow 1.5, tf.app.flags was TensorFlow's own, and scripts defined names such as
    ``log_dir`` that absl.logging now owns; the script's flag replaces absl's.
    """
    from absl import flags as absl_flags

    from tf1_mnist.runner.engine.replacements.era_flags import python_default

    @functools.wraps(define)
    def define_flag(*args, **kwargs):
        args, kwargs = python_default(args, kwargs)
        try:
            return define(*args, **kwargs)
        except absl_flags.DuplicateFlagError:
            name = args[0] if args else kwargs.get('name')
            flag_values = kwargs.get('flag_values', absl_flags.FLAGS)
            owner = flag_values.find_module_defining_flag(name) or ''
            if not owner.startswith('absl.'):
                raise
            delattr(flag_values, name)
            return define(*args, **kwargs)
    return define_flag
