from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from sources.models import Article, Source

# Bare domains typed into URL fields become https:// (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
# A number from 0 to 1 (reliability, weight): the browser's input says so,
# and the model's validators say it in words.
UNIT_INTERVAL = {
    models.FloatField: {"widget": forms.NumberInput(attrs={"min": "0", "max": "1", "step": "any"})}
}


class NamedInputs:
    """A ModelAdmin mixin: a date-and-time field is two inputs under one
    label, so each input gets a name of its own for screen readers (axe's
    ``label`` rule)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and field is not None:
            parts = getattr(field.widget, "widgets", ())
            name = str(db_field.verbose_name).capitalize()
            for part, what in zip(parts, ("date", "time"), strict=False):
                part.attrs.setdefault("aria-label", f"{name}: {what}")
        return field


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = UNIT_INTERVAL
    list_display = ("name", "kind", "domain", "reliability", "is_official", "updated_at")
    list_filter = ("kind", "is_official")
    search_fields = ("name", "slug", "domain")
    list_editable = ("reliability",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "domain")}),
        ("Trust", {"fields": ("reliability", "is_official", "notes")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )


@admin.register(Article)
class ArticleAdmin(NamedInputs, admin.ModelAdmin):
    """Articles as the sources app knows them; ``claims.admin`` extends this
    with the article's claims (this app never imports claims)."""

    list_display = ("__str__", "version", "publisher", "published_at", "language", "created_at")
    list_filter = (
        ("superseded_at", admin.EmptyFieldListFilter),
        "language",
        "publisher__kind",
        "published_at",
    )
    search_fields = ("title", "url", "byline", "content_hash")
    autocomplete_fields = ("publisher",)
    formfield_overrides = HTTPS_URLS
    date_hierarchy = "created_at"
    list_select_related = ("publisher",)
    readonly_fields = (
        "version",
        "versions",
        "superseded_at",
        "content_hash",
        "body",
        "extraction_note",
        "http_status",
        "etag",
        "last_modified",
        "fetched_at",
        "body_hash_history",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("title", "url", "publisher", "byline", "published_at", "language")}),
        ("Versions", {"fields": (("version", "superseded_at"), "versions")}),
        ("Text", {"fields": ("raw_text", "body", "content_hash", "extraction_note")}),
        (
            "Re-fetch state",
            {
                "fields": (
                    "retrieved_at",
                    "fetched_at",
                    "http_status",
                    "etag",
                    "last_modified",
                    "body_hash_history",
                ),
                "classes": ("collapse",),
            },
        ),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description="all versions of this URL")
    def versions(self, obj: Article) -> str:
        if obj.pk is None or not obj.url:
            return "—"
        rows = Article.objects.filter(url=obj.url).order_by("version")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">version {}</a> — stored {}{}',
            (
                (
                    reverse("admin:sources_article_change", args=[v.pk]),
                    v.version,
                    v.created_at.strftime("%Y-%m-%d %H:%M"),
                    " (this one)" if v.pk == obj.pk else "",
                )
                for v in rows
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        # Claim offsets point into the raw text: it is fixed once stored. A
        # new version of an article is ingested, not edited in place.
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "raw_text") if obj is not None else fields
