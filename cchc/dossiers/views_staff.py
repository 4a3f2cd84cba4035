"""Staff screens for dossiers: counter intake and queues, unit worklists, the dossier page, directors' lists.

Every view needs a logged-in user with a ``Staff`` profile. Every change goes through a function of
``cchc.dossiers.services`` with the ``revision`` the page was built on; a refusal (permission,
validation, stale revision) is shown in Vietnamese and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.common.forms import attach_errors
from cchc.common.params import date_param
from cchc.common.stored_files import removed_on_failure
from cchc.common.workflow import refusal
from cchc.dossiers import (
    documents,
    forms_staff,
    places,
    privacy,
    selectors,
    services,
    slips,
    timeliness,
    workflow,
    worklists,
)
from cchc.dossiers import register as register_module
from cchc.dossiers.labels import BADGES, label_rows
from cchc.dossiers.models import Dossier, DossierDocument, PaperTransfer, PersonalDataRead, Status
from cchc.dossiers.selectors import ACTION_LABELS
from cchc.org import access, roles
from cchc.org import selectors as org_selectors
from cchc.org.access import staff_context, staff_required
from cchc.org.models import Agency, Unit
from cchc.procedures.models import ProcedureVersion, RequiredDocument
from cchc.procedures.selectors import CatalogFilter, search

PER_PAGE = 25
SESSION_INTAKE_SECRET = "cchc_intake_secret"
TAB_LABELS = {
    worklists.TAB_PROCESS: gettext_lazy("Cần xử lý"),
    worklists.TAB_DUE_SOON: gettext_lazy("Sắp đến hạn"),
    worklists.TAB_OVERDUE: gettext_lazy("Quá hạn"),
    worklists.TAB_WAITING: gettext_lazy("Chờ bổ sung"),
    worklists.TAB_INTER_AGENCY: gettext_lazy("Đang ở cơ quan phối hợp"),
}


# --- access ---------------------------------------------------------------------------------------


class _KnownCountPaginator(Paginator):
    """A paginator told its count (the worklist's tab counts already hold it): one query fewer."""

    def __init__(self, *args, known_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if known_count is not None:
            self.__dict__["count"] = known_count  # fills the cached_property


def _page(request, qs, *, count: int | None = None, now=None):
    """One page of ``qs`` in two steps ("deferred join"): the page's ids, sorted and sliced on the
    dossier table alone, then those rows with their joins and annotations. A unit holding
    thousands of open dossiers then joins 25 rows, not all of them, before sorting."""
    ids = qs.values_list("pk", flat=True)
    page = _KnownCountPaginator(ids, PER_PAGE, known_count=count).get_page(request.GET.get("trang"))
    wanted = list(page.object_list)
    rows = privacy.annotate_visible(qs.order_by().filter(pk__in=wanted), request.user) if wanted else []
    found = {row.pk: row for row in rows}
    page.object_list = privacy.name_rows(label_rows([found[pk] for pk in wanted if pk in found], now))
    return page


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# --- home -----------------------------------------------------------------------------------------


@staff_required
@require_GET
def home(request):
    if access.is_counter_officer(request.roles, request.staff):
        return redirect("backoffice:counter")
    if (
        request.staff.unit.kind in (Unit.Kind.DIVISION, Unit.Kind.AFFILIATE)
        or roles.SPECIALIST in request.roles
    ):
        return redirect("backoffice:worklist")
    if access.can_oversee(request.roles, request.staff):
        return redirect("backoffice:overview")
    return redirect("backoffice:worklist")


# --- counter: intake ------------------------------------------------------------------------------


def _agency_versions(request):
    """What this counter receives: its agency's procedures; at a service place also those of the
    agencies it serves and those received anywhere in the province (``places.receivable_versions_q``)."""
    place = request.staff.unit.agency
    return ProcedureVersion.objects.published().filter(places.receivable_versions_q(place)).distinct()


@staff_required
@require_GET
def intake_choose(request):
    if not access.is_counter_officer(request.roles, request.staff):
        raise PermissionDenied(_("Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ."))
    q = request.GET.get("q", "").strip()
    if q:
        # The search's own SQL (full-text on SQLite) is kept apart from the place's filter: the
        # matches are narrowed to what this counter receives in Python, on a bounded list.
        receivable = set(_agency_versions(request).values_list("pk", flat=True))
        versions = [v for v in search(CatalogFilter(q=q))[:300] if v.pk in receivable][:30]
    else:
        versions = _agency_versions(request).select_related("procedure").order_by("name")[:200]
    context = staff_context(request, versions=list(versions), q=q)
    if request.headers.get("HX-Request"):
        return render(request, "dossiers/staff/_procedure_choices.html", context)
    return render(request, "dossiers/staff/intake_choose.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def intake_form(request, version_id: int):
    if not access.is_counter_officer(request.roles, request.staff):
        raise PermissionDenied(_("Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ."))
    version = get_object_or_404(_agency_versions(request).select_related("procedure"), pk=version_id)
    required = list(RequiredDocument.objects.filter(version=version).order_by("order", "id"))
    here = request.staff.unit.agency
    agencies = places.performing_agencies(version)
    if here.is_service_place and not version.anywhere:
        agencies = [a for a in agencies if a.pk in set(here.serves.values_list("pk", flat=True))]
    choices = {
        "agencies": agencies,
        "places": places.return_places(version, agencies, here),
        "default_agency": next((a for a in agencies if a.pk == here.pk), None),
    }
    status = 200
    if request.method == "POST":
        form = forms_staff.IntakeForm(
            request.POST,
            request.FILES,
            documents=required,
            paper_reason_required=version.is_online,
            **choices,
        )
        if form.is_valid():
            data = form.cleaned_data
            files = {f"scan_{doc.pk}": (doc, data.get(f"scan_{doc.pk}")) for doc in required}
            checked, file_errors = documents.check_files(files, require=False)
            for field, errs in file_errors.items():
                form.add_error(field, errs)
            if not file_errors:
                applicant = form.applicant()
                try:
                    with removed_on_failure() as written, transaction.atomic():
                        dossier, secret = services.receive_at_counter(
                            actor=request.user,
                            procedure_version=version,
                            applicant=applicant,
                            agency=data.get("agency"),
                            return_place=data.get("return_place"),
                            channel=data["channel"],
                            return_channel=data["return_channel"],
                            paper_reason=data["paper_reason"],
                        )
                        documents.save_documents(dossier, checked, user=request.user, written=written)
                except (PermissionDenied, ValidationError) as exc:
                    attach_errors(form, exc)
                    status = refusal(exc).status
                else:
                    # Shown once on the next page, for the applicant (tracking online, files, result).
                    request.session[SESSION_INTAKE_SECRET] = {"code": dossier.code, "secret": secret}
                    return redirect("backoffice:intake_done", code=dossier.code)
        if status == 200:
            status = 400
    else:
        form = forms_staff.IntakeForm(documents=required, paper_reason_required=version.is_online, **choices)
    return render(
        request,
        "dossiers/staff/intake_form.html",
        staff_context(request, version=version, form=form),
        status=status,
    )


@staff_required
@require_GET
def intake_done(request, code: str):
    dossier = _load(request, code)
    docs = list(documents.documents_of(dossier))
    secret = _intake_secret(request, dossier)
    applicant = privacy.applicant_view(dossier, privacy.can_see_personal_data(request.user, dossier))
    return render(
        request,
        "dossiers/staff/intake_done.html",
        staff_context(request, dossier=dossier, docs=docs, secret=secret, applicant=applicant),
    )


def _intake_secret(request, dossier: Dossier) -> str:
    """The tracking secret of the dossier this officer has just received, while the session still
    holds it (until the next intake): shown once on the next page and printed on the receipt."""
    issued = request.session.get(SESSION_INTAKE_SECRET) or {}
    return issued.get("secret", "") if issued.get("code") == dossier.code else ""


@staff_required
@require_GET
def slip(request, code: str, kind: str):
    """A slip of the dossier as A5 PDF, or editable DOCX with ``?dinh-dang=docx``."""
    dossier = _load(request, code)
    _personal_data_or_403(request, dossier, _("Bạn không có quyền in phiếu của hồ sơ này."))
    if kind not in slips.SLIP_KINDS:
        raise Http404(_("Không có loại phiếu này."))
    as_docx = request.GET.get("dinh-dang") == "docx"
    try:
        if as_docx:
            content = slips.render_docx(dossier, kind)
        else:
            secret = _intake_secret(request, dossier) if kind == slips.RECEIPT else ""
            content = slips.render_pdf(dossier, kind, secret=secret)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
    services.record_personal_data_read(
        actor=request.user,
        dossier=dossier,
        what=PersonalDataRead.What.SLIP,
        detail={"kind": kind, "format": "docx" if as_docx else "pdf"},
    )
    extension, mime = (
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        if as_docx
        else ("pdf", "application/pdf")
    )
    response = HttpResponse(content, content_type=mime)
    disposition = "attachment" if as_docx else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{dossier.code}-{kind}.{extension}"'
    return response


# --- counter: queues ------------------------------------------------------------------------------

QUEUE_LABELS = {
    worklists.QUEUE_SUBMITTED: gettext_lazy("Hồ sơ trực tuyến chờ kiểm tra"),
    worklists.QUEUE_RESULTS: gettext_lazy("Kết quả chờ trả"),
    worklists.QUEUE_SUPPLEMENT: gettext_lazy("Chờ người nộp bổ sung"),
    worklists.QUEUE_PAPER: gettext_lazy("Bản giấy đang chuyển, chờ xác nhận"),
}


@staff_required
@require_GET
def counter(request):
    if not access.is_counter_officer(request.roles, request.staff):
        raise PermissionDenied(_("Chỉ cán bộ Bộ phận Một cửa xem được trang này."))
    queue = request.GET.get("hang", worklists.QUEUE_SUBMITTED)
    if queue not in worklists.QUEUES:
        queue = worklists.QUEUE_SUBMITTED
    q = request.GET.get("q", "")
    agency = request.staff.unit.agency
    page = _page(request, worklists.counter_queue(agency, queue, q=q))
    counts = {key: worklists.counter_queue(agency, key).count() for key in worklists.QUEUES}
    tabs = [(key, QUEUE_LABELS[key], counts[key]) for key in worklists.QUEUES]
    return render(
        request,
        "dossiers/staff/counter.html",
        staff_context(request, page=page, queue=queue, tabs=tabs, q=q, queue_label=QUEUE_LABELS[queue]),
    )


# --- unit worklist --------------------------------------------------------------------------------


@staff_required
@require_GET
def worklist(request):
    unit = request.staff.unit
    tab = request.GET.get("tab", worklists.TAB_PROCESS)
    if tab not in worklists.TABS:
        tab = worklists.TAB_PROCESS
    q = request.GET.get("q", "")
    now = timezone.now()
    counts = worklists.tab_counts(unit, now=now)
    known = None if q.strip() else counts[tab]
    page = _page(request, worklists.unit_tab(unit, tab, q=q, now=now), count=known, now=now)
    tabs = [(key, TAB_LABELS[key], counts[key]) for key in worklists.TABS]
    context = staff_context(request, page=page, tab=tab, tabs=tabs, q=q, unit=unit)
    if request.headers.get("HX-Request"):
        return render(request, "dossiers/staff/_dossier_table.html", context)
    # The paper of the agency's dossiers still on its way (originals coming, results sent): to confirm.
    context["paper"] = list(worklists.paper_in_transit(unit.agency)[:20])
    return render(request, "dossiers/staff/worklist.html", context)


# --- dossier page ---------------------------------------------------------------------------------


def _load(request, code: str) -> Dossier:
    """The dossier ``code`` if the user may open it (``privacy.openable_q``), else 404: a dossier of
    another agency answers as one that does not exist, so neither its existence nor its code leaks."""
    return get_object_or_404(
        privacy.openable(Dossier.objects, request.user).select_related(
            "procedure_version__procedure",
            "procedure_version__agency",
            "agency",
            "holder_unit",
            "holder_agency",
            "current_step",
        ),
        code=code,
    )


def allowed_actions(user, dossier: Dossier) -> list[str]:
    """The staff operations ``user`` may perform on ``dossier`` now (``services.check`` for each)."""
    allowed = [
        name
        for name in services.DOSSIERS.allowed(user, dossier)
        if workflow.OPERATIONS[name].scope != workflow.APPLICANT
    ]
    if {"hand_over", "approve", "reject"} & set(allowed):
        # At the last step the dossier is decided; before it, handed on.
        hide = {"hand_over"} if services.at_last_step(dossier) else {"approve", "reject"}
        allowed = [name for name in allowed if name not in hide]
    return allowed


def _personal_data_or_403(request, dossier: Dossier, message: str) -> None:
    """Documents, results and slips carry personal data: the need-to-know rule, or 403."""
    if not privacy.can_see_personal_data(request.user, dossier):
        raise PermissionDenied(message)


def _action_cards(dossier: Dossier, names: list[str], bound: dict | None = None) -> list[dict]:
    """The action forms of the page: one card per group of operations sharing a form (the approver's
    decision is one opinion box with its three buttons), rarely used ones folded."""
    cards: dict[str, dict] = {}
    order = list(forms_staff.ACTIONS)  # within a card, the buttons in the table's order (approve first)
    for name in sorted(names, key=order.index):
        form_class, label, style = forms_staff.ACTIONS[name]
        group = forms_staff.group_of(name)
        card = cards.get(group)
        if card is None:
            form = (bound or {}).get(group) or form_class(
                initial={"revision": dossier.revision}, prefix=group, dossier=dossier
            )
            card = cards[group] = {
                "group": group,
                "form": form,
                "title": forms_staff.CARD_TITLES.get(group, ""),
                "folded": group in forms_staff.FOLDED and not form.is_bound,
                "buttons": [],
            }
        card["buttons"].append({"name": name, "label": label, "style": style})
    for card in cards.values():
        card["summary"] = card["title"] or card["buttons"][0]["label"]
    return list(cards.values())


def _detail(request, dossier: Dossier, *, bound=None, error: str = "", status: int = 200, reason_form=None):
    names = allowed_actions(request.user, dossier)
    handovers = list(
        dossier.handovers.select_related(
            "from_unit", "from_agency", "to_unit", "to_agency", "handed_by__staff", "step"
        ).order_by("seq")
    )
    visible = privacy.can_see_personal_data(request.user, dossier)
    if visible:
        services.record_personal_data_read(
            actor=request.user, dossier=dossier, what=PersonalDataRead.What.PAGE
        )
    can_break_glass = (
        not visible
        and privacy.may_break_glass(request.user)
        and request.staff.unit.agency_id == dossier.agency_id
    )
    rounds, results = selectors.documents_by_round(dossier)
    dossier.timeliness_key = timeliness.classify(dossier)
    context = staff_context(
        request,
        dossier=dossier,
        applicant=privacy.applicant_view(dossier, visible),
        timeliness_label=timeliness.LABELS[dossier.timeliness_key],
        timeliness_badge=BADGES[dossier.timeliness_key],
        rounds=rounds,
        results=results,
        receipts=selectors.receipts_of(dossier),
        can_download=visible,
        slip_forms=slips.available(dossier) if visible else [],
        reason_form=(reason_form or forms_staff.BreakGlassForm()) if can_break_glass else None,
        can_read_log=_can_read_log(request),
        break_glass_minutes=settings.CCHC_BREAK_GLASS_MINUTES,
        events=selectors.staff_timeline(dossier),
        handovers=handovers,
        paper=list(dossier.paper_transfers.select_related("from_agency", "to_agency")),
        paper_actions=_paper_actions(request.user, dossier),
        acting_step=services.acting_step(dossier),
        cards=_action_cards(dossier, names, bound),
        error=error,
    )
    return render(request, "dossiers/staff/dossier_detail.html", context, status=status)


PAPER_STEPS = {"gui": services.send_paper, "nhan": services.confirm_paper}
PAPER_LABELS = {
    ("gui", PaperTransfer.Direction.TO_AGENCY): gettext_lazy(
        "Ghi nhận đã chuyển bản giấy cho cơ quan giải quyết"
    ),
    ("nhan", PaperTransfer.Direction.TO_AGENCY): gettext_lazy("Xác nhận đã nhận bản giấy hồ sơ"),
    ("gui", PaperTransfer.Direction.TO_RETURN): gettext_lazy("Ghi nhận đã chuyển kết quả bản giấy"),
    ("nhan", PaperTransfer.Direction.TO_RETURN): gettext_lazy("Xác nhận đã nhận kết quả bản giấy"),
}


def _paper_actions(user, dossier: Dossier) -> list[dict]:
    """The paper transfer buttons this user may press on ``dossier`` now (send, confirm)."""
    return [
        {"step": step, "direction": direction, "label": label}
        for (step, direction), label in PAPER_LABELS.items()
        if services.may_paper(step == "gui", user, dossier, direction)
    ]


@staff_required
@require_POST
def paper_action(request, code: str, step: str):
    """Record that the paper originals (or the paper result) were sent, or confirm they arrived."""
    if step not in PAPER_STEPS:
        raise Http404(_("Không có thao tác này."))
    dossier = _load(request, code)
    direction = request.POST.get("direction", "")
    if direction not in PaperTransfer.Direction.values:
        return _detail(request, dossier, error=_("Chọn chiều chuyển bản giấy."), status=400)
    kwargs = {"actor": request.user, "dossier": dossier, "direction": direction}
    if step == "gui":
        kwargs["what"] = request.POST.get("what", "")[:500]
    try:
        PAPER_STEPS[step](**kwargs)
    except (PermissionDenied, ValidationError) as exc:
        refused = refusal(exc)
        return _detail(request, _load(request, code), error=refused.message, status=refused.status)
    messages.success(
        request, _("Đã ghi nhận luân chuyển bản giấy của hồ sơ %(code)s.") % {"code": dossier.code}
    )
    return redirect(reverse("backoffice:dossier", args=[dossier.code]) + "#ban-giay")


@staff_required
@require_POST
def open_personal_data(request, code: str):
    """A director or the Office opens a dossier's personal data with a written reason (logged)."""
    dossier = _load(request, code)
    form = forms_staff.BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            reason = form.cleaned_data["reason"]
            services.open_personal_data(actor=request.user, dossier=dossier, reason=reason)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("backoffice:dossier", code=dossier.code)
    return _detail(request, dossier, reason_form=form, status=400)


@staff_required
@require_GET
def dossier_detail(request, code: str):
    return _detail(request, _load(request, code))


SERVICE_FUNCTIONS = {
    "receive": services.receive,
    "request_intake_supplement": services.request_intake_supplement,
    "refuse": services.refuse,
    "hand_over": services.hand_over,
    "take_back": services.take_back,
    "send_back": services.send_back,
    "request_supplement": services.request_supplement,
    "apologise": services.apologise,
    "approve": services.approve,
    "reject": services.reject,
    "return_result": services.return_result,
    "stop": services.stop,
}
# Operations whose form carries files: done by ``cchc.dossiers.documents`` (the change and its files
# in one transaction).
WITH_FILES = {
    "approve": documents.approve_with_result,
    "return_result": documents.return_with_result,
    "supplement_received": documents.counter_supplement,
    "intake_supplement_received": documents.counter_supplement,
}


@staff_required
@require_POST
def dossier_action(request, code: str, operation: str):
    if operation not in SERVICE_FUNCTIONS and operation not in WITH_FILES:
        raise Http404(_("Không có thao tác này."))
    dossier = _load(request, code)
    form_class, _label_text, _style = forms_staff.ACTIONS[operation]
    group = forms_staff.group_of(operation)
    form = form_class(request.POST, request.FILES, prefix=group, dossier=dossier)
    if not form.is_valid():
        return _detail(request, dossier, bound={group: form}, status=400)
    files = {
        name: (getattr(form, "documents", {}).get(name), form.cleaned_data.get(name))
        for name in form.file_fields
    }
    checked, errors = documents.check_files(files, require=False)
    if errors:
        for field, messages_ in errors.items():
            for message in messages_:
                form.add_error(field, message)
        return _detail(request, dossier, bound={group: form}, status=400)
    kwargs = {"actor": request.user, "dossier": dossier, "revision": form.cleaned_data["revision"]}
    try:
        if operation in WITH_FILES and (checked or operation not in SERVICE_FUNCTIONS):
            WITH_FILES[operation](checked=checked, **kwargs, **form.service_kwargs(operation))
        else:
            service_kwargs = form.service_kwargs(operation)
            service_kwargs.pop("title", None)  # a result's name matters only with its file
            SERVICE_FUNCTIONS[operation](**kwargs, **service_kwargs)
    except (PermissionDenied, ValidationError) as exc:
        refused = refusal(exc)
        if refused.status == 409:  # the page was out of date, or the form sent twice: show the dossier now
            dossier = _load(request, code)
        elif refused.status == 400:
            attach_errors(form, exc, {"reason": "opinion", "note": "opinion"})
        bound = {group: form} if refused.status == 400 else None
        return _detail(request, dossier, bound=bound, error=refused.message, status=refused.status)
    messages.success(
        request,
        _("Đã thực hiện “%(action)s” cho hồ sơ %(code)s.")
        % {"action": ACTION_LABELS.get(operation, operation), "code": dossier.code},
    )
    return redirect(_safe_next(request, reverse("backoffice:dossier", args=[dossier.code])))


@staff_required
@require_GET
def document_download(request, code: str, doc_id: int):
    dossier = _load(request, code)
    _personal_data_or_403(request, dossier, _("Bạn không có quyền xem tài liệu của hồ sơ này."))
    doc = get_object_or_404(DossierDocument, pk=doc_id, dossier=dossier)
    try:
        handle = documents.open_document(doc)
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from exc
    services.record_personal_data_read(
        actor=request.user,
        dossier=dossier,
        what=PersonalDataRead.What.DOCUMENT,
        detail={"document": doc.pk, "kind": doc.kind},
    )
    return FileResponse(handle, as_attachment=True, filename=doc.download_name, content_type=doc.mime)


# --- directors' lists -----------------------------------------------------------------------------

# The overview's columns: the timeliness classes of dossiers in processing, then results waiting to
# be returned (``worklists.counts_by_unit`` puts every dossier in one of them).
COUNT_COLUMNS = [
    (timeliness.WITHIN, timeliness.LABELS[timeliness.WITHIN], BADGES[timeliness.WITHIN]),
    (timeliness.DUE_SOON, timeliness.LABELS[timeliness.DUE_SOON], BADGES[timeliness.DUE_SOON]),
    (timeliness.OVERDUE, timeliness.LABELS[timeliness.OVERDUE], BADGES[timeliness.OVERDUE]),
    (
        timeliness.LATE_SUPPLEMENTS,
        timeliness.LABELS[timeliness.LATE_SUPPLEMENTS],
        BADGES[timeliness.LATE_SUPPLEMENTS],
    ),
    (timeliness.PAUSED, timeliness.LABELS[timeliness.PAUSED], BADGES[timeliness.PAUSED]),
    (Status.RESULT_READY, Status.RESULT_READY.label, "text-bg-info"),
]


@dataclass(frozen=True)
class OversightScope:
    """What an oversight list covers: an agency (None: every agency), a unit (a unit head's), and for
    the province's oversight role the agencies it may choose among (``?co-quan=<id>``)."""

    agency: Agency | None
    unit: Unit | None
    choices: list
    chosen: str = ""

    @property
    def query(self) -> str:
        """The choice carried over to the links between the lists."""
        return f"?co-quan={self.chosen}" if self.chosen else ""


def _oversight_scope(request) -> OversightScope:
    """A director or the office sees their whole agency, a unit head their unit; the province's
    oversight role every agency, or the one chosen."""
    if not access.can_oversee(request.roles, request.staff):
        raise PermissionDenied(_("Chỉ lãnh đạo Sở, lãnh đạo đơn vị và Văn phòng xem được trang này."))
    if access.oversees_province(request.roles, request.staff):
        choices = list(org_selectors.agencies_on().exclude(kind=Agency.Kind.SERVICE_CENTRE).order_by("name"))
        chosen = request.GET.get("co-quan", "")
        agency = next((a for a in choices if str(a.pk) == chosen), None)
        return OversightScope(agency, None, choices, str(agency.pk) if agency else "")
    agency = request.staff.unit.agency
    if request.roles & {roles.DIRECTOR, roles.OFFICE}:
        return OversightScope(agency, None, [])
    return OversightScope(agency, request.staff.unit, [])


@staff_required
@require_GET
def overview(request):
    scope = _oversight_scope(request)
    agency, unit = scope.agency, scope.unit
    now = timezone.now()
    table = worklists.counts_by_unit(agency, unit=unit, now=now)
    keys = [key for key, _label, _badge in COUNT_COLUMNS]
    for row in table:
        row["cells"] = [row["counts"].get(key, 0) for key in keys]
    totals = [sum(row["cells"][i] for row in table) for i in range(len(keys))]
    waiting = Dossier.objects.filter(status__in=[Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED])
    context = staff_context(
        request,
        table=table,
        columns=COUNT_COLUMNS,
        totals=totals,
        grand_total=sum(row["total"] for row in table),
        scope=scope,
        scope_unit=unit,
        late_count=worklists.late_without_apology(agency, unit=unit, now=now).count(),
        paper_count=worklists.paper_exceptions(agency).count() if unit is None else None,
        not_received=(
            (waiting.filter(agency=agency) if agency else waiting).count() if unit is None else None
        ),
    )
    return render(request, "dossiers/staff/overview.html", context)


@staff_required
@require_GET
def late_list(request):
    scope = _oversight_scope(request)
    page = _page(request, worklists.late_without_apology(scope.agency, unit=scope.unit))
    return render(
        request,
        "dossiers/staff/late_list.html",
        staff_context(request, page=page, scope=scope, scope_unit=scope.unit),
    )


@staff_required
@require_GET
def paper_list(request):
    scope = _oversight_scope(request)
    if scope.unit is not None:
        raise PermissionDenied(_("Danh sách này dành cho lãnh đạo Sở và Văn phòng."))
    page = _page(request, worklists.paper_exceptions(scope.agency))
    return render(request, "dossiers/staff/paper_list.html", staff_context(request, page=page, scope=scope))


# --- register ---------------------------------------------------------------------------------------


@staff_required
@require_GET
def register(request):
    """Sổ theo dõi hồ sơ of the agency for a period: ``?tu=YYYY-MM-DD&den=YYYY-MM-DD&dinh-dang=pdf|xlsx``."""
    if not access.can_read_register(request.roles, request.staff):
        raise PermissionDenied(_("Chỉ Bộ phận Một cửa, lãnh đạo Sở và Văn phòng xem được sổ theo dõi hồ sơ."))
    today = timezone.localdate()
    start = date_param(request.GET.get("tu") or today.replace(day=1).isoformat())
    end = date_param(request.GET.get("den") or today.isoformat())
    if start is None or end is None:
        return HttpResponse(
            _("Ngày không hợp lệ; dùng dạng NNNN-TT-NN."), status=400, content_type="text/plain"
        )
    if end < start or (end - start).days > 366:
        return HttpResponse(
            _("Khoảng thời gian phải từ 1 ngày đến 1 năm."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    agency = request.staff.unit.agency
    shown = register_module.register_dossiers(agency, start, end).filter(
        privacy.personal_data_q(request.user)
    )
    services.record_register_read(actor=request.user, dossier_ids=list(shown.values_list("pk", flat=True)))
    if request.GET.get("dinh-dang") == "xlsx":
        content = register_module.render_register_xlsx(agency, start, end, viewer=request.user)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
        )
        return response
    content = register_module.render_register_pdf(agency, start, end, viewer=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}.pdf"'
    return response


# --- access log of personal data (decision 0018) ------------------------------------------------------


def _can_read_log(request) -> bool:
    """The Office and the system administrators read who accessed personal data."""
    return bool(request.roles & {roles.OFFICE, roles.SYSADMIN})


@staff_required
@require_GET
def access_log(request):
    """Nhật ký truy cập dữ liệu cá nhân: ``?ho-so=<code>`` and/or ``?can-bo=<username>``."""
    if not _can_read_log(request):
        raise PermissionDenied(_("Chỉ Văn phòng Sở và quản trị hệ thống xem được nhật ký truy cập."))
    code = request.GET.get("ho-so", "")[:40]
    username = request.GET.get("can-bo", "")[:150]
    reads = selectors.personal_data_reads(code=code, username=username)
    if not privacy.sees_whole_province(request.user):
        # The Office reads the log of the dossiers it may open: its own agency's.
        reads = reads.filter(dossier__in=privacy.openable(Dossier.objects, request.user).values("pk"))
    page = Paginator(reads, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "dossiers/staff/access_log.html",
        staff_context(request, page=page, code=code, username=username),
    )
