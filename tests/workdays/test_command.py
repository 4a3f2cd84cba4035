"""``cchc workdays`` (domain.md §5)."""

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_due_prints_iso_as_last_line():
    lines = run("due", "--received", "2026-02-13 10:00", "--days", "5")
    assert lines[-1] == "2026-02-27T17:00:00+07:00"
    assert "27/02/2026" in lines[0]


def test_due_with_cutoff_and_hours():
    assert run("due", "--received", "2026-02-13 16:00", "--days", "1", "--rule", "cutoff")[-1] == (
        "2026-02-24T17:00:00+07:00"
    )
    assert run(
        "due", "--received", "2026-02-13 14:00", "--days", "1", "--rule", "cutoff", "--cutoff", "13:00"
    )[-1] == ("2026-02-24T17:00:00+07:00")
    assert run("due", "--received", "2026-03-02 10:00", "--days", "4", "--rule", "hours")[-1] == (
        "2026-03-02T16:00:00+07:00"
    )
    assert run("due", "--received", "02/03/2026 10:00", "--hours", "4.5")[-1] == "2026-03-02T16:30:00+07:00"
    assert run("due", "--received", "2026-02-13T03:00:00+00:00", "--days", "0")[-1] == (
        "2026-02-13T10:00:00+07:00"
    )


def test_between():
    assert run("between", "2026-02-01", "2026-03-01") == ["15"]
    assert run("between", "01/03/2026", "01/02/2026") == ["-15"]


def test_holidays_lists_days_off_and_make_up_days():
    text = "\n".join(run("holidays", "2025"))
    assert "26/04/2025" in text and "làm việc" in text
    assert "02/05/2025" in text and "01/09/2025" in text and "02/09/2025" in text
    assert "Tết" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["due", "--received", "hôm qua", "--days", "1"], "không hợp lệ"),
        (["due", "--received", "2026-02-13 10:00", "--days", "-1"], "không âm"),
        (["due", "--received", "2026-02-13 10:00", "--days", "năm"], "không phải là một số"),
        (["due", "--received", "2026-02-13 10:00", "--days", "1.5"], "số nguyên"),
        (["due", "--received", "2026-02-13 10:00", "--days", "1", "--cutoff", "15:00"], "--rule cutoff"),
        (
            ["due", "--received", "2026-02-13 10:00", "--days", "1", "--rule", "cutoff", "--cutoff", "3h"],
            "Giờ chốt",
        ),
        (["due", "--received", "2090-01-02 10:00", "--days", "1"], "ngoài phạm vi"),
        (["between", "2026-02-30", "2026-03-01"], "không hợp lệ"),
        (["holidays", "1990"], "ngoài phạm vi"),
    ],
)
def test_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
