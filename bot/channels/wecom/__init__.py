"""The WeCom (企业微信 / 政务微信) channel: encrypted callbacks in, app messages out, through wechatpy."""

from bot.channels.wecom.assembly import BUILDER, WecomChannel, build_wecom_channel
from bot.channels.wecom.callback import CALLBACK_PATH, add_wecom_routes
from bot.channels.wecom.config import WecomConfig
from bot.channels.wecom.receiver import WecomReceiver
from bot.channels.wecom.sender import WecomSender

__all__ = [
    "BUILDER",
    "CALLBACK_PATH",
    "WecomChannel",
    "WecomConfig",
    "WecomReceiver",
    "WecomSender",
    "add_wecom_routes",
    "build_wecom_channel",
]
