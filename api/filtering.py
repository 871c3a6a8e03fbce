"""The filter backend of every list: django-filter's, refusing what it does
not know. A misspelt parameter (``?statuss=refuted``) would otherwise be
ignored and the whole list returned, which a consumer takes for an answer."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

# what pagination, ordering and content negotiation read
COMMON_PARAMETERS = frozenset({"cursor", "page_size", "ordering", "format"})


class StrictFilterBackend(DjangoFilterBackend):
    """Filters as declared; any other query parameter of a read is a 400
    naming it. A view may accept more (``extra_query_parameters``)."""

    def filter_queryset(self, request, queryset, view):
        if request.method in ("GET", "HEAD"):
            filterset_class = self.get_filterset_class(view, queryset)
            known = set(COMMON_PARAMETERS) | set(getattr(view, "extra_query_parameters", ()))
            if filterset_class is not None:
                known |= set(filterset_class.base_filters)
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                raise exceptions.ValidationError(
                    {
                        name: [f"Unknown parameter. Known: {', '.join(sorted(known))}."]
                        for name in unknown
                    }
                )
        return super().filter_queryset(request, queryset, view)
