"""Django's permissions (the admin's) under decision 0003.

The admin grants model permissions by group (``roles.ensure_roles``). The Office group's permissions
(the catalog, the calendar, the plan, the index results) count, like the role itself, only for staff
of the Office: a group's permissions reach a user through ``roles.user_roles``, the one reading of a
user's roles, so the Office role given by mistake to someone of a division opens no admin page either.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from cchc.org import roles


class RoleBackend(ModelBackend):
    """``ModelBackend`` whose group permissions are those of the user's roles (``user_roles``)."""

    def _get_group_permissions(self, user_obj):
        return Permission.objects.filter(group__name__in=roles.user_roles(user_obj))
