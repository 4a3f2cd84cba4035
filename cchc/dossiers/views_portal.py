"""Citizen dossier pages: online submission, public tracking, supplements, receipt and result.

Access without an account:

- online submission (``/thu-tuc/<code>/nop-truc-tuyen/``): the form is backed by a draft
  (``cchc.dossiers.drafts``) whose key the browser session holds (``SESSION_DRAFTS``), so a
  validation error keeps the files already accepted, "Lưu để nộp sau" keeps it and sends a resume
  link, and the applicant reviews everything and declares before submitting (``…/kiem-tra/``);
- tracking (``/tra-cuu/``): the dossier code and the last four digits of the applicant's phone, ID number
  or tax code. A wrong code and wrong digits get the same message; failed lookups are rate-limited per
  IP and per dossier code (``cchc.common.ratelimits``). A successful lookup remembers the code in the session
  (``SESSION_TRACKED``) to show the status page;
- the applicant's files, receipt, result and supplements need a **proof**: the tracking secret given at
  submission, or a signed link from a notice (``/ho-so/lien-ket/<token>/``). Once checked it is kept in
  the session for that code (``SESSION_PROOFS``) and handed to the services, which check it again.

Every write goes through ``cchc.dossiers.services`` (via ``documents`` and ``drafts`` for the files).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.citizens import selectors as citizen_selectors
from cchc.common.forms import attach_errors
from cchc.common.ratelimits import (
    code_locked_message,
    code_locked_minutes,
    failures_exhausted,
    public_form,
    record_failure,
)
from cchc.dossiers import documents, drafts, links, selectors, services, slips
from cchc.dossiers.forms_portal import (
    DeclarationForm,
    SecretForm,
    SubmissionForm,
    SupplementForm,
    TrackingForm,
)
from cchc.dossiers.models import Channel, DossierDocument, Outcome, Status
from cchc.dossiers.portal_access import SESSION_PROOFS, SESSION_TRACKED, proof_of
from cchc.procedures import selectors as procedure_selectors

SESSION_SUBMITTED = "cchc_submitted"
SESSION_DRAFTS = "cchc_drafts"
_SESSION_MAX = 20


def _remember(request, key: str, code: str) -> None:
    codes = [c for c in request.session.get(key, []) if c != code]
    request.session[key] = [*codes, code][-_SESSION_MAX:]


def _remember_proof(request, code: str, proof: str) -> None:
    proofs = {k: v for k, v in request.session.get(SESSION_PROOFS, {}).items() if k != code}
    proofs[code] = proof
    request.session[SESSION_PROOFS] = dict(list(proofs.items())[-_SESSION_MAX:])
    _remember(request, SESSION_TRACKED, code)


_proof = proof_of


def _message(request, title, message, status):
    return render(request, "portal/message.html", {"title": title, "message": message}, status=status)


def _code_locked(request, minutes: int):
    response = _message(request, _("Tạm khoá tra cứu hồ sơ"), code_locked_message(minutes), 429)
    response["Retry-After"] = str(minutes * 60)
    return response


def _too_many(request):
    return _message(
        request,
        _("Quá nhiều lần tra cứu không thành công"),
        _("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau."),
        429,
    )


# --- online submission ------------------------------------------------------------------------------


def _online_version(code: str):
    version = procedure_selectors.procedure_detail(code)
    if version is None:
        raise Http404(_("Không tìm thấy thủ tục hành chính có mã %(code)s.") % {"code": code})
    return version


def _not_online(request):
    return _message(
        request,
        _("Thủ tục chưa cung cấp dịch vụ công trực tuyến"),
        _("Thủ tục này chưa cung cấp dịch vụ công trực tuyến; hãy nộp tại Bộ phận Một cửa."),
        404,
    )


def _draft_key(request, version) -> str:
    return request.session.get(SESSION_DRAFTS, {}).get(version.procedure.code, "")


def _keep_draft_key(request, version, key: str | None) -> None:
    keys = dict(request.session.get(SESSION_DRAFTS, {}))
    keys.pop(version.procedure.code, None)
    if key:
        keys[version.procedure.code] = key
    request.session[SESSION_DRAFTS] = dict(list(keys.items())[-_SESSION_MAX:])


def _session_draft(request, version):
    """This browser's draft of ``version`` (live, not yet submitted), or None."""
    draft = drafts.find(_draft_key(request, version), version=version)
    return draft if draft is not None and not draft.dossier_id else None


