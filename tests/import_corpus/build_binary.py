"""Regenerate the non-UTF-8 documents of the import corpus.

The text of every document lives in this script, so the binary files can be
rebuilt at any time:

    .venv/bin/python tests/import_corpus/build_binary.py

It writes, next to this script:

* 08_henan_rural_environment_gb18030.txt  plain text encoded in GB18030
* 14_hebei_urban_renewal.docx              Word document; the task list is a real table
* 16_changsha_growth.xlsx                  Excel 分工表, one task per row

Needs python-docx and openpyxl.  The output is byte-for-byte reproducible
(fixed document properties and fixed zip entry timestamps).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_TIME = _dt.datetime(2024, 1, 1, 0, 0, 0)
HEADER = ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]

# --------------------------------------------------------------------------
# 08: GB18030 text.  One responsibility bracket covers a group of sub-items;
# the last sub-item carries its own bracket.
# --------------------------------------------------------------------------
HENAN_GB18030 = """\
河南省人民政府办公厅关于印发河南省农村人居环境整治重点任务分工方案的通知

豫政办〔2019〕23号

各省辖市、省直管县（市）人民政府，省人民政府各部门：

《河南省农村人居环境整治重点任务分工方案》已经省政府同意，现印发给你们，请认真贯彻落实。

河南省人民政府办公厅
2019年4月12日

河南省农村人居环境整治重点任务分工方案

为扎实推进农村人居环境整治，确保各项任务按期完成，现将重点任务分工如下。

一、推进农村生活垃圾治理

(1) 建立健全村庄保洁制度，配齐配强村级保洁员队伍。
(2) 完善农村生活垃圾收运处置体系，覆盖90%以上的行政村。
(3) 开展非正规垃圾堆放点排查整治，2019年底前基本完成整治任务。
(4) 推进农村生活垃圾分类减量和资源化利用试点。
（责任单位：省住房城乡建设厅、省生态环境厅、省农业农村厅）

二、健全长效管护机制

(1) 将农村人居环境整治纳入乡村振兴实绩考核，每年组织开展考核评估。（责任单位：省委农办、省农业农村厅、省财政厅）
"""

# --------------------------------------------------------------------------
# 14: Word document with a task table.
# --------------------------------------------------------------------------
HEBEI_PARAGRAPHS_BEFORE = [
    "河北省人民政府办公厅关于印发河北省城镇老旧小区改造和城市更新重点任务分工方案的通知",
    "冀政办字〔2021〕88号",
    "各市（含定州、辛集市）人民政府，雄安新区管委会，省政府各部门：",
    "《河北省城镇老旧小区改造和城市更新重点任务分工方案》已经省政府同意，现印发给你们，请认真贯彻执行。",
    "河北省人民政府办公厅",
    "2021年8月9日",
    "河北省城镇老旧小区改造和城市更新重点任务分工方案",
    "为加快推进城镇老旧小区改造和城市更新，现将重点任务分工如下。",
]
# A row of one string is a section heading spanning the whole table width.
HEBEI_ROWS = [
    ["一、城镇老旧小区改造"],
    [
        "1",
        "加快老旧小区水电气热等配套设施改造，完善社区养老托育等服务设施。",
        "省住房城乡建设厅",
        "省发展改革委、省财政厅",
        "2021年11月底前",
    ],
    [
        "2",
        "加快发展保障性租赁住房，筹集保障性租赁住房2万套。",
        "省住房城乡建设厅、省发展改革委",
        "省财政厅、省自然资源厅、各市（含定州、辛集市）人民政府",
        "2021年12月底前",
    ],
    ["二、城市更新"],
    [
        "3",
        "推进海绵城市建设，城市建成区海绵城市面积比例达到25%以上。",
        "省住房城乡建设厅",
        "省水利厅、生态环境厅",
        "“十四五”末",
    ],
]

# --------------------------------------------------------------------------
# 16: Excel 分工表.
# --------------------------------------------------------------------------
CHANGSHA_TOP = [
    "长沙市人民政府办公厅关于印发长沙市稳增长重点任务分工方案的通知",
    "长政办函〔2022〕45号",
    "各区县（市）人民政府，市直机关各单位：",
    "经市人民政府同意，现将《长沙市稳增长重点任务分工方案》印发给你们，请认真贯彻执行。",
    "长沙市稳增长重点任务分工方案",
    "为确保全市经济运行稳中有进，现将重点任务分工如下。",
]
CHANGSHA_ROWS = [
    ["一、扩大有效投资"],
    [
        1,
        "实施产业链精准招商行动，引进重大产业项目100个以上",
        "市商务局",
        "市发展改革委、市工业和信息化局",
        "2022年12月底前",
    ],
    [
        2,
        "推进低效工业用地再开发，盘活存量工业用地5万亩以上",
        "市自然资源和规划局",
        "市工业和信息化局、各区县（市）人民政府",
        "年内持续推进",
    ],
    ["二、优化企业服务"],
    [
        3,
        "组织开展长沙“企业家日”系列活动，营造尊商重商氛围",
        "市工商联",
        "市委统战部、市工业和信息化局",
        "每年",
    ],
]
CHANGSHA_BOTTOM = ["长沙市人民政府办公厅", "2022年4月18日"]


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip container with fixed timestamps so builds are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into dcterms:modified; pin it.
                blob = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2024-01-01T00:00:00Z\g<2>",
                    blob,
                )
            dst.writestr(fixed, blob)
    return out.getvalue()


def build_gb18030(path: Path) -> None:
    path.write_bytes(HENAN_GB18030.encode("gb18030"))


def build_docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    props = doc.core_properties
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_modified_by = ""
    props.author = ""
    for text in HEBEI_PARAGRAPHS_BEFORE:
        doc.add_paragraph(text)
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=False):
        cell.text = text
    for row in HEBEI_ROWS:
        cells = table.add_row().cells
        if len(row) == 1:
            merged = cells[0].merge(cells[-1])
            merged.text = row[0]
        else:
            for cell, text in zip(cells, row, strict=False):
                cell.text = text
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_normalize_zip(buf.getvalue()))


def build_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = ""
    ws = wb.active
    ws.title = "分工表"
    width = len(HEADER)
    r = 1
    for text in CHANGSHA_TOP:
        ws.cell(row=r, column=1, value=text)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    for c, text in enumerate(HEADER, start=1):
        ws.cell(row=r, column=c, value=text)
    r += 1
    for row in CHANGSHA_ROWS:
        if len(row) == 1:
            ws.cell(row=r, column=1, value=row[0])
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        else:
            for c, value in enumerate(row, start=1):
                ws.cell(row=r, column=c, value=value)
        r += 1
    r += 1  # blank row before the signature
    for text in CHANGSHA_BOTTOM:
        ws.cell(row=r, column=width, value=text)
        r += 1
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 22
    ws.column_dimensions["D"].width = 40
    ws.column_dimensions["E"].width = 18
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_normalize_zip(buf.getvalue()))


def main() -> None:
    build_gb18030(HERE / "08_henan_rural_environment_gb18030.txt")
    build_docx(HERE / "14_hebei_urban_renewal.docx")
    build_xlsx(HERE / "16_changsha_growth.xlsx")


if __name__ == "__main__":
    main()
