from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app notifications (the bell with the unread count) and e-mail when an SMTP server is configured."""

    name = "notifications"
    verbose_name = "消息通知"
