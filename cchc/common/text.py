"""Text rules shared by every app: accent-insensitive folding (the one normalisation every search
column uses), and what counts as blank (the one answer to "is there any text?", in Python and SQL)."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Q

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics, map đ→d, collapse punctuation and spaces.

    ``fold("Giải quyết hưởng TRỢ CẤP thất nghiệp")`` → ``"giai quyet huong tro cap that nghiep"``.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = _NOT_WORD.sub(" ", stripped.lower())
    return _SPACES.sub(" ", stripped).strip()


def terms(query: str | None) -> list[str]:
    """The distinct folded words of a search query, in order."""
    seen: dict[str, None] = {}
    for word in fold(query).split(" "):
        if word:
            seen.setdefault(word, None)
    return list(seen)


def lines(text: str | None) -> list[str]:
    """The stripped, non-empty lines of a text written one item per line (steps, conditions, options)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# "Bước 1:", "Step 2.", "3)", "4." at the start of a line: the catalog's own numbering of its steps.
_ENUMERATOR = re.compile(r"^(?:(?:bước|step)\s*\d+\s*[:.)\-–]?|\d+\s*[.)])\s*", re.IGNORECASE)


def list_items(text: str | None) -> list[str]:
    """The lines of ``text`` as the items of a numbered list: each without the number the catalog
    wrote in front of it ("Bước 1: …"), since the list numbers them (no "1. Bước 1: …")."""
    return [_ENUMERATOR.sub("", line, count=1) or line for line in lines(text)]


# What counts as blank: the characters ``str.isspace()`` accepts (exactly what ``str.strip()``
# removes), written out so that SQL reads the same class on every engine — PostgreSQL's ``\s``
# depends on the database's locale, and SQL ``TRIM`` removes spaces only.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "  # tab, line feed, vertical tab, form feed, return, separators, space
    "\x85\xa0\u1680"  # next line, no-break space, Ogham space mark
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"  # en quad … hair space
    "\u2028\u2029\u202f\u205f\u3000"  # line/paragraph separators, narrow no-break, math, ideographic
)
# "Has text" = at least one character outside the class (the same pattern for Python and for SQL).
_TEXT = f"[^{WHITESPACE}]"
_HAS_TEXT = re.compile(_TEXT)


def is_blank(text: str | None) -> bool:
    """No character but whitespace (``WHITESPACE``): ``""``, ``"  "``, ``"\\n\\t"``, ``"\\xa0"``."""
    return not text or _HAS_TEXT.search(text) is None


def has_text_q(field: str) -> Q:
    """``not is_blank(field)`` as a query condition, the same on SQLite and on PostgreSQL (a regular
    expression with the class written out: Python's ``re`` on SQLite, the database's own on PostgreSQL)."""
    return Q(**{f"{field}__regex": _TEXT})
