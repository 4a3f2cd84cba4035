"""The demo publications: every kind, some late, one recruitment round open, real PDFs, idempotent."""

from __future__ import annotations

import pytest
from django.db.models import Count

from cchc.common.uploads import inspect_upload
from cchc.demo import disclosure as demo
from cchc.disclosure import selectors
from cchc.disclosure.models import Kind, Publication, PublicationEvent, Status

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(world):
    line = demo.load(progress=False)
    assert line.startswith("Công khai thông tin minh họa")
    kinds = dict(Publication.objects.values_list("kind").annotate(n=Count("pk")))
    assert set(kinds) == set(Kind.values)
    assert kinds[Kind.LEGAL] == 12
    assert Publication.objects.filter(title__startswith="Kế hoạch 56/KH-SLĐTBXH cải cách hành chính").exists()
    assert Publication.objects.filter(selectors.late_condition()).count() >= 3
    from django.utils import timezone

    today = timezone.localdate()
    recruitment = Publication.objects.filter(kind=Kind.RECRUITMENT)
    assert sum(p.is_open_on(today) for p in recruitment) == 1 and recruitment.count() == 3
    assert Publication.objects.filter(kind=Kind.POOR_HOUSEHOLD).values("commune").distinct().count() == 10
    assert not Publication.objects.exclude(status=Status.PUBLISHED).exists()
    item = Publication.objects.filter(kind=Kind.LEGAL).first()
    with item.file.open("rb") as handle:
        assert inspect_upload(handle).kind == "pdf"
    counts = (Publication.objects.count(), PublicationEvent.objects.count())
    assert "mới tạo 0" in demo.load(progress=False)
    assert (Publication.objects.count(), PublicationEvent.objects.count()) == counts


def test_demo_without_organisation_skips(db):
    assert "bỏ qua" in demo.load(progress=False)
    assert not Publication.objects.exists()
