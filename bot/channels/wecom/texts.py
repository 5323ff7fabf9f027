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
