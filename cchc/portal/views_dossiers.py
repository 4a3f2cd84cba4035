"""Citizen dossier pages: online submission, public tracking, amending after a supplement request, files.

Access without an account:

- tracking (``/tra-cuu/``): the dossier code and the last four digits of the applicant's phone, ID number
  or tax code. A wrong code and wrong digits get the same message; failed lookups are rate-limited per
  IP (``CCHC_TRACKING_FAIL_RATE``). A successful lookup remembers the code in the session
  (``SESSION_TRACKED``) to show the status page;
- the applicant's files and amending need the tracking **secret** given at submission; once checked it
  is remembered in the session for that code (``SESSION_ACCESS``).

Every write goes through ``cchc.dossiers.services`` (via ``cchc.dossiers.documents`` for the files).
"""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.dossiers import documents, selectors, services
from cchc.dossiers.models import ApplicantKind, Channel, DossierDocument, Status
from cchc.portal.ratelimits import failures_exhausted, public_form, record_failure
from cchc.procedures import selectors as procedure_selectors

SESSION_TRACKED = "cchc_tracked"
SESSION_ACCESS = "cchc_dossier_access"
SESSION_SUBMITTED = "cchc_submitted"
_SESSION_MAX = 20

TOKEN_SALT = "cchc.portal.submit-token"
TOKEN_MAX_AGE = 24 * 3600
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


def _remember(request, key: str, code: str) -> None:
    codes = [c for c in request.session.get(key, []) if c != code]
    request.session[key] = [*codes, code][-_SESSION_MAX:]


def _message(request, title, message, status):
    return render(request, "portal/message.html", {"title": title, "message": message}, status=status)


def _too_many(request):
    return _message(
        request,
        _("Quá nhiều lần tra cứu không thành công"),
        _("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau."),
        429,
    )


# --- online submission ------------------------------------------------------------------------------


class _BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            widget.attrs.setdefault("class", "form-control")

    def mark_invalid(self):
        """Flag the widgets of fields with errors (is-invalid, aria-invalid, aria-describedby)."""
        if not self.is_bound:
            return self
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self[name].auto_id}_error"
            if "form-control" in attrs.get("class", ""):
                attrs["class"] = attrs["class"] + " is-invalid"
        return self


