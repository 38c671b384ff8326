"""Pillow's removed names: Image.ANTIALIAS, ImageDraw.textsize and ImageFont.getsize, on an MNIST
digit scaled up and captioned."""
# table: Pillow names removed in 10
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets('MNIST_data')
digit = Image.fromarray((mnist.test.images[0].reshape(28, 28) * 255).astype(np.uint8))
big = digit.resize((56, 56), Image.ANTIALIAS)
draw = ImageDraw.Draw(big)
font = ImageFont.load_default()
width, height = draw.textsize('7', font=font)
print('size', big.size, 'text', font.getsize('label') [0] > 0, width > 0, height > 0)
print('sum', int(np.asarray(big).sum()))
