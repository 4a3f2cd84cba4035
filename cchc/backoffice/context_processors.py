"""What the staff menu shows, for every staff page of every app (not only the dossier screens)."""

from __future__ import annotations

from cchc.org import access, roles

# The dropdown of the staff menu that holds the page, by URL prefix (shown as the active item).
SECTIONS = {
    "citizens": ("/quan-tri/phan-anh/", "/quan-tri/khao-sat/", "/quan-tri/cong-bo/"),
    "reform": ("/quan-tri/chi-so/", "/quan-tri/ke-hoach/", "/quan-tri/bao-cao/"),
}


def staff_menu(request) -> dict:
    # The path first: a public page must not read the session (that would make it uncacheable).
    if not request.path.startswith("/quan-tri/"):
        return {}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    names = roles.user_roles(user)
    staff = getattr(request, "staff", None) or getattr(user, "staff", None)
    return {
        # The brand names the user's own agency (short name when it has one), not the home agency.
        "staff_agency": staff.unit.agency if staff is not None else None,
        "staff_me": staff,
        "menu": {
            "counter": access.is_counter_officer(names, staff),
            "register": access.can_read_register(names, staff),
            "oversee": access.can_oversee(names, staff),
            "director": access.is_director(names),
            "office": bool(names & {roles.OFFICE, roles.SYSADMIN}),
            "sysadmin": roles.SYSADMIN in names,
            "leader": bool(names & {roles.DIRECTOR, roles.OFFICE, roles.UNIT_HEAD, roles.PROVINCE_OVERSIGHT}),
            "province": access.oversees_province(names, staff),
            "section": next((k for k, prefixes in SECTIONS.items() if request.path.startswith(prefixes)), ""),
        },
    }
