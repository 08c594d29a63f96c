"""Reading a source file: a text's lines, or a table's rows.

Text is UTF-8 (with or without a byte order mark) or GB18030, the encodings Chinese
government sites publish in. Word files are read with python-docx, paragraphs and tables
in document order; Excel workbooks with openpyxl. What cannot be read is a DataError (exit
3) naming the file; an unknown extension is an InvalidValue (exit 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from plan_cli.core.errors import DataError, InvalidValue, Problem, reason
from plan_cli.core.i18n import _
from plan_cli.core.importing.responsibility import DEADLINE_WORDS, UNIT_LABEL

KINDS = {".txt": "text", ".text": "text", ".docx": "docx", ".xlsx": "xlsx"}
MAX_BYTES = 20 * 2**20  # a 分工方案 is tens of kilobytes; Word files with pictures, a few MB


@dataclass
class Source:
    path: Path
    kind: str  # text, docx, xlsx
    lines: list[str] = field(default_factory=list)  # paragraphs, one per line
    rows: list[list[str]] = field(default_factory=list)  # a 分工表's rows, header first
    rows_at: int = 0  # the line before which the rows stand (Word), else at the end

    @property
    def text(self) -> str:
        """The whole text as `plan verify` reads the source file: lines joined."""
        return "\n".join(self.lines)


OLD_FORMATS = (".doc", ".wps", ".xls", ".et")

# The lines a web page wraps a plan in when it is copied from a government site: the site's
# name, the breadcrumb, source and time, font size, print and close, the footer. No part of
# the plan (plan import leaves them out; verify counts them as accounted for).
WEB_CHROME = re.compile(
    r"(?m)^\s*(?:\S{2,20}(?:门户网站|政府网)|首页\s*[>＞»›].*|(?:当前位置|您现在的位置)[:：].*|"
    r"来源[:：].*|.*发布时间[:：].*|.*浏览次数[:：].*|字号[:：].*|【?字体[:：].*|"
    r"(?:【(?:打印本页|关闭窗口|打印|关闭|收藏|返回顶部)】\s*)+|扫一扫在手机打开当前页|"
    r"主办[:：].*|承办[:：].*|.*网站标识码.*|.*ICP备.*|.*公网安备.*|分享到[:：]?.*|"
    r"(?:简体版|繁體版|信息无障碍|无障碍浏览)(?:\s+\S+)*|时间\s*[:：]\s*\d{4}-\d{2}-\d{2}.*|"
    r"\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}.*|索\s*引\s*号.*|发布机构.*|分\s+类\s.*|"
    r"•?\s*(?:信息来源|发布时间|浏览次数)\s*[:：].*|【打印】.*|浏览次数.*|"
    r"(?:发文日期|成文日期|公文生成日期)\s*[:：]?.*|名\s*称\s*[:：].*)\s*$"
)


def _refuse(path: Path, message: str) -> DataError:
    return DataError([Problem(str(path), None, message)])


def read_source(path: Path) -> Source:
    kind = KINDS.get(path.suffix.lower())
    if path.suffix.lower() in OLD_FORMATS:
        raise InvalidValue(
            _(
                "cannot import '{path}': a {suffix} file is in an old binary format; save it "
                "as .docx (or .xlsx) and import that"
            ).format(path=path, suffix=path.suffix.lower())
        )
    if kind is None:
        raise InvalidValue(
            _("cannot import '{path}': the extension must be one of {known}").format(
                path=path, known=", ".join(sorted(KINDS))
            )
        )
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError(21, _("is a directory"))
    except FileNotFoundError:
        raise _refuse(path, _("no such file")) from None
    except OSError as e:
        raise _refuse(path, reason(e)) from None
    if size == 0:
        raise _refuse(path, _("the file is empty"))
    if size > MAX_BYTES:
        raise _refuse(
            path,
            _("the file is {mb} MB; a plan is far smaller (the limit is {limit} MB)").format(
                mb=size // 2**20, limit=MAX_BYTES // 2**20
            ),
        )
    if kind == "text":
        return Source(path, kind, lines=_text_lines(path))
    if kind == "docx":
        return _docx(path)
    return _xlsx(path)


def _text_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise _refuse(path, _("this is not a text file (it holds binary data)"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost any bytes
        raise _refuse(path, _("the text is neither UTF-8 nor GB18030"))
    if sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f") > len(text) // 100:
        raise _refuse(path, _("this is not a text file (it holds binary data)"))
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line and not re.fullmatch(r"[|｜]+", line.replace(" ", ""))]
    if not lines:  # (a web table's cell borders, | on lines of their own, are no text)
        raise _refuse(path, _("the file holds no text"))
    return _split_run_on(unwrap(lines) or lines)


# a numbered item's start inside a long line: after a sentence, a bracket or a space
_RUN_ON_ITEM = re.compile(
    r"(?:(?<=[。；;）)\]〕】\s])|^)\s*(?=(?:\d{1,3}[.．、](?!\d)|[一二三四五六七八九十]{1,3}、|"
    r"[（(][一二三四五六七八九十]{1,3}[）)]))"
)


def _split_run_on(lines: list[str]) -> list[str]:
    """A page flattened onto a few very long lines (a web page's text run together): each
    numbered item on a line of its own."""
    out: list[str] = []
    for line in lines:
        starts = sorted({m.end() for m in _RUN_ON_ITEM.finditer(line) if m.end() > 0})
        if len(line) < 150 or len(starts) < 3:
            out.append(line)
            continue
        at = 0
        for start in starts:
            if start > at:
                out.append(line[at:start].strip())
                at = start
        out.append(line[at:].strip())
    return [x for x in out if x]


# --- text copied out of a PDF -------------------------------------------------------------

# — 3 —, -3-, 第3页 (a bare 3 is a table's row number, not a page's)
# a table header copied from a web page, a cell a line: 序号 / 主 要 工 作 任 务 / 责 任 单 位
HEADER_CELL = re.compile(
    r"(?m)^\s*(?:序\s*号|(?:主\s*要|重\s*点|具\s*体)?\s*(?:工\s*作)?\s*任\s*务|重\s*点\s*工\s*作|"
    r"(?:牵\s*头|协\s*同|配\s*合)?\s*(?:责\s*任)?\s*单\s*位|任\s*务\s*来\s*源|完\s*成\s*时\s*限)\s*$"
)
_PAGE_NUMBER = re.compile(
    r"^(?:[—\-－–~]+\s*\d{1,3}\s*[—\-－–~]+|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)$"
)
_STARTS_ANEW = re.compile(  # a line that begins something: never the tail of the one before
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|"
    rf"[0-9０-９]{{1,3}}[.．、﹒]|附件|(?:{UNIT_LABEL}|{DEADLINE_WORDS})[:：])"
)


def _width(line: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def unwrap(lines: list[str]) -> list[str] | None:
    """The lines of a text copied out of a PDF, put back together, or None when the text is
    not one: in such a text most long lines are as wide as the page, and a line that fills
    the page continues on the next (省发展 / 改革委). Page numbers (— 3 —) and the running
    header repeated after them are left out."""
    widths = sorted(_width(x) for x in lines if _width(x) >= 40)
    if len(widths) < 6:
        return None
    page = widths[int(0.9 * (len(widths) - 1))]
    full = [w for w in widths if w >= page - 4]
    if len(full) < 0.4 * len(widths) or not any(_PAGE_NUMBER.fullmatch(x) for x in lines):
        return None  # one paragraph a line, as plain text files are
    out: list[str] = []
    seen: set[str] = set()
    after_page = False
    joining = False
    for line in lines:
        if _PAGE_NUMBER.fullmatch(line):
            after_page = True
            continue
        if after_page and line in seen:  # the running header of the next page
            after_page = False
            continue
        after_page = False
        if joining and not _STARTS_ANEW.match(line):
            out[-1] += line
        else:
            out.append(line)
        seen.add(line)
        joining = _width(line) >= page - 4 and not line.endswith(("。", "！", "？"))
    return out


def _docx(path: Path) -> Source:
    import zipfile

    if not zipfile.is_zipfile(path):
        raise _refuse(path, _("this is not a Word .docx file (it is not a zip archive)"))
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as e:  # noqa: BLE001 - python-docx raises many kinds for a bad file
        raise _refuse(path, _("cannot read the Word file: {reason}").format(reason=e)) from None
    source = Source(path, "docx")
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                source.lines.append(text)
        elif tag == "tbl":
            rows = []
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    value = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    if not cells or cell._tc is not getattr(cells[-1], "_tc", None):
                        cells.append(_Cell(cell._tc, value))
                rows.append([c.value for c in cells])
            if not source.rows:
                source.rows, source.rows_at = rows, len(source.lines)
            else:
                source.rows += rows[1:] if rows and rows[0] == source.rows[0] else rows
    if not source.lines and not source.rows:
        raise _refuse(path, _("the Word file holds no text"))
    return source


@dataclass
class _Cell:
    _tc: object
    value: str


def _xlsx(path: Path) -> Source:
    import zipfile

    if not zipfile.is_zipfile(path):
        raise _refuse(path, _("this is not an Excel .xlsx file (it is not a zip archive)"))
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise _refuse(path, _("cannot read the workbook: {reason}").format(reason=e)) from None
    source = Source(path, "xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v).strip() for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                source.rows.append(cells)
        if source.rows:
            break
    book.close()
    if not source.rows:
        raise _refuse(path, _("the workbook holds no rows"))
    return source
