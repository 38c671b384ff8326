"""Another tensorflow.examples module."""
# table: Other `tensorflow.examples` modules
import tensorflow as tf
from tensorflow.examples.tutorials.word2vec import word2vec_basic
print(word2vec_basic)
