"""API of the calendar: the entered years and days (admin writes), and `GET /api/workdays/add/?start=&days=`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet

from .. import services
from ..calendar import UnknownYearError
from ..filtersets import HolidayDayFilterSet, HolidayYearFilterSet
from ..models import HolidayDay, HolidayYear
from ..selectors import workday_calendar
from .serializers import HolidayDaySerializer, HolidayYearSerializer, WorkdayQuerySerializer


class HolidayYearViewSet(ScopedModelViewSet):
    model = HolidayYear
    serializer_class = HolidayYearSerializer
    filterset_class = HolidayYearFilterSet
    services = (services.holidayyear_create, services.holidayyear_update, services.holidayyear_delete)


class HolidayDayViewSet(ScopedModelViewSet):
    model = HolidayDay
    serializer_class = HolidayDaySerializer
    filterset_class = HolidayDayFilterSet
    services = (services.holidayday_create, services.holidayday_update, services.holidayday_delete)


class WorkdayAddViewSet(viewsets.ViewSet):
    """The n-th working day after a date; a year the calendar does not know is a 400, never a guess."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("days", int)],
        responses={200: dict},
    )
    def list(self, request: Request) -> Response:
        query = WorkdayQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, days = query.validated_data["start"], query.validated_data["days"]
        try:
            result = workday_calendar().add_workdays(start, days)
        except UnknownYearError as exc:
            raise ValidationError({"start": [f"未知年度的节假日安排：{exc}"]}) from exc
        return Response({"start": start, "days": days, "result": result})
