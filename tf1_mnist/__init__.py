"""TensorFlow 1 graph-mode MNIST lessons, and an offline ``input_data``, on TensorFlow 2.x.

Importing the package is cheap: TensorFlow is imported only by the modules that build graphs.
"""

__version__ = '0.1.0'


def load_ipython_extension(shell):
    """``%load_ext tf1_mnist``: switch a fresh IPython kernel to TF1 behaviour (see
    ``tf1_mnist.kernel``)."""
    from tf1_mnist.runner import kernel
    kernel.load_extension(shell)
