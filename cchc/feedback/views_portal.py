"""Public "Hỏi – Đáp" pages: the published Q&A (search, field filter), a question page with votes, the
submission form, and the tracking page (code + secret; no personal data shown).

Every view is rate-limited per IP (``cchc.common.ratelimits``); submissions and votes have their own
stricter POST rates (``CCHC_FEEDBACK_SUBMIT_RATE``, ``CCHC_FEEDBACK_VOTE_RATE``).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc.citizens import selectors as citizen_selectors
from cchc.common.forms import attach_errors
from cchc.common.public_cache import public_page
from cchc.common.ratelimits import failures_exhausted, public, public_form, record_failure
from cchc.common.uploads import inspect_upload
from cchc.feedback import selectors, services, workflow
from cchc.feedback.forms import SubmissionForm, TrackingForm
from cchc.feedback.models import ANSWERED_STATUSES
from cchc.procedures.models import Field, ProcedureVersion

PER_PAGE = 10
SESSION_SENT = "cchc_feedback_sent"
TOKEN_SALT = "cchc.feedback.form-token"
TOKEN_MAX_AGE = 24 * 3600


def _message(request, title, message, status):
    return render(request, "portal/message.html", {"title": title, "message": message}, status=status)


@public("CCHC_SEARCH_RATE")
@public_page("feedback")
def index(request):
    query = request.GET.get("q", "")[:200]
    field = request.GET.get("linh-vuc", "")[:40]
    page = Paginator(selectors.published(query, field), PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "feedback/portal/index.html",
        {"page": page, "q": query, "field": field, "fields": Field.objects.all()},
    )


@public()
@public_page("feedback")
def question(request, code: str):
    item = selectors.published_by_code(code)
    if item is None:
        raise Http404(_("Không tìm thấy câu hỏi."))
    voted = services.voter_key(request.session.session_key) if request.session.session_key else None
    has_voted = bool(voted) and item.votes.filter(voter=voted).exists()
    return render(request, "feedback/portal/question.html", {"f": item, "has_voted": has_voted})


@public_form(post_rate_setting="CCHC_FEEDBACK_VOTE_RATE")
def vote(request, code: str):
    item = selectors.published_by_code(code)
    if item is None:
        raise Http404(_("Không tìm thấy câu hỏi."))
    if request.method != "POST":
        return redirect("portal:feedback:question", code=code)
    value = {"thich": 1, "khong-thich": -1}.get(request.POST.get("binh-chon", ""))
    if value is None:
        messages.error(request, _("Bình chọn không hợp lệ."))
        return redirect("portal:feedback:question", code=code)
    if not request.session.session_key:
        request.session.save()
    try:
        services.vote(feedback=item, voter=services.voter_key(request.session.session_key), value=value)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Cảm ơn bạn đã đánh giá câu trả lời."))
    return redirect("portal:feedback:question", code=code)


def _procedure_choices():
    return list(
        ProcedureVersion.objects.published()
        .order_by("name")
        .values_list("procedure__code", "name")
        .distinct()
    )


def _render_form(request, form, *, alert="", status=200):
    return render(
        request,
        "feedback/portal/submit.html",
        {
            "form": form.mark_invalid(),
            "alert": alert,
            "max_upload": getattr(settings, "CCHC_FEEDBACK_MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
        },
        status=status,
    )


def _new_token() -> str:
    return signing.dumps(secrets.token_hex(16), salt=TOKEN_SALT)


@public_form(post_rate_setting="CCHC_FEEDBACK_SUBMIT_RATE")
def submit(request):
    procedures = _procedure_choices()
    if request.method != "POST":
        initial = {"form_token": _new_token()}
        if request.GET.get("thu-tuc"):
            initial.update(subject="procedure", procedure_code=request.GET["thu-tuc"][:30])
        return _render_form(request, SubmissionForm(initial=initial, procedures=procedures))

    form = SubmissionForm(request.POST, request.FILES, procedures=procedures)
    try:
        nonce = signing.loads(request.POST.get("form_token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        form = SubmissionForm(request.POST, procedures=procedures, initial={})
        form.data = form.data.copy()
        form.data["form_token"] = _new_token()
        return _render_form(
            request,
            form,
            alert=_("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng kiểm tra lại thông tin và gửi lại."),
            status=400,
        )
    key = f"cchc.feedback.token:{nonce}"
    if cache.get(key) is not None:
        return _message(
            request,
            _("Câu hỏi đã được gửi"),
            _("Biểu mẫu này đã được gửi. Hệ thống không tạo thêm câu hỏi thứ hai từ cùng một lần khai."),
            409,
        )
    if not form.is_valid():
        return _render_form(request, form, status=400)
    valid = True
    try:
        services.clean_submission(form.submission())
    except ValidationError as exc:
        attach_errors(form, exc)
        valid = False
    checked = None
    upload = form.cleaned_data.get("attachment")
    if upload is not None:
        try:
            info = inspect_upload(upload, max_bytes=getattr(settings, "CCHC_FEEDBACK_MAX_UPLOAD_BYTES", None))
        except ValidationError as exc:
            form.add_error("attachment", exc.messages)
            valid = False
        else:
            checked = services.CheckedAttachment(upload, info)
    if not valid:
        return _render_form(request, form, status=400)
    if not cache.add(key, "pending", TOKEN_MAX_AGE):
        return _message(
            request,
            _("Câu hỏi đã được gửi"),
            _("Biểu mẫu này đang được xử lý. Hệ thống không tạo thêm câu hỏi thứ hai từ cùng một lần khai."),
            409,
        )
    try:
        item, secret = services.submit(
            data=form.submission(), attachment=checked, identity=citizen_selectors.signed_in(request)
        )
    except ValidationError as exc:
        cache.delete(key)
        attach_errors(form, exc)
        return _render_form(request, form, status=400)
    except BaseException:
        cache.delete(key)
        raise
    cache.set(key, item.code, TOKEN_MAX_AGE)
    request.session[SESSION_SENT] = {
        "code": item.code,
        "secret": secret,
        "due": item.due_on.isoformat(),
        "email": bool(item.email),
        "phone": bool(item.phone),
    }
    return redirect("portal:feedback:sent")


@public()
def sent(request):
    data = request.session.get(SESSION_SENT)
    if not data:
        return redirect("portal:feedback:track")
    due = dt.date.fromisoformat(data["due"])  # kept ISO in the session, shown in the page's language
    return render(request, "feedback/portal/sent.html", {"d": data, "due": due})


@public_form()
def track(request):
    """Code + secret → status, dates, public steps and the answer once sent; never personal data."""
    error = ""
    status = 200
    item = None
    if request.method == "POST":
        if failures_exhausted(request):
            return _message(
                request,
                _("Quá nhiều lần tra cứu không thành công"),
                _("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau."),
                429,
            )
        form = TrackingForm(request.POST)
        if form.is_valid():
            found = selectors.by_code(form.cleaned_data["code"].strip().upper())
            if found is not None and services.check_secret(found, form.cleaned_data["secret"]):
                item = found
            else:
                record_failure(request)
                error = _("Mã tra cứu hoặc mã bí mật không đúng.")
                status = 404
        else:
            status = 400
    else:
        form = TrackingForm(initial={"code": request.GET.get("ma", "")[:20]})
    timeline = list(selectors.timeline(item, public_only=True)) if item else []
    for event in timeline:
        event.label = workflow.event_label(event.action)
    return render(
        request,
        "feedback/portal/track.html",
        {
            "form": form.mark_invalid(),
            "error": error,
            "f": item,
            "timeline": timeline,
            "answered": item is not None and item.status in ANSWERED_STATUSES,
        },
        status=status,
    )
