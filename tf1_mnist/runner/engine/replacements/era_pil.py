"""Pillow names of 2016-2018 that Pillow 10 removed, as they were, for legacy code
(``tf1_mnist.runner.engine.table.ERA_NAMES`` and ``ERA_CHANGES``): the text measurements that
sample-grid and captioning scripts use."""

from tf1_mnist.runner.engine import era, table

__all__ = ['change_font_getsize', 'change_textsize', 'getsize', 'textsize']

PACKAGE = 'PIL'


def _said(function):
    provider = '%s:%s' % (__name__, function.__name__)
    return provider, next(c.what for c in table.ERA_CHANGES if c.provider == provider)


def textsize(draw, text, font=None, spacing=4, direction=None, features=None, language=None,
             stroke_width=0):
    """``draw.textsize(text, font=None, ...)``: (width, height) of the text drawn at the origin,
    the right and bottom of its box, as Pillow 9 measured it (its own method where it has one)."""
    if hasattr(draw, 'textsize'):
        return draw.textsize(text, font=font, spacing=spacing, direction=direction,
                             features=features, language=language, stroke_width=stroke_width)
    box = draw.textbbox((0, 0), text, font=font, spacing=spacing, direction=direction,
                        features=features, language=language, stroke_width=stroke_width)
    return box[2], box[3]


def getsize(font, text, *args, **kwargs):
    """``font.getsize(text)``: the right and bottom of the text's box, as Pillow 9 gave (its own
    method where it has one)."""
    if hasattr(font, 'getsize'):
        return font.getsize(text, *args, **kwargs)
    box = font.getbbox(text, *args, **kwargs)
    return box[2], box[3]


def change_textsize(module, scope):
    """``ImageDraw.textsize`` given back: ``textsize``."""
    def method(self, text, font=None, spacing=4, direction=None, features=None,
               language=None, stroke_width=0):
        box = self.textbbox((0, 0), text, font=font, spacing=spacing, direction=direction,
                            features=features, language=language, stroke_width=stroke_width)
        return box[2], box[3]
    key, text = _said(change_textsize)
    return [era.add_legacy_attribute(module.ImageDraw, 'textsize', method, scope, PACKAGE,
                                     key, text)]


def change_font_getsize(module, scope):
    """``font.getsize`` given back: ``getsize``."""
    def method(self, text, *args, **kwargs):
        box = self.getbbox(text, *args, **kwargs)
        return box[2], box[3]
    key, text = _said(change_font_getsize)
    return [era.add_legacy_attribute(cls, 'getsize', method, scope, PACKAGE, key, text)
            for cls in (module.ImageFont, module.FreeTypeFont)]
