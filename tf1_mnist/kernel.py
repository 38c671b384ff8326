"""``tf1_mnist.kernel`` is ``tf1_mnist.runner.kernel``, under the name it had before (and
``python -m tf1_mnist.kernel`` runs it)."""

from tf1_mnist.runner import names

names.stand_in(__name__, 'tf1_mnist.runner.kernel')
