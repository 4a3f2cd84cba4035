from django.http import HttpResponse


def catalog_import(request):  # replaced by the catalog import screen
    return HttpResponse(status=501)
