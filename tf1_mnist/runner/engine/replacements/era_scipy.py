"""``scipy.misc``'s image functions (``pilutil``), removed in SciPy 1.2 and 1.3, as SciPy 1.1
computed them, with Pillow, for legacy code (``tf1_mnist.runner.engine.table.ERA_NAMES``).

What makes them differ from writing an array with Pillow or imageio directly is
``bytescale``: an array that is not uint8 (a GAN's float samples in [0, 1] or [-1, 1]) is
stretched so that its minimum becomes 0 and its maximum 255 before it is saved or resized, and
``imresize`` returns uint8 whatever it was given.
"""

import numpy as np

__all__ = ['bytescale', 'fromimage', 'imfilter', 'imread', 'imresize', 'imrotate', 'imsave',
           'toimage']

_RESAMPLE = {'nearest': 0, 'lanczos': 1, 'bilinear': 2, 'bicubic': 3, 'cubic': 3}
_MODE_ERROR = 'Mode is unknown or incompatible with input array shape.'


def _pil():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("scipy.misc's image functions need Pillow, which is not installed; "
                          'install it with: pip install Pillow') from None
    return Image


def bytescale(data, cmin=None, cmax=None, high=255, low=0):
    """``scipy.misc.bytescale``: ``data`` as uint8, its range [cmin, cmax] (default: its
    minimum and maximum) stretched to [low, high]; uint8 data is returned as it is."""
    if data.dtype == np.uint8:
        return data
    if high > 255:
        raise ValueError('`high` should be less than or equal to 255.')
    if low < 0:
        raise ValueError('`low` should be greater than or equal to 0.')
    if high < low:
        raise ValueError('`high` should be greater than or equal to `low`.')
    if cmin is None:
        cmin = data.min()
    if cmax is None:
        cmax = data.max()
    cscale = cmax - cmin
    if cscale < 0:
        raise ValueError('`cmax` should be larger than `cmin`.')
    elif cscale == 0:
        cscale = 1
    scale = float(high - low) / cscale
    bytedata = (data - cmin) * scale + low
    return (bytedata.clip(low, high) + 0.5).astype(np.uint8)


def fromimage(im, flatten=False, mode=None):
    """``scipy.misc.fromimage``: a copy of a PIL image as an array; a palette image as RGB
    (RGBA when it has transparency), ``flatten`` as grey floats (PIL's mode 'F')."""
    Image = _pil()
    if not isinstance(im, Image.Image):
        raise TypeError('Input is not a PIL image.')
    if mode is not None:
        if mode != im.mode:
            im = im.convert(mode)
    elif im.mode == 'P':
        im = im.convert('RGBA' if 'transparency' in im.info else 'RGB')
    if flatten:
        im = im.convert('F')
    elif im.mode == '1':
        im = im.convert('L')
    return np.array(im)


def imread(name, flatten=False, mode=None):
    """``scipy.misc.imread``: the image file ``name`` as an array."""
    return fromimage(_pil().open(name), flatten=flatten, mode=mode)


