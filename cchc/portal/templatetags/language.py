"""Marking catalog texts shown in Vietnamese on the English portal (``{% load language %}``).

The text comes from ``obj.shown.<name>`` (``cchc.common.language``). On an English page whose English
is missing it is the Vietnamese: ``marked`` wraps it in ``lang="vi"`` (screen readers switch voice) and
adds a visible "Vietnamese only" badge; ``vi_only`` is the badge alone, ``lang_attr`` the attribute alone
(for blocks — lists, paragraphs — marked once) and ``lang_span`` the text in ``lang="vi"`` without a badge.
"""

from __future__ import annotations

from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cchc.common.language import money as _money

register = template.Library()


def _untranslated(text) -> bool:
    return bool(getattr(text, "untranslated", False))


@register.filter
def vi_only(text):
    """The "Vietnamese only" badge when ``text`` is Vietnamese shown on an English page, else nothing."""
    if not _untranslated(text):
        return ""
    return format_html('<span class="badge vi-only">{}</span>', _("Chỉ có tiếng Việt"))


@register.filter
def lang_attr(text):
    """` lang="vi"` for an element holding Vietnamese shown on an English page, else nothing."""
    return mark_safe(' lang="vi"') if _untranslated(text) else ""


@register.filter
def lang_span(text):
    """The text in ``lang="vi"`` when it is untranslated Vietnamese on an English page, without the badge
    (a summary row whose name already carries it)."""
    if not _untranslated(text):
        return text
    return format_html('<span lang="vi">{}</span>', str(text))


@register.filter
def marked(text):
    """The text; untranslated Vietnamese on an English page goes in ``lang="vi"`` with the badge."""
    if not _untranslated(text):
        return text
    return format_html('<span lang="vi">{}</span> {}', str(text), vi_only(text))


@register.filter
def money(amount):
    """A fee in đồng in the page language's format (``cchc.common.language.money``)."""
    return _money(amount)


@register.simple_tag(takes_context=True)
def language_url(context, code: str) -> str:
    """This page's address in the language ``code`` (a plain link: the language is in the path, so the
    switch needs no form, no CSRF token and no session, and the page stays cacheable)."""
    request = context.get("request")
    if request is None:
        return "/" if code == "vi" else f"/{code}/"
    return translate_url(request.get_full_path(), code)
