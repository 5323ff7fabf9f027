"""What the Telegram channel itself says to users (the engine's replies are in conversations.texts)."""

from __future__ import annotations

# The command menu set with setMyCommands. Telegram allows only a-z, 0-9 and _ in command names, so the
# menu lists the engine's English aliases with Chinese descriptions; the Chinese commands work when typed.
COMMAND_MENU: tuple[tuple[str, str], ...] = (
    ("help", "帮助：我能做什么"),
    ("todo", "待办：我要报送什么、何时截止"),
    ("goals", "年度目标：报送年度工作目标"),
    ("monthly", "月度安排：报送月度工作安排"),
    ("report", "问题报告：职责交叉、职责不清等"),
    ("status", "状态：我的报送与审核结果"),
    ("duty", "职责查询：某事项归哪个部门管"),
    ("bind", "绑定：用邀请码绑定账号"),
    ("cancel", "取消：退出当前操作"),
    ("back", "返回：回到上一步"),
)

MEGABYTE = 1024 * 1024


def size_text(size: int) -> str:
    return f"{size / MEGABYTE:.1f} MB" if size >= MEGABYTE / 10 else f"{max(1, size // 1024)} KB"


def file_too_large(size: int | None, limit: int) -> str:
    actual = f"（{size_text(size)}）" if size else ""
    return f"文件过大{actual}，无法接收。请发送不超过 {size_text(limit)} 的文件，或把内容分成几个文件发送。"


FILE_NOT_RECEIVED = "文件未能接收，请稍后重新发送。"
UNSUPPORTED_MESSAGE = "暂不支持这类消息。请发送文字，或以“文件”方式发送 .docx / .xlsx 文档。"
BUTTON_EXPIRED = "这个按钮已失效，请重新发送命令。"
BUTTON_RECEIVED = "已收到"
CHOOSE = "请选择："
