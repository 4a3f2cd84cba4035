"""Which text a page shows: on the English portal, the English of a catalog text if any, else the Vietnamese.

Catalog and survey data carry an optional English twin of each text a citizen reads (``name`` /
``name_en``, ``steps`` / ``steps_en`` …). The rule is one function, :func:`in_page_language`: on a page
in English, the English text when there is one; otherwise the Vietnamese. When an English page has to
fall back to the Vietnamese, the returned :class:`PageText` says so (``untranslated``), so the page
can mark it (``lang="vi"`` and a "Vietnamese only" badge: ``cchc.portal.templatetags.language``).

Models with such twins mix in :class:`Bilingual`: ``obj.in_page_language("steps")`` in Python and
``{{ obj.shown.steps }}`` in templates. Staff screens, exports for the administration and notices to
staff keep reading the Vietnamese columns directly.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cchc.common.text import lines, list_items

ENGLISH_SUFFIX = "_en"


def page_is_english() -> bool:
    """Whether the active language (the page's, set from the /en/ prefix) is English."""
    return (get_language() or "vi").startswith("en")


class PageText(str):
    """A text chosen for the page, with the language it is in.

    ``lang``: "en" or "vi"; ``untranslated``: an English page shows the Vietnamese because the English
    is missing (the page marks it).
    """

    lang: str = "vi"
    untranslated: bool = False

    def __new__(cls, text: str, lang: str, untranslated: bool = False):
        obj = super().__new__(cls, text)
        obj.lang = lang
        obj.untranslated = untranslated
        return obj

    def lines(self) -> list[str]:
        """The non-empty lines (steps, conditions, guidance written one per line)."""
        return lines(self)

    def items(self) -> list[str]:
        """The lines as items of a numbered list, without the numbers the text wrote itself."""
        return list_items(self)


def in_page_language(text: str | None, text_en: str | None) -> PageText:
    """The English text on the English portal when there is one, else the Vietnamese (marked as such)."""
    text, text_en = text or "", (text_en or "").strip()
    if not page_is_english():
        return PageText(text, "vi")
    if text_en:
        return PageText(text_en, "en")
    # Nothing to mark when there is no Vietnamese text either.
    return PageText(text, "vi", untranslated=bool(text.strip()))


class _Shown:
    """``obj.shown.steps`` (templates): ``obj.in_page_language("steps")``."""

    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def __getitem__(self, name: str) -> PageText:
        return self._obj.in_page_language(name)

    def __getattr__(self, name: str) -> PageText:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._obj.in_page_language(name)


class Bilingual:
    """For models whose texts have an optional English twin ``<name>_en``."""

    def in_page_language(self, name: str) -> PageText:
        return in_page_language(getattr(self, name), getattr(self, name + ENGLISH_SUFFIX))

    @property
    def shown(self) -> _Shown:
        return _Shown(self)


# --- Counts, durations and amounts -------------------------------------------------------------------------


def plural_count(value) -> int:
    """The integer that picks a message's plural form for ``value``, which may be a decimal.

    gettext chooses forms by integer only. English (CLDR) uses the singular for exactly 1 and the plural
    for every other number, fractions included: "1 working day", "0.5 working days", "1.5 working days".
    A non-integral value is therefore passed as a number that is never singular. Vietnamese has one form.
    """
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return int(number)
    return 2 + int(number)


def format_number(value) -> str:
    """A decimal without trailing zeros, with the page language's decimal separator ("0,5" / "0.5")."""
    number = Decimal(str(value))
    return formats.number_format(Decimal(f"{number.normalize():f}"), use_l10n=True)


def working_time(value, unit: str) -> str:
    """A time limit in working days or hours, with the right plural: "1 working day", "2,5 ngày làm việc"."""
    n = plural_count(value)
    shown = format_number(value)
    if unit == "working_hours":
        return ngettext("%(n)s giờ làm việc", "%(n)s giờ làm việc", n) % {"n": shown}
    return ngettext("%(n)s ngày làm việc", "%(n)s ngày làm việc", n) % {"n": shown}


def money(amount) -> str:
    """A fee in đồng, grouped by thousands the page language's way: "600.000 đồng", "VND 600,000"."""
    grouped = f"{int(Decimal(str(amount))):,}".replace(",", formats.get_format("THOUSAND_SEPARATOR"))
    return _("%(amount)s đồng") % {"amount": grouped}
