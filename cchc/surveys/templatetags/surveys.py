"""Formatting of indices: "Chưa có dữ liệu" for no value, never 0 %."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cchc.surveys.selectors import rounded

register = template.Library()


def _no_data():
    return format_html('<span class="index-no-data">{}</span>', _("Chưa có dữ liệu"))


@register.filter
def pct(value):
    if value is None:
        return _no_data()
    return f"{number_format(rounded(value), 2)} %"


@register.filter
def dec(value):
    if value is None:
        return "—"
    return number_format(rounded(value), 2)


@register.filter
def signed(value):
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    points = _("điểm %")  # outside the f-string, or makemessages does not see it
    return f"{sign}{number_format(abs(Decimal(value)), 2)} {points}"
