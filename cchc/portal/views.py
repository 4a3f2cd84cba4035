from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def home(request):
    return render(request, "portal/home.html", {})


def ratelimited(request, exception=None):
    return HttpResponse(_("Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút."), status=429)
