"""Editors' workspace: articles with their claims, claims with evidence and
history, read-only history, and verdicts set only through the status service."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe

from claims.actors import Actor
from claims.extraction.inputs import InputError, prepare_text
from claims.models import (
    PUBLISHABLE_CHOICES,
    UNPUBLISHABLE,
    Claim,
    ClaimCheck,
    ClaimLink,
    ClaimNote,
    ClaimStatus,
    Evidence,
    EvidenceOrigin,
    Job,
    LinkRelation,
    LinkState,
    Publication,
    ReviewState,
    Webhook,
    WebhookDelivery,
)
from claims.selectors import articles_end, feed_end
from claims.services.edits import claim_save_edit
from claims.services.errors import ServiceError
from claims.services.evidence import evidence_delete, evidence_save
from claims.services.ingest import article_ingest
from claims.services.links import link_decide
from claims.services.publishing import claim_publish, claim_withdraw
from claims.services.recheck import claims_recheck_now
from claims.services.review import claim_note_add, claim_review_update
from claims.services.verdicts import claim_set_status
from claims.services.webhooks import delivery_resend, new_secret
from sources.admin import HTTPS_URLS, UNIT_INTERVAL, ArticleAdmin, NamedInputs, SourceAdmin
from sources.models import WEB_URL, Article, Source


@dataclass(frozen=True)
class Span:
    """One claim's stretch of an article's text, as the highlighter marks it."""

    start: int
    end: int
    number: int  # the claim's position: the claims table's number
    text: str
    status: str
    href: str


def highlight_spans(text: str, spans: list[Span]) -> str:
    """HTML of ``text`` with each claim's span in a <mark> coloured by its
    status and led by its number (the claims table's position).

    Overlapping spans (two claims from one clause) merge into one mark that
    carries both numbers and lists both claims in its title; it takes the
    first claim's colour. Everything but the marks is escaped.
    """
    merged: list[list] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end, s.number)):
        if not 0 <= span.start < span.end <= len(text):
            continue
        if merged and span.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span.end)
            merged[-1][2].append(span)
        else:
            merged.append([span.start, span.end, [span]])
    out, pos = [], 0
    for start, end, group in merged:
        first = group[0]
        out.append(escape(text[pos:start]))
        out.append(
            format_html(
                '<a href="{}" class="claim-mark"><mark class="status-{}" title="{}">'
                '<span class="claim-no">{}</span>{}</mark></a>',
                first.href,
                first.status,
                "\n".join(f"{s.number}. {s.text} ({s.status})" for s in group),
                ",".join(str(s.number) for s in group),
                text[start:end],
            )
        )
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def status_legend() -> str:
    """The colours of the highlights, in words."""
    items = [
        format_html('<li><mark class="status-{}">{}</mark></li>', value, label)
        for value, label in ClaimStatus.choices
    ]
    return format_html(
        '<ul class="status-legend" aria-label="Highlight colours by status">{}</ul>',
        mark_safe("".join(items)),  # noqa: S308 - each item is escaped above
    )


RECHECK_NOW_LIMIT = 1000


LONG_ARTICLE_CLAIMS = 50


class ClaimInline(admin.TabularInline):
    """An article's claims, collapsed when there are more than
    LONG_ARTICLE_CLAIMS (the text above highlights them all; the claims
    list, filtered by the article, pages them)."""

    model = Claim
    fields = ("position", "text", "status", "confidence_shown", "polarity", "hedged")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ("position",)

    @admin.display(description="confidence")
    def confidence_shown(self, obj: Claim) -> str:
        return f"{obj.confidence:.2f}"


admin.site.unregister(Article)


class _Refused(Exception):
    """The ingest service refused the article: shown on the add form."""


class ArticleAddForm(forms.ModelForm):
    """A new article from the admin goes through the ingest service, which
    extracts its claims; the text is checked here so errors show on the form."""

    url = forms.URLField(
        max_length=2000, required=False, assume_scheme="https", validators=[WEB_URL]
    )

    class Meta:
        model = Article
        fields = ("title", "url", "publisher", "byline", "published_at", "raw_text")
        labels = {"raw_text": "Article text (plain text or HTML)"}

    def clean_url(self):
        # no URL is stored as NULL (URLs are unique when given), never ""
        return self.cleaned_data["url"] or None

    def clean_raw_text(self):
        text = self.cleaned_data["raw_text"]
        try:
            prepare_text(text, max_bytes=settings.CLAIMS_MAX_ARTICLE_BYTES)
        except InputError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text

    def validate_unique(self):
        # The service decides: the same content returns the stored article,
        # new content at a stored URL is a new version of it.
        pass


@admin.register(Article)
class ArticleWithClaimsAdmin(ArticleAdmin):
    list_display = (*ArticleAdmin.list_display, "claim_count")
    add_fieldsets = ((None, {"fields": ArticleAddForm.Meta.fields}),)
    inlines = (ClaimInline,)
    readonly_fields = ("highlighted_text", "other_reports", *ArticleAdmin.readonly_fields)
    fieldsets = (
        ArticleAdmin.fieldsets[0],
        ("Claims in the text", {"fields": ("highlighted_text",)}),
        ("In other reports", {"fields": ("other_reports",)}),
        *ArticleAdmin.fieldsets[1:],
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_claim_count=Count("claims"))

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ArticleAddForm
            kwargs["fields"] = ArticleAddForm.Meta.fields
        return super().get_form(request, obj, **kwargs)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        if obj is not None and obj.claims.count() > LONG_ARTICLE_CLAIMS:
            for inline in instances:
                if isinstance(inline, ClaimInline):
                    inline.classes = ["collapse"]
                    inline.verbose_name_plural = (
                        f"claims ({obj.claims.count()}: collapsed; the claims list "
                        "filtered by this article pages them)"
                    )
        return instances

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        try:
            result = article_ingest(
                text=data["raw_text"],
                actor=Actor.for_user(request.user),
                url=data.get("url"),
                title=data.get("title", ""),
                publisher=data.get("publisher"),
                published_at=data.get("published_at"),
                byline=data.get("byline", ""),
                may_replace=request.user.has_perm("sources.change_article"),
            )
        except ServiceError as exc:
            raise _Refused(str(exc)) from exc
        obj.pk = result.article.pk
        obj._state.adding = False
        obj._ingest_result = result

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as exc:
            # the transaction rolled back: say why on the add form, not an error page
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def response_add(self, request, obj, post_url_continue=None):
        result = obj._ingest_result
        url = reverse("admin:sources_article_change", args=[obj.pk])
        said = f"{result.message[:1].upper()}{result.message[1:]}."  # "Stored article 7 …"
        if not result.changed:
            # nothing was added: say so alone, and show what is stored
            self.message_user(request, said, messages.WARNING)
            return HttpResponseRedirect(url)
        self.message_user(request, said, messages.SUCCESS)
        return HttpResponseRedirect(url)

    def log_addition(self, request, obj, message):
        if obj._ingest_result.changed:
            super().log_addition(request, obj, message)

    @admin.display(description="claims", ordering="_claim_count")
    def claim_count(self, obj) -> int:
        return obj._claim_count

    @admin.display(description="claims other outlets corroborate or dispute")
    def other_reports(self, obj: Article) -> str:
        if obj.pk is None:
            return "—"
        links = (
            ClaimLink.objects.filter(Q(claim_a__article=obj) | Q(claim_b__article=obj))
            .exclude(state=LinkState.REJECTED)
            .select_related("claim_a__article__publisher", "claim_b__article__publisher")
            .order_by("claim_a_id", "claim_b_id")
        )
        by_claim: dict[Claim, list] = {}
        for link in links:
            ours, theirs = (
                (link.claim_a, link.claim_b)
                if link.claim_a.article_id == obj.pk
                else (link.claim_b, link.claim_a)
            )
            verb = "corroborated by" if link.relation == LinkRelation.SAME else "disputed by"
            by_claim.setdefault(ours, []).append(
                format_html(
                    '{} <a href="{}">{}</a> ({}; <a href="{}">link</a>)',
                    verb,
                    reverse("admin:claims_claim_change", args=[theirs.pk]),
                    theirs.article.publisher or theirs.article,
                    link.get_state_display().lower(),
                    reverse("admin:claims_claimlink_change", args=[link.pk]),
                )
            )
        if not by_claim:
            return "No other report states these claims yet."
        rows = [
            format_html(
                '<li><a href="{}">{}</a>: {}</li>',
                reverse("admin:claims_claim_change", args=[claim.pk]),
                claim.text,
                mark_safe("; ".join(found)),  # noqa: S308 (each part escaped above)
            )
            for claim, found in sorted(by_claim.items(), key=lambda item: item[0].position)
        ]
        return format_html("<ul>{}</ul>", mark_safe("".join(rows)))  # noqa: S308

    @admin.display(description="text with claims highlighted")
    def highlighted_text(self, obj: Article) -> str:
        if obj.pk is None:
            return "—"
        spans = [
            Span(
                c.start,
                c.end,
                c.position,
                c.text,
                c.status,
                reverse("admin:claims_claim_change", args=[c.pk]),
            )
            for c in obj.claims.current().only("start", "end", "text", "position", "status")
        ]
        return format_html(
            '{}<div class="claim-text">{}</div>',
            status_legend(),
            highlight_spans(obj.raw_text, spans),
        )


admin.site.unregister(Source)

SOURCE_USES_SHOWN = 20


@admin.register(Source)
class SourceWithUsesAdmin(SourceAdmin):
    """A source and where it is used: the claims its evidence bears on, the
    articles it published, the claims attributed to it (its trust moves all
    of them: claims.signals)."""

    readonly_fields = ("where_used", *SourceAdmin.readonly_fields)
    fieldsets = (
        *SourceAdmin.fieldsets[:2],
        ("Where it is used", {"fields": ("where_used",)}),
        *SourceAdmin.fieldsets[2:],
    )

    @admin.display(description="cited by")
    def where_used(self, obj: Source) -> str:
        if obj.pk is None:
            return "—"
        evidence = Evidence.objects.filter(source=obj)
        cited = (
            Claim.objects.filter(evidence__source=obj)
            .distinct()
            .select_related("article")
            .order_by("-created_at", "-id")
        )
        shown = [
            format_html(
                '<li><a href="{}">{}</a> — {} ({})</li>',
                reverse("admin:claims_claim_change", args=[claim.pk]),
                claim.text,
                claim.article,
                claim.get_status_display().lower(),
            )
            for claim in cited[:SOURCE_USES_SHOWN]
        ]
        counts = [
            (
                f"evidence rows: {evidence.count()}",
                reverse("admin:claims_evidence_changelist") + f"?source__id__exact={obj.pk}",
            ),
            (
                f"articles published: {Article.objects.filter(publisher=obj).count()}",
                reverse("admin:sources_article_changelist") + f"?publisher__id__exact={obj.pk}",
            ),
            (
                f"claims attributed to it: {Claim.objects.filter(attribution=obj).count()}",
                reverse("admin:claims_claim_changelist") + f"?attribution__id__exact={obj.pk}",
            ),
        ]
        summary = format_html_join(" · ", '<a href="{}">{}</a>', ((u, t) for t, u in counts))
        more = cited.count() - len(shown)
        return format_html(
            "<p>{}</p><ul>{}</ul>{}",
            summary,
            mark_safe("".join(shown)) if shown else "",  # noqa: S308 - escaped above
            f"… and {more} more claims (the evidence list shows them all)" if more > 0 else "",
        )


class LabelledFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this row"


class LabelledInline(admin.TabularInline):
    """A tabular inline whose inputs carry their field's name for screen
    readers (the column header is not a label: axe's ``label`` and
    ``select-name`` rules)."""

    formset = LabelledFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            widget = getattr(field.widget, "widget", field.widget)  # inside a related wrapper
            widget.attrs.setdefault("aria-label", str(db_field.verbose_name).capitalize())
        return field


class EvidenceInline(LabelledInline):
    model = Evidence
    fields = ("source", "stance", "url", "quote", "weight", "state", "added_by", "retrieved_at")
    readonly_fields = ("state", "added_by", "retrieved_at")
    autocomplete_fields = ("source",)
    formfield_overrides = {**HTTPS_URLS, **UNIT_INTERVAL}
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "quote":  # a table cell: short, grows when typed into
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 36})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class NoteInline(admin.TabularInline):
    """The editors' notes on the claim, oldest first (append-only)."""

    model = ClaimNote
    fields = ("created_at", "author_label", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "notes"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NewNoteInline(LabelledInline):
    """A box for a new note: saved with the claim, signed by its author."""

    model = ClaimNote
    fields = ("text",)
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = "new note"
    verbose_name_plural = "add a note"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "aria-label": "New note"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False


class ClaimCheckInline(admin.TabularInline):
    model = ClaimCheck
    fields = ("at", "what_happened", "actor", "reason", "changed")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-at", "-id")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="what happened")
    def what_happened(self, obj: ClaimCheck) -> str:
        return obj.summary

    @admin.display(description="what changed")
    def changed(self, obj: ClaimCheck) -> str:
        return describe_changes(obj.changes)


def describe_changes(changes: dict) -> str:
    """An edit's or evidence event's changes in words: field: old → new."""
    parts = [
        f"{name}: {_short(old)} → {_short(new)}"
        for name, value in changes.items()
        if isinstance(value, list) and len(value) == 2
        for old, new in [value]
    ]
    return "; ".join(parts) or "—"


def _short(value) -> str:
    text = "—" if value in (None, "", []) else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


class AssigneeFilter(admin.SimpleListFilter):
    """The desk's queues: mine, nobody's, anyone's."""

    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "me"), ("nobody", "nobody"), ("anyone", "anyone")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "nobody":
            return queryset.filter(assignee__isnull=True)
        if value == "anyone":
            return queryset.filter(assignee__isnull=False)
        return queryset


class NeedsReviewFilter(admin.SimpleListFilter):
    """The desk's to-do: current claims nobody has finished reviewing, or
    that something flagged for an editor (a new version of the article
    dropped work on them)."""

    title = "needs review"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", "Needs review"), ("flagged", "Flagged for an editor")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.current().filter(
                Q(review_state__in=[ReviewState.NEW, ReviewState.IN_REVIEW])
                | Q(flagged_for_review=True)
            )
        if self.value() == "flagged":
            return queryset.filter(flagged_for_review=True)
        return queryset


