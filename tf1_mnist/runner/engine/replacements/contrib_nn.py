"""``tf.contrib.nn.alpha_dropout`` for legacy scripts: TensorFlow 1.15's function, on the TF1
API (dropout that keeps the mean and variance of SELU activations)."""

import numbers

__all__ = ['alpha_dropout']


def alpha_dropout(x, keep_prob, noise_shape=None, seed=None, name=None):
    """Alpha dropout (Klambauer et al., 2017), as ``tf.contrib.nn.alpha_dropout`` did it."""
    import tensorflow.compat.v1 as tf
    from tensorflow.python.framework import tensor_util
    with tf.name_scope(name, 'alpha_dropout', [x]) as name:
        x = tf.convert_to_tensor(x, name='x')
        if isinstance(keep_prob, numbers.Real) and not 0 < keep_prob <= 1.:
            raise ValueError('keep_prob must be a scalar tensor or a float in the range (0, 1], '
                             'got %g' % keep_prob)
        keep_prob = tf.convert_to_tensor(keep_prob, dtype=x.dtype, name='keep_prob')
        keep_prob.get_shape().assert_has_rank(0)
        if tensor_util.constant_value(keep_prob) == 1:
            return x
        alpha = -1.7580993408473766
        noise_shape = noise_shape if noise_shape is not None else tf.shape(x)
        random_tensor = tf.random_uniform(noise_shape, seed=seed, dtype=x.dtype)
        kept_idx = tf.cast(tf.greater_equal(random_tensor, 1 - keep_prob), x.dtype)
        x = x * kept_idx + alpha * (1 - kept_idx)
        a = (keep_prob + keep_prob * (1 - keep_prob) * alpha ** 2) ** -0.5
        b = -a * alpha * (1 - keep_prob)
        return a * x + b
