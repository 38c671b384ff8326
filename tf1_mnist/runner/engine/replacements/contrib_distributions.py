"""``tf.contrib.distributions`` for legacy scripts: TensorFlow Probability's distributions (the
``distributions`` extra), where TensorFlow moved them when it dropped ``tf.contrib``.

``tfp.distributions`` is the same code grown on: the classes keep their names, arguments
(``Normal(loc, scale)``, ``Bernoulli(logits=..., probs=...)``), ``sample``, ``log_prob`` and
``kl_divergence``, and build graph-mode tensors under ``tf.Session``. Two names TF 1.x had and
tfp dropped are given back: ``kl`` (TF 1.0-1.1's name of ``kl_divergence``) and
``NormalWithSoftplusScale`` (a Normal whose scale is ``softplus(scale)``).
``bijectors`` is ``tfp.bijectors``.

Each tensorflow-probability release imports beside the TensorFlow of its time only (0.25 with
TensorFlow 2.18 and later, 0.24 with 2.16, 0.23 with 2.15, ... 0.20 with 2.12); with another
pairing its import fails, and the name is refused in one line saying which to install.
"""

import importlib

__all__ = [
    'AutoCompositeTensorDistribution', 'Autoregressive', 'BatchBroadcast', 'BatchConcat',
    'BatchReshape', 'Bates', 'Bernoulli', 'Beta', 'BetaBinomial', 'BetaQuotient', 'Binomial',
    'Blockwise', 'Categorical', 'Cauchy', 'Chi', 'Chi2', 'CholeskyLKJ', 'ContinuousBernoulli',
    'DeterminantalPointProcess', 'Deterministic', 'Dirichlet', 'DirichletMultinomial',
    'Distribution', 'DoublesidedMaxwell', 'Empirical', 'ExpGamma', 'ExpInverseGamma',
    'ExpRelaxedOneHotCategorical', 'Exponential', 'ExponentiallyModifiedGaussian',
    'FULLY_REPARAMETERIZED', 'FiniteDiscrete', 'FlatDirichlet', 'Gamma', 'GammaGamma',
    'GaussianProcess', 'GaussianProcessRegressionModel', 'GeneralizedExtremeValue',
    'GeneralizedNormal', 'GeneralizedPareto', 'Geometric', 'Gumbel', 'HalfCauchy', 'HalfNormal',
    'HalfStudentT', 'HiddenMarkovModel', 'Horseshoe', 'Independent', 'Inflated', 'InverseGamma',
    'InverseGaussian', 'JohnsonSU', 'JointDistribution', 'JointDistributionCoroutine',
    'JointDistributionCoroutineAutoBatched', 'JointDistributionNamed',
    'JointDistributionNamedAutoBatched', 'JointDistributionSequential',
    'JointDistributionSequentialAutoBatched', 'Kumaraswamy', 'LKJ', 'LambertWDistribution',
    'LambertWNormal', 'Laplace', 'LinearGaussianStateSpaceModel', 'LogLogistic', 'LogNormal',
    'Logistic', 'LogitNormal', 'MarkovChain', 'Masked', 'MatrixNormalLinearOperator',
    'MatrixTLinearOperator', 'Mixture', 'MixtureSameFamily', 'Moyal', 'Multinomial',
    'MultivariateNormalDiag', 'MultivariateNormalDiagPlusLowRank',
    'MultivariateNormalDiagPlusLowRankCovariance', 'MultivariateNormalFullCovariance',
    'MultivariateNormalLinearOperator', 'MultivariateNormalTriL',
    'MultivariateStudentTLinearOperator', 'NOT_REPARAMETERIZED', 'NegativeBinomial',
    'NoncentralChi2', 'Normal', 'NormalInverseGaussian', 'NormalWithSoftplusScale',
    'OneHotCategorical', 'OrderedLogistic', 'PERT', 'Pareto', 'PixelCNN', 'PlackettLuce',
    'Poisson', 'PoissonLogNormalQuadratureCompound', 'PowerSpherical', 'ProbitBernoulli',
    'QuantizedDistribution', 'RegisterKL', 'RelaxedBernoulli', 'RelaxedOneHotCategorical',
    'ReparameterizationType', 'Sample', 'SigmoidBeta', 'SinhArcsinh', 'Skellam',
    'SphericalUniform', 'StoppingRatioLogistic', 'StudentT', 'StudentTProcess',
    'StudentTProcessRegressionModel', 'TransformedDistribution', 'Triangular', 'TruncatedCauchy',
    'TruncatedNormal', 'TwoPieceNormal', 'TwoPieceStudentT', 'Uniform',
    'VariationalGaussianProcess', 'VectorDeterministic', 'VonMises', 'VonMisesFisher', 'Weibull',
    'WishartLinearOperator', 'WishartTriL', 'ZeroInflatedNegativeBinomial', 'Zipf',
    'autoregressive', 'batch_broadcast', 'batch_concat', 'batch_reshape', 'bates', 'bernoulli',
    'beta', 'beta_binomial', 'beta_quotient', 'bijectors', 'binomial', 'blockwise', 'categorical',
    'cauchy', 'chi', 'chi2', 'cholesky_lkj', 'cholesky_util', 'continuous_bernoulli',
    'deprecation', 'deterministic', 'dirichlet', 'dirichlet_multinomial', 'distribution',
    'doublesided_maxwell', 'dpp', 'empirical', 'exp_gamma', 'exponential',
    'exponentially_modified_gaussian', 'finite_discrete', 'gamma', 'gamma_gamma',
    'gaussian_process', 'gaussian_process_regression_model', 'generalized_normal',
    'generalized_pareto', 'geometric', 'gev', 'gumbel', 'half_cauchy', 'half_normal',
    'half_student_t', 'hidden_markov_model', 'horseshoe', 'independent',
    'independent_joint_distribution_from_structure', 'inflated', 'internal', 'inverse_gamma',
    'inverse_gaussian', 'johnson_su', 'joint_distribution', 'joint_distribution_auto_batched',
    'joint_distribution_coroutine', 'joint_distribution_named', 'joint_distribution_sequential',
    'joint_distribution_util', 'kl', 'kl_divergence', 'kullback_leibler', 'kumaraswamy',
    'lambertw_f', 'laplace', 'linear_gaussian_ssm', 'lkj', 'log_prob_ratio', 'logistic',
    'logitnormal', 'loglogistic', 'lognormal', 'markov_chain', 'masked',
    'matrix_normal_linear_operator', 'matrix_t_linear_operator', 'mixture', 'mixture_same_family',
    'moyal', 'multinomial', 'multivariate_student_t', 'mvn_conjugate_linear_update', 'mvn_diag',
    'mvn_diag_plus_low_rank', 'mvn_diag_plus_low_rank_covariance', 'mvn_full_covariance',
    'mvn_linear_operator', 'mvn_low_rank_update_linear_operator_covariance', 'mvn_tril',
    'negative_binomial', 'noncentral_chi2', 'normal', 'normal_conjugate_posteriors',
    'normal_conjugates_known_scale_posterior', 'normal_conjugates_known_scale_predictive',
    'normal_inverse_gaussian', 'onehot_categorical', 'ordered_logistic', 'pareto', 'pert',
    'pixel_cnn', 'plackett_luce', 'poisson', 'poisson_lognormal', 'power_spherical',
    'probit_bernoulli', 'quadrature_scheme_lognormal_gauss_hermite',
    'quadrature_scheme_lognormal_quantiles', 'quantized_distribution', 'relaxed_bernoulli',
    'relaxed_onehot_categorical', 'sample', 'sigmoid_beta', 'sinh_arcsinh', 'skellam',
    'spherical_uniform', 'stopping_ratio_logistic', 'student_t', 'student_t_process',
    'student_t_process_regression_model', 'transformed_distribution', 'triangular',
    'truncated_cauchy', 'truncated_normal', 'two_piece_normal', 'two_piece_student_t', 'uniform',
    'variational_gaussian_process', 'von_mises', 'von_mises_fisher', 'weibull', 'wishart', 'zipf',
]

