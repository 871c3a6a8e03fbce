"""Claim filters, shared by the list, the CSV/JSONL exports and the schema."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import CheckedIsoDateTimeFormField
from claims.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    Evidence,
    EvidenceState,
    Polarity,
    ReviewState,
    Stance,
)
from claims.selectors import text_search
from sources.models import Article, SourceKind

MAX_Q_CHARS = 500
BOOL_CHOICES = (("true", "true"), ("false", "false"))


def _is_true(value: str) -> bool:
    return value == "true"


@extend_schema_field(serializers.ChoiceField(choices=["true", "false"]))
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """A boolean that answers 400 to anything but true/false, instead of
    silently ignoring it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", BOOL_CHOICES)
        kwargs.setdefault("coerce", _is_true)
        super().__init__(**kwargs)


MAX_ID = 2**63 - 1  # bigint


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = CheckedIsoDateTimeFormField


@extend_schema_field(serializers.IntegerField(min_value=1, max_value=MAX_ID))
class IdFilter(django_filters.NumberFilter):
    """An object id: a whole number that fits the database's bigint."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class LeanFilterSet(django_filters.FilterSet):
    """A FilterSet that copies and validates only the filters a request
    uses: django-filter deep-copies every declared filter per request, which
    costs more than the query for a list endpoint. The class still declares
    them all, so the schema lists them all."""

    # filters that read each other's values
    companions: dict[str, tuple[str, ...]] = {}
    # form classes by (FilterSet, filters used): building one is most of a
    # small request's filtering time. Bounded: a client picks the subset.
    _form_classes: dict[tuple, type] = {}
    MAX_FORM_CLASSES = 256

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            used = set(data.keys())
            for name in list(used):
                used.update(self.companions.get(name, ()))
            self.base_filters = {
                name: f for name, f in type(self).base_filters.items() if name in used
            }
        super().__init__(data, *args, **kwargs)

    def get_form_class(self):
        key = (type(self), tuple(self.filters))
        form_class = self._form_classes.get(key)
        if form_class is None:
            if len(self._form_classes) >= self.MAX_FORM_CLASSES:
                self._form_classes.clear()
            form_class = self._form_classes[key] = super().get_form_class()
        return form_class


class ClaimFilter(LeanFilterSet):
    # distinct=False: these filters join nothing, so no row can repeat, and
    # the DISTINCT django-filter adds by default would defeat every index.
    status = django_filters.MultipleChoiceFilter(
        choices=ClaimStatus.choices,
        distinct=False,
        help_text="One or several (repeat the parameter).",
    )
    polarity = django_filters.ChoiceFilter(choices=Polarity.choices)
    kind = django_filters.MultipleChoiceFilter(choices=ClaimKind.choices, distinct=False)
    hedged = StrictBooleanFilter()
    time_bound = StrictBooleanFilter()
    status_locked = StrictBooleanFilter()
    confidence_min = django_filters.NumberFilter(
        field_name="confidence", lookup_expr="gte", help_text="Confidence at least this (0-1)."
    )
    confidence_max = django_filters.NumberFilter(
        field_name="confidence", lookup_expr="lte", help_text="Confidence at most this (0-1)."
    )
    article = IdFilter(field_name="article_id", help_text="Article id.")
    attribution = IdFilter(
        field_name="attribution_id", help_text="Id of the source the claim is attributed to."
    )
    attributed = StrictBooleanFilter(
        field_name="attribution",
        lookup_expr="isnull",
        exclude=True,
        help_text="true: attributed to someone; false: the article's own voice.",
    )
    attribution_name = django_filters.CharFilter(
        field_name="attribution__name",
        lookup_expr="icontains",
        max_length=200,
        help_text="The name of whom the claim is attributed to contains this.",
    )
    attribution_kind = django_filters.ChoiceFilter(
        field_name="attribution__kind",
        choices=SourceKind.choices,
        help_text="The kind of source it is attributed to (`unnamed`: 'officials said').",
    )
    publisher = IdFilter(
        field_name="article__publisher_id", help_text="Id of the publisher of its article."
    )
    review_state = django_filters.MultipleChoiceFilter(
        choices=ReviewState.choices,
        distinct=False,
        help_text="Where it stands on the desk: new, in_review, reviewed, published.",
    )
    language = django_filters.CharFilter(
        field_name="article__language", max_length=16, help_text="Its article's language code."
    )
    max_age_days = django_filters.NumberFilter(
        method="filter_max_age",
        min_value=0,
        max_value=36500,
        help_text="Stored at most this many days ago.",
    )
    source = IdFilter(
        method="filter_source", help_text="Id of a source with evidence on the claim."
    )
    stance = django_filters.ChoiceFilter(
        choices=Stance.choices,
        method="filter_stance",
        help_text="Claims with evidence of this stance (with `source`: from that source).",
    )
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=MAX_Q_CHARS,
        help_text=(
            "Words the claim's text has, all of them (stemmed: reopened finds reopens, "
            "won finds wins), through the full-text index; the most relevant first unless "
            "`ordering` says otherwise (`ordering=relevance` needs `q`)."
        ),
    )
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    checked_after = DateTimeFilter(field_name="last_checked_at", lookup_expr="gte")
    checked_before = DateTimeFilter(field_name="last_checked_at", lookup_expr="lt")
    due = StrictBooleanFilter(
        method="filter_due", help_text="true: due for a re-check now; false: not due."
    )
    current = StrictBooleanFilter(
        field_name="superseded_at",
        lookup_expr="isnull",
        help_text="true: still in its article's latest version; false: superseded.",
    )

    companions = {"source": ("stance",), "stance": ("source",)}

    class Meta:
        model = Claim
        fields = ()

    def _evidence(self, **lookup):
        return Exists(Evidence.objects.filter(claim_id=OuterRef("pk"), **lookup))

    def filter_source(self, queryset, name, value):
        lookup = {"source_id": value}
        stance = self.form.cleaned_data.get("stance")
        if stance:
            lookup["stance"] = stance
        return queryset.filter(self._evidence(**lookup))

    def filter_stance(self, queryset, name, value):
        if self.form.cleaned_data.get("source") is not None:
            return queryset  # applied together with the source
        return queryset.filter(self._evidence(stance=value))

    def filter_text(self, queryset, name, value):
        return text_search(queryset, value)

    def filter_max_age(self, queryset, name, value):
        return queryset.filter(created_at__gte=timezone.now() - timedelta(days=float(value)))

    def filter_due(self, queryset, name, value):
        now = timezone.now()
        return queryset.due(now) if value else queryset.not_due(now)


class EvidenceFilter(LeanFilterSet):
    claim = IdFilter(field_name="claim_id", help_text="Claim id.")
    source = IdFilter(field_name="source_id", help_text="Source id.")
    stance = django_filters.ChoiceFilter(choices=Stance.choices)
    state = django_filters.ChoiceFilter(choices=EvidenceState.choices)

    class Meta:
        model = Evidence
        fields = ()


class ArticleFilter(LeanFilterSet):
    url = django_filters.CharFilter(max_length=2000, help_text="Exactly this URL.")
    publisher = IdFilter(field_name="publisher_id", help_text="Publisher's source id.")
    language = django_filters.CharFilter(max_length=16, help_text="Language code, e.g. en.")
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt")
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", max_length=200, help_text="In the title."
    )

    class Meta:
        model = Article
        fields = ()
