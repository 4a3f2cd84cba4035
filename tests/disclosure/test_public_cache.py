"""A publication shows on the next anonymous GET of the cached disclosure pages."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.common.public_cache import HEADER
from tests.disclosure.conftest import make

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 9, 3)


def test_a_publication_shows_at_once_on_the_cached_pages(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make(world, title="Thông tư hướng dẫn trợ cấp thất nghiệp", publish_on=DAY)
        draft = make(world, title="Nghị định về người có công", number="55/2025/NĐ-CP")
    for path in ("/cong-khai/", "/cong-khai/van-ban/"):
        client.get(path)
        assert client.get(path)[HEADER] == "hit"
        assert "Nghị định về người có công" not in client.get(path).content.decode()
    from cchc.disclosure import services

    with django_capture_on_commit_callbacks(execute=True):
        services.publish(actor=world.office, publication=draft, published_on=DAY)
    for path in ("/cong-khai/", "/cong-khai/van-ban/"):
        after = client.get(path)
        assert after[HEADER] == "miss" and "Nghị định về người có công" in after.content.decode()
