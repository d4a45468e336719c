import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

PAGE = Path(os.environ["BARE_PAGE"]).read_bytes()


def page(request, anything=""):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page), path("<path:anything>", page)]
