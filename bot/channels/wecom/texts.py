"""Every Chinese text the WeCom channel itself shows a user (the engine's texts live in conversations)."""

CHOICES_HINT = "请回复编号："


def choice_line(number: int, label: str, *, markdown: bool) -> str:
    return f"回复 **{number}** {label}" if markdown else f"回复 {number} {label}"


def file_unavailable(file_name: str) -> str:
    name = f"「{file_name}」" if file_name else ""
    return f"抱歉，文件{name}未能取回，请重新发送。"


def file_too_large(file_name: str, limit_mb: int) -> str:
    name = f"「{file_name}」" if file_name else ""
    return f"抱歉，文件{name}超过 {limit_mb} MB，无法处理。请压缩或拆分后重新发送。"


# A message refused before it reaches the conversation: the member should hear why nothing happened.
MESSAGE_TOO_LONG = "消息过长，未作处理。请分几次发送，或把内容作为 .docx / .xlsx 文件发送。"
UNREADABLE_CHARACTERS = (
    "消息中含有无法识别的字符（多为从其他软件复制来的控制字符），未作处理。请删去后重新发送，或改为发送文件。"
)