def toimage(arr, high=255, low=0, cmin=None, cmax=None, pal=None, mode=None,
            channel_axis=None):
    """``scipy.misc.toimage``: a PIL image of an array, byte-scaled (``bytescale``) unless
    ``mode`` is 'F' or 'I'."""
    Image = _pil()
    data = np.asarray(arr)
    if np.iscomplexobj(data):
        raise ValueError('Cannot convert a complex-valued array.')
    shape = list(data.shape)
    valid = len(shape) == 2 or ((len(shape) == 3) and ((3 in shape) or (4 in shape)))
    if not valid:
        raise ValueError("'arr' does not have a suitable array shape for any mode.")
    if len(shape) == 2:
        shape = (shape[1], shape[0])  # columns show up first
        if mode == 'F':
            return Image.frombytes(mode, shape, data.astype(np.float32).tobytes())
        if mode in [None, 'L', 'P']:
            bytedata = bytescale(data, high=high, low=low, cmin=cmin, cmax=cmax)
            image = Image.frombytes('L', shape, bytedata.tobytes())
            if pal is not None:
                image.putpalette(np.asarray(pal, dtype=np.uint8).tobytes())
            elif mode == 'P':  # default grey-scale palette
                pal = (np.arange(0, 256, 1, dtype=np.uint8)[:, np.newaxis]
                       * np.ones((3,), dtype=np.uint8)[np.newaxis, :])
                image.putpalette(np.asarray(pal, dtype=np.uint8).tobytes())
            return image
        if mode == '1':  # high input gives threshold for 1
            bytedata = data > high
            return Image.frombytes('1', shape, bytedata.tobytes())
        if cmin is None:
            cmin = np.amin(np.ravel(data))
        if cmax is None:
            cmax = np.amax(np.ravel(data))
        data = (data * 1.0 - cmin) * (high - low) / (cmax - cmin) + low
        if mode == 'I':
            return Image.frombytes(mode, shape, data.astype(np.uint32).tobytes())
        raise ValueError(_MODE_ERROR)

    # A 3-D array with a 3 or a 4 in its shape: RGB or RGBA (or YCbCr, CMYK when asked).
    if channel_axis is None:
        if 3 in shape:
            ca = np.flatnonzero(np.asarray(shape) == 3)[0]
        else:
            ca = np.flatnonzero(np.asarray(shape) == 4)
            if len(ca):
                ca = ca[0]
            else:
                raise ValueError('Could not find channel dimension.')
    else:
        ca = channel_axis
    numch = shape[ca]
    if numch not in [3, 4]:
        raise ValueError('Channel axis dimension is not valid.')
    bytedata = bytescale(data, high=high, low=low, cmin=cmin, cmax=cmax)
    if ca == 2:
        strdata = bytedata.tobytes()
        shape = (shape[1], shape[0])
    elif ca == 1:
        strdata = np.transpose(bytedata, (0, 2, 1)).tobytes()
        shape = (shape[2], shape[0])
    elif ca == 0:
        strdata = np.transpose(bytedata, (1, 2, 0)).tobytes()
        shape = (shape[2], shape[1])
    if mode is None:
        mode = 'RGB' if numch == 3 else 'RGBA'
    if mode not in ['RGB', 'RGBA', 'YCbCr', 'CMYK']:
        raise ValueError(_MODE_ERROR)
    if mode in ['RGB', 'YCbCr'] and numch != 3:
        raise ValueError('Invalid array shape for mode.')
    if mode in ['RGBA', 'CMYK'] and numch != 4:
        raise ValueError('Invalid array shape for mode.')
    return Image.frombytes(mode, shape, strdata)


def imsave(name, arr, format=None):
    """``scipy.misc.imsave``: the array written as an image file, byte-scaled (its channels
    last)."""
    image = toimage(arr, channel_axis=2)
    if format is None:
        image.save(name)
    else:
        image.save(name, format)


def imresize(arr, size, interp='bilinear', mode=None):
    """``scipy.misc.imresize``: the image resized, as uint8. ``size`` is a percentage (an
    int), a fraction (a float) or the (rows, columns) wanted; ``interp`` is 'nearest',
    'lanczos', 'bilinear' (the default), 'bicubic' or 'cubic'."""
    im = toimage(arr, mode=mode)
    if np.issubdtype(type(size), np.signedinteger):
        percent = size / 100.0
        size = tuple((np.array(im.size) * percent).astype(int))
    elif np.issubdtype(type(size), np.floating):
        size = tuple((np.array(im.size) * size).astype(int))
    else:
        size = (size[1], size[0])
    return fromimage(im.resize(size, resample=_RESAMPLE[interp]))


def imrotate(arr, angle, interp='bilinear'):
    """``scipy.misc.imrotate``: the image rotated ``angle`` degrees counter-clockwise."""
    im = toimage(np.asarray(arr))
    return fromimage(im.rotate(angle, resample=_RESAMPLE[interp]))


def imfilter(arr, ftype):
    """``scipy.misc.imfilter``: one of PIL's simple filters applied to the image."""
    from PIL import ImageFilter
    filters = {'blur': ImageFilter.BLUR, 'contour': ImageFilter.CONTOUR,
               'detail': ImageFilter.DETAIL, 'edge_enhance': ImageFilter.EDGE_ENHANCE,
               'edge_enhance_more': ImageFilter.EDGE_ENHANCE_MORE,
               'emboss': ImageFilter.EMBOSS, 'find_edges': ImageFilter.FIND_EDGES,
               'smooth': ImageFilter.SMOOTH, 'smooth_more': ImageFilter.SMOOTH_MORE,
               'sharpen': ImageFilter.SHARPEN}
    im = toimage(arr)
    if ftype not in filters:
        raise ValueError('Unknown filter type.')
    return fromimage(im.filter(filters[ftype]))
