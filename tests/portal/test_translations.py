"""The English portal is complete: every public string has a translation, and the compiled
catalogue (.mo) matches the source (.po)."""

import gettext
import re
from pathlib import Path

import cchc

LOCALE = Path(cchc.__file__).parent / "locale" / "en" / "LC_MESSAGES"
# Where citizens' strings live: the portal's templates and views, the dossiers' portal pages, and what they
# share with staff screens — the survey results partials, the services' and validators' messages a citizen can
# meet (online submission, tracking, upload and ID checks, survey and Q&A refusals).
PUBLIC = (
    "portal/",
    "portal.py",
    "templates/base.html",
    "templates/400.html",
    "templates/403.html",
    "templates/403_csrf.html",
    "templates/404.html",
    "templates/500.html",
    "templates/_error_links.html",
    "common/language.py",
    "surveys/templates/surveys/_results.html",
    "surveys/templates/surveys/_charts.html",
    "surveys/templatetags/",
    "surveys/services.py",
    "feedback/services.py",
    "disclosure/services.py",
    "dossiers/services.py",
    "dossiers/timeliness.py",
    "dossiers/notices.py",
    "dossiers/links.py",
    "dossiers/drafts.py",
    "dossiers/documents.py",
    "dossiers/selectors.py",
    "dossiers/views_portal.py",
    "dossiers/forms_portal.py",
    "dossiers/templates/dossiers/portal/",
    "common/identity.py",
    "common/uploads.py",
    "payments/templates/payments/portal/",
    "payments/views_portal.py",
    "payments/services.py",
    "citizens/templates/",
    "citizens/views_portal.py",
    "citizens/services.py",
)
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _text(quoted: str) -> str:
    joined = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted))
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), joined)


def _public_entries():
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        refs = " ".join(re.findall(r"^#: (.*)$", block, re.M))
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid or not any(p in refs for p in PUBLIC):
            continue
        plural = re.search(r'^msgstr\[0\] ((?:".*"\n?)+)', block, re.M)
        single = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        yield _text(msgid.group(1)), _text((plural or single).group(1)), "#, fuzzy" in block


def test_every_public_string_is_translated_to_english():
    entries = list(_public_entries())
    assert len(entries) > 100
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert missing == []


def test_compiled_catalogue_matches_the_source():
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, msgstr, _fuzzy in _public_entries()
        if "%(" not in msgid and compiled.gettext(msgid) != msgstr
    ]
    assert stale == [], "run `make messages` to recompile"
