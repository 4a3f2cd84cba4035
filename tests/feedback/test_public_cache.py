"""A published answer shows on the next anonymous GET of the cached Q&A pages."""

from __future__ import annotations

import pytest

from cchc.common.public_cache import HEADER
from tests.feedback.test_portal import published

pytestmark = pytest.mark.django_db


def test_published_answer_shows_at_once_on_the_cached_list(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = published(world, title="Điều kiện hưởng trợ cấp thất nghiệp")
    client.get("/hoi-dap/")
    stored = client.get("/hoi-dap/")
    assert stored[HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        published(world, title="Thời hạn cấp giấy phép lao động")
    after = client.get("/hoi-dap/")
    assert after[HEADER] == "miss"
    html = after.content.decode()
    assert "Thời hạn cấp giấy phép lao động" in html and "Điều kiện hưởng trợ cấp thất nghiệp" in html
    # The question page carries the vote form (a CSRF token): it is never stored.
    page = client.get(f"/hoi-dap/{first.code}/")
    assert page.status_code == 200 and page[HEADER] == "bypass"
    assert client.get(f"/hoi-dap/{first.code}/")[HEADER] == "bypass"
