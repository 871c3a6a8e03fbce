import django_filters
from django.db import transaction
from django.db.models import Q
from rest_framework import viewsets

from api.pagination import KeysetPagination
from sources.api.serializers import SourceSerializer
from sources.models import Source, SourceKind


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=SourceKind.choices, distinct=False)
    is_official = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="search", label="Name or domain contains")

    class Meta:
        model = Source
        fields = ("kind", "is_official")

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(domain__icontains=value))


class SourcePagination(KeysetPagination):
    ordering_fields = ("name", "reliability", "created_at")
    default_ordering = "name"


class SourceViewSet(viewsets.ModelViewSet):
    """Publications, people, agencies, documents and unnamed groups that
    claims are attributed to and evidence comes from. Deleting a source that
    claims or evidence still point to answers 409."""

    queryset = Source.objects.all()

    # Each write is one transaction: a database error rolls it back whole.
    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()

    lookup_value_regex = "[0-9]{1,18}"  # fits a bigint
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    pagination_class = SourcePagination
