from rest_framework import serializers

from regions.models import Department, Region

from ..models import EDITED_FIELDS, User


class UserSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), allow_null=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), allow_null=True, required=False)

    class Meta:
        model = User
        fields = ["id", *EDITED_FIELDS, "last_login"]
        read_only_fields = ["last_login"]