class SubmissionForm(_BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Người nộp là"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=gettext_lazy("Họ tên người nộp hoặc tên tổ chức"), max_length=255)
    id_number = forms.CharField(
        label=gettext_lazy("Số định danh cá nhân (12 chữ số)"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Bắt buộc khi người nộp là cá nhân."),
    )
    tax_code = forms.CharField(
        label=gettext_lazy("Mã số thuế"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Bắt buộc khi người nộp là tổ chức, doanh nghiệp."),
    )
    representative = forms.CharField(
        label=gettext_lazy("Người đại diện theo pháp luật (tổ chức)"), max_length=255, required=False
    )
    phone = forms.CharField(label=gettext_lazy("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), max_length=254, required=False)
    address = forms.CharField(label=gettext_lazy("Địa chỉ"), max_length=500, required=False)
    return_channel = forms.TypedChoiceField(
        label=gettext_lazy("Hình thức nhận kết quả"), coerce=int, widget=forms.RadioSelect
    )
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(Channel.ONLINE, _("Nhận kết quả trực tuyến (bản điện tử)"))]
        if version.postal_return:
            choices.append((Channel.POST, _("Qua dịch vụ bưu chính công ích")))
        choices.append((Channel.COUNTER, _("Trực tiếp tại Bộ phận Một cửa")))
        self.fields["return_channel"].choices = choices
        self.fields["return_channel"].initial = Channel.ONLINE
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["id_number"].widget.attrs.update(inputmode="numeric")
        self.documents = list(version.required_documents.all())
        for doc in self.documents:
            attrs = {"accept": ACCEPT, "class": "form-control"}
            if not doc.optional:
                attrs["required"] = True
            self.fields[f"tep_{doc.pk}"] = forms.FileField(
                label=doc.name, required=False, widget=forms.ClearableFileInput(attrs=attrs)
            )
        self._style()

    def document_fields(self):
        return [(doc, self[f"tep_{doc.pk}"]) for doc in self.documents]

    def file_map(self):
        return {f"tep_{doc.pk}": (doc, self.files.get(f"tep_{doc.pk}")) for doc in self.documents}

    def applicant(self) -> services.Applicant:
        data = self.cleaned_data
        return services.Applicant(
            kind=data.get("kind") or "",
            name=data.get("name") or "",
            id_number=data.get("id_number") or "",
            tax_code=data.get("tax_code") or "",
            representative=data.get("representative") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            address=data.get("address") or "",
        )


def new_form_token() -> str:
    return signing.dumps(secrets.token_urlsafe(16), salt=TOKEN_SALT)


def _token_key(nonce: str) -> str:
    return f"cchc:submit-token:{nonce}"


def _add_errors(form: forms.Form, errors) -> None:
    """Put a ValidationError (dict or list) or ``{field: [messages]}`` onto ``form``."""
    if isinstance(errors, ValidationError):
        errors = errors.message_dict if hasattr(errors, "error_dict") else {None: errors.messages}
    for field, msgs in errors.items():
        target = field if field in form.fields else None
        for msg in msgs:
            form.add_error(target, msg)


def _online_version(code: str):
    version = procedure_selectors.procedure_detail(code)
    if version is None:
        raise Http404(_("Không tìm thấy thủ tục hành chính có mã %(code)s.") % {"code": code})
    return version


@public_form(post_rate_setting="CCHC_SUBMIT_RATE")
def submit(request, code: str):
    version = _online_version(code)
    if not version.is_online:
        return _message(
            request,
            _("Thủ tục chưa cung cấp dịch vụ công trực tuyến"),
            _("Thủ tục này chưa cung cấp dịch vụ công trực tuyến; hãy nộp tại Bộ phận Một cửa."),
            404,
        )
    if request.method != "POST":
        form = SubmissionForm(version=version, initial={"form_token": new_form_token()})
        return _render_submit(request, version, form)

    form = SubmissionForm(request.POST, request.FILES, version=version)
    try:
        nonce = signing.loads(request.POST.get("form_token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return _render_submit(
            request,
            version,
            SubmissionForm(request.POST, version=version),
            alert=_("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng kiểm tra lại thông tin và gửi lại."),
            status=400,
            token=new_form_token(),
        )
    key = _token_key(nonce)
    if cache.get(key) is not None:
        return _duplicate(request, cache.get(key))

    valid = form.is_valid()
    applicant = form.applicant()
    try:
        applicant = applicant.clean()
    except ValidationError as exc:
        _add_errors(form, exc)
        valid = False
    checked, file_errors = documents.check_files(form.file_map())
    if file_errors:
        _add_errors(form, file_errors)
        valid = False
    if not valid or form.errors:
        return _render_submit(request, version, form)

    if not cache.add(key, "pending", TOKEN_MAX_AGE):  # a second click that raced the first
        return _duplicate(request, cache.get(key))
    try:
        dossier, secret = documents.submit_with_documents(
            procedure_version=version,
            applicant=applicant,
            return_channel=form.cleaned_data["return_channel"],
            checked=checked,
        )
    except ValidationError as exc:
        cache.delete(key)
        _add_errors(form, exc)
        return _render_submit(request, version, form)
    except BaseException:
        cache.delete(key)
        raise
    cache.set(key, dossier.code, TOKEN_MAX_AGE)
    request.session[SESSION_SUBMITTED] = {
        "code": dossier.code,
        "secret": secret,
        "email": bool(dossier.email),
        "phone": bool(dossier.phone),
        "procedure": version.name,
    }
    _remember(request, SESSION_TRACKED, dossier.code)
    _remember(request, SESSION_ACCESS, dossier.code)
    return redirect("portal:dossier_submitted")


def _render_submit(request, version, form, *, alert="", status=200, token=None):
    if token:
        form.data = form.data.copy()
        form.data["form_token"] = token
    return render(
        request,
        "portal/dossiers/submit.html",
        {
            "v": version,
            "form": form.mark_invalid(),
            "alert": alert,
            "max_upload": settings.CCHC_MAX_UPLOAD_BYTES,
        },
        status=status,
    )


def _duplicate(request, value):
    if value and value != "pending":
        text = _(
            "Biểu mẫu này đã được gửi và hồ sơ %(code)s đã được tạo. Hệ thống không tạo thêm hồ sơ "
            "thứ hai từ cùng một lần khai."
        ) % {"code": value}
    else:
        text = _("Biểu mẫu này đang được xử lý. Hệ thống không tạo thêm hồ sơ thứ hai từ cùng một lần khai.")
    return _message(request, _("Hồ sơ đã được gửi"), text, 409)


@public_form()
def submitted(request):
    data = request.session.get(SESSION_SUBMITTED)
    if not data:
        return redirect("portal:tracking")
    return render(request, "portal/dossiers/submitted.html", {"d": data})


# --- tracking ---------------------------------------------------------------------------------------


class TrackingForm(_BootstrapMixin, forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã hồ sơ"), max_length=40)
    last4 = forms.RegexField(
        label=gettext_lazy("4 số cuối điện thoại hoặc số định danh / mã số thuế của người nộp"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": gettext_lazy("Nhập đúng 4 chữ số.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last4"].widget.attrs.update(inputmode="numeric", autocomplete="off", pattern=r"\d{4}")
        self.fields["code"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self._style()


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
            dossier = selectors.find_for_tracking(form.cleaned_data["code"], form.cleaned_data["last4"])
            if dossier is not None:
                _remember(request, SESSION_TRACKED, dossier.code)
                return redirect("portal:dossier_status", code=dossier.code)
            record_failure(request)
            error = str(NOT_FOUND)
            status = 404
    else:
        form = TrackingForm()
    return render(
        request, "portal/dossiers/tracking.html", {"form": form.mark_invalid(), "error": error}, status=status
    )


class SecretForm(_BootstrapMixin, forms.Form):
    secret = forms.CharField(
        label=gettext_lazy("Mã bí mật tra cứu (nhận được khi nộp hồ sơ)"),
        max_length=64,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def _tracked(request, code: str):
    """The dossier ``code`` if this session found it by tracking or by its secret, else None."""
    known = set(request.session.get(SESSION_TRACKED, [])) | set(request.session.get(SESSION_ACCESS, []))
    if code not in known:
        return None
    return selectors.dossier_by_code(code)


def _check_secret_form(request, form, dossier) -> bool:
    """Validate ``form``'s secret against ``dossier`` (counting failures); remember access on success."""
    if not form.is_valid():
        return False
    if services.check_secret(dossier, form.cleaned_data["secret"]):
        _remember(request, SESSION_ACCESS, dossier.code)
        return True
    record_failure(request)
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
        secret_form = SecretForm(request.POST)
        if _check_secret_form(request, secret_form, dossier):
            return redirect("portal:dossier_status", code=dossier.code)
    access = dossier.code in request.session.get(SESSION_ACCESS, [])
    return render(
        request,
        "portal/dossiers/status.html",
        {
            "d": dossier,
            "timeline": selectors.public_timeline(dossier),
            "access": access,
            "files": documents.documents_of(dossier) if access else [],
            "secret_form": secret_form.mark_invalid(),
            "can_amend": dossier.status == Status.SUPPLEMENT_REQUESTED,
        },
    )


class AmendForm(SecretForm):
    note = forms.CharField(
        label=gettext_lazy("Nội dung bổ sung, hoàn thiện"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = list(version.required_documents.all())
        for doc in self.documents:
            self.fields[f"tep_{doc.pk}"] = forms.FileField(
                label=doc.name,
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "class": "form-control"}),
            )
        self._style()

    def document_fields(self):
        return [(doc, self[f"tep_{doc.pk}"]) for doc in self.documents]

    def file_map(self):
        return {f"tep_{doc.pk}": (doc, self.files.get(f"tep_{doc.pk}")) for doc in self.documents}


@public_form()
def amend(request, code: str):
    dossier = _tracked(request, code)
    if dossier is None:
        return redirect("portal:tracking")
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        return _message(
            request,
            _("Không thể bổ sung hồ sơ"),
            _("Hồ sơ %(code)s hiện không ở trạng thái chờ bổ sung.") % {"code": dossier.code},
            400,
        )
    form = AmendForm(version=dossier.procedure_version)
    if request.method == "POST":
        if failures_exhausted(request):
            return _too_many(request)
        form = AmendForm(request.POST, request.FILES, version=dossier.procedure_version)
        checked, file_errors = documents.check_files(form.file_map(), require=False)
        if form.is_valid() and not file_errors:
            try:
                documents.resubmit_with_documents(
                    dossier=dossier,
                    secret=form.cleaned_data["secret"],
                    note=form.cleaned_data["note"],
                    checked=checked,
                )
            except PermissionDenied:
                record_failure(request)
                form.add_error("secret", _("Mã bí mật không đúng."))
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                _remember(request, SESSION_ACCESS, dossier.code)
                messages.success(
                    request,
                    _("Đã nộp bổ sung hồ sơ %(code)s. Bộ phận Một cửa sẽ kiểm tra lại.")
                    % {"code": dossier.code},
                )
                return redirect("portal:dossier_status", code=dossier.code)
        _add_errors(form, file_errors)
    return render(request, "portal/dossiers/amend.html", {"d": dossier, "form": form.mark_invalid()})


@public_form()
def document_download(request, code: str, pk: int):
    if code not in request.session.get(SESSION_ACCESS, []):
        raise PermissionDenied(_("Nhập mã bí mật tra cứu để xem tệp của hồ sơ."))
    doc = DossierDocument.objects.filter(pk=pk, dossier__code=code).first()
    if doc is None:
        raise Http404(_("Không tìm thấy tệp."))
    try:
        handle = documents.open_document(doc)
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp.")) from exc
    response = FileResponse(handle, as_attachment=True, filename=doc.safe_name, content_type=doc.mime)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
