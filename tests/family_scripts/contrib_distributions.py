"""tf.contrib.distributions: Normal samples, log-probabilities and a KL divergence."""
# table: `tf.contrib.distributions`
import tensorflow as tf

ds = tf.contrib.distributions
p = ds.Normal(loc=0.0, scale=1.0)
q = ds.Normal(loc=1.0, scale=2.0)
samples = p.sample(5)
with tf.Session() as sess:
    print('log prob %.5f' % sess.run(p.log_prob(0.5)))
    print('kl %.5f' % sess.run(ds.kl_divergence(p, q)))
    print('samples', ' '.join('%.5f' % v for v in sess.run(samples)))
