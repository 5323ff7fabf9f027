"""A whole annual-goals submission over Telegram: the real engine and storage, the real aiogram client, the
fake Bot API — in long-polling mode and in webhook mode, with button presses and a .docx upload."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import docx
import pytest
from aiogram import Bot
from fake_telegram import FakeTelegram
from telegram_helpers import SimulatedTime, polling, serving

from bot.catalog_files import load_sample_catalog
from bot.channels.telegram.client import create_bot
from bot.channels.telegram.flood import FloodLimiter
from bot.channels.telegram.receiver import TelegramChannel
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.store import DatabaseTelegramStore
from bot.delivery import DeliveryLoop
from conversations import Engine, MatchingReviewer, Services
from fm_domain.records import SubmissionKind
from fm_domain.users import Role
from storage import Database
from tests.waiting import eventually

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 20, 9, 0, tzinfo=SHANGHAI)
LIAISON = 1001  # 教育局联络员
STAFF = 1002  # 编办工作人员
GOALS = [
    "推进义务教育优质均衡发展，新增学位3000个",
    "扩大普惠性幼儿园覆盖面",
    "落实“双减”政策，规范校外培训机构",
]


@pytest.fixture(scope="module")
def reviewer() -> MatchingReviewer:
    """fm_domain's matcher, built once for the module as in a running fmbot."""
    return MatchingReviewer()


@pytest.fixture
def engine(sqlite_database: Database, reviewer: MatchingReviewer) -> Engine:
    with sqlite_database.unit_of_work() as uow:
        for department in load_sample_catalog():
            uow.catalog.save_revision(department, "sample_catalog.yaml", NOW)
        liaison = uow.users.create("李敏", Role.LIAISON, "jiaoyu", NOW)
        uow.users.bind_account(liaison.id, "telegram", str(LIAISON), NOW)
        staff = uow.users.create("周静", Role.STAFF, None, NOW)
        uow.users.bind_account(staff.id, "telegram", str(STAFF), NOW)
        uow.commit()
    return Engine(
        sqlite_database.unit_of_work, Services(clock=lambda: NOW, timezone=SHANGHAI, reviewer=reviewer)
    )


@pytest.fixture
def telegram(
    fake_telegram: FakeTelegram, bot: Bot, telegram_store: DatabaseTelegramStore, engine: Engine
) -> TelegramChannel:
    fake_telegram.user(LIAISON, "李敏")
    fake_telegram.user(STAFF, "周静")
    return TelegramChannel(bot, telegram_store, record=engine.record_all, process=engine.process)


@asynccontextmanager
async def delivering(engine: Engine, sender: TelegramSender, time: SimulatedTime) -> AsyncIterator[None]:
    """The real outbox delivery loop on simulated time: while nothing is due, time moves on a second, so a
    message put back for a retry goes out once its time has come and no test waits for it."""
    delivery = DeliveryLoop(
        engine.unit_of_work, sender, clock=lambda: NOW + timedelta(seconds=time.now - time.start)
    )

    async def loop() -> None:
        while True:
            if not (await delivery.deliver_once()).handled:
                await time.sleep(1.0)
                await asyncio.sleep(0.01)

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


@pytest.fixture
def simulated(simulated_time: SimulatedTime) -> SimulatedTime:
    return simulated_time


@pytest.fixture
def sender(bot: Bot, telegram_store: DatabaseTelegramStore, simulated: SimulatedTime) -> TelegramSender:
    limiter = FloodLimiter(clock=simulated.clock, sleep=simulated.sleep)
    return TelegramSender(bot, telegram_store, limiter=limiter, sleep=simulated.sleep)


