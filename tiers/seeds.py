"""The titles of the cultivation ladder (domain.md §9), as the data migration seeds them and the sources name
them: (code, name, ladder, levels, validity years, aliases). The ladder runs from 放水养鱼 (small firms being
grown) to 链主 (chain leaders); the levels are the bodies that recognise each title."""

N, P, C = "national", "province", "city"

TITLES: tuple[tuple[str, str, int, list[str], int | None, str], ...] = (
    ("fsyy", "放水养鱼", 5, [], None, "放水养鱼培育企业"),
    ("xsg", "小升规", 10, [], None, "小升规企业"),
    ("kjx", "科技型中小企业", 20, [P], 1, ""),
    ("cxx", "创新型中小企业", 30, [P], 3, ""),
    ("zjtx", "专精特新中小企业", 40, [P, C], 3, "专精特新;省级专精特新中小企业"),
    ("xjr", '专精特新"小巨人"', 50, [N], 3, "小巨人;专精特新小巨人;国家级专精特新小巨人"),
    ("yxgj", "隐形冠军", 60, [P, C], 3, "隐形冠军企业"),
    ("dxgj", "单项冠军", 70, [N, P], 3, "制造业单项冠军;单项冠军示范企业"),
    ("xy", "雄鹰", 80, [P], None, "雄鹰企业;雄鹰行动"),
    ("lz", "链主", 90, [P, C], None, "链主企业;产业链链主"),
)