REQUIRES = ('tensorflow_probability', 'tf_keras')
EXTRA = 'tf1_mnist[distributions]'


def _tfp(name):
    """tensorflow_probability; if it does not import beside this TensorFlow, the name is
    refused in one line saying which release to install."""
    try:
        return importlib.import_module('tensorflow_probability')
    except Exception as error:  # tfp checks TensorFlow's version when it is imported
        from tf1_mnist.runner.engine import table
        from tf1_mnist.runner.engine.namespace import UnsupportedSymbolError
        tf = importlib.import_module('tensorflow')
        raise UnsupportedSymbolError(table.Verdict(
            table.BLOCKED, 'tf.contrib.distributions.%s' % name,
            'needs tensorflow-probability, which does not import beside TensorFlow %s (%s: %s)'
            % (tf.__version__, type(error).__name__, str(error).splitlines()[0][:200]),
            'install the tensorflow-probability release made for this TensorFlow (pip install '
            '"tensorflow-probability==0.25.*" for TensorFlow 2.18 and later; 0.24 for 2.16, '
            '0.23 for 2.15), or sample with tf.random instead')) from None


def _normal_with_softplus_scale():
    tfd = _tfp('NormalWithSoftplusScale').distributions
    tf = importlib.import_module('tensorflow.compat.v1')

    class NormalWithSoftplusScale(tfd.Normal):
        """Normal with softplus applied to ``scale`` (TF 1.x's ``tf.contrib.distributions``)."""

        def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True,
                     name='NormalWithSoftplusScale'):
            with tf.name_scope(name, values=[scale]) as name_scope:
                super().__init__(loc=loc, scale=tf.nn.softplus(scale, name='softplus_scale'),
                                 validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                                 name=name_scope)
    return NormalWithSoftplusScale


def __getattr__(name):
    if name not in __all__:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    if name == 'bijectors':
        value = _tfp(name).bijectors
    elif name == 'kl':
        value = _tfp(name).distributions.kl_divergence
    elif name == 'NormalWithSoftplusScale':
        value = _normal_with_softplus_scale()
    else:
        value = getattr(_tfp(name).distributions, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