def goals_docx() -> bytes:
    document = docx.Document()
    for number, goal in enumerate(GOALS, 1):
        document.add_paragraph(f"{number}. {goal}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reply_to(fake: FakeTelegram, chat_id: int, wanted: str) -> Callable[[], bool]:
    return lambda: any(wanted in text for text in fake.texts_to(chat_id))


async def choose_level_and_upload(fake: FakeTelegram) -> int:
    """The liaison starts the flow, presses a button and sends the goals as a .docx; returns its update_id."""
    await fake.user_says(LIAISON, "/goals")
    await eventually(reply_to(fake, LIAISON, "请选择报送层级"), timeout=15)
    await fake.user_presses(LIAISON, "部门年度目标")
    await eventually(reply_to(fake, LIAISON, "年度工作目标】"), timeout=15)
    update_id = await fake.user_sends_document(LIAISON, "2026年度目标.docx", goals_docx())
    await eventually(reply_to(fake, LIAISON, "预览】共 3 项"), timeout=15)
    return update_id


async def confirm(fake: FakeTelegram) -> None:
    await fake.user_presses(LIAISON, "确认提交")
    await eventually(reply_to(fake, LIAISON, "回执编号"), timeout=15)
    await eventually(reply_to(fake, STAFF, "【新报送】"), timeout=15)


def stored_goals(database: Database) -> list[str]:
    with database.unit_of_work() as uow:
        submission = uow.submissions.latest(SubmissionKind.ANNUAL_GOALS, "jiaoyu", "2026")
        versions = len(uow.submissions.of_department("jiaoyu"))
    assert submission is not None and versions == 1
    return submission.item_texts


def assert_submission_went_through(fake: FakeTelegram, database: Database) -> None:
    assert stored_goals(database) == GOALS
    previews = [text for text in fake.texts_to(LIAISON) if "预览】共 3 项" in text]
    assert len(previews) == 1, "the upload delivered twice is handled once"
    assert len(fake.calls_to("answerCallbackQuery")) == 2
    with_buttons = [
        m for m in fake.sent_to(LIAISON) if any(w in m.get("text", "") for w in ("请选择报送层级", "预览】"))
    ]
    assert all("reply_markup" not in message for message in with_buttons), "used keyboards are removed"
    assert any("【新报送】" in text for text in fake.texts_to(STAFF)), "staff hear of the submission"


async def test_a_liaison_submits_annual_goals_over_long_polling_across_a_restart(
    fake_telegram: FakeTelegram,
    telegram: TelegramChannel,
    engine: Engine,
    sender: TelegramSender,
    simulated: SimulatedTime,
    sqlite_database: Database,
    telegram_store: DatabaseTelegramStore,
) -> None:
    async with delivering(engine, sender, simulated):
        async with polling(telegram):
            upload = await choose_level_and_upload(fake_telegram)
        # The process stops; Telegram, not sure the upload was confirmed, offers it again to the next one.
        await fake_telegram.resend(upload)
        restarted = TelegramChannel(
            create_bot(fake_telegram.token, fake_telegram.base_url),
            telegram_store,
            record=engine.record_all,
            process=engine.process,
        )
        async with polling(restarted):
            await confirm(fake_telegram)
        await restarted.bot.session.close()

    assert_submission_went_through(fake_telegram, sqlite_database)


async def test_a_liaison_submits_annual_goals_over_the_webhook_through_flood_control(
    fake_telegram: FakeTelegram,
    telegram: TelegramChannel,
    engine: Engine,
    sender: TelegramSender,
    simulated: SimulatedTime,
    sqlite_database: Database,
) -> None:
    fake_telegram.flood_next("sendMessage", retry_after=2, skip=2)  # the third message hits flood control

    async with serving(telegram), delivering(engine, sender, simulated):
        upload = await choose_level_and_upload(fake_telegram)
        await fake_telegram.resend(upload)  # Telegram delivers the upload a second time
        await confirm(fake_telegram)

    assert_submission_went_through(fake_telegram, sqlite_database)
    bot_messages = [m for m in fake_telegram.messages.values() if m["from"]["is_bot"]]
    assert len(fake_telegram.calls_to("sendMessage")) == len(bot_messages) + 1, (
        "one send was refused, then made"
    )
