"""Who says things (Source) and the documents claims come from (Article).

This app never imports ``claims``: claims depend on sources, not the reverse.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

# Articles and evidence are web documents: http and https only (no ftp:, file:).
WEB_URL = URLValidator(schemes=["http", "https"])

_LEADING_WORDS = re.compile(r"^(?:(?:the|dr|mr|mrs|ms|mx|prof|professor|sir|dame)\s+)+")


def normalize_source_name(name: str) -> str:
    """The key sources are matched on: case, accents, spacing, a leading
    article and honorifics ignored ("The Health Ministry" == "health
    ministry", "Dr. Lena Fischer" == "Lena Fischer")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", " ", text.lower())
    text = _LEADING_WORDS.sub("", re.sub(r"\s+", " ", text).strip())
    return slugify(text)[:200] or "unnamed"


def unit_interval(name: str) -> list:
    """Validators of a number from 0 to 1, saying so in words."""
    message = f"{name} is a number from 0 to 1."
    return [MinValueValidator(0.0, message), MaxValueValidator(1.0, message)]


class SourceKind(models.TextChoices):
    PUBLICATION = "publication", "Publication"
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    GOVERNMENT = "government", "Government"
    DOCUMENT = "document", "Document"
    UNNAMED = "unnamed", "Unnamed (e.g. “multiple sources”, “analysts”)"


class Source(models.Model):
    """Someone or something that can say something: a publication, a person,
    an agency, a document, or an unnamed group such as "analysts"."""

    Kind = SourceKind

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORGANIZATION)
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Normalised name; sources are matched on it."
    )
    domain = models.CharField(
        max_length=253, blank=True, db_index=True, help_text="Web domain, e.g. reuters.com."
    )
    reliability = models.FloatField(
        default=0.5,
        validators=unit_interval("Reliability"),
        help_text="Editor-set prior in [0, 1]; 0.5 is neutral.",
    )
    is_official = models.BooleanField(
        default=False,
        help_text=(
            "A primary or official source (the body the claim is about, a court, a "
            "statistics office). Its support confirms a claim when reliability ≥ 0.9."
        ),
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__gte=0.0) & Q(reliability__lte=1.0),
                name="source_reliability_in_unit_interval",
                violation_error_message="Reliability is a number from 0 to 1.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="source_name_not_empty",
                violation_error_message="A source needs a name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = normalize_source_name(self.name)
        super().save(*args, **kwargs)


class ArticleQuerySet(models.QuerySet):
    def current(self):
        """The latest version of each document (and every article without a URL)."""
        return self.filter(superseded_at__isnull=True)


class Article(models.Model):
    """A document claims are extracted from, with its re-fetch state.

    Each version of a document is an Article of its own: a stored text never
    changes, so every claim's offsets stay true in the version it belongs
    to. New content at a stored URL is a new version (``version`` + 1,
    ``previous_version`` the one it replaces, which gets ``superseded_at``);
    the URL is unique among current versions.
    """

    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(
        max_length=2000,
        null=True,
        blank=True,
        validators=[WEB_URL],
        help_text="Unique among current versions when given; http or https.",
    )
    version = models.PositiveIntegerField(default=1, help_text="1 for the first text of a URL.")
    previous_version = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
        help_text="The version this one replaced.",
    )
    superseded_at = models.DateTimeField(
        null=True, blank=True, help_text="When a newer version of the same URL was stored."
    )
    publisher = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    byline = models.CharField(max_length=300, blank=True)
    wire = models.CharField(
        max_length=60,
        blank=True,
        help_text=(
            "The news agency the article credits (byline, dateline or credit line): "
            "reports crediting one agency are one voice, not independent corroboration."
        ),
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    retrieved_at = models.DateTimeField(default=timezone.now)
    raw_text = models.TextField(
        help_text=(
            "The text as stored: as received, or converted from HTML to text. Claim "
            "offsets point into it; it never changes once stored."
        )
    )
    body = models.TextField(blank=True, help_text="The text with page chrome removed.")
    content_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the normalised text: the dedupe key."
    )
    language = models.CharField(max_length=16, default="en")
    extraction_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why extraction was skipped or limited (e.g. the text is not English).",
    )
    # Re-fetch state, used when the article's URL is re-checked.
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    body_hash_history = models.JSONField(
        default=list, blank=True, help_text="The earlier versions' content hashes, oldest first."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(url=""), name="article_url_null_not_empty"),
            models.UniqueConstraint(
                fields=["url"],
                condition=Q(superseded_at__isnull=True),
                name="article_url_unique_current",
                violation_error_message="An article with this URL is already stored.",
            ),
            models.UniqueConstraint(fields=["url", "version"], name="article_url_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="article_version_positive"),
            models.CheckConstraint(
                condition=~Q(content_hash=""), name="article_content_hash_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"
