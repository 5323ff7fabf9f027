"""Chinese numerals as 三定 texts number their duties and state their staffing."""

from __future__ import annotations

import pytest

from fm_domain.catalog.numerals import chinese_to_int, int_to_chinese, parse_count


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
        ("一百零五", 105),
        ("两", 2),
    ],
)
def test_chinese_numerals_read_as_numbers(numeral: str, value: int) -> None:
    assert chinese_to_int(numeral) == value


def test_numbers_write_as_the_numerals_three_ding_texts_use() -> None:
    assert [int_to_chinese(n) for n in (1, 10, 12, 20, 21, 100, 110)] == [
        "一",
        "十",
        "十二",
        "二十",
        "二十一",
        "一百",
        "一百一十",
    ]


def test_every_number_up_to_three_hundred_round_trips() -> None:
    assert all(chinese_to_int(int_to_chinese(n)) == n for n in range(1, 300))


def test_counts_may_be_written_in_either_digits() -> None:
    assert parse_count("48") == parse_count("四十八") == 48


def test_something_that_is_not_a_numeral_is_rejected() -> None:
    with pytest.raises(ValueError):
        chinese_to_int("四十八名")
