"""Many liaisons of one department confirming their 月度安排 within the same second: every confirmation is
stored, each liaison gets a receipt, and the versions follow the order of storing, on both backends."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from fm_domain.users import Role
from storage import Database
from tests.flows.conftest import START
from tests.flows.transcript import CHANNEL, Chat, press

LIAISONS = [f"jy{n}" for n in range(12)]


def _bind_liaisons(database: Database) -> None:
    with database.unit_of_work() as uow:
        for external_id in LIAISONS:
            user = uow.users.create(f"教育局联络员{external_id}", Role.LIAISON, "jiaoyu", START)
            uow.users.bind_account(user.id, CHANNEL, external_id, START)
        uow.commit()


def test_concurrent_confirmations_are_all_stored_in_version_order(
    any_chat: Chat, any_database: Database
) -> None:
    _bind_liaisons(any_database)
    for liaison in LIAISONS:  # each at the preview of its own draft
        any_chat.dialog(liaison, [("/月度安排", "月度工作安排"), ("推进义务教育优质均衡发展", "预览")])
    confirmations = {liaison: any_chat.inbound(liaison, press("confirm")) for liaison in LIAISONS}
    start = threading.Barrier(len(LIAISONS))

    def confirm(liaison: str) -> None:
        start.wait(timeout=30)
        any_chat.engine.handle_sync(confirmations[liaison])  # one engine turn: its own unit of work

    with ThreadPoolExecutor(max_workers=len(LIAISONS)) as pool:
        list(pool.map(confirm, LIAISONS))

    for liaison in LIAISONS:
        assert "回执编号" in any_chat.text_for(liaison), liaison
    with any_database.unit_of_work() as uow:
        stored = sorted(uow.submissions.of_department("jiaoyu"), key=lambda s: s.id)
    assert [s.version for s in stored] == list(range(1, len(LIAISONS) + 1))
