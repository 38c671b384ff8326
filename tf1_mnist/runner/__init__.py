"""The runner: unmodified TensorFlow 1 course material on TensorFlow 2.

The engine, ``tf1_mnist.runner.engine``, knows what each TF1 name does (its table), builds the
``tensorflow`` that legacy code sees, hooks its imports and checks source text. Above it stand
the front-ends, each a command of its own:

- ``script``: ``python -m tf1_mnist.run SCRIPT.py`` (and ``--check``);
- ``notebook``: ``python -m tf1_mnist.run NOTEBOOK.ipynb``, through ``kernel``, the TF1 Jupyter
  kernel (``python -m tf1_mnist.kernel``);
- ``course``: a whole course folder checked, run and reported (``python -m tf1_mnist.course``);
- ``upgrade``: a migrated copy that runs without the runner (``python -m tf1_mnist.upgrade``);
- ``figures`` and ``reproduce``: the figures a run draws, and its numbers against the author's.

The old module names (``tf1_mnist.run``, ``tf1_mnist.notebook``, ``tf1_mnist.kernel``,
``tf1_mnist.course``, ``tf1_mnist.upgrade``, ``tf1_mnist.figures``, ``tf1_mnist.reproduce`` and
``tf1_mnist.legacy``) are the same modules under those names (``tf1_mnist.runner.names``).
"""