def _already_submitted(request, code: str):
    return _message(
        request,
        _("Hồ sơ đã được gửi"),
        _(
            "Bản khai này đã được nộp và hồ sơ %(code)s đã được tạo. Hệ thống không tạo thêm hồ sơ "
            "thứ hai từ cùng một bản khai."
        )
        % {"code": code},
        409,
    )


@public_form(post_rate_setting="CCHC_DRAFT_RATE")
def submit(request, code: str):
    """Step 1: fill in the applicant's data and attach the files (kept in the draft)."""
    version = _online_version(code)
    if not version.is_online:
        return _not_online(request)
    draft = _session_draft(request, version)
    identity = _person(request)
    if request.method != "POST":
        kept = drafts.files_of(draft) if draft else {}
        initial = dict(draft.data) if draft and draft.data else {}
        if identity is not None:
            initial.update(_identity_data(identity))
        form = SubmissionForm(initial=initial or None, version=version, kept=kept)
        return _render_submit(request, version, form, draft=draft, identity=identity)

    if draft is None:  # the first post of a form (or a new one after a submitted draft)
        draft, key = drafts.create(version, language=translation.get_language() or "vi")
        _keep_draft_key(request, version, key)
    posted = request.POST
    if identity is not None:  # never what the form says: what the national sign-on verified
        posted = posted.copy()
        posted.update(_identity_data(identity))
    form = SubmissionForm(posted, request.FILES, version=version, kept=drafts.files_of(draft))
    form.is_valid()
    checked, file_errors = documents.check_files(form.file_map(), require=False)
    data = {name: posted.get(name, "") for name in drafts.DATA_FIELDS}
    try:
        drafts.update(draft, data=data, checked=checked)
    except drafts.AlreadySubmitted as exc:
        return _already_submitted(request, exc.code)
    form.kept = drafts.files_of(draft)
    attach_errors(form, file_errors)

    if request.POST.get("hanh-dong") == "luu":
        link = drafts.save_for_later(draft, _draft_key(request, version))
        return render(
            request,
            "dossiers/portal/draft_saved.html",
            {"v": version, "draft": draft, "link": link, "file_errors": bool(file_errors)},
        )

    try:  # the services' own checks of the applicant, so that every mistake shows in one round
        form.applicant().clean()
    except ValidationError as exc:
        attach_errors(form, {k: v for k, v in exc.message_dict.items() if k not in form.errors})
    for doc in drafts.missing_documents(draft):
        field = f"tep_{doc.pk}"
        if field not in form.errors:
            form.add_error(field, _("Đính kèm tệp “%(name)s” (bắt buộc).") % {"name": doc.name})
    if form.errors:
        return _render_submit(request, version, form, draft=draft, status=400, identity=identity)
    return redirect("portal:dossier_review", code=version.procedure.code)


def _person(request):
    """The identity signed in through the national sign-on, when it is a person (an organisation's
    account files with its own details)."""
    identity = citizen_selectors.signed_in(request)
    return identity if identity is not None and not identity.is_organisation else None


def _identity_data(identity) -> dict:
    return {"kind": "person", "name": identity.full_name, "id_number": identity.personal_id}


def _render_submit(request, version, form, *, draft=None, status=200, identity=None):
    if identity is not None:
        form.fix_identity(identity)
    return render(
        request,
        "dossiers/portal/submit.html",
        {
            "v": version,
            "form": form.mark_invalid(),
            "errors": form.error_summary() if form.is_bound else [],
            "draft": draft,
            "max_upload": settings.CCHC_MAX_UPLOAD_BYTES,
            "identity": identity,
        },
        status=status,
    )


