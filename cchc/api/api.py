"""The JSON API, django-ninja; OpenAPI docs at ``/api/docs``, schema at ``/api/openapi.json``.

Applicants (no account): ``POST /api/dossiers`` submits an online dossier and returns its code and the
tracking secret; ``POST /api/dossiers/{code}/documents`` adds a file; ``GET /api/dossiers/{code}`` reads
the status and the public timeline. Both need the secret in the ``X-Tracking-Secret`` header. An unknown
code and a wrong secret get the same 403 answer; failures count per IP and per dossier code
(``cchc.common.ratelimits``).

Anyone: ``GET /api/procedures`` — the catalog in force, filtered as the portal's catalog page (agency,
level, commune, field, online, postal, words), each procedure with its performing agencies' codes.

Staff: ``POST /api/token`` (username, password, and the authenticator-app code when the account needs a
second factor) returns a *signed, expiring* bearer token (:func:`issue_token`, ``django.core.signing``,
``CCHC_API_TOKEN_MAX_AGE`` seconds, default 8 h); failures count towards the account's lock-out
(django-axes) and the address's ``CCHC_SIGNIN_FAIL_RATE``. ``GET /api/worklist`` — the open dossiers held
by the caller's unit, with ``Authorization: Bearer <token>`` or the staff session (signed in at
``/quan-tri/``, second factor passed). A token is not revocable except by deactivating the user.

Every error is JSON ``{"detail": "<message in Vietnamese>"}`` with 400/401/403/404/429. The writes go
through the same functions as the portal (``cchc.dossiers.services`` / ``cchc.dossiers.documents``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja import File, Form, Header, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.responses import Status
from ninja.security import HttpBearer, django_auth

from cchc.accounts import selectors as account_selectors
from cchc.accounts import services as account_services
from cchc.accounts.signin import TOO_MANY
from cchc.common.ratelimits import (
    code_locked_message,
    code_locked_minutes,
    failures_exhausted,
    record_failure,
    record_signin_failure,
    signin_failures_exhausted,
)
from cchc.common.workflow import refusal
from cchc.dossiers import documents, selectors, services
from cchc.dossiers.models import Channel
from cchc.procedures import selectors as procedure_selectors

TOKEN_SALT = "cchc.api.token"
SecretHeader = Annotated[str | None, Header(alias="X-Tracking-Secret")]
SUBMIT_GROUP = "cchc.api.submit"

api = NinjaAPI(
    title="CCHC API",
    version="1",
    description="Nộp hồ sơ trực tuyến, tra cứu hồ sơ và danh sách hồ sơ của đơn vị.",
    urls_namespace="api",
    docs_url="/docs",
)


# --- errors -----------------------------------------------------------------------------------------


@api.exception_handler(NinjaValidationError)
def _invalid_request(request, exc):
    return api.create_response(
        request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": exc.errors}, status=400
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": _("Chưa đăng nhập hoặc mã truy cập không hợp lệ.")}, status=401
    )


@api.exception_handler(ValidationError)
def _domain_invalid(request, exc):
    refused = refusal(exc)  # 400; 409 when the row changed since the caller read it, as on the pages
    body = {"detail": refused.message}
    if hasattr(exc, "error_dict"):
        body["errors"] = exc.message_dict
    return api.create_response(request, body, status=refused.status)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("Không có quyền.")}, status=403)


def _limit(request, group: str, rate: str, *, increment: bool) -> None:
    if is_ratelimited(request, group=group, key="ip", rate=rate, increment=increment):
        raise HttpError(429, _("Quá nhiều yêu cầu. Vui lòng thử lại sau."))


# --- staff authentication ---------------------------------------------------------------------------


def issue_token(user) -> str:
    """A signed bearer token for ``user`` (expires after ``CCHC_API_TOKEN_MAX_AGE`` seconds)."""
    return signing.dumps({"u": user.pk}, salt=TOKEN_SALT)


class TokenIn(Schema):
    username: str
    password: str
    otp: str = ""


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


class SignedBearer(HttpBearer):
    def authenticate(self, request, token):
        max_age = settings.CCHC_API_TOKEN_MAX_AGE
        try:
            data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
        except signing.BadSignature:
            return None
        user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
        if user is None:
            return None
        request.user = user
        return user


# --- schemas ----------------------------------------------------------------------------------------


class ApplicantIn(Schema):
    kind: str = "person"
    name: str
    id_number: str = ""
    tax_code: str = ""
    representative: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


class SubmitIn(Schema):
    procedure_code: str
    applicant: ApplicantIn
    return_channel: int = Channel.ONLINE


class SubmitOut(Schema):
    code: str
    secret: str
    status: str


class Error(Schema):
    detail: str


class EventOut(Schema):
    at: dt.datetime
    action: str
    label: str
    status: str
    note: str
    new_due_at: dt.datetime | None = None


class DossierOut(Schema):
    code: str
    procedure_code: str
    procedure: str
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    new_due_at: dt.datetime | None
    apology_reason: str
    timeline: list[EventOut]


class DocumentOut(Schema):
    id: int
    original_name: str
    mime: str
    size: int
    sha256: str


class WorkItem(Schema):
    code: str
    procedure_code: str
    procedure: str
    status: str
    due_at: dt.datetime | None


class ProcedureOut(Schema):
    code: str
    name: str
    field: str
    level: str
    anywhere: bool
    online_level: str
    agency: str
    agencies: list[str]
    url: str


class CatalogOut(Schema):
    count: int
    page: int
    pages: int
    messages: list[str]
    results: list[ProcedureOut]


# --- applicant endpoints ----------------------------------------------------------------------------

_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 429: Error}
_RETURN_CHANNELS = {Channel.ONLINE, Channel.POST, Channel.COUNTER}


@api.get("/procedures", response={200: CatalogOut, **_ERRORS}, tags=["thủ tục"])
def catalog(
    request,
    q: str = "",
    field: str = "",
    agency: str = "",
    level: str = "",
    commune: str = "",
    online: str = "",
    postal: str = "",
    page: str = "1",
):
    """Danh mục thủ tục đang áp dụng, 20 thủ tục mỗi trang, lọc như trang “Thủ tục hành chính” của cổng:
    `agency` — mã định danh (QCVN 102) của cơ quan thực hiện; `level` — `province` | `commune`;
    `commune` — mã đơn vị hành chính của xã, phường (thủ tục UBND xã thực hiện và thủ tục tiếp nhận
    không phụ thuộc địa giới). Giá trị không có trong danh mục bị bỏ qua, kèm thông báo trong `messages`."""
    _limit(request, "cchc.api.catalog", settings.CCHC_SEARCH_RATE, increment=True)
    filters, messages = procedure_selectors.catalog_filter(
        q=q, field=field, agency=agency, level=level, commune=commune, online=online, postal=postal
    )
    found = procedure_selectors.search_page(filters, page, CATALOG_PAGE_SIZE)
    versions = list(found)
    codes = procedure_selectors.performer_codes(versions)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "messages": messages,
        "results": [
            {
                "code": v.procedure.code,
                "name": v.name,
                "field": v.field.code,
                "level": v.level,
                "anywhere": v.anywhere,
                "online_level": v.online_level,
                "agency": v.agency.code,
                "agencies": codes[v.pk],
                "url": request.build_absolute_uri(
                    reverse("portal:procedure_detail", args=[v.procedure.code])
                ),
            }
            for v in versions
        ],
    }


CATALOG_PAGE_SIZE = 20


@api.post("/dossiers", response={201: SubmitOut, **_ERRORS}, tags=["hồ sơ"])
def submit_dossier(request, payload: SubmitIn):
    """Nộp hồ sơ trực tuyến (không kèm tệp: gửi tệp sau bằng ``POST /dossiers/{code}/documents``)."""
    _limit(request, SUBMIT_GROUP, settings.CCHC_SUBMIT_RATE, increment=True)
    version = procedure_selectors.procedure_detail(payload.procedure_code.strip())
    if version is None:
        raise HttpError(
            404, _("Không tìm thấy thủ tục hành chính có mã %(code)s.") % {"code": payload.procedure_code}
        )
    if payload.return_channel not in _RETURN_CHANNELS:
        raise HttpError(400, _("Hình thức nhận kết quả không hợp lệ."))
    dossier, secret = services.submit_online(
        procedure_version=version,
        applicant=services.Applicant(**payload.applicant.dict()),
        return_channel=payload.return_channel,
    )
    return Status(201, {"code": dossier.code, "secret": secret, "status": dossier.status})


def _dossier_with_secret(request, code: str, secret: str | None):
    """The dossier if ``secret`` matches; 401 without it, the same 403 for unknown code or wrong secret."""
    if not secret:
        raise HttpError(401, _("Thiếu mã bí mật tra cứu (tiêu đề X-Tracking-Secret)."))
    if failures_exhausted(request):
        raise HttpError(429, _("Quá nhiều lần nhập sai. Vui lòng thử lại sau."))
    if minutes := code_locked_minutes(request, code):
        raise HttpError(429, code_locked_message(minutes))
    dossier = selectors.dossier_by_code(code)
    if dossier is None or not services.check_secret(dossier, secret):
        record_failure(request, code)
        raise HttpError(403, _("Mã hồ sơ hoặc mã bí mật tra cứu không đúng."))
    return dossier


@api.get("/dossiers/{code}", response={200: DossierOut, **_ERRORS}, tags=["hồ sơ"])
def get_dossier(request, code: str, x_tracking_secret: SecretHeader = None):
    """Trạng thái, hạn trả và quá trình xử lý công khai của hồ sơ."""
    dossier = _dossier_with_secret(request, code, x_tracking_secret)
    return {
        "code": dossier.code,
        "procedure_code": dossier.procedure_version.procedure.code,
        "procedure": dossier.procedure_version.name,
        "status": dossier.status,
        "status_label": dossier.get_status_display(),
        "submitted_at": dossier.submitted_at,
        "due_at": dossier.due_at,
        "new_due_at": dossier.new_due_at,
        "apology_reason": dossier.apology_reason if dossier.new_due_at else "",
        "timeline": [e.__dict__ for e in selectors.public_timeline(dossier)],
    }


@api.post("/dossiers/{code}/documents", response={201: DocumentOut, **_ERRORS}, tags=["hồ sơ"])
def upload_document(
    request,
    code: str,
    file: File[UploadedFile],
    required_document: Form[int | None] = None,
    x_tracking_secret: SecretHeader = None,
):
    """Gửi một tệp thành phần hồ sơ (PDF, JPEG, PNG, DOCX, XLSX) khi hồ sơ chưa được tiếp nhận."""
    dossier = _dossier_with_secret(request, code, x_tracking_secret)
    document = None
    if required_document is not None:
        document = dossier.procedure_version.required_documents.filter(pk=required_document).first()
        if document is None:
            raise HttpError(400, _("Thành phần hồ sơ không thuộc thủ tục của hồ sơ này."))
    checked, errors = documents.check_files({"file": (document, file)})
    if errors:
        raise HttpError(400, " ".join(errors["file"]))
    (doc,) = documents.add_documents(dossier=dossier, secret=x_tracking_secret, checked=checked)
    return Status(201, doc)


# --- staff ------------------------------------------------------------------------------------------


@api.post("/token", response={200: TokenOut, **_ERRORS}, tags=["cán bộ"])
def obtain_token(request, payload: TokenIn):
    """Mã truy cập (Bearer) cho cán bộ: tên đăng nhập, mật khẩu và mã xác thực hai lớp (``otp``) nếu tài
    khoản cần. Nhập sai bị tính vào giới hạn khóa đăng nhập như trang đăng nhập."""
    if signin_failures_exhausted(request):
        raise HttpError(429, _(TOO_MANY))
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:  # a locked-out account is answered by django-axes' middleware (429)
        record_signin_failure(request)
        raise HttpError(401, _("Tên đăng nhập hoặc mật khẩu không đúng."))
    if (
        account_selectors.second_factor_required(user)
        and account_services.check_second_factor(user=user, code=payload.otp, request=request) is None
    ):
        record_signin_failure(request)
        raise HttpError(401, _("Mã xác thực hai lớp không đúng hoặc chưa đăng ký."))
    account_services.log(account_services.Action.API_TOKEN, request=request, actor=user)
    expires_at = timezone.now() + dt.timedelta(seconds=settings.CCHC_API_TOKEN_MAX_AGE)
    return {"token": issue_token(user), "expires_at": expires_at}


@api.get(
    "/worklist",
    response={200: list[WorkItem], **_ERRORS},
    auth=[SignedBearer(), django_auth],
    tags=["cán bộ"],
)
def worklist(request):
    """Hồ sơ đang mở do đơn vị của cán bộ đang giữ (phiên đăng nhập hoặc ``Authorization: Bearer``)."""
    user = request.auth
    staff = getattr(user, "staff", None)
    if staff is None:
        raise HttpError(403, _("Chỉ cán bộ có tài khoản thuộc một đơn vị mới xem được danh sách hồ sơ."))
    return [
        {
            "code": d.code,
            "procedure_code": d.procedure_version.procedure.code,
            "procedure": d.procedure_version.name,
            "status": d.status,
            "due_at": d.effective_due_at,
        }
        for d in selectors.unit_worklist(staff.unit_id)
    ]
