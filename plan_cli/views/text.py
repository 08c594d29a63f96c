"""Text that fits a width: display widths of Chinese text, and line breaking that never
splits a number from its unit.

General line-breaking rules (UAX #14) allow a break after a digit before a Chinese
character, so "100亿元" could end a line with "100" and start the next with "亿元". Here a
number, its decimal part, its unit or % and a range of such numbers are one unbreakable
piece; Chinese punctuation never starts a line (，。、) or ends one (（“).
"""

from __future__ import annotations

import re
import unicodedata

# Characters of the units and measure words that follow numbers in these documents:
# 100亿元, 30万宗, 5万亩, 10所, 1个百分点, 2025年, 6月, 80%, 310万亩, 400毫米 …
_UNIT = "亿万千百十元角亩宗所个家项吨毫厘米公里顷平方立方倍户人次座条处名台套辆件批期天周岁度瓦升张株头只篇部场栋间层级类种号年月日时分秒点%％‰"
_NUMBER = rf"[0-9０-９]+(?:[.,．][0-9０-９]+)*[{_UNIT}]{{0,5}}"
_TOKEN = re.compile(
    rf"{_NUMBER}(?:[-—–~～至到]{_NUMBER})?"  # a number with its unit, or a range of them
    r"(?:以上|以下|以内|左右)?"  # and the bound that qualifies it
    r"|[!-~]+"  # a run of Latin letters, digits and signs: a word, --output, PLAN_LANG=zh
    r"|\s+"
    r"|."
)
_NO_LINE_START = set("，。、；：！？）》」』”’…—%％,.;:!?)]}")
_NO_LINE_END = set("（《「『“‘([{")


def width(text: str) -> int:
    """Display width: a Chinese character takes two columns of a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pieces(text: str) -> list[str]:
    """Unbreakable pieces: numbers with their units, words, single Chinese characters, with
    punctuation bound to the piece it must stay beside."""
    pieces: list[str] = []
    glue_next = False
    for token in _TOKEN.findall(text):
        if pieces and (glue_next or token[0] in _NO_LINE_START):
            pieces[-1] += token
        else:
            pieces.append(token)
        glue_next = token[-1] in _NO_LINE_END
    return pieces


def wrap(text: str, limit: int) -> list[str]:
    """Lines of at most `limit` columns (a piece wider than that is split by character)."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if line and width(line + piece.rstrip()) > limit:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
        while width(line) > limit:  # one piece wider than the line: fold it
            cut = 0
            while width(line[: cut + 1]) <= limit:
                cut += 1
            lines.append(line[: max(cut, 1)])
            line = line[max(cut, 1) :]
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def wrap_items(items: list[str], limit: int, sep: str = "、") -> list[str]:
    """A list written with `sep` between items, broken only after a separator."""
    lines: list[str] = []
    line = ""
    for i, item in enumerate(items):
        piece = item + (sep if i < len(items) - 1 else "")
        if line and width(line + piece) > limit:
            lines.append(line)
            line = ""
        line += piece
    if line or not lines:
        lines.append(line)
    return [x for chunk in lines for x in (wrap(chunk, limit) if width(chunk) > limit else [chunk])]
