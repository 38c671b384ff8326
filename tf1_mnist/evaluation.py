"""Evaluation in batches: accuracy and mean losses over a whole set, predictions, and the
lines that show them. The figures equal a single feed of everything, without its memory."""

import numpy as np


def evaluate_in_batches(sess, correct_prediction, feed, images, labels, batch_size=1000):
    """Accuracy over all ``images``, fed ``batch_size`` at a time.

    ``correct_prediction`` is the per-example 0/1 (or bool) tensor; ``feed`` maps 'x', 'y_'
    to placeholders plus any constant feeds (``keep_prob: 1.0``) under other keys. The result is
    the float32 a single feed of everything gives (the mean of 0/1 values is exact), without
    that feed's memory: the deep CNN's first layer alone takes ~1 GiB for 10,000 images.
    """
    [accuracy] = means_in_batches(sess, [correct_prediction], feed, images, labels, batch_size)
    return np.float32(accuracy)


def means_in_batches(sess, per_example, feed, images, labels, batch_size=1000):
    """The mean over all ``images`` of each per-example tensor in ``per_example`` (a loss, a 0/1
    correct prediction), fed as ``evaluate_in_batches`` feeds: a list of floats, the sums kept
    in float64."""
    x, y_ = feed['x'], feed['y_']
    constants = {k: v for k, v in feed.items() if k not in ('x', 'y_')}
    totals = np.zeros(len(per_example))
    for start in range(0, len(images), batch_size):
        chunk = {x: images[start:start + batch_size], y_: labels[start:start + batch_size]}
        chunk.update(constants)
        totals += [np.sum(v, dtype=np.float64) for v in sess.run(per_example, chunk)]
    return [float(t) / len(images) for t in totals]


def predict_in_batches(sess, logits, x, images, constants=None, batch_size=1000):
    """The predicted class of every image."""
    out = []
    for start in range(0, len(images), batch_size):
        feed = {x: images[start:start + batch_size]}
        feed.update(constants or {})
        out.append(np.argmax(sess.run(logits, feed), axis=1))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def format_predictions(predicted, labels):
    """Lines 'image I: predicted P, true T' (labels dense or one-hot)."""
    labels = np.asarray(labels)
    true = labels.argmax(axis=1) if labels.ndim == 2 else labels
    return ['image %d: predicted %d, true %d%s' % (i, p, t, '' if p == t else '  (wrong)')
            for i, (p, t) in enumerate(zip(predicted, true))]
