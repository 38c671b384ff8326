"""TensorFlow 1 graph-mode MNIST lessons, and an offline ``input_data``, on TensorFlow 2.x.

Importing the package is cheap: TensorFlow is imported only by the modules that build graphs.
"""

__version__ = '0.1.0'
