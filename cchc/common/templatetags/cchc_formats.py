"""Template filters over :mod:`cchc.common.formats` (``{% load cchc_formats %}``).

Registered in ``TEMPLATES["OPTIONS"]["libraries"]``: ``cchc.common`` holds helpers, not an app.
"""

from django import template

from cchc.common import formats

register = template.Library()


@register.filter
def vn_date(value):
    """ "04/12/2026" (Vietnamese pages), "4 December 2026" (English pages)."""
    return formats.format_date(value)


@register.filter
def vn_datetime(value):
    """ "10:30 ngày 04/12/2026" (Vietnamese pages), "10:30, 4 December 2026" (English pages)."""
    return formats.format_datetime(value)


@register.filter
def vn_number(value, places=None):
    """ "1.234", "4,24" (``places`` decimals when given)."""
    return formats.format_number(value, None if places in (None, "") else int(places))


@register.filter
def vn_percent(value, places=2):
    """ "84,50 %"."""
    return formats.format_percent(value, int(places))
