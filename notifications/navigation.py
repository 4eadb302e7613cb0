from django.utils.translation import gettext_lazy as _

MENU = (_("消息"), [(_("我的消息"), "notifications:notification_list", "notifications.view_notification")])
