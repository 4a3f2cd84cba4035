"""Staff roles as Django groups, and the model permissions each role holds.

The group names are Vietnamese because administrators see them in the admin; code refers to the
constants below. ``ensure_roles`` runs after every migrate, so a new permission reaches its role.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

COUNTER_OFFICER = "Cán bộ Bộ phận Một cửa"
SPECIALIST = "Chuyên viên xử lý"
UNIT_HEAD = "Lãnh đạo đơn vị"
DIRECTOR = "Lãnh đạo Sở"
OFFICE = "Văn phòng Sở (quản trị kế hoạch)"
SYSADMIN = "Quản trị hệ thống"
# The province's office (Văn phòng UBND tỉnh) and the service centre's management: every agency's
# dossiers and indicators, read-only (decision 0021). Counts only for staff of the province's people's
# committee or of a province-level service centre, like the Office role counts only in the Office.
PROVINCE_OVERSIGHT = "Giám sát toàn tỉnh"

ROLES: dict[str, str] = {
    COUNTER_OFFICER: _("Tiếp nhận, trả kết quả tại Bộ phận Một cửa"),
    SPECIALIST: _("Thẩm định, xử lý hồ sơ của đơn vị"),
    UNIT_HEAD: _("Trưởng, phó đơn vị: phân công, duyệt"),
    DIRECTOR: _("Giám đốc, Phó Giám đốc: theo dõi mọi đơn vị"),
    OFFICE: _("Quản lý danh mục TTHC, kế hoạch CCHC, báo cáo"),
    SYSADMIN: _("Quản trị tài khoản, cơ cấu tổ chức, lịch làm việc"),
    PROVINCE_OVERSIGHT: _("Văn phòng UBND tỉnh, lãnh đạo Trung tâm: xem hồ sơ, chỉ số mọi cơ quan (chỉ xem)"),
}

# app_label.model -> the roles that may change it in the admin (view is given to every staff role).
_CHANGE = {
    "org.agency": {SYSADMIN},
    "org.unit": {SYSADMIN},
    "org.staff": {SYSADMIN},
    "workdays.calendaroverride": {SYSADMIN, OFFICE},
    "procedures.field": {OFFICE, SYSADMIN},
    "procedures.procedure": {OFFICE, SYSADMIN},
    "procedures.procedureversion": {OFFICE, SYSADMIN},
    "procedures.requireddocument": {OFFICE, SYSADMIN},
    "procedures.formtemplate": {OFFICE, SYSADMIN},
    "procedures.processstep": {OFFICE, SYSADMIN},
    "procedures.fee": {OFFICE, SYSADMIN},
    "procedures.legalbasis": {OFFICE, SYSADMIN},
    "procedures.performer": {OFFICE, SYSADMIN},
    "procedures.fieldtransfer": {OFFICE, SYSADMIN},
    "surveys.methodversion": {OFFICE, SYSADMIN},  # surveys
    "surveys.element": {OFFICE, SYSADMIN},
    "surveys.criterion": {OFFICE, SYSADMIN},
    "surveys.question": {OFFICE, SYSADMIN},
    "surveys.response": set(),
    "surveys.followup": set(),
    "surveys.kioskdevice": set(),
    # feedback
    "disclosure.commune": {OFFICE, SYSADMIN},  # disclosure
    # plans
    "plans.plan": {OFFICE, SYSADMIN},
    "plans.requirement": {OFFICE, SYSADMIN},
    "plans.target": {OFFICE, SYSADMIN},
    # indicators, reports
    "indicators.rule766": {OFFICE, SYSADMIN},
    "indicators.externalresult": {OFFICE, SYSADMIN},
    "indicators.selfassessment": {OFFICE, SYSADMIN},
    "indicators.criterion": {OFFICE, SYSADMIN},
    "indicators.evidence": {OFFICE, SYSADMIN},
    "indicators.warningnotice": set(),
    # reports
    "reports.reportjob": set(),  # written only by cchc.reports.services / runner; view for staff
    "auth.user": {SYSADMIN},
    "auth.group": {SYSADMIN},
}


def ensure_roles(sender=None, **kwargs) -> None:
    """Create the role groups and give them their permissions (idempotent).

    As a post_migrate receiver it acts only for the last installed app, when the permissions of
    every app exist; called directly (``sender=None``) it always acts.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    # Django sends post_migrate only for apps that have a models module.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not None and sender is not last:
        return

    using = kwargs.get("using", "default")
    groups = {name: Group.objects.using(using).get_or_create(name=name)[0] for name in ROLES}
    perms = Permission.objects.using(using).select_related("content_type")
    by_model: dict[str, list[Permission]] = {}
    for perm in perms:
        key = f"{perm.content_type.app_label}.{perm.content_type.model}"
        by_model.setdefault(key, []).append(perm)
    for model, changers in _CHANGE.items():
        for perm in by_model.get(model, []):
            action = perm.codename.split("_", 1)[0]
            for name, group in groups.items():
                if action == "view" or name in changers:
                    group.permissions.add(perm)


def user_roles(user) -> set[str]:
    """The role names of ``user``, read once per user object (a request's ``request.user``)."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_cchc_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        if OFFICE in names and not _in_office(user):
            # The Office role acts for the whole Department (publishes, cancels tasks, enters the
            # index results): it counts only for staff of the Office itself, so a role given to
            # someone of another unit by mistake gives nothing (decision 0003).
            names.discard(OFFICE)
        if PROVINCE_OVERSIGHT in names and not _at_province(user):
            names.discard(PROVINCE_OVERSIGHT)
        cached = user._cchc_roles = frozenset(names)
    return set(cached)


def sees_province(names: set[str], staff) -> bool:
    """Sees every agency's figures and the province as a whole: the oversight role, or the director,
    the Office or the administrator of the province's people's committee."""
    from cchc.org.models import Agency

    if PROVINCE_OVERSIGHT in names:
        return True
    return (
        staff is not None
        and staff.unit.agency.kind == Agency.Kind.PROVINCE
        and bool(names & {DIRECTOR, OFFICE, SYSADMIN})
    )


def _at_province(user) -> bool:
    """Staff of the province's people's committee or of a province-level service centre."""
    from cchc.org.models import Agency, Staff

    row = Staff.objects.filter(user=user).values_list("unit__agency__kind", "unit__agency__level").first()
    return row is not None and (
        row[0] == Agency.Kind.PROVINCE
        or (row[0] == Agency.Kind.SERVICE_CENTRE and row[1] == Agency.Level.PROVINCE)
    )


def _in_office(user) -> bool:
    from cchc.org.models import Staff, Unit

    kind = Staff.objects.filter(user=user).values_list("unit__kind", flat=True).first()
    return kind == Unit.Kind.OFFICE
