"""``tf1_mnist.course`` is ``tf1_mnist.runner.course``, under the name it had before (and
``python -m tf1_mnist.course`` runs it)."""

from tf1_mnist.runner import names

names.stand_in(__name__, 'tf1_mnist.runner.course')
