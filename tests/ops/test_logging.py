"""Request ids and structured (JSON) logs: every line of a request carries its id, nothing secret."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import logging.config

import pytest
from django.http import Http404, HttpResponse
from django.urls import path

from cchc import urls as site_urls
from cchc.common import logcontext
from cchc.ops.middleware import VALID_ID
from tests.factories import UserFactory

logger = logging.getLogger("cchc.tests.ops")


def _logs_in_view(request, token="", key=""):
    logger.warning("inside the view")
    return HttpResponse("ok")


def _fails(request):
    raise RuntimeError("boom")


def _expired_link(request, token):
    raise Http404("expired")


urlpatterns = [
    path("t/plain/", _logs_in_view),
    path("t/link/<str:token>/", _logs_in_view),
    path("t/fails/", _fails),
    path("t/expired/<str:token>/", _expired_link),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404


@pytest.fixture
def json_lines(settings):
    """Records of every logger, as the production console handler writes them (JSON lines)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logcontext.ContextFilter())
    options = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    handler.setFormatter(logcontext.json_formatter(**options))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def test_every_line_of_a_request_carries_its_id_which_the_response_returns(client, json_lines):
    response = client.get("/t/plain/")
    request_id = response["X-Request-ID"]
    assert VALID_ID.fullmatch(request_id) and len(request_id) == 32
    lines = json_lines()
    inside = next(line for line in lines if line["message"] == "inside the view")
    access = next(line for line in lines if line["logger"] == "cchc.request")
    assert inside["request_id"] == access["request_id"] == request_id
    assert (inside["method"], inside["path"], inside["level"]) == ("GET", "/t/plain/", "WARNING")
    assert access["status"] == 200 and access["duration_ms"] >= 0
    assert client.get("/t/plain/")["X-Request-ID"] != request_id  # one per request


def test_the_proxys_request_id_is_kept_when_it_is_safe(client):
    assert client.get("/t/plain/", HTTP_X_REQUEST_ID="abc-123.proxy")["X-Request-ID"] == "abc-123.proxy"
    for bad in ("a" * 65, "x y", "<script>", "id\nforged: 1", ""):
        given = client.get("/t/plain/", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert given != bad and VALID_ID.fullmatch(given)


def test_the_signed_in_user_is_named_staff_by_username(client, json_lines):
    staff = UserFactory(username="vanphong.test", is_staff=True)
    client.force_login(staff)
    client.get("/quan-tri/")  # the staff pages load the user
    access = [line for line in json_lines() if line["logger"] == "cchc.request"][-1]
    assert (access["user_id"], access["username"]) == (staff.pk, "vanphong.test")


def test_an_error_is_logged_with_the_request_id(client, json_lines):
    client.raise_request_exception = False
    response = client.get("/t/fails/")
    assert response.status_code == 500
    error = next(line for line in json_lines() if line["logger"] == "django.request")
    assert error["request_id"] == response["X-Request-ID"] and "RuntimeError: boom" in error["exc_info"]


SECRETS = {
    "secret": "TRACK-SECRET-98765",
    "id_number": "079201001234",
    "phone": "0987654321",
    "address": "12 Đường Trần Hưng Đạo",
    "token": "tok.SIGNED-LINK-abcdef",
}


def test_no_query_string_body_or_secret_url_part_reaches_the_log(client, json_lines):
    client.get("/t/plain/", SECRETS)
    client.post("/t/plain/?secret=TRACK-SECRET-98765", SECRETS)
    client.get("/t/link/tok.SIGNED-LINK-abcdef/")
    logged = json.dumps(json_lines(), ensure_ascii=False)
    for value in SECRETS.values():
        assert value not in logged
    paths = [line["path"] for line in json_lines() if line["logger"] == "cchc.request"]
    assert paths == ["/t/plain/", "/t/plain/", "/t/link/***/"]


def test_djangos_own_lines_on_errors_carry_the_request_id_and_no_secret(client, json_lines):
    """Django logs "Not Found: <path>" once the middleware has returned, with the request attached."""
    expired = client.get("/t/expired/tok.SIGNED-LINK-abcdef/?secret=TRACK-SECRET-98765")
    unknown = client.get("/t/nowhere/?secret=TRACK-SECRET-98765")
    assert expired.status_code == unknown.status_code == 404
    not_found = [line for line in json_lines() if line["logger"] == "django.request"]
    assert [(line["message"], line["request_id"]) for line in not_found] == [
        ("Not Found: /t/expired/***/", expired["X-Request-ID"]),
        ("Not Found: /t/nowhere/", unknown["X-Request-ID"]),
    ]
    logged = json.dumps(json_lines())
    assert "TRACK-SECRET" not in logged and "SIGNED-LINK" not in logged and "WSGIRequest" not in logged


def test_production_settings_log_json_through_the_context_filter(settings):
    config = settings.LOGGING
    assert config["handlers"]["console"]["filters"] == ["context"]
    stream = io.StringIO()
    conf = json.loads(json.dumps(config))
    conf["handlers"]["console"].update({"formatter": "json", "stream": "ext://sys.stderr"})
    conf["root"]["handlers"] = ["console"]
    logging.config.dictConfig(conf)
    try:
        handler = next(h for h in logging.getLogger().handlers if h.name == "console")
        handler.setStream(stream)
        with logcontext.bind(request_id="r-1"):
            logging.getLogger("cchc.x").info("hello %s", "world")
    finally:
        logging.config.dictConfig(settings.LOGGING)
    line = json.loads(stream.getvalue())
    assert line["time"].endswith("+00:00")  # ISO 8601, UTC
    assert line == {
        "time": line["time"],
        "level": "INFO",
        "logger": "cchc.x",
        "message": "hello world",
        "request_id": "r-1",
    }


def test_log_format_follows_debug_by_default():
    import subprocess
    import sys

    code = "import django; django.setup(); from django.conf import settings; print(settings.CCHC_LOG_FORMAT)"
    env = {"DJANGO_SETTINGS_MODULE": "cchc.settings", "CCHC_SECRET_KEY": "x", "PATH": ""}
    out = {
        debug: subprocess.run(
            [sys.executable, "-c", code], env={**env, "CCHC_DEBUG": debug}, capture_output=True, text=True
        ).stdout.strip()
        for debug in ("0", "1")
    }
    assert out == {"0": "json", "1": "text"}


def test_worker_rounds_log_with_their_job_and_run_id(json_lines, monkeypatch):
    from django.core.management import call_command

    from cchc.notifications.services import Notice, enqueue
    from cchc.reports import runner

    enqueue(Notice("Tiêu đề", "Nội dung"), emails=["an@example.com"])
    call_command("outbox", stdout=io.StringIO())
    [round_line] = [line for line in json_lines() if line["logger"] == "cchc.worker.outbox"]
    assert (round_line["job"], round_line["sent"], round_line["failed"]) == ("outbox", 1, 0)
    assert VALID_ID.fullmatch(round_line["run_id"]) and round_line["request_id"] == "-"

    job = runner.ReportJob.objects.create(
        kind="department",
        period_kind="year",
        year=2026,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        period_label="Năm 2026",
        requested_by=UserFactory(),
    )
    monkeypatch.setattr(runner, "_build", _broken_build)
    assert runner.run_job(job.pk) is False
    failure = next(line for line in json_lines() if line["logger"] == "cchc.reports.runner")
    assert failure["report_job_id"] == job.pk and failure["message"] == f"report job {job.pk} failed"


def _broken_build(job, progress):
    raise RuntimeError("builder broken")
