"""The bell counts a user's unread messages; e-mail goes out only when EMAIL_HOST is configured."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from accounts.choices import Role
from notifications.models import Notification
from notifications.services import notification_read, notify, unread_count

pytestmark = pytest.mark.django_db


def test_bell_counts_unread_and_reading_clears(client, make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.UNIT_REPORTER, "330481", email="a@example.com")
    other = make_user(Role.UNIT_REPORTER, "330481")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user, other], title="诉求明天到期")
    assert len(mail.outbox) == 0  # no SMTP server configured
    assert unread_count(user) == 1
    client.force_login(user)
    # The page carries the bell; its count comes from the API after the page is drawn (no query per page).
    assert 'data-unread-url="/api/notifications/unread-count/"' in client.get("/").content.decode()
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 1}
    notification_read(notification=Notification.objects.get(user=user), actor=user)
    assert unread_count(user) == 0 and unread_count(other) == 1


@override_settings(EMAIL_HOST="smtp.example.com", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_email_when_smtp_is_configured(make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.UNIT_REPORTER, "330481", email="a@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], title="超期诉求督办", url="/appeals/1/")
    assert [m.to for m in mail.outbox] == [["a@example.com"]]
