"""The anonymous public pages come from the shared cache; a committed change shows at once; nothing
personal (signed-in user, forms, tracking, session, CSP nonce) is ever stored (cchc.common.public_cache)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory

from cchc.common import public_cache
from cchc.procedures.models import ProcedureVersion
from tests.factories import ProcedureVersionFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/thu-tuc/", "/thu-tuc/?q=tro+cap", "/en/", "/en/thu-tuc/", "/hoi-dap/", "/cong-khai/"]


@pytest.fixture
def version(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return ProcedureVersionFactory(
            name="Giải quyết hưởng trợ cấp thất nghiệp", name_en="Unemployment benefit"
        )


def state(response) -> str:
    return response[public_cache.HEADER]


@pytest.mark.parametrize("path", PAGES)
def test_second_anonymous_get_is_served_from_the_cache(client, version, path, django_assert_max_num_queries):
    first = client.get(path)
    assert first.status_code == 200 and state(first) == "miss"
    with django_assert_max_num_queries(1):
        second = client.get(path)
    assert state(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_procedure_page_cached_and_query_order_does_not_matter(client, version, django_assert_num_queries):
    path = f"/thu-tuc/{version.procedure.code}/"
    assert state(client.get(path)) == "miss"
    with django_assert_num_queries(0):
        assert state(client.get(path)) == "hit"
    client.get("/thu-tuc/?q=tro&linh-vuc=")
    assert state(client.get("/thu-tuc/?linh-vuc=&q=tro")) == "hit"


def test_a_new_version_shows_on_the_next_get_after_commit(
    client, version, django_capture_on_commit_callbacks
):
    client.get("/thu-tuc/")
    assert state(client.get("/thu-tuc/")) == "hit"
    assert state(client.get("/")) in ("miss", "hit")
    with django_capture_on_commit_callbacks(execute=True):
        ProcedureVersionFactory(name="Cấp giấy phép lao động cho người nước ngoài")
    after = client.get("/thu-tuc/")
    assert state(after) == "miss"
    assert "Cấp giấy phép lao động cho người nước ngoài" in after.content.decode()


def test_a_change_inside_a_transaction_is_not_seen_before_it_commits(
    client, version, django_capture_on_commit_callbacks
):
    client.get("/thu-tuc/")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        ProcedureVersion.objects.filter(pk=version.pk).update(name="Tên chưa lưu")
        version.name = "Tên mới của thủ tục"
        version.save()
    # Not committed yet: the stored page is still the one served.
    assert state(client.get("/thu-tuc/")) == "hit"
    for callback in pending:
        callback()
    after = client.get("/thu-tuc/")
    assert state(after) == "miss" and "Tên mới của thủ tục" in after.content.decode()


def test_languages_are_stored_apart(client, version):
    path = f"/thu-tuc/{version.procedure.code}/"
    vi = client.get(path)
    en = client.get(f"/en{path}")
    assert state(en) == "miss"
    assert '<html lang="en">' in en.content.decode() and "Unemployment benefit" in en.content.decode()
    again = client.get(path)
    assert state(again) == "hit" and '<html lang="vi">' in again.content.decode()
    assert again.content == vi.content


def test_htmx_fragment_and_full_page_are_stored_apart(client, version):
    full = client.get("/thu-tuc/?q=tro")
    fragment = client.get("/thu-tuc/?q=tro", headers={"HX-Request": "true"})
    assert state(fragment) == "miss"
    assert b"<html" in full.content and b"<html" not in fragment.content


def test_signed_in_user_is_never_served_or_stored(client, version):
    client.force_login(UserFactory())
    first = client.get("/thu-tuc/")
    assert state(first) == "bypass" and state(client.get("/thu-tuc/")) == "bypass"
    client.logout()
    client.cookies.clear()
    assert state(client.get("/thu-tuc/")) == "miss"


def test_tracking_page_and_forms_are_never_stored(client, version):
    for path in ("/tra-cuu/", "/hoi-dap/gui/"):
        response = client.get(path)
        assert response.status_code == 200
        assert public_cache.HEADER not in response or state(response) == "bypass"
        assert public_cache.HEADER not in client.get(path) or state(client.get(path)) == "bypass"


def test_public_pages_carry_no_csrf_token(client, version):
    """The language switch is plain links: a form with a CSRF token would make every page uncacheable."""
    for path in PAGES:
        body = client.get(path).content.decode()
        assert "csrfmiddlewaretoken" not in body, path
    assert 'href="/en/thu-tuc/"' in client.get("/thu-tuc/").content.decode()
    assert 'href="/thu-tuc/"' in client.get("/en/thu-tuc/").content.decode()


def _decorated(render_view):
    return public_cache.public_page("catalog")(render_view)


def _request(**extra):
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/thu-tuc/", **extra)
    request.session = SessionStore()
    return request


def test_a_response_that_used_a_csrf_token_is_not_stored():
    template = engines["django"].from_string("<form>{% csrf_token %}</form>")

    @_decorated
    def view(request):
        return HttpResponse(template.render({}, request))

    assert state(view(_request())) == "bypass"
    assert state(view(_request())) == "bypass"


def test_a_response_that_evaluated_a_csp_nonce_is_not_stored():
    @_decorated
    def view(request):
        request._csp_nonce = "abc"  # what django-csp sets when a template reads request.csp_nonce
        return HttpResponse("<script nonce='abc'></script>")

    assert state(view(_request())) == "bypass"
    assert state(view(_request())) == "bypass"


def test_a_response_that_read_the_session_or_set_a_cookie_is_not_stored():
    @_decorated
    def reads_session(request):
        request.session.get("draft")
        return HttpResponse("<p>x</p>")

    @_decorated
    def sets_cookie(request):
        response = HttpResponse("<p>y</p>")
        response.set_cookie("seen", "1")
        return response

    assert state(reads_session(_request())) == "bypass"
    assert state(sets_cookie(_request())) == "bypass"


def test_a_request_with_a_session_cookie_is_not_served_from_the_cache(client, version, settings):
    client.get("/thu-tuc/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "abc"
    assert state(client.get("/thu-tuc/")) == "bypass"


def test_a_lost_generation_never_revives_old_pages(client, version):
    from django.core.cache import cache

    client.get("/thu-tuc/")
    cache.delete(public_cache._gen_key("catalog"))
    assert state(client.get("/thu-tuc/")) == "miss"