class PublisherFilter(admin.SimpleListFilter):
    """Claims by the publisher of their article ("all disputed claims from
    X" is this and the status filter). Lists the sources that publish
    articles, read from the articles, not the claims."""

    title = "publisher"
    parameter_name = "publisher"

    def lookups(self, request, model_admin):
        publishers = Source.objects.filter(
            pk__in=Article.objects.exclude(publisher=None).values("publisher_id")
        ).order_by("name")
        return [(str(source.pk), source.name) for source in publishers.only("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(article__publisher_id=int(value))


class VerdictForm(forms.Form):
    """The verdict of the selected claims. It starts from their current
    status when they share one; otherwise the editor picks one: a reason
    typed alone never changes a status nobody chose."""

    status = forms.ChoiceField(choices=[("", "— choose a status —"), *ClaimStatus.choices])
    lock = forms.BooleanField(
        required=False, initial=True, help_text="Keep re-checks from changing this verdict."
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class UnlockForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class PublishForm(forms.Form):
    """A review for readers: the rating becomes the claim's locked verdict."""

    rating = forms.ChoiceField(
        choices=[("", "— choose a rating —")] + PUBLISHABLE_CHOICES,
        help_text="The verdict the review stands behind (unverified and outdated are not ratings).",
    )
    review_body = forms.CharField(
        label="Explanation for readers",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="Published as the review's text (ClaimReview reviewBody).",
    )
    url = forms.URLField(
        label="Public URL",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="The page that carries the review; empty for the site's template.",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


def apply_verdict(claim_id: int, actor: Actor, data: dict):
    """The verdict form, applied to one claim (the action and the claim page)."""
    return claim_set_status(
        claim_id=claim_id,
        actor=actor,
        status=data["status"],
        lock=data["lock"],
        reason=data["reason"],
    )


def apply_unlock(claim_id: int, actor: Actor, data: dict):
    """The unlock form, applied to one claim."""
    return claim_set_status(claim_id=claim_id, actor=actor, lock=False, reason=data["reason"])


# the claim page's one-click buttons: (label, what the service does)
DESK_BUTTONS = {
    "assign": "Assign to me",
    "in_review": "Mark in review",
    "reviewed": "Mark reviewed",
    "recheck": "Re-check now",
}


@admin.register(Claim)
class ClaimAdmin(NamedInputs, admin.ModelAdmin):
    # the claim's words first and wide (claims/static/claims/admin.css); the
    # reading (polarity, hedges, kind) is on the claim's page and in filters
    list_display = (
        "claim_text",
        "article_and_publisher",
        "status",
        "confidence_shown",
        "attribution",
        "status_locked",
        "review_state",
        "assignee",
    )
    list_display_links = ("claim_text",)

    change_form_template = "admin/claims/claim/change_form.html"

    @admin.display(description="claim", ordering="text")
    def claim_text(self, obj: Claim) -> str:
        return obj.text

    @admin.display(description="article", ordering="article__published_at")
    def article_and_publisher(self, obj: Claim) -> str:
        publisher = obj.article.publisher
        return f"{obj.article}" + (f" — {publisher.name}" if publisher else "")

    @admin.display(description="confidence", ordering="confidence")
    def confidence_shown(self, obj: Claim) -> str:
        return f"{obj.confidence:.2f}"

    list_filter = (
        "status",
        "status_locked",
        "polarity",
        "hedged",
        "kind",
        "time_bound",
        "attribution__kind",
        NeedsReviewFilter,
        "review_state",
        AssigneeFilter,
        PublisherFilter,
        ("superseded_at", admin.EmptyFieldListFilter),
        "last_checked_at",
    )
    search_fields = (
        "text",
        "quote",
        "article__title",
        "attribution__name",
        "article__publisher__name",
    )

    def lookup_allowed(self, lookup, value, request=None):
        # a link written by hand ("?article__publisher__id__exact=5") works too
        if lookup == "article__publisher__id__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

    list_select_related = ("article", "article__publisher", "attribution", "assignee")
    date_hierarchy = "article__published_at"  # by the article's date: year, month, day
    autocomplete_fields = ("article", "attribution")
    inlines = (EvidenceInline, NoteInline, NewNoteInline, ClaimCheckInline)
    actions = (
        "assign_to_me",
        "mark_in_review",
        "mark_reviewed",
        "recheck_now",
        "set_verdict",
        "unlock_verdict",
    )
    readonly_fields = (
        "review_state",
        "assignee",
        "published_review",
        "says",
        "same_elsewhere",
        "conflicting_reports",
        "status",
        "confidence_shown",
        "basis_table",
        "status_locked",
        "last_checked_at",
        "next_check_at",
        "check_interval",
        "fingerprint",
        "edited_at",
        "superseded_at",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("article", "text", "quote", ("start", "end"), "position")}),
        (
            "Reading",
            {
                "fields": (
                    ("polarity", "hedged", "kind"),
                    "hedges",
                    "attribution",
                    ("time_bound", "valid_until"),
                    "entities",
                    "says",
                )
            },
        ),
        (
            "Review (changed by the buttons above; notes below)",
            {"fields": (("review_state", "assignee"), "published_review")},
        ),
        (
            "Verdict (changed only by re-checks and “Set verdict…”)",
            {"fields": (("status", "confidence_shown", "status_locked"), "basis_table")},
        ),
        (
            "Other reports (links found by matching; confirm or reject them here or under "
            "Claim links)",
            {"fields": ("same_elsewhere", "conflicting_reports")},
        ),
        (
            "Re-check",
            {"fields": (("last_checked_at", "next_check_at", "check_interval"),)},
        ),
        (
            "Record",
            {
                "fields": ("fingerprint", "edited_at", "superseded_at", "created_at", "updated_at"),
                "classes": ("collapse",),
            },
        ),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":  # a sentence, shown whole
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # The quote and its offsets are fixed once a claim exists; an editor
        # fixes the wording (``text``), not where it was read from.
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "article", "quote", "start", "end") if obj is not None else fields

    @admin.display(description="published review")
    def published_review(self, obj: Claim) -> str:
        publication = Publication.objects.filter(claim_id=obj.pk).first() if obj.pk else None
        if publication is None:
            return "Not published."
        when = publication.published_at.strftime("%Y-%m-%d %H:%M")
        if publication.withdrawn_at is not None:
            return f"Withdrawn (first published {when} by {publication.published_by_label})."
        text = (
            f"Published {when} by {publication.published_by_label} as "
            f"“{publication.get_rating_display()}”: {publication.body}"
        )
        if publication.rating != obj.status:
            text += (
                f" — the claim is now “{obj.get_status_display()}”: "
                "publish again to update the review."
            )
        return text

    @admin.display(description="what it says of its subject")
    def says(self, obj: Claim | None) -> str:
        """Its predicates, as matching reads them (a claim saying another
        thing of the same company is another fact)."""
        if obj is None or not obj.predicates:
            return (
                "not read yet (read when it is re-worded, its report ingested again, "
                "or by manage.py match_claims --all)"
            )
        return ", ".join(obj.predicates)

    @admin.display(description="same claim elsewhere")
    def same_elsewhere(self, obj: Claim) -> str:
        return self._links(obj, LinkRelation.SAME)

    @admin.display(description="conflicting reports")
    def conflicting_reports(self, obj: Claim) -> str:
        return self._links(obj, LinkRelation.CONTRADICTS)

    def _links(self, obj: Claim, relation: str) -> str:
        """The claim's links of ``relation`` (not the rejected ones): the
        other claim, its report, the link's state and score, and, for an
        editor who may decide links, "Confirm…" and "Reject…", back to this
        page when done."""
        if obj.pk is None:
            return "—"
        links = (
            ClaimLink.objects.filter(Q(claim_a=obj) | Q(claim_b=obj), relation=relation)
            .exclude(state=LinkState.REJECTED)
            .select_related("claim_a__article", "claim_b__article")
        )
        back = _link_desk.get()
        rows = []
        for link in links:
            other = link.claim_b if link.claim_a_id == obj.pk else link.claim_a
            why = link_why(link)
            rows.append(
                format_html(
                    '<li><a href="{}">{}</a> — {} ({}, score {}{}; <a href="{}">link</a>){}</li>',
                    reverse("admin:claims_claim_change", args=[other.pk]),
                    other.text,
                    other.article,
                    link.get_state_display().lower(),
                    f"{link.score:.2f}",
                    f"; {why}" if why else "",
                    reverse("admin:claims_claimlink_change", args=[link.pk]),
                    decide_buttons(link, back) if back else "",
                )
            )
        if not rows:
            return "—"
        return format_html("<ul>{}</ul>", mark_safe("".join(rows)))  # noqa: S308

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return deciding_links(
            request, lambda: super(ClaimAdmin, self).change_view(
                request, object_id, form_url, extra_context
            )
        )  # fmt: skip

    @admin.display(description="how the confidence was reached")
    def basis_table(self, obj: Claim) -> str:
        return terms_table(obj.confidence_basis, "Each term, then the confidence they give")

    def save_model(self, request, obj, form, change):
        # recorded in the history and re-checked, as an API edit is
        claim_save_edit(obj, changed_fields=form.changed_data, actor=Actor.for_user(request.user))

    def save_formset(self, request, form, formset, change):
        if formset.model is ClaimNote:
            # only the new-note inline has inputs: each text is a note
            for note_form in formset.forms:
                text = (note_form.cleaned_data or {}).get("text", "").strip()
                if text and note_form.instance.pk is None:
                    claim_note_add(form.instance.pk, actor=Actor.for_user(request.user), text=text)
            # the admin's change message reads these (the service saved the notes)
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return None
        if formset.model is not Evidence:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        actor = Actor.for_user(request.user)
        for evidence in instances:
            if evidence.pk is None:
                evidence.added_by = EvidenceOrigin.EDITOR
                evidence.added_by_user = request.user
            evidence_save(evidence, actor=actor)
        for evidence in formset.deleted_objects:
            evidence_delete(evidence, actor=actor)
        formset.save_m2m()

    # -- the claim page's buttons (the changelist's actions, for one claim)
    def get_urls(self):
        def view(func):
            return self.admin_site.admin_view(func)

        return [
            path("<int:object_id>/verdict/", view(self.verdict_view), name="claims_claim_verdict"),
            path("<int:object_id>/unlock/", view(self.unlock_view), name="claims_claim_unlock"),
            path("<int:object_id>/publish/", view(self.publish_view), name="claims_claim_publish"),
            path(
                "<int:object_id>/withdraw/", view(self.withdraw_view), name="claims_claim_withdraw"
            ),
            path(
                "<int:object_id>/desk/<str:what>/", view(self.desk_view), name="claims_claim_desk"
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                desk_buttons=DESK_BUTTONS.items()
                if self.has_change_permission(request, obj)
                else (),
                may_verdict=self.has_verdict_permission(request),
                may_publish=self.has_publish_permission(request),
                is_published=Publication.objects.filter(
                    claim_id=obj.pk, withdrawn_at__isnull=True
                ).exists(),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _claim_or_404(self, request, object_id, allowed: bool) -> Claim:
        claim = self.get_object(request, str(object_id))
        if claim is None:
            raise Http404("No such claim.")
        if not allowed:
            raise PermissionDenied
        return claim

    def _back(self, claim: Claim) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))

    def _one_claim_form(self, request, claim, *, form, title, apply, done):
        """A form for one claim (verdict, unlock, publish, withdraw): applied
        through the service, back to the claim's page with a message; a
        refusal is shown on the form."""
        if request.method == "POST" and form.is_valid():
            try:
                apply(claim.pk, Actor.for_user(request.user), form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, done, messages.SUCCESS)
                return self._back(claim)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "claims": [claim],
            "claim": claim,
        }
        return TemplateResponse(request, "admin/claims/claim/verdict_form.html", context)

    def verdict_view(self, request, object_id):
        claim = self._claim_or_404(request, object_id, self.has_verdict_permission(request))
        return self._one_claim_form(
            request,
            claim,
            form=VerdictForm(request.POST or None, initial={"status": claim.status}),
            title="Set the verdict of this claim",
            apply=apply_verdict,
            done="Verdict set.",
        )

    def unlock_view(self, request, object_id):
        claim = self._claim_or_404(request, object_id, self.has_verdict_permission(request))
        return self._one_claim_form(
            request,
            claim,
            form=UnlockForm(request.POST or None),
            title="Let re-checks change this claim's status again",
            apply=apply_unlock,
            done="Verdict unlocked.",
        )

    def publish_view(self, request, object_id):
        claim = self._claim_or_404(request, object_id, self.has_publish_permission(request))
        publication = Publication.objects.filter(claim=claim).first()
        if publication is not None:
            initial = {
                "rating": publication.rating,
                "review_body": publication.body,
                "url": publication.url,
            }
        else:
            initial = {"rating": claim.status if claim.status not in UNPUBLISHABLE else ""}
        return self._one_claim_form(
            request,
            claim,
            form=PublishForm(request.POST or None, initial=initial),
            title="Publish a review of this claim",
            apply=lambda claim_id, actor, data: claim_publish(
                claim_id,
                actor=actor,
                rating=data["rating"],
                body=data["review_body"],
                url=data["url"],
            ),
            done="Review published.",
        )

    def withdraw_view(self, request, object_id):
        claim = self._claim_or_404(request, object_id, self.has_publish_permission(request))
        return self._one_claim_form(
            request,
            claim,
            form=WithdrawForm(request.POST or None),
            title="Withdraw this claim's published review",
            apply=lambda claim_id, actor, data: claim_withdraw(
                claim_id, actor=actor, reason=data["reason"]
            ),
            done="Review withdrawn.",
        )

    def desk_view(self, request, object_id, what):
        """The one-click buttons: POST only (each changes the record)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if what not in DESK_BUTTONS:
            raise Http404("No such button.")
        claim = self._claim_or_404(
            request, object_id, self.has_change_permission(request, obj=None)
        )
        queryset = Claim.objects.filter(pk=claim.pk)
        if what == "recheck":
            self.recheck_now(request, queryset)
        elif what == "assign":
            self._review(request, queryset, assignee=request.user)
        else:
            state = ReviewState.IN_REVIEW if what == "in_review" else ReviewState.REVIEWED
            self._review(request, queryset, state=state)
        return self._back(claim)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.publish_claim")

    def has_verdict_permission(self, request) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{get_permission_codename('verdict', opts)}")

    def _form_action(self, request, queryset, *, form_class, title, action, apply):
        statuses = set(queryset.values_list("status", flat=True)[:2])
        initial = {"status": statuses.pop()} if len(statuses) == 1 else {}
        form = form_class(request.POST if "apply" in request.POST else None, initial=initial)
        if "apply" in request.POST and form.is_valid():
            actor = Actor.for_user(request.user)
            changed = 0
            for claim_id in queryset.values_list("pk", flat=True):
                try:
                    changed += apply(claim_id, actor, form.cleaned_data) is not None
                except ServiceError as exc:
                    self.message_user(request, str(exc), messages.ERROR)
                    return None
            self.message_user(
                request, f"{changed} of {queryset.count()} claims changed.", messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "claims": queryset,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/claim/verdict_form.html", context)

    def _review(self, request, queryset, **change) -> None:
        actor = Actor.for_user(request.user)
        changed = sum(
            claim_review_update(claim_id, actor=actor, **change)
            for claim_id in queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request, f"{changed} of {queryset.count()} claims changed.", messages.SUCCESS
        )

    @admin.action(description="Assign to me", permissions=("change",))
    def assign_to_me(self, request, queryset):
        self._review(request, queryset, assignee=request.user)

    @admin.action(description="Mark in review", permissions=("change",))
    def mark_in_review(self, request, queryset):
        self._review(request, queryset, state=ReviewState.IN_REVIEW)

    @admin.action(description="Mark reviewed", permissions=("change",))
    def mark_reviewed(self, request, queryset):
        self._review(request, queryset, state=ReviewState.REVIEWED)

    @admin.action(description="Re-check now", permissions=("change",))
    def recheck_now(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True)[:RECHECK_NOW_LIMIT])
        done = claims_recheck_now(ids, user=request.user)
        if done.report is not None:  # no broker: they ran here
            report = done.report
            self.message_user(
                request,
                f"Re-checked {report.checked} claims: {report.changed} changed, "
                f"{report.skipped} skipped (busy).",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                f"Queued {len(done.task_ids)} re-checks; any the broker did not take "
                "are due and go with the next sweep.",
                messages.SUCCESS,
            )

    @admin.action(description="Set verdict (asks for a reason)…", permissions=("verdict",))
    def set_verdict(self, request, queryset):
        return self._form_action(
            request,
            queryset,
            form_class=VerdictForm,
            title="Set the verdict of the selected claims",
            action="set_verdict",
            apply=apply_verdict,
        )

    @admin.action(description="Unlock verdict (asks for a reason)…", permissions=("verdict",))
    def unlock_verdict(self, request, queryset):
        return self._form_action(
            request,
            queryset,
            form_class=UnlockForm,
            title="Let re-checks change the status of the selected claims again",
            action="unlock_verdict",
            apply=apply_unlock,
        )


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("claim", "source", "stance", "weight", "state", "added_by", "retrieved_at")
    list_filter = ("stance", "state", "added_by", "source__kind")
    search_fields = ("claim__text", "source__name", "url", "quote")
    list_select_related = ("claim", "source")
    autocomplete_fields = ("claim", "source")
    formfield_overrides = {**HTTPS_URLS, **UNIT_INTERVAL}
    readonly_fields = (
        "state",
        "added_by",
        "added_by_user",
        "retrieved_at",
        "content_hash",
        "etag",
        "last_modified",
        "http_status",
        "fetch_failures",
        "fetch_error",
        "created_at",
        "updated_at",
    )

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.added_by = EvidenceOrigin.EDITOR
            obj.added_by_user = request.user
        evidence_save(obj, actor=Actor.for_user(request.user))

    def delete_model(self, request, obj):
        evidence_delete(obj, actor=Actor.for_user(request.user))

    def delete_queryset(self, request, queryset):
        actor = Actor.for_user(request.user)
        for evidence in queryset:
            evidence_delete(evidence, actor=actor)


@admin.register(ClaimCheck)
class ClaimCheckAdmin(admin.ModelAdmin):
    """History is append-only: readable here, never added, changed or deleted."""

    list_display = (
        "at",
        "event",
        "claim",
        "actor",
        "old_status",
        "new_status",
        "old_confidence",
        "new_confidence",
        "reason",
    )
    list_filter = ("event", "actor_kind", "new_status", "at")
    search_fields = ("claim__text", "actor", "reason")
    list_select_related = ("claim",)
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Queued work (large articles ingested by a worker): read-only."""

    list_display = ("id", "kind", "state", "progress", "actor", "created_at", "finished_at")
    list_filter = ("kind", "state")
    exclude = ("payload",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "payload"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def terms_table(terms, caption: str) -> str:
    """A basis (a list of {"term", "label", "value"}) as a table, a row a term."""
    if not terms:
        return "—"

    def shown(value) -> str:
        return f"{value:.2f}" if isinstance(value, int | float) else str(value)

    rows = [
        format_html(
            "<tr><td>{}</td><td style='text-align:right'>{}</td></tr>",
            term.get("label", term.get("term", "")) if isinstance(term, dict) else term,
            shown(term.get("value", "")) if isinstance(term, dict) else "",
        )
        for term in terms
    ]
    return format_html(
        "<table><caption>{}</caption>{}</table>",
        caption,
        mark_safe("".join(rows)),  # noqa: S308 - each row is escaped above
    )


# what in a link's basis decided more than the shared words did
DECISIVE = ("conflict", "another name", "predicate", "together")


def link_why(link: ClaimLink) -> str:
    """What decided the link besides the words the two share: a conflicting
    value, another name, another thing said of them, a neighbouring claim
    read along ("" when none)."""
    notes = [
        "read with a neighbouring claim of its report"
        if term.get("term") == "together"
        else term.get("label", "")
        for term in link.basis or []
        if isinstance(term, dict) and term.get("term") in DECISIVE
    ]
    return "; ".join(notes)


# where a link's "Confirm…"/"Reject…" return to, on the page being drawn
# (the claim's, the list of links), when its editor may decide links: the
# admin's display methods are given the object alone
_link_desk: ContextVar[str | None] = ContextVar("link_desk", default=None)


def deciding_links(request, view):
    """The response of ``view()``, drawn with the links' buttons for an
    editor who may decide links (claims.change_claim), returning to this
    page. Drawn here, while that is known: a TemplateResponse is otherwise
    drawn after the view returns."""
    allowed = request.user.has_perm("claims.change_claim")
    token = _link_desk.set(request.get_full_path() if allowed else None)
    try:
        response = view()
        if hasattr(response, "render"):
            response.render()
        return response
    finally:
        _link_desk.reset(token)


def decide_buttons(link: ClaimLink, back: str) -> str:
    """ "Confirm…" and "Reject…" for ``link``, each to the page that asks
    for a reason and decides, then returns to ``back``: confirm while it is
    not confirmed and both claims are in their reports (not superseded),
    reject while it is not rejected."""
    choices = []
    current = link.claim_a.superseded_at is None and link.claim_b.superseded_at is None
    if link.state != LinkState.CONFIRMED and current:
        choices.append(("confirm", "Confirm…"))
    if link.state != LinkState.REJECTED:
        choices.append(("reject", "Reject…"))
    return format_html_join(
        "",
        ' <a class="button link-decide" href="{}?{}">{}</a>',
        (
            (
                reverse("admin:claims_claimlink_decide", args=[link.pk, verdict]),
                urlencode({"next": back}),
                label,
            )
            for verdict, label in choices
        ),
    )


class LinkDecisionForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Recorded in both claims' history; left empty, it says an editor decided.",
    )


@admin.register(ClaimLink)
class ClaimLinkAdmin(admin.ModelAdmin):
    """Links between claims of different reports: suggested ones wait here
    for an editor, oldest first. Confirming makes a link evidence for both
    claims; rejecting removes it."""

    list_display = ("id", "the_claims", "score_shown", "why", "decide")
    list_display_links = ("id",)
    list_filter = ("state", "relation", "independent")
    list_select_related = ("claim_a__article__publisher", "claim_b__article__publisher")
    ordering = ("created_at", "id")
    actions = ("confirm_links", "reject_links")
    exclude = ("basis",)  # shown as a table (basis_shown)
    readonly_fields = [
        *(f.name for f in ClaimLink._meta.fields if f.name != "basis"),
        "basis_shown",
    ]

    @admin.display(description="the two claims")
    def the_claims(self, obj: ClaimLink) -> str:
        """Both claims, each with its publisher, and what the one is of the
        other between them: the whole link in one column, read down."""

        def said(claim: Claim) -> str:
            publisher = claim.article.publisher
            return format_html(
                '<a href="{}">{}</a> <span class="link-publisher">— {}</span>',
                reverse("admin:claims_claim_change", args=[claim.pk]),
                claim.text,
                publisher.name if publisher is not None else "no publisher",
            )

        relation = "is the same claim as" if obj.relation == LinkRelation.SAME else "contradicts"
        if not obj.independent:
            relation += " (one voice: no evidence)"
        return format_html(
            '<div class="link-pair">{}<div class="link-relation">{}</div>{}</div>',
            said(obj.claim_a),
            relation,
            said(obj.claim_b),
        )

    @admin.display(description="score", ordering="score")
    def score_shown(self, obj: ClaimLink) -> str:
        return f"{obj.score:.2f}"

    @admin.display(description="why")
    def why(self, obj: ClaimLink) -> str:
        return link_why(obj) or "the words and numbers they share"

    @admin.display(description="state", ordering="state")
    def decide(self, obj: ClaimLink) -> str:
        """The link's state, and for an editor who may decide links, what
        can be done of it."""
        back = _link_desk.get()
        return format_html(
            '<div class="link-state">{}</div>{}',
            obj.get_state_display(),
            decide_buttons(obj, back) if back else "",
        )

    @admin.display(description="basis")
    def basis_shown(self, obj: ClaimLink) -> str:
        return terms_table(obj.basis, "What the matcher read, and how much each counted")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # a link is decided, not deleted: rejecting it removes its evidence
        # and records why; deleting would leave the evidence behind
        return False

    def changelist_view(self, request, extra_context=None):
        # the desk's queue: the suggested links, unless a filter says otherwise
        if request.method == "GET" and not request.GET:
            return HttpResponseRedirect(f"{request.path}?state__exact={LinkState.SUGGESTED}")
        return deciding_links(
            request, lambda: super(ClaimLinkAdmin, self).changelist_view(request, extra_context)
        )

    def _decide(self, request, queryset, *, confirm: bool):
        actor = Actor.for_user(request.user)
        done, refused = 0, []
        for link_id in queryset.values_list("pk", flat=True):
            try:
                link_decide(link_id=link_id, confirm=confirm, actor=actor)
            except ServiceError as exc:
                refused.append(f"link {link_id}: {exc}")
            else:
                done += 1
        verb = "confirmed" if confirm else "rejected"
        self.message_user(request, f"{done} links {verb}.", messages.SUCCESS)
        if refused:
            self.message_user(request, "Not decided: " + "; ".join(refused), messages.ERROR)

    @admin.action(description="Confirm: evidence for both claims", permissions=("decide",))
    def confirm_links(self, request, queryset):
        self._decide(request, queryset, confirm=True)

    @admin.action(description="Reject: remove their evidence", permissions=("decide",))
    def reject_links(self, request, queryset):
        self._decide(request, queryset, confirm=False)

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("claims.change_claim")

    def get_urls(self):
        return [
            path(
                "<int:object_id>/decide/<str:verdict>/",
                self.admin_site.admin_view(self.decide_view),
                name="claims_claimlink_decide",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_decide_permission(request):
            context["decide"] = decide_buttons(obj, request.get_full_path())
        return super().render_change_form(request, context, add, change, form_url, obj)

    def decide_view(self, request, object_id, verdict):
        """One link, both claims side by side with what the matcher read,
        and a reason: confirming makes it evidence for both claims,
        rejecting removes that evidence. Then back where the editor came
        from (the claim's page, the link's, or the list of suggested links)."""
        if verdict not in ("confirm", "reject"):
            raise Http404("No such decision.")
        if not self.has_decide_permission(request):
            raise PermissionDenied
        link = (
            ClaimLink.objects.select_related(
                "claim_a__article__publisher", "claim_b__article__publisher"
            )
            .filter(pk=object_id)
            .first()
        )
        if link is None:
            raise Http404("No such link.")
        back = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("admin:claims_claimlink_changelist")
        confirm = verdict == "confirm"
        form = LinkDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                link_decide(
                    link_id=link.pk,
                    confirm=confirm,
                    actor=Actor.for_user(request.user),
                    reason=form.cleaned_data["reason"],
                )
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                done = (
                    "Link confirmed: it is evidence for both claims."
                    if confirm and link.independent
                    else "Link confirmed."
                    if confirm
                    else "Link rejected: its evidence is removed."
                )
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": "Confirm this link" if confirm else "Reject this link",
            "opts": self.opts,
            "link": link,
            "sides": [link.claim_a, link.claim_b],
            "why": link_why(link),
            "basis": terms_table(link.basis, "What the matcher read, and how much each counted"),
            "confirm": confirm,
            "form": form,
            "next": back,
        }
        return TemplateResponse(request, "admin/claims/claimlink/decide_form.html", context)


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """Subscriptions to claim events. The secret is made when one is added;
    the receiver verifies each delivery with it (README, "Webhooks")."""

    list_display = ("url", "events_shown", "active", "failures", "created_by", "created_at")
    list_filter = ("active",)
    search_fields = ("url", "description")
    fields = (
        "url",
        "events",
        "publishers",
        "description",
        "active",
        "secret",
        "failures",
        "disabled_reason",
        "created_by",
        "created_at",
    )
    readonly_fields = ("secret", "failures", "disabled_reason", "created_by", "created_at")
    formfield_overrides = HTTPS_URLS

    @admin.display(description="events")
    def events_shown(self, obj: Webhook) -> str:
        return ", ".join(obj.events) or "all"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.secret = new_secret()
            obj.feed_order, obj.feed_id = feed_end()  # from now on
            obj.article_feed_order, obj.article_feed_id = articles_end()
            obj.created_by = request.user
        elif "active" in form.changed_data and obj.active:
            obj.failures, obj.disabled_reason = 0, ""  # enabled again: a fresh count
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Every delivery and its last attempt; "Redeliver" sends again."""

    list_display = (
        "message_id",
        "webhook",
        "state",
        "attempts",
        "last_status",
        "latency_ms",
        "last_error",
        "created_at",
        "delivered_at",
    )
    list_filter = ("state", "webhook")
    list_select_related = ("webhook",)
    search_fields = ("message_id", "last_error")
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ("redeliver",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Redeliver", permissions=("view",))
    def redeliver(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        for delivery_id in ids:
            delivery_resend(delivery_id)
        self.message_user(request, f"{len(ids)} deliveries queued again.", messages.SUCCESS)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """What the desk has published: read here, written from the claim's
    page (“Publish review…”, “Withdraw review…”)."""

    list_display = ("claim", "rating", "published_at", "modified_at", "published_by_label", "live")
    list_filter = ("rating", ("withdrawn_at", admin.EmptyFieldListFilter), "published_at")
    search_fields = ("claim__text", "body")
    date_hierarchy = "published_at"
    list_select_related = ("claim",)
    readonly_fields = (
        "claim",
        "rating",
        "body",
        "url",
        "published_at",
        "modified_at",
        "published_by_label",
        "withdrawn_at",
    )
    fields = readonly_fields

    @admin.display(boolean=True, description="served")
    def live(self, obj: Publication) -> bool:
        return obj.withdrawn_at is None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
