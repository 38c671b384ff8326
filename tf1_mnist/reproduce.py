"""``tf1_mnist.reproduce`` is ``tf1_mnist.runner.reproduce``, under the name it had before (and
``python -m tf1_mnist.reproduce`` runs it)."""

from tf1_mnist.runner import names

names.stand_in(__name__, 'tf1_mnist.runner.reproduce')
