# The input pipelines of TensorFlow 1.x: TFRecords, queue runners, and 1.x tf.data iterators.
import os
import sys

import numpy as np
import tensorflow as tf

out_file = sys.argv[1]
folder = os.path.dirname(os.path.abspath(out_file))
images = np.load(os.path.join(folder, 'images.npy'))
labels = np.load(os.path.join(folder, 'labels.npy'))
n = len(images)

record_file = os.path.join(folder, 'train.tfrecords')
writer = tf.python_io.TFRecordWriter(record_file)
for image, label in zip(images, labels):
    example = tf.train.Example(features=tf.train.Features(feature={
        'image_raw': tf.train.Feature(bytes_list=tf.train.BytesList(value=[image.tobytes()])),
        'label': tf.train.Feature(int64_list=tf.train.Int64List(value=[int(label)]))}))
    writer.write(example.SerializeToString())
writer.close()

# Records read back in order through a filename queue and tf.train.batch.
filename_queue = tf.train.string_input_producer([record_file], num_epochs=1, shuffle=False)
reader = tf.TFRecordReader()
_, serialized = reader.read(filename_queue)
features = tf.parse_single_example(serialized, features={
    'image_raw': tf.FixedLenFeature([], tf.string),
    'label': tf.FixedLenFeature([], tf.int64)})
image = tf.reshape(tf.decode_raw(features['image_raw'], tf.uint8), [28, 28])
record_images, record_labels = tf.train.batch([image, features['label']], batch_size=n // 2,
                                              num_threads=1)

# Arrays sliced by a queue and shuffled into batches.
slice_image, slice_label = tf.train.slice_input_producer([images, labels], shuffle=False)
shuffled_images, shuffled_labels = tf.train.shuffle_batch(
    [slice_image, slice_label], batch_size=8, capacity=32, min_after_dequeue=8, seed=3)

# 1.x tf.data: a one-shot iterator over the records, an initializable one over arrays.
def parse(record):
    parsed = tf.parse_single_example(record, features={
        'image_raw': tf.FixedLenFeature([], tf.string),
        'label': tf.FixedLenFeature([], tf.int64)})
    return tf.reshape(tf.decode_raw(parsed['image_raw'], tf.uint8), [28, 28]), parsed['label']

records = tf.data.TFRecordDataset([record_file]).map(parse).batch(n)
one_shot = records.make_one_shot_iterator().get_next()
placeholder = tf.placeholder(tf.float32, [None, 28, 28])
arrays = tf.data.Dataset.from_tensor_slices(placeholder).batch(5)
iterator = arrays.make_initializable_iterator()
next_batch = iterator.get_next()
print('output_shapes', records.output_shapes[0], arrays.output_shapes)
print('output_types', records.output_types[0].name, records.output_types[1].name)

saved = {}
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    first = sess.run([record_images, record_labels])
    second = sess.run([record_images, record_labels])
    saved['queue_images'] = np.concatenate([first[0], second[0]])
    saved['queue_labels'] = np.concatenate([first[1], second[1]])
    try:
        sess.run(record_images)
        saved['queue_ended'] = False
    except tf.errors.OutOfRangeError:
        saved['queue_ended'] = True
    saved['shuffled_images'], saved['shuffled_labels'] = sess.run(
        [shuffled_images, shuffled_labels])
    coord.request_stop()
    coord.join(threads)
    saved['one_shot_images'], saved['one_shot_labels'] = sess.run(one_shot)
    sess.run(iterator.initializer, {placeholder: images.astype(np.float32)})
    saved['initializable_first'] = sess.run(next_batch)
    sess.run(iterator.initializer, {placeholder: images[::-1].astype(np.float32)})
    saved['initializable_again'] = sess.run(next_batch)
np.savez(out_file, **saved)
print('threads', len(threads))
