"""How dates, times and numbers read to people — the one place that decides it.

Dates follow the page's language: Vietnamese "04/12/2026" and "10:30 ngày 04/12/2026"; on the
English portal "4 December 2026" and "10:30, 4 December 2026" (a month name, so no reader mistakes
day for month). Times are local (``TIME_ZONE``). ISO dates ("2026-12-04") are for machines only:
QR payloads, APIs, HTML ``datetime`` attributes.

Numbers in the Department's documents and staff screens are Vietnamese whatever the language:
"," separates decimals and "." groups thousands ("1.234", "4,24", "84,50 %").

The printed forms (ND 30/2020, TT 01/2018 and TT 03/2025 forms) have their own wording:
:func:`format_slip_time` ("10 giờ 30 phút, ngày 13/02/2026") and :func:`format_date_line`
("Lâm Đồng, ngày 13 tháng 02 năm 2026").

Templates: ``{% load cchc_formats %}`` then ``{{ value|vn_date }}``, ``{{ value|vn_datetime }}``,
``{{ value|vn_number:2 }}``, ``{{ value|vn_percent }}``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


def _english(lang: str | None) -> bool:
    return (lang or translation.get_language() or settings.LANGUAGE_CODE).startswith("en")


def local(value: dt.datetime) -> dt.datetime:
    """An aware datetime in local time (a naive one is taken as already local)."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _day(value: dt.date | dt.datetime) -> dt.date:
    return local(value).date() if isinstance(value, dt.datetime) else value


def format_date(value: dt.date | dt.datetime | None, *, lang: str | None = None) -> str:
    """ "04/12/2026"; "4 December 2026" in English; "" for None."""
    if value is None:
        return ""
    day = _day(value)
    if _english(lang):
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
    return f"{day:%d/%m/%Y}"


def format_datetime(value: dt.datetime | None, *, lang: str | None = None) -> str:
    """ "10:30 ngày 04/12/2026"; "10:30, 4 December 2026" in English; "" for None."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        return format_date(value, lang=lang)
    value = local(value)
    if _english(lang):
        return f"{value:%H:%M}, {format_date(value, lang=lang)}"
    return f"{value:%H:%M} ngày {value:%d/%m/%Y}"


def format_slip_time(value: dt.datetime | None) -> str:
    """ "10 giờ 30 phút, ngày 13/02/2026" (the forms' wording); dots to fill by hand when unknown."""
    if value is None:
        return "……… giờ ……… phút, ngày ……/……/………"
    value = local(value)
    return _("%(h)s giờ %(m)s phút, ngày %(d)s") % {
        "h": f"{value:%H}",
        "m": f"{value:%M}",
        "d": f"{value:%d/%m/%Y}",
    }


def format_date_line(value: dt.datetime | dt.date | None, place: str | None = None) -> str:
    """Place and date per ND 30/2020: "Lâm Đồng, ngày 13 tháng 02 năm 2026" (``CCHC_PLACE_NAME``)."""
    if place is None:
        place = getattr(settings, "CCHC_PLACE_NAME", "")
    place = place or "…………"
    if value is None:
        return _("%(place)s, ngày …… tháng …… năm ………") % {"place": place}
    day = _day(value)
    return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s") % {
        "place": place,
        "d": f"{day:%d}",
        "m": f"{day:%m}",
        "y": f"{day:%Y}",
    }


def format_number(value: int | float | Decimal | None, places: int | None = None) -> str:
    """Vietnamese: "1.234", "4,24"; ``places`` rounds half up and keeps trailing zeros ("4,20").

    Without ``places`` an integer is grouped and a decimal shows its significant digits ("0,5").
    ``None`` gives "".
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int) and places is None:
        text = f"{value:,}"
    else:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if places is None:
            text = f"{number.normalize():,f}"
        else:
            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            text = f"{number:,.{places}f}"
    return text.translate(_SWAP_SEPARATORS)


def format_percent(value: int | float | Decimal | None, places: int = 2) -> str:
    """ "84,50 %" (a no-break space before "%"); "" for None."""
    if value is None:
        return ""
    return f"{format_number(value, places)}\u00a0%"
