"""Files written for a transaction that fails are removed again (``removed_on_failure``)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cchc.common.stored_files import remove_stored, removed_on_failure


def _write(name: str) -> str:
    return default_storage.save(name, ContentFile(b"%PDF-1.4"))


def test_files_stay_when_the_block_succeeds():
    with removed_on_failure() as written:
        written.append(_write("kiem-tra/a.pdf"))
    assert default_storage.exists(written[0])


def test_files_go_when_the_block_fails_and_the_error_goes_on():
    with pytest.raises(KeyboardInterrupt), removed_on_failure() as written:
        written.append(_write("kiem-tra/b.pdf"))
        raise KeyboardInterrupt  # not only Exception: an interrupted request leaves no file either
    assert not default_storage.exists(written[0])


def test_removing_is_best_effort():
    name = _write("kiem-tra/c.pdf")
    remove_stored([name, "kiem-tra/khong-co.pdf", name])
    assert not default_storage.exists(name)
