from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import set_language

from cchc.api.api import api as cchc_api
from cchc.common.ratelimits import public_form

admin.site.site_header = _("CCHC — Quản trị")
admin.site.site_title = _("CCHC")
admin.site.index_title = _("Quản trị hệ thống một cửa và cải cách hành chính")

urlpatterns = [
    # Health checks and metrics: outside the language prefixes, for monitors (cchc.ops).
    path("", include("cchc.ops.urls")),
    path("ngon-ngu/", public_form()(set_language), name="set_language"),
    path("quan-tri/", include("cchc.backoffice.urls")),
    # One sign-in for the staff screens and the admin: the admin's login page sends to the staff one
    # (lock-out, second factor), keeping ``?next=``.
    path("quan-tri/login/", RedirectView.as_view(pattern_name="backoffice:login", query_string=True)),
    path("quan-tri/", admin.site.urls),
    # The national portal pushes the dossiers filed there (cchc.national; its own signature, not the API's).
    path("api/dvcqg/", include("cchc.national.urls_api")),
    path("api/", cchc_api.urls),
    # The payment platform's server-to-server callback (no language prefix, no session).
    path("thanh-toan/ipn/", include("cchc.payments.urls_callback")),
]
# Public portal: Vietnamese at the root, English under /en/.
urlpatterns += i18n_patterns(path("", include("cchc.portal.urls")), prefix_default_language=False)

# Error pages in the page's language, without internal details (cchc.portal.errors); 500: templates/500.html.
handler400 = "cchc.portal.errors.bad_request"
handler403 = "cchc.portal.errors.permission_denied"
handler404 = "cchc.portal.errors.page_not_found"
