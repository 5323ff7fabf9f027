"""Chinese numerals as they number 三定 duties （一）…（二十三） and staffing figures (四十八名)."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "两": 2} | {digit: value for value, digit in enumerate("零一二三四五六七八九")}
_UNITS = {"十": 10, "百": 100}

CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)


def chinese_to_int(numeral: str) -> int:
    """Value of a Chinese numeral below 1000 (十 = 10, 二十三 = 23, 一百零五 = 105); ValueError otherwise."""
    if not numeral or any(ch not in _DIGITS and ch not in _UNITS for ch in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    total, digit = 0, None
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            # a bare unit (十 in 十二) means one of it
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def int_to_chinese(number: int) -> str:
    """The Chinese numeral for 1…999 as 三定 texts write it (十, 十一, 二十, 一百零五)."""
    if not 0 < number < 1000:
        raise ValueError(f"out of range: {number}")
    names = "零一二三四五六七八九"
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    parts = []
    if hundreds:
        parts.append(names[hundreds] + "百")
        if rest and tens == 0:
            parts.append("零")
    if tens:
        parts.append(("" if tens == 1 and not hundreds else names[tens]) + "十")
    if ones:
        parts.append(names[ones])
    return "".join(parts)


def parse_count(text: str) -> int:
    """A count written in Arabic or Chinese digits ("48", "四十八"); ValueError otherwise."""
    text = text.strip()
    return int(text) if text.isdigit() else chinese_to_int(text)
