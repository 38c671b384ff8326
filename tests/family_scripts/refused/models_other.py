"""TF 0.x tensorflow.models modules other than rnn: refused, and the upgrade leaves them marked."""
# table: Other TF 0.x `tensorflow.models` modules
import tensorflow as tf
from tensorflow.models.image.cifar10 import cifar10
print(cifar10.IMAGE_SIZE)
