from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

wb = Workbook()
ws = wb.active
ws.title = "分工表"
ws.append(["附件"])
ws.append(["山东省2022年优化营商环境重点任务分工表"])
ws.merge_cells("A2:E2")
ws["A2"].font = Font(bold=True, size=16)
ws.append(["序号", "工作任务", "牵头单位", "责任单位", "完成时限"])
ws.append(["一、提升政务服务效能"])
ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=5)
ws.append(
    [
        1,
        "深化“一网通办”改革，推动高频政务服务事项“一次办好”，省级政务服务事项网上可办率达到95%以上。",
        "省大数据局",
        "省政府办公厅、省直有关部门",
        "2022年12月底前",
    ]
)
ws.append(
    [
        2,
        "压减企业开办时间至1个工作日以内，推行“一照多址”“一证多址”改革。",
        "省市场监管局",
        "省公安厅、省人力资源社会保障厅、省税务局",
        "2022年6月底前",
    ]
)
ws.append(["二、优化市场环境"])
ws.merge_cells(start_row=7, start_column=1, end_row=7, end_column=5)
ws.append(
    [
        3,
        "推进工程建设项目审批制度改革，全流程审批时间压缩至60个工作日以内。",
        "省住房城乡建设厅",
        "省发展改革委\n省自然资源厅\n省生态环境厅",
        "2022年9月底前",
    ]
)
ws.append(
    [
        4,
        "加大普惠金融支持力度，全年新增普惠小微贷款1500亿元以上，稳步降低小微企业综合融资成本。",
        "人民银行济南分行、山东银保监局",
        "省地方金融监管局、省财政厅",
        "年内持续推进",
    ]
)
ws.append(
    [
        5,
        "健全营商环境评价机制，对16市开展营商环境评价并通报结果。",
        "省发展改革委",
        "各市人民政府",
        "每年",
    ]
)
for col, w in zip("ABCDE", [6, 60, 22, 30, 16], strict=False):
    ws.column_dimensions[col].width = w
for row in ws.iter_rows():
    for c in row:
        c.alignment = Alignment(wrap_text=True, vertical="center")
wb.save("hd04_sd_business.xlsx")
