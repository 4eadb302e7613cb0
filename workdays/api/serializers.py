from __future__ import annotations

from rest_framework import serializers

from ..models import HolidayDay, HolidayYear

STAMPS = ["created_at", "updated_at"]


class HolidayYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = HolidayYear
        fields = ["id", "year", "source", *STAMPS]
        read_only_fields = STAMPS

    def get_validators(self) -> list:  # the service checks uniqueness with the model's constraints
        return []


class HolidayDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = HolidayDay
        fields = ["id", "holiday_year", "date", "kind", "name", *STAMPS]
        read_only_fields = STAMPS

    def get_validators(self) -> list:
        return []


class WorkdayQuerySerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField(min_value=0, max_value=400)
