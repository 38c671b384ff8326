"""The embedding projector of tf.contrib.tensorboard: a checkpointed embedding and its config."""
# table: `tf.contrib.tensorboard.plugins.projector`
import os
import tensorflow as tf
from tensorflow.contrib.tensorboard.plugins import projector
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data')
embedding = tf.Variable(mnist.test.images[:100], name='embedding')
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    writer = tf.summary.FileWriter('projector')
    config = projector.ProjectorConfig()
    item = config.embeddings.add()
    item.tensor_name = embedding.name
    item.metadata_path = 'labels.tsv'
    projector.visualize_embeddings(writer, config)
    tf.train.Saver([embedding]).save(sess, os.path.join('projector', 'model.ckpt'))
    print('embedding mean %.5f' % sess.run(tf.reduce_mean(embedding)))
print('config written', os.path.exists(os.path.join('projector', 'projector_config.pbtxt')))
