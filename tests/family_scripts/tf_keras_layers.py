"""tf.keras layers called on placeholders inside a TF1 graph, trained with a TF1 optimizer."""
# table: `tf.keras`
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
hidden = tf.keras.layers.Dense(32, activation='relu')(x)
y = tf.keras.layers.Dense(10)(hidden)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train = tf.train.AdamOptimizer(0.01).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(12):
        xs, ys = mnist.train.next_batch(50)
        _, value = sess.run([train, loss], {x: xs, y_: ys})
        if step % 4 == 0:
            print('step %d, loss %.5f' % (step, value))
