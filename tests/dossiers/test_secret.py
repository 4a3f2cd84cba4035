"""The tracking secret: read aloud and typed by citizens, so no look-alike characters, grouped, forgiving."""

from __future__ import annotations

import hashlib
import math
import re
import secrets

import pytest

from cchc.dossiers import services
from tests.dossiers.conftest import person

LOOK_ALIKES = set("0O1IL") | set("U")  # 0/O, 1/I/L, and U/V (Crockford leaves U out too)
GROUPED = re.compile(r"^[A-Z2-9]{4,6}(-[A-Z2-9]{4,6}){2,3}$")


def test_new_secrets_have_no_look_alikes_and_are_grouped_for_reading():
    issued = [services._new_secret()[0] for _ in range(300)]
    assert len(set(issued)) == len(issued)
    seen: set[str] = set()
    for secret in issued:
        assert GROUPED.match(secret), secret
        assert not LOOK_ALIKES & set(secret), secret
        seen |= set(secret.replace("-", ""))
    # The characters used (300 secrets draw on the whole alphabet) give at least 60 bits of entropy.
    length = len(issued[0].replace("-", ""))
    assert all(len(s.replace("-", "")) == length for s in issued)
    assert length * math.log2(len(seen)) >= 60, (length, sorted(seen))


def test_the_check_forgives_case_spaces_and_dashes(world):
    dossier, secret = services.submit_online(procedure_version=world.version, applicant=person())
    bare = secret.replace("-", "")
    for typed in (
        secret,
        secret.lower(),
        bare,
        bare.lower(),
        " ".join(secret.split("-")),
        f"  {secret} ",
        " ".join(bare),  # one character at a time, as read out over the phone
    ):
        assert services.check_secret(dossier, typed), typed
    wrong = ("3" if bare[0] != "3" else "4") + bare[1:]
    assert not services.check_secret(dossier, wrong)
    assert not services.check_secret(dossier, "")
    assert not services.check_secret(dossier, bare[:-1])


@pytest.mark.parametrize("old", ["aB3-_x9Kq0lO", "ABCD-efgh_12", "-_-_-_-_-_-_"])
def test_secrets_issued_before_stay_valid(world, old):
    """Secrets issued before were token_urlsafe output hashed as typed: the exact text still opens."""
    dossier, _secret = services.submit_online(procedure_version=world.version, applicant=person())
    dossier.tracking_secret_hash = hashlib.sha256(old.encode()).hexdigest()
    dossier.save(update_fields=["tracking_secret_hash"])
    assert services.check_secret(dossier, old)
    assert not services.check_secret(dossier, old.swapcase()) or old.swapcase() == old
    issued = secrets.token_urlsafe(9)
    dossier.tracking_secret_hash = hashlib.sha256(issued.encode()).hexdigest()
    assert services.check_secret(dossier, issued)
