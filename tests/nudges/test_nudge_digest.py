"""The staff digest says who was reminded: a department with no liaison bound hears nothing, and staff are
told so rather than that every late department was reminded.

December 2026: the monthly arrangement is due on Monday 12-07; on Tuesday 12-08 教育局 (liaisons a1, a2)
and 公安局 (no liaison) are late.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fm_domain.message_codec import decode_reply
from fm_domain.models import Department
from storage import Database
from tests.nudges.world import CHANNEL, JIAOYU, SET_UP_AT, Office, local, replace_tasks, sweeper
from tests.standing_tasks import standing_tasks

GONGAN = "gongan"


def _digest_text(database: Database) -> str:
    with database.unit_of_work() as uow:
        [digest] = [f for f in uow.outbox.fates(CHANNEL) if f.kind == "digest"]
    return decode_reply(digest.payload).text


def _owed_by(database: Database, *departments: str) -> None:
    _, monthly, _ = standing_tasks(departments)
    with database.unit_of_work() as uow:
        uow.catalog.save_revision(
            Department(code=GONGAN, name="南通市公安局", short="公安局"), "test", SET_UP_AT
        )
        replace_tasks(uow, [replace(monthly, active_from=date(2026, 12, 1))])
        uow.commit()


def test_the_digest_names_the_late_departments_with_no_liaison_as_not_reminded(
    database: Database, office: Office
) -> None:
    _owed_by(database, JIAOYU, GONGAN)

    sweeper(database).sweep(local("2026-12-08T09:00"))

    text = _digest_text(database)
    assert "公安局没有绑定联络员，未发送逾期提醒" in text
    assert "已向其他部门联络员发送逾期提醒" in text
    assert "/邀请 联络员" in text


def test_the_digest_says_every_liaison_was_reminded_when_each_late_department_has_one(
    database: Database, office: Office
) -> None:
    _owed_by(database, JIAOYU)

    sweeper(database).sweep(local("2026-12-08T09:00"))

    text = _digest_text(database)
    assert "已向相关部门联络员发送逾期提醒" in text and "未发送" not in text


def test_the_digest_does_not_claim_a_reminder_when_no_late_department_has_a_liaison(
    database: Database, office: Office
) -> None:
    _owed_by(database, GONGAN)

    sweeper(database).sweep(local("2026-12-08T09:00"))

    text = _digest_text(database)
    assert "公安局没有绑定联络员" in text and "已向" not in text
