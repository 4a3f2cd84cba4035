"""The payments' admin pages open, read-only."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["payment", "paymentevent", "refund"])
def test_admin_lists_open_and_add_is_refused(admin_client, model):
    assert admin_client.get(f"/quan-tri/payments/{model}/").status_code == 200
    assert admin_client.get(f"/quan-tri/payments/{model}/add/").status_code == 403
