from rest_framework import serializers

from sources.models import Article, Source, normalize_source_name


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ("id", "name", "slug", "kind", "domain", "reliability", "is_official", "notes")
        read_only_fields = ("slug",)
        extra_kwargs = {"reliability": {"min_value": 0.0, "max_value": 1.0}}

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("A source needs a name.")
        slug = normalize_source_name(value)
        clash = Source.objects.filter(slug=slug)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(f"A source named like this exists ({slug}).")
        return value

    def create(self, validated_data):
        validated_data["slug"] = normalize_source_name(validated_data["name"])
        return super().create(validated_data)

    def update(self, instance, validated_data):
        if "name" in validated_data:
            validated_data["slug"] = normalize_source_name(validated_data["name"])
        return super().update(instance, validated_data)


class ArticleSummarySerializer(serializers.ModelSerializer):
    publisher = serializers.CharField(
        source="publisher.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Article
        fields = (
            "id",
            "title",
            "url",
            "publisher",
            "byline",
            "wire",
            "published_at",
            "language",
            "extraction_note",
            "created_at",
        )
        read_only_fields = fields
