"""The invite policy: code format, normalisation, hashing, expiry, and who needs a department."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from fm_domain.users import (
    INVITE_ALPHABET,
    INVITE_CODE_LENGTH,
    MAX_INVITE_DAYS,
    InviteError,
    Role,
    check_assignment,
    invite_code_hash,
    invite_expiry,
    is_well_formed_invite_code,
    new_invite_code,
    normalise_invite_code,
)

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_a_new_code_uses_only_unambiguous_characters() -> None:
    code = new_invite_code()
    assert len(code) == INVITE_CODE_LENGTH
    assert set(code) <= set(INVITE_ALPHABET)
    assert not set("01ILO") & set(INVITE_ALPHABET)


def test_new_codes_differ() -> None:
    assert len({new_invite_code() for _ in range(50)}) == 50


def test_a_code_typed_full_width_lower_case_or_with_dashes_normalises_to_the_same_code() -> None:
    assert normalise_invite_code(" ａｂｃ２３-defgh k ") == "ABC23DEFGHK"
    assert is_well_formed_invite_code("abcde-fghjk")


def test_text_with_other_characters_is_not_a_code() -> None:
    assert not is_well_formed_invite_code("ABCDEFGHJ0")
    assert not is_well_formed_invite_code("绑定ABCDEFGH")
    assert not is_well_formed_invite_code("ABCDEFGHJKM")


def test_the_stored_hash_is_sha256_of_the_normalised_code() -> None:
    assert invite_code_hash("abcde fghjk") == hashlib.sha256(b"ABCDEFGHJK").hexdigest()


def test_an_invite_expires_the_given_number_of_days_later() -> None:
    assert invite_expiry(NOW, 3) == NOW + timedelta(days=3)


@pytest.mark.parametrize("days", [0, -1, MAX_INVITE_DAYS + 1])
def test_an_expiry_outside_the_allowed_range_is_refused(days: int) -> None:
    with pytest.raises(InviteError, match="有效天数"):
        invite_expiry(NOW, days)


def test_a_liaison_needs_a_department_and_staff_do_not() -> None:
    with pytest.raises(InviteError, match="联络员必须指定所属部门"):
        check_assignment(Role.LIAISON, None)
    check_assignment(Role.STAFF, None)
    check_assignment(Role.LEADER, "minzheng")


def test_roles_have_chinese_labels() -> None:
    assert [role.label for role in Role] == ["联络员", "编办工作人员", "领导", "管理员"]
