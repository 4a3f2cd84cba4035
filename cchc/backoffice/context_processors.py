"""What the staff menu shows, for every staff page of every app (not only the dossier screens)."""

from __future__ import annotations

from cchc.org import roles


def staff_menu(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/quan-tri/"):
        return {}
    names = roles.user_roles(user)
    staff = getattr(request, "staff", None) or getattr(user, "staff", None)
    unit_kind = staff.unit.kind if staff is not None else ""
    return {
        "menu": {
            "counter": roles.COUNTER_OFFICER in names and unit_kind == "counter",
            "oversee": bool(names & {roles.DIRECTOR, roles.OFFICE, roles.UNIT_HEAD}),
            "director": roles.DIRECTOR in names,
            "office": bool(names & {roles.OFFICE, roles.SYSADMIN}),
            "leader": bool(names & {roles.DIRECTOR, roles.OFFICE, roles.UNIT_HEAD}),
        }
    }
