"""The page after sending a question shows its answer date as people write it, in the page's language:
"25/12/2026" on the Vietnamese portal, "25 December 2026" on the English one — never "2026-12-25"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cchc.common import formats
from cchc.feedback.models import Feedback
from tests.browser.conftest import screenshot
from tests.feedback.conftest import world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.mark.parametrize(("prefix", "lang"), [("", "vi"), ("/en", "en")])
def test_question_confirmation_shows_the_due_date_in_the_page_language(
    live_server,
    new_page,
    world,  # noqa: F811
    prefix,
    lang,
):
    page = new_page(width=360, height=740)
    page.goto(f"{live_server.url}{prefix}/hoi-dap/gui/")
    page.locator('input[name="kind"][value="question"]').check()
    page.locator('input[name="asker_name"]').fill("Nguyễn Văn Minh")
    page.locator('input[name="email"]').fill("minh@example.com")
    page.locator('input[name="title"]').fill("Work permit renewal")
    page.locator('textarea[name="body"]').fill("How long before my work permit expires should I apply again?")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/hoi-dap/da-gui/")
    item = Feedback.objects.get()
    due = formats.format_date(item.due_on, lang=lang)
    expect(page.locator("main")).to_contain_text(due)
    text = page.locator("main").inner_text()
    assert not ISO_DATE.search(text), text
    screenshot(page, f"feedback-sent-date-{lang}")
