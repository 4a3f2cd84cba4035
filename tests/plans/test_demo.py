"""The plan's demo data: every requirement as tasks, T1–T9 with the 2020 baseline, idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cchc.demo import plans as demo
from cchc.demo.loader import load as load_org
from cchc.plans import selectors
from cchc.plans.models import Course, Evidence, Initiative, PlanEvent, Requirement, Target, Task

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Requirement, Target, Task, Evidence, PlanEvent, Initiative, Course)]


def test_demo_plan_is_complete_and_idempotent(settings, tmp_path):
    load_org()
    line = demo.load(progress=False)
    assert line.startswith("Kế hoạch 56/KH-SLĐTBXH") and "minh họa" in line
    first = _counts()
    again = demo.load(progress=False)
    assert "mới tạo 0 bản ghi" in again and _counts() == first

    codes = {code for code, *_ in demo.REQUIREMENTS}
    assert {"P-A1", "P-A7", "P-B1", "P-B21", "P-C1", "P-C2"} <= codes and len(codes) == 30
    with_tasks = set(Task.objects.values_list("requirement__code", flat=True))
    assert with_tasks == codes  # every requirement of plan.md is carried out by tasks
    assert set(Target.objects.values_list("code", flat=True)) == {f"T{i}" for i in range(1, 10)}
    t7 = Target.objects.get(code="T7")
    assert (float(t7.baseline_value), t7.baseline_year) == (76.3, 2020)
    assert set(Task.objects.values_list("year", flat=True)) == set(range(2021, 2027))
    assert (
        Task.objects.get(ref="P-B20/2023/ke-hoach-tai-chinh").lead_unit.name == "Phòng Kế hoạch – Tài chính"
    )
    assert Task.objects.get(ref="P-B21/2023/bao-tro-xa-hoi").lead_unit.code == "bao-tro-xa-hoi"

    today = timezone.localdate()
    tasks = selectors.with_overdue(Task.objects.all(), today)
    past = tasks.filter(deadline__lt=today, parent__isnull=True)
    done = past.filter(status="done").count()
    assert done / past.count() > 0.8  # most past tasks done
    assert not past.filter(status="done", done_on__gt=today).exists()  # nothing done in the future
    from django.db.models import F

    assert past.filter(status="done", done_on__gt=F("deadline")).exists()  # some late
    assert 1 <= tasks.filter(is_overdue=True).count() <= 15  # a few overdue
    subs = Task.objects.filter(parent__isnull=False)
    assert {s.lead_unit.code for s in subs} == {"lao-dong-viec-lam", "bao-tro-xa-hoi"}
    assert all(s.assignee.unit_id == s.lead_unit_id for s in subs)
    # every done task has evidence, and nothing is half-done
    assert not Task.objects.filter(status="done", evidence__isnull=True).exists()
    assert selectors.initiatives_applied(2025) >= 1
    assert selectors.training_participation(2025)["rate"] is not None
