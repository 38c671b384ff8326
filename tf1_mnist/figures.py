"""``tf1_mnist.figures`` is ``tf1_mnist.runner.figures``, under the name it had before (and
``python -m tf1_mnist.figures`` runs it)."""

from tf1_mnist.runner import names

names.stand_in(__name__, 'tf1_mnist.runner.figures')
