"""``cchc warn``: dossiers due within one working day, tasks due within five; once a day per head."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from cchc.dossiers.models import Status
from cchc.indicators import warnings
from cchc.indicators.models import WarningNotice
from cchc.notifications.models import Outbox
from cchc.org import roles

from .conftest import make_user


def _now():
    return timezone.now()


def test_warn_lists_and_notifies_once_a_day(world):
    head = make_user("truongphong.a", roles.UNIT_HEAD, world.a)
    now = _now()
    soon = world.dossier(
        received=now - dt.timedelta(days=10),
        due=warnings.timeliness.soon_limit(now) - dt.timedelta(minutes=5),
    )
    soon.holder_unit = world.a
    soon.save()
    far = world.dossier(received=now - dt.timedelta(days=1), due=now + dt.timedelta(days=30))
    far.holder_unit = world.a
    far.save()
    done = world.dossier(
        received=now - dt.timedelta(days=10),
        due=warnings.timeliness.soon_limit(now) - dt.timedelta(minutes=5),
        status=Status.RESULT_READY,
    )
    done.holder_unit = world.a
    done.save()
    # Asked to supplement twice: already late (its page and the "Quá hạn" tab say so), not "due soon".
    late = world.dossier(
        received=now - dt.timedelta(days=10),
        due=warnings.timeliness.soon_limit(now) - dt.timedelta(minutes=5),
        supplement_count=2,
    )
    late.holder_unit = world.a
    late.save()

    found = warnings.collect(now)
    assert [(w.unit, [d.code for d in w.dossiers]) for w in found] == [(world.a, [soon.code])]

    out = io.StringIO()
    call_command("warn", stdout=out)
    assert soon.code in out.getvalue() and far.code not in out.getvalue()
    mails = Outbox.objects.filter(recipient=head.email)
    assert mails.count() == 1
    mail = mails.get()
    assert mail.dossier is None and soon.code in mail.body and "Cảnh báo sớm" in mail.subject
    # Second run the same day: nothing new.
    call_command("warn", stdout=io.StringIO())
    assert Outbox.objects.filter(recipient=head.email).count() == 1
    assert WarningNotice.objects.count() == 1


def test_warn_includes_tasks_due_within_five_working_days(world, django_user_model):
    from cchc.plans.models import Plan, Requirement, Task

    head = make_user("truongphong.b", roles.UNIT_HEAD, world.b)
    today = timezone.localdate()
    plan = Plan.objects.create(
        number="56/KH-SLĐTBXH",
        title="Kế hoạch",
        issuer="Sở",
        issued_on=dt.date(2021, 9, 1),
        period_from=2021,
        period_to=2025,
    )
    req = Requirement.objects.create(plan=plan, code="P-B1", section="B", title="Chỉ đạo", text="…")
    common = {
        "plan": plan,
        "requirement": req,
        "lead_unit": world.b,
        "start": today,
        "year": today.year,
        "created_by": head,
        "created_at": timezone.now(),
    }
    due = Task.objects.create(title="Báo cáo CCHC quý", deadline=warnings.task_limit(today), **common)
    Task.objects.create(title="Việc còn xa", deadline=warnings.task_limit(today, 8), **common)
    found = warnings.collect()
    assert [(w.unit, [t.title for t in w.tasks]) for w in found] == [(world.b, [due.title])]
    assert warnings.notify(found) == 1
    assert warnings.notify(found) == 0
    assert "Báo cáo CCHC quý" in Outbox.objects.get(recipient=head.email).body


def test_no_warning_when_nothing_is_due(world):
    out = io.StringIO()
    call_command("warn", stdout=out)
    assert "Không có hồ sơ, nhiệm vụ nào sắp đến hạn" in out.getvalue()


def test_a_unit_with_a_long_name_still_gets_its_warning(world):
    """The subject names the unit: a long name is shortened to fit the column (PostgreSQL refused it)."""
    world.a.name = "Phòng " + "Quản lý lao động, việc làm và giáo dục nghề nghiệp " * 4  # 214 characters
    world.a.save()
    head = make_user("truongphong.a", roles.UNIT_HEAD, world.a)
    now = _now()
    soon = world.dossier(
        received=now - dt.timedelta(days=10),
        due=warnings.timeliness.soon_limit(now) - dt.timedelta(minutes=5),
    )
    soon.holder_unit = world.a
    soon.save()
    call_command("warn", stdout=io.StringIO())
    mail = Outbox.objects.get(recipient=head.email)
    assert len(mail.subject) == 255 and mail.subject.startswith("[Cảnh báo sớm] Phòng Quản lý lao động")
    assert mail.subject.endswith("…") and world.a.name in mail.body
