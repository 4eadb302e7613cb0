"""The user's messages: list (own only), open (marks read, then follows the link), mark all read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View

from core.scope import access_object
from core.views import ObjectDetailView, ObjectListView

from . import services
from .filtersets import NotificationFilterSet
from .models import Notification
from .tables import NotificationTable


class NotificationListView(ObjectListView):
    model = Notification
    filterset_class = NotificationFilterSet
    table_class = NotificationTable
    template_name = "notifications/notification_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(user=self.request.user)  # even the admin's bell is their own


class NotificationDetailView(ObjectDetailView):
    model = Notification
    fields = ("title", "body", "kind", "created_at", "read_at")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        notification = access_object(Notification, request.user, kwargs["pk"])
        if notification.user_id == request.user.pk:
            services.notification_read(notification=notification, actor=request.user)
            if notification.url:
                return HttpResponseRedirect(notification.url)
        return super().get(request, *args, **kwargs)


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        services.notifications_read_all(actor=request.user)
        return HttpResponseRedirect(reverse("notifications:notification_list"))