@public_form(post_rate_setting="CCHC_SUBMIT_RATE")
def review(request, code: str):
    """Step 2: everything entered and every file with its name and size; the declaration; submit."""
    version = _online_version(code)
    if not version.is_online:
        return _not_online(request)
    draft = _session_draft(request, version)
    if draft is None:
        finished = drafts.find(_draft_key(request, version), version=version)
        if finished is not None and finished.dossier_id:
            return _already_submitted(request, finished.dossier.code)
        return redirect("portal:dossier_submit", code=version.procedure.code)
    entries = SubmissionForm(draft.data, version=version, kept=drafts.files_of(draft))
    declaration = DeclarationForm(request.POST if request.method == "POST" else None)
    if not entries.is_valid() or drafts.missing_documents(draft):
        return redirect("portal:dossier_submit", code=version.procedure.code)
    status = 200
    if request.method == "POST" and declaration.is_valid():
        try:
            dossier, secret = drafts.submit(
                draft,
                applicant=entries.applicant(),
                return_channel=entries.cleaned_data["return_channel"],
                declared=declaration.cleaned_data["declaration"],
                agency=entries.chosen_agency(),
                return_place=entries.chosen_place(),
                identity=citizen_selectors.signed_in(request),
            )
        except drafts.AlreadySubmitted as exc:
            return _already_submitted(request, exc.code)
        except ValidationError as exc:
            if "declaration" in getattr(exc, "error_dict", {}):
                declaration.add_error("declaration", exc.error_dict["declaration"])
                status = 400
            else:  # the entries or files no longer pass (e.g. the procedure changed): back to the form
                messages.error(request, " ".join(exc.messages))
                return redirect("portal:dossier_submit", code=version.procedure.code)
        else:
            request.session[SESSION_SUBMITTED] = {
                "code": dossier.code,
                "secret": secret,
                "email": bool(dossier.email),
                "phone": bool(dossier.phone),
                "procedure": version.name,
                "pay": selectors.payable_online(dossier),
            }
            _remember_proof(request, dossier.code, secret)
            return redirect("portal:dossier_submitted")
    rows = [
        (entries[name].label, _display(entries, name))
        for name in drafts.DATA_FIELDS
        if name in entries.fields and _display(entries, name)
    ]
    return render(
        request,
        "dossiers/portal/review.html",
        {
            "v": version,
            "rows": rows,
            "files": entries.document_fields(),
            "declaration": declaration.mark_invalid(),
            "errors": declaration.error_summary() if declaration.is_bound else [],
        },
        status=status,
    )


def _display(form: SubmissionForm, name: str) -> str:
    value = form.cleaned_data.get(name)
    if name == "return_place" and form.chosen_place() is None:
        return ""
    if name in ("kind", "return_channel", "agency", "return_place"):
        return dict(form.fields[name].choices).get(value, "")
    return str(value or "")


@public_form()
@require_POST
def discard_draft(request, code: str):
    """Start again: the browser's draft of this procedure and its files are deleted."""
    version = _online_version(code)
    draft = _session_draft(request, version)
    if draft is not None:
        drafts.discard(draft)
    _keep_draft_key(request, version, None)
    messages.info(request, _("Đã xóa bản khai trước. Ông/Bà có thể khai lại từ đầu."))
    return redirect("portal:dossier_submit", code=version.procedure.code)


@public_form()
def draft_resume(request, key: str):
    """The link sent when a draft was saved: continue in this browser."""
    draft = drafts.find(key)
    if draft is None:
        return _message(
            request,
            _("Không tìm thấy bản khai"),
            _("Bản khai đã hết hạn lưu hoặc đường dẫn không đúng. Ông/Bà vui lòng khai lại."),
            404,
        )
    version = draft.procedure_version
    if draft.dossier_id:
        return _already_submitted(request, draft.dossier.code)
    _keep_draft_key(request, version, key)
    return redirect("portal:dossier_submit", code=version.procedure.code)


@public_form()
def submitted(request):
    data = request.session.get(SESSION_SUBMITTED)
    if not data:
        return redirect("portal:tracking")
    return render(request, "dossiers/portal/submitted.html", {"d": data})


# --- tracking ---------------------------------------------------------------------------------------


NOT_FOUND = gettext_lazy(
    "Không tìm thấy hồ sơ với thông tin đã nhập. Vui lòng kiểm tra lại mã hồ sơ và 4 chữ số cuối."
)


