"""``tf1_mnist.legacy`` is ``tf1_mnist.runner.engine``, under the name it had before: the
package and each of its modules (``tf1_mnist.legacy.table`` is
``tf1_mnist.runner.engine.table``)."""

from tf1_mnist.runner import names

names.old_engine_names()
names.stand_in(__name__, names.NEW_PACKAGE)
