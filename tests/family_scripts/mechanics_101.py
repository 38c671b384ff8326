"""TensorFlow Mechanics 101: the tutorial's mnist module builds inference, loss and training."""
# table: `from tensorflow.examples.tutorials.mnist import mnist`
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data
from tensorflow.examples.tutorials.mnist import mnist

data = input_data.read_data_sets('MNIST_data')
images = tf.placeholder(tf.float32, [None, mnist.IMAGE_PIXELS])
labels = tf.placeholder(tf.int32, [None])
logits = mnist.inference(images, 32, 16)
loss = mnist.loss(logits, labels)
train_op = mnist.training(loss, 0.1)
correct = mnist.evaluation(logits, labels)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(20):
        xs, ys = data.train.next_batch(50)
        _, value = sess.run([train_op, loss], {images: xs, labels: ys})
        if step % 5 == 0:
            print('step %d, loss %.4f' % (step, value))
    print('correct', sess.run(correct, {images: data.test.images[:500],
                                        labels: data.test.labels[:500]}))
