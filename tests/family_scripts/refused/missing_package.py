"""A package that is not installed."""
# table: An import of a package that is not installed
import tensorflow as tf
import cv2
print(cv2)
