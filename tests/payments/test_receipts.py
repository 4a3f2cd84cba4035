"""The amount in words on the electronic receipt, as Vietnamese receipts write it."""

import pytest

from cchc.payments.receipts import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (1000, "Một nghìn đồng"),
        (8000, "Tám nghìn đồng"),
        (50000, "Năm mươi nghìn đồng"),
        (124000, "Một trăm hai mươi tư nghìn đồng"),
        (1005000, "Một triệu không trăm linh năm nghìn đồng"),
        (1250000, "Một triệu hai trăm năm mươi nghìn đồng"),
        (2000000000, "Hai tỷ đồng"),
        (35015, "Ba mươi lăm nghìn không trăm mười lăm đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words
