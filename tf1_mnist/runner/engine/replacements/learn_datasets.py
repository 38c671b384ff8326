"""``tf.contrib.learn.datasets.load_dataset``, for the one data set tf1_mnist carries."""


def load_dataset(name, size='small', test_with_fake_data=False):
    """Return the MNIST ``Datasets`` for ``name='mnist'``, as TF1's ``load_dataset`` did."""
    if name != 'mnist':
        raise ValueError('Name of dataset is not found: %s (tf1_mnist provides only mnist)'
                         % name)
    from tf1_mnist.runner.engine.replacements import tutorial_mnist_data
    return tutorial_mnist_data.load_mnist()