@public_form()
def tracking(request):
    error = ""
    status = 200
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if failures_exhausted(request):
            return _too_many(request)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if minutes := code_locked_minutes(request, code):
                return _code_locked(request, minutes)
            dossier = selectors.find_for_tracking(code, form.cleaned_data["last4"])
            if dossier is not None:
                _remember(request, SESSION_TRACKED, dossier.code)
                return redirect("portal:dossier_status", code=dossier.code)
            record_failure(request, code)
            error = str(NOT_FOUND)
            status = 404
    else:
        form = TrackingForm()
    return render(
        request, "dossiers/portal/tracking.html", {"form": form.mark_invalid(), "error": error}, status=status
    )


def _tracked(request, code: str):
    """The dossier ``code`` if this session found it by tracking or holds a proof for it, or if it is
    the dossier of the citizen signed in through the national sign-on; else None."""
    known = set(request.session.get(SESSION_TRACKED, [])) | set(request.session.get(SESSION_PROOFS, {}))
    if code not in known:
        dossier = selectors.dossier_by_code(code)
        return dossier if dossier is not None and _owner(request, dossier) else None
    return selectors.dossier_by_code(code)


def _owner(request, dossier) -> bool:
    """The signed-in citizen's verified personal ID is this dossier's applicant's: as good as a proof."""
    return services.verified_owner(dossier.id_number, citizen_selectors.signed_in(request))


def _access(request, dossier) -> bool:
    return bool(_proof(request, dossier)) or _owner(request, dossier)


def _check_secret_form(request, form, dossier) -> bool:
    """Validate ``form``'s secret against ``dossier`` (counting failures); remember the proof on success."""
    if not form.is_valid():
        return False
    secret = form.cleaned_data["secret"]
    if services.check_secret(dossier, secret):
        _remember_proof(request, dossier.code, secret)
        return True
    record_failure(request, dossier.code)
    form.add_error("secret", _("Mã bí mật không đúng."))
    return False


@public_form()
def dossier_status(request, code: str):
    dossier = _tracked(request, code)
    if dossier is None:
        return redirect("portal:tracking")
    secret_form = SecretForm()
    if request.method == "POST":
        if failures_exhausted(request):
            return _too_many(request)
        if minutes := code_locked_minutes(request, dossier.code):
            return _code_locked(request, minutes)
        secret_form = SecretForm(request.POST)
        if _check_secret_form(request, secret_form, dossier):
            return redirect("portal:dossier_status", code=dossier.code)
    access = _access(request, dossier)
    rounds, results = selectors.documents_by_round(dossier) if access else ([], [])
    return render(
        request,
        "dossiers/portal/status.html",
        {
            "d": dossier,
            "timeline": selectors.public_timeline(dossier),
            "access": access,
            "rounds": rounds,
            "results": results if dossier.status == Status.RETURNED else [],
            "result_pending": dossier.status == Status.RESULT_READY,
            "electronic_result": dossier.return_channel == Channel.ONLINE
            and dossier.outcome == Outcome.APPROVED,
            "by_post": dossier.return_channel == Channel.POST,
            "has_receipt": access and dossier.received_at is not None,
            "secret_form": secret_form.mark_invalid(),
            "can_supplement": dossier.status in SUPPLEMENT_STATUSES,
            "pay_online": access and selectors.payable_online(dossier),
            "reads": selectors.reads_for_applicant(dossier) if access else [],
        },
    )


SUPPLEMENT_STATUSES = (Status.SUPPLEMENT_REQUESTED, Status.WAITING_SUPPLEMENT)


