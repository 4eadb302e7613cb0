from django.utils.translation import gettext_lazy as _

GROUP = "cultivation"
MENU = (
    _("智能化改造"),
    [
        (_("智能化诊断"), "smart:diagnosis_list", "smart.view_diagnosis"),
        (_("导入诊断报表"), "smart:diagnosis_import", "smart.add_diagnosis"),
        (_("智能化示范"), "smart:demonstration_list", "smart.view_demonstration"),
        (_("装备数据"), "smart:equipmentfigure_list", "smart.view_equipmentfigure"),
        (_("统计与排名"), "smart:figures", "smart.view_equipmentfigure"),
        (_("工程服务公司"), "smart:servicecompany_list", "smart.view_servicecompany"),
        (_("补助"), "smart:subsidyaward_list", "smart.view_subsidyaward"),
        (_("补助拨付"), "policies:disbursement_list", "policies.view_disbursement"),
        (_("补助规则"), "smart:subsidyrule_list", "smart.view_subsidyrule"),
        (_("排名规则"), "smart:rankingrule_list", "smart.view_rankingrule"),
    ],
)
