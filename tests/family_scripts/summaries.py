"""tf.summary scalars and histograms, merged, written with a FileWriter that adds the graph, and
a full trace's run metadata."""
# table: `tf.summary.*`
import os
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data', one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.zeros([784, 10]))
y = tf.matmul(x, W)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
tf.summary.scalar('loss', loss)
tf.summary.histogram('weights', W)
merged = tf.summary.merge_all()
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    writer = tf.summary.FileWriter('logs', sess.graph)
    sess.run(tf.global_variables_initializer())
    for step in range(12):
        xs, ys = mnist.train.next_batch(50)
        if step == 5:
            options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
            metadata = tf.RunMetadata()
            summary, _ = sess.run([merged, train], {x: xs, y_: ys}, options=options,
                                  run_metadata=metadata)
            writer.add_run_metadata(metadata, 'step%d' % step)
        else:
            summary, _, value = sess.run([merged, train, loss], {x: xs, y_: ys})
            print('step %d, loss %.5f' % (step, value))
        writer.add_summary(summary, step)
    writer.close()
print('event files', len([n for n in os.listdir('logs') if n.startswith('events')]))
