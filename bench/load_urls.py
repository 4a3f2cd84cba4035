"""The production URLs plus ``/hello/``: the same server's floor for the side-by-side figures."""

from django.http import HttpResponse
from django.urls import path

from cchc import urls as production


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("hello/", hello), *production.urlpatterns]
handler400 = production.handler400
handler403 = production.handler403
handler404 = production.handler404