@public_form()
def supplement(request, code: str):
    """The applicant sends a supplement online — asked at intake or during processing — as a new
    round of documents. Needs the session's proof (secret or notice link)."""
    dossier = _tracked(request, code)
    if dossier is None:
        return redirect("portal:tracking")
    if dossier.status not in SUPPLEMENT_STATUSES:
        return _message(
            request,
            _("Không thể bổ sung hồ sơ"),
            _("Hồ sơ %(code)s hiện không ở trạng thái chờ bổ sung.") % {"code": dossier.code},
            400,
        )
    proof = _proof(request, dossier)
    if not proof:
        messages.info(request, _("Nhập mã bí mật tra cứu để bổ sung hồ sơ."))
        return redirect("portal:dossier_status", code=dossier.code)
    form = SupplementForm(version=dossier.procedure_version)
    status = 200
    if request.method == "POST":
        form = SupplementForm(request.POST, request.FILES, version=dossier.procedure_version)
        checked, file_errors = documents.check_files(form.file_map(), require=False)
        if form.is_valid() and not file_errors:
            try:
                documents.supplement_with_documents(
                    dossier=dossier, secret=proof, note=form.cleaned_data["note"], checked=checked
                )
            except PermissionDenied:
                return redirect("portal:dossier_status", code=dossier.code)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã nộp bổ sung hồ sơ %(code)s.") % {"code": dossier.code}
                    + " "
                    + (
                        _("Bộ phận Một cửa sẽ kiểm tra lại.")
                        if dossier.status == Status.SUPPLEMENT_REQUESTED
                        else _("Hồ sơ tiếp tục được giải quyết; thời hạn được tính tiếp từ bây giờ.")
                    ),
                )
                return redirect("portal:dossier_status", code=dossier.code)
        attach_errors(form, file_errors)
        status = 400
    request_event = selectors.last_supplement_request(dossier)
    return render(
        request,
        "dossiers/portal/supplement.html",
        {
            "d": dossier,
            "form": form.mark_invalid(),
            "errors": form.error_summary() if form.is_bound else [],
            "request_note": request_event.note if request_event else "",
        },
        status=status,
    )


@public_form()
def dossier_link(request, token: str):
    """A signed link from a notice: this browser becomes the applicant's for the dossier, then goes
    where the notice points (receipt, supplement, result, the dossier's page)."""
    try:
        dossier_id, purpose = links.read(token)
    except ValidationError as exc:
        return _message(request, _("Đường dẫn không dùng được"), " ".join(exc.messages), 400)
    dossier = selectors.dossier_by_id(dossier_id)
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    _remember_proof(request, dossier.code, token)
    if purpose == links.RECEIPT and dossier.received_at:
        return redirect("portal:dossier_receipt", code=dossier.code)
    if purpose == links.SUPPLEMENT and dossier.status in SUPPLEMENT_STATUSES:
        return redirect("portal:dossier_supplement", code=dossier.code)
    target = reverse("portal:dossier_status", args=[dossier.code])
    return redirect(f"{target}#ket-qua" if purpose == links.RESULT else target)


def _private_file(response):
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@public_form()
def receipt(request, code: str):
    """Mẫu 01 of a received dossier (PDF), for the applicant holding the proof."""
    dossier = _tracked(request, code)
    if dossier is None or not _access(request, dossier):
        raise PermissionDenied(_("Nhập mã bí mật tra cứu để tải giấy tiếp nhận."))
    try:
        content = slips.render_pdf(dossier, slips.RECEIPT)
    except ValidationError as exc:
        return _message(request, _("Chưa có giấy tiếp nhận"), " ".join(exc.messages), 404)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-giay-tiep-nhan.pdf"'
    return _private_file(response)


@public_form()
def document_download(request, code: str, pk: int):
    dossier = _tracked(request, code)
    if dossier is None or not _access(request, dossier):
        raise PermissionDenied(_("Nhập mã bí mật tra cứu để xem tệp của hồ sơ."))
    doc = DossierDocument.objects.select_related("dossier").filter(pk=pk, dossier=dossier).first()
    if doc is None or (doc.kind == DossierDocument.Kind.RESULT and dossier.status != Status.RETURNED):
        raise Http404(_("Không tìm thấy tệp."))
    try:
        handle = documents.open_document(doc)
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp.")) from exc
    if doc.kind == DossierDocument.Kind.RESULT:
        proof = request.session.get(SESSION_PROOFS, {}).get(code, "")
        if services.check_secret(dossier, proof):
            via = "tracking"
        elif _proof(request, dossier):
            via = "link"
        else:
            via = "vneid"
        services.record_result_download(dossier=dossier, via=via)
    response = FileResponse(handle, as_attachment=True, filename=doc.download_name, content_type=doc.mime)
    return _private_file(response)
