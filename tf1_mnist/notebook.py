"""``tf1_mnist.notebook`` is ``tf1_mnist.runner.notebook``, under the name it had before (and
``python -m tf1_mnist.notebook`` runs it)."""

from tf1_mnist.runner import names

names.stand_in(__name__, 'tf1_mnist.runner.notebook')
