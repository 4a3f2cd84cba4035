from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cchc.citizens import selectors as citizen_selectors
from cchc.org.models import Agency

HOME_KEY = "cchc:home-agency"


def home_agency() -> Agency | None:
    """The installation's home agency, cached (every page's header shows it); reset when an agency changes."""
    found = cache.get(HOME_KEY)
    if found is None:
        found = Agency.objects.filter(is_home=True).select_related("parent").first() or False
        cache.set(HOME_KEY, found, 300)
    return found or None


@receiver([post_save, post_delete], sender=Agency)
def _forget_home_agency(**kwargs) -> None:
    cache.delete(HOME_KEY)


def site(request):
    """The agency shown in the portal's header (the installation's home agency), and the citizen signed in
    through the national sign-on (the session is read only when the browser sent a session cookie)."""
    return {
        "home_agency": home_agency(),
        "system_name": settings.CCHC_SYSTEM_NAME,
        "citizen": citizen_selectors.signed_in(request),
        "sso_enabled": citizen_selectors.enabled(),
    }
