from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("warning-thresholds", views.WarningThresholdViewSet, basename="warningthreshold")

urlpatterns = [
    *router.urls,
    path("monitoring/plans/<int:pk>/matrix/", views.MatrixView.as_view(), name="monitoring-matrix"),
    path("monitoring/plans/<int:pk>/rankings/", views.RankingsView.as_view(), name="monitoring-rankings"),
    path("monitoring/plans/<int:pk>/forecasts/", views.ForecastsView.as_view(), name="monitoring-forecasts"),
    path(
        "monitoring/plans/<int:pk>/units/<int:region>/history/",
        views.HistoryView.as_view(),
        name="monitoring-unit-history",
    ),
]
