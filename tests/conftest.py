import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_ratelimit_by_default(settings, request):
    """Rate limits are switched on only by the tests that test them (marker ``ratelimit``)."""
    settings.RATELIMIT_ENABLE = "ratelimit" in request.keywords


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (catalog summary, rate-limit counters)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness costs ~0.5 s per test user on this CPU; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to /en/ leaves English active in the thread (LocaleMiddleware activates, nothing
    deactivates): the next test starts in the default language again."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
