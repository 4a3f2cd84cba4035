"""Accent-insensitive Vietnamese text: the one normalisation every search column uses."""

from __future__ import annotations

import re
import unicodedata

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
