"""Dates shown to the asker read as people write them: "04/12/2026" and "10:30 ngày 04/12/2026" on the
Vietnamese portal, "4 December 2026" and "10:30, 4 December 2026" on the English one — on the page
after sending, on the tracking page, in the Q&A list and in the notice. Never an ISO date."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from cchc.common import formats
from cchc.feedback.models import Feedback, Status
from cchc.notifications.models import Outbox
from tests.feedback.conftest import walk
from tests.feedback.test_portal import form_data

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def visible(html: str) -> str:
    """The page's text as shown (tags, attributes and scripts removed)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(("prefix", "lang"), [("", "vi"), ("/en", "en")])
def test_sent_and_tracking_pages_show_dates_in_the_page_language(client, world, prefix, lang):
    page = client.get(f"{prefix}/hoi-dap/gui/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = form_data(client)
    data["form_token"] = token
    assert client.post(f"{prefix}/hoi-dap/gui/", data).status_code == 302
    item = Feedback.objects.get()
    sent = client.get(f"{prefix}/hoi-dap/da-gui/").content.decode()
    secret = re.search(r'id="ma-bi-mat">([A-Z0-9]+)<', sent).group(1)
    text = visible(sent)
    due = formats.format_date(item.due_on, lang=lang)
    assert due in text, text
    assert not ISO_DATE.search(text), text
    if lang == "en":
        assert re.search(r"\b\d{1,2} [A-Z][a-z]+ 20\d\d\b", due)
    else:
        assert re.fullmatch(r"\d\d/\d\d/20\d\d", due)
    # The notice queued for the asker says the same date.
    notice = Outbox.objects.get(kind=Outbox.Kind.EMAIL)
    assert due in notice.body and not ISO_DATE.search(notice.body)

    walk(world, item, Status.ANSWERED)
    track = client.post(f"{prefix}/hoi-dap/theo-doi/", {"code": item.code, "secret": secret}).content.decode()
    text = visible(track)
    assert formats.format_date(item.received_at, lang=lang) in text and due in text
    with translation.override(lang):
        first_step = formats.format_datetime(item.events.order_by("id").first().at)
    assert first_step in text, text
    assert not ISO_DATE.search(text)


@pytest.mark.parametrize(("prefix", "lang"), [("", "vi"), ("/en", "en")])
def test_published_questions_show_dates_in_the_page_language(client, world, prefix, lang):
    from tests.feedback.conftest import submit

    item = walk(world, submit(), Status.PUBLISHED)
    item.refresh_from_db()
    published = formats.format_date(item.published_at, lang=lang)
    listing = visible(client.get(f"{prefix}/hoi-dap/").content.decode())
    assert published in listing and not ISO_DATE.search(listing)
    page = visible(client.get(f"{prefix}/hoi-dap/{item.code}/").content.decode())
    assert formats.format_date(item.received_at, lang=lang) in page and published in page
