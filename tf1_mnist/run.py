"""``tf1_mnist.run`` is ``tf1_mnist.runner.script``, under the name it had before (and
``python -m tf1_mnist.run`` runs it)."""

from tf1_mnist.runner import names

names.stand_in(__name__, 'tf1_mnist.runner.script')
