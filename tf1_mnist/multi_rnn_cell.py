"""``MultiRNNCell`` as TensorFlow 1.0 built it, for migrated source.

``MultiRNNCell([cell] * num_layers)`` gave each layer weights of its own in TensorFlow 1.0 (a
cell held no variables then); from 1.2 the one cell object shares its weights across the
layers, and a second layer whose input width differs fails ("Dimensions must be equal").
``python -m tf1_mnist.upgrade`` writes ``tf1_mnist.multi_rnn_cell.MultiRNNCell`` for such a
call: ``tf.nn.rnn_cell.MultiRNNCell`` with each repeated cell copied before it is built, as the
runner builds it (``tf1_mnist.runner.engine.replacements.multi_rnn_cell``).
"""

from tf1_mnist.runner.engine.replacements.multi_rnn_cell import MultiRNNCell

__all__ = ['MultiRNNCell']
