"""The categories of domain.md §10 with the default deadlines (1 / 3 / 15 / 30 working days); plain data for the migration."""

CATEGORIES: tuple[tuple[str, str, int], ...] = (
    ("labour", "缺工", 10),
    ("container", "缺箱", 20),
    ("finance", "融资", 30),
    ("land", "用地", 40),
    ("energy", "用能", 50),
    ("approval", "审批", 60),
    ("policy", "政策", 70),
    ("other", "其他", 80),
)
