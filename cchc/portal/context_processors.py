from django.conf import settings

from cchc.org.models import Agency


def site(request):
    """The agency shown in the portal's header (the installation's home agency)."""
    cache = getattr(request, "_cchc_home_agency", None)
    if cache is None:
        cache = Agency.objects.filter(is_home=True).select_related("parent").first() or False
        request._cchc_home_agency = cache
    return {"home_agency": cache or None, "system_name": settings.CCHC_SYSTEM_NAME}
