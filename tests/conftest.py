import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_ratelimit_by_default(settings, request):
    """Rate limits are switched on only by the tests that test them (marker ``ratelimit``)."""
    settings.RATELIMIT_ENABLE = "ratelimit" in request.keywords


@pytest.fixture(autouse=True, scope="session")
def _cache_per_process():
    """Tests use in-memory caches: the production file cache under var/ would be shared by the parallel
    test processes, and one test's cache.clear() would empty another's."""
    from django.test import override_settings

    locmem = "django.core.cache.backends.locmem.LocMemCache"
    with override_settings(
        CACHES={
            "default": {"BACKEND": locmem, "LOCATION": "t"},
            "ratelimit": {"BACKEND": locmem, "LOCATION": "r"},
        }
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache(_cache_per_process):
    """Each test starts with an empty cache (catalog summary, rate-limit counters)."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["ratelimit"].clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness costs ~0.5 s per test user on this CPU; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Vietnamese): a request to /en/ through the test client
    activates English in the test's own thread, and LocaleMiddleware leaves it active afterwards."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(request, monkeypatch):
    """``client.force_login`` signs staff in as the sign-in page does for an account with an authenticator
    app: password and second factor passed (a real TOTP device, the session's django-otp key). Tests of the
    second factor itself (marker ``otp``) get Django's plain ``force_login``: password only."""
    if "otp" in request.keywords:
        return
    from django.test import Client

    from tests.otp import pass_second_factor

    plain = Client.force_login

    def force_login(self, user, backend=None):
        plain(self, user, backend)
        pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


# Stand-ins of the outside systems as real processes on loopback (tests/standins.py).
from tests.standins import standin  # noqa: E402, F401
