"""``tf1_mnist.upgrade`` is ``tf1_mnist.runner.upgrade``, under the name it had before (and
``python -m tf1_mnist.upgrade`` runs it)."""

from tf1_mnist.runner import names

names.stand_in(__name__, 'tf1_mnist.runner.upgrade')
