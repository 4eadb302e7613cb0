from rest_framework import serializers

from ..models import Department, Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]

    class Meta:
        model = Region
        fields = ["id", "code", "name", "kind", "aliases", "depth", "parent"]
        read_only_fields = ["code", "depth"]

    def get_parent(self, obj: Region) -> str | None:
        if hasattr(obj, "parent_code"):  # annotated by the list (RegionViewSet): no query per row
            return obj.parent_code  # type: ignore[no-any-return]
        parent = Region.objects.get_parent(obj) if obj.depth > 1 else None
        return parent.code if parent else None


class DepartmentSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = Department
        fields = ["id", "name", "short_name", "level", "region"]
