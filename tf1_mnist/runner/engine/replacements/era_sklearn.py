"""scikit-learn names of 2016-2018 that scikit-learn 0.20 to 0.22 removed, for legacy code
(``tf1_mnist.runner.engine.table.ERA_NAMES`` and ``ERA_MODULES``).

``fetch_mldata('MNIST original')`` downloaded mldata.org's ``mnist-original.mat``, gone with
mldata.org: the same 70,000 images come from the bundled MNIST, in the order that file had
them, the 60,000 training images sorted by their label and then the 10,000 test images sorted
by theirs (each sort keeping MNIST's order within a label); ``data`` uint8 (70000, 784),
``target`` float64. A ``mnist-original.mat`` already in scikit-learn's data folder is read as
before.
"""

import os

import numpy as np

__all__ = ['cross_val_predict', 'cross_val_score', 'fetch_mldata', 'mldata_filename',
           'train_test_split']

MNIST_FILE = 'mnist-original'


def mldata_filename(dataname):
    """The file name mldata.org gave a data set's name: ``'MNIST original'`` is
    ``'mnist-original'``."""
    return dataname.lower().replace(' ', '-').replace('(', '').replace(')', '').replace(
        '.', '').replace(',', '')


def fetch_mldata(dataname, target_name='label', data_name='data', transpose_data=True,
                 data_home=None):
    """``sklearn.datasets.fetch_mldata``: a Bunch of ``data``, ``target``, ``DESCR`` and
    ``COL_NAMES``; only MNIST can still be had (from the bundled copy), or a data set whose
    ``.mat`` file is already in scikit-learn's data folder."""
    from sklearn.datasets import get_data_home
    from sklearn.utils import Bunch
    name = mldata_filename(dataname)
    cached = os.path.join(get_data_home(data_home=data_home), 'mldata', name + '.mat')
    if os.path.isfile(cached):
        return _read_mat(cached, dataname, target_name, data_name, transpose_data)
    if name != MNIST_FILE:
        raise OSError('fetch_mldata(%r): mldata.org, where it was downloaded from, is gone; '
                      'only MNIST (from the bundled copy) can be fetched, or a file already at '
                      '%s' % (dataname, cached))
    from tf1_mnist.runner.engine.replacements.keras_mnist import mnist_arrays
    (x_train, y_train), (x_test, y_test) = mnist_arrays()
    train = np.argsort(y_train, kind='stable')
    test = np.argsort(y_test, kind='stable')
    data = np.concatenate([x_train[train], x_test[test]]).reshape(70000, 784)
    target = np.concatenate([y_train[train], y_test[test]]).astype(np.float64)
    if not transpose_data:
        data = data.T
    return Bunch(data=data, target=target, DESCR='mldata.org dataset: mnist-original',
                 COL_NAMES=['label', 'data'])


def _read_mat(path, dataname, target_name, data_name, transpose_data):
    """A ``.mat`` file of mldata.org read as scikit-learn 0.19 read it."""
    from scipy import io
    from sklearn.utils import Bunch
    matlab = io.loadmat(path, struct_as_record=True)
    names = [str(n[0]) for n in matlab['mldata_descr_ordering'][0]]
    if isinstance(target_name, int):
        target_name = names[target_name]
    if isinstance(data_name, int):
        data_name = names[data_name]
    dataset = Bunch(DESCR='mldata.org dataset: %s' % dataname, COL_NAMES=names)
    dataset['target'] = matlab[target_name]
    dataset['data'] = matlab[data_name]
    if transpose_data:
        dataset['data'] = dataset['data'].T
    if 'target' in dataset and not np.ndim(dataset['target']) < 2:
        dataset['target'] = np.asarray(dataset['target']).squeeze()
    return dataset


def train_test_split(*arrays, **options):
    """``sklearn.cross_validation.train_test_split``: ``model_selection``'s, the same split."""
    from sklearn.model_selection import train_test_split as split
    return split(*arrays, **options)


def _old_cv(cv):
    return 3 if cv is None else cv  # scikit-learn 0.19 made three folds


def cross_val_score(estimator, X, y=None, scoring=None, cv=None, n_jobs=1, verbose=0,
                    fit_params=None, pre_dispatch='2*n_jobs'):
    """``sklearn.cross_validation.cross_val_score``: three folds by default, as it had."""
    from sklearn import model_selection
    return model_selection.cross_val_score(estimator, X, y, scoring=scoring, cv=_old_cv(cv),
                                           n_jobs=n_jobs, verbose=verbose, params=fit_params,
                                           pre_dispatch=pre_dispatch)


def cross_val_predict(estimator, X, y=None, cv=None, n_jobs=1, verbose=0, fit_params=None,
                      pre_dispatch='2*n_jobs'):
    """``sklearn.cross_validation.cross_val_predict``: three folds by default, as it had."""
    from sklearn import model_selection
    return model_selection.cross_val_predict(estimator, X, y, cv=_old_cv(cv), n_jobs=n_jobs,
                                             verbose=verbose, params=fit_params,
                                             pre_dispatch=pre_dispatch)
