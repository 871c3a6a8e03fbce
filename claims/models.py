"""Claims, the evidence linking them to sources, and their append-only history.

Invariants the database can enforce live here as constraints; status,
confidence and lock are only ever changed through
``claims.services.verdicts`` (``claim_set_status`` for one claim,
``claims_set_scores`` for many), which writes the history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sources.models import WEB_URL, Article, Source, unit_interval


class ClaimStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    CORROBORATED = "corroborated", "Corroborated"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"
    REFUTED = "refuted", "Refuted"
    OUTDATED = "outdated", "Outdated"
    RETRACTED = "retracted", "Retracted"


class Polarity(models.TextChoices):
    AFFIRMED = "affirmed", "Affirmed"
    NEGATED = "negated", "Negated"


class ClaimKind(models.TextChoices):
    FACT = "fact", "Fact"
    QUANTITY = "quantity", "Quantity"
    PLAN = "plan", "Plan"
    FORECAST = "forecast", "Forecast"
    OPINION = "opinion", "Opinion"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    MENTIONS = "mentions", "Mentions"


class EvidenceOrigin(models.TextChoices):
    EXTRACTOR = "extractor", "Extractor"
    EDITOR = "editor", "Editor"
    API = "api", "API client"
    LINK = "link", "Another report of the same claim"


class EvidenceState(models.TextChoices):
    LIVE = "live", "Live"
    CHANGED = "changed", "Changed"
    QUOTE_MISSING = "quote_missing", "Quote missing"
    GONE = "gone", "Gone"
    REFUSED = "refused", "Refused (the URL may not be fetched)"


class ReviewState(models.TextChoices):
    """Where a claim stands on the desk (not its verdict: see ClaimStatus)."""

    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    REVIEWED = "reviewed", "Reviewed"
    PUBLISHED = "published", "Published"


class EventKind(models.TextChoices):
    """What a history row records."""

    CREATED = "created", "Created"
    STATUS = "status", "Status, confidence or lock"
    EDIT = "edit", "Wording or reading edited"
    EVIDENCE = "evidence", "Evidence added, changed or removed"
    LINK = "link", "Linked to the same claim in another report"
    REVIEW = "review", "Review state or assignee changed"
    NOTE = "note", "Note added"
    PUBLISHED = "published", "Review published, changed or withdrawn"
    SUPERSEDED = "superseded", "Dropped by a new version of its article"


class ActorKind(models.TextChoices):
    USER = "user", "User"
    TOKEN = "token", "API token"
    TASK = "task", "Task"
    SYSTEM = "system", "System"


def _in_unit_interval(field: str) -> Q:
    return Q(**{f"{field}__gte": 0.0}) & Q(**{f"{field}__lte": 1.0})


class AppendOnly:
    """A model whose rows are written once: saving one again or deleting it
    is a TypeError (the database refuses it too, where a trigger says so).
    A mistake is mended by another row."""

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are append-only: they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are append-only: they cannot be deleted.")


class ClaimQuerySet(models.QuerySet):
    """The reads every face shares (API, admin, tasks, commands)."""

    def current(self):
        """Claims still in their article's latest version."""
        return self.filter(superseded_at__isnull=True)

    def due(self, now):
        """Current claims whose next re-check is at or before ``now``."""
        return self.current().filter(next_check_at__lte=now)

    def not_due(self, now):
        return self.exclude(next_check_at__lte=now, superseded_at__isnull=True)


class Claim(models.Model):
    """One atomic, checkable statement read from an article."""

    Status = ClaimStatus
    Polarity = Polarity
    Kind = ClaimKind

    # indexed with its position (claim_article_position), not alone
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="claims", db_index=False
    )
    position = models.PositiveIntegerField(help_text="Order of the claim in its article.")
    text = models.CharField(max_length=1000, help_text="The claim as a standalone statement.")
    quote = models.TextField(help_text="The verbatim stretch of the article it was read from.")
    start = models.PositiveIntegerField(help_text="Offset of the quote in the article's raw text.")
    end = models.PositiveIntegerField()
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.AFFIRMED)
    hedged = models.BooleanField(default=False)
    hedges = models.JSONField(default=list, blank=True, help_text="The uncertainty cues found.")
    conditional = models.BooleanField(
        default=False, help_text="Holds only under a condition (“if the results are promising”)."
    )
    attribution = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attributed_claims",
        help_text="Who the article says holds the claim; empty for the article's own voice.",
    )
    kind = models.CharField(max_length=10, choices=ClaimKind.choices, default=ClaimKind.FACT)
    entities = models.JSONField(default=list, blank=True)
    predicates = models.JSONField(
        default=list,
        blank=True,
        help_text="What it says of its subject, as lemmas of extraction's parse "
        "(its verb; a light verb's complement): read by cross-article matching.",
    )
    time_bound = models.BooleanField(
        default=False, help_text="True for “so far”, “currently”, “this year” claims."
    )
    time_cues = models.JSONField(default=list, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)

    status = models.CharField(
        max_length=15, choices=ClaimStatus.choices, default=ClaimStatus.UNVERIFIED
    )
    confidence = models.FloatField(default=0.5)
    confidence_basis = models.JSONField(
        default=list, blank=True, help_text="The terms that produced the confidence."
    )
    status_locked = models.BooleanField(
        default=False, help_text="An editor's verdict: re-checks must not change the status."
    )

    next_check_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    check_interval = models.PositiveIntegerField(
        default=0, help_text="Seconds until the next re-check; backs off while nothing changes."
    )
    check_count = models.PositiveIntegerField(default=0, help_text="Re-checks so far.")
    fingerprint = models.CharField(max_length=64, help_text="Hash of the normalised text.")
    edited_at = models.DateTimeField(
        null=True, blank=True, help_text="When an editor last changed the wording."
    )
    superseded_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when a newer version of the article dropped it."
    )
    flagged_for_review = models.BooleanField(
        default=False,
        help_text=(
            "An editor should look at it: e.g. a new version of its article dropped a claim "
            "an editor had worked on."
        ),
    )
    flag_reason = models.CharField(max_length=300, blank=True)
    # the desk's work on it (claims.services.review), each change in history
    review_state = models.CharField(
        max_length=10, choices=ReviewState.choices, default=ReviewState.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        help_text="The editor reviewing it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "position", "id"]
        permissions = [
            ("verdict_claim", "Can set, lock or unlock a claim's verdict"),
            ("publish_claim", "Can publish or withdraw a claim's review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_in_unit_interval("confidence"), name="claim_confidence_in_unit_interval"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="claim_start_lt_end"
            ),
            models.CheckConstraint(condition=Q(start__gte=0), name="claim_start_non_negative"),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(polarity__in=Polarity.values), name="claim_polarity_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=ClaimKind.values), name="claim_kind_valid"),
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            # Two claims split from one clause may share a quote, so the
            # quote's span alone is not unique: span and wording together are.
            models.UniqueConstraint(
                fields=["article", "start", "end", "text"], name="claim_unique_span_text"
            ),
        ]
        indexes = [
            # The API pages with keyset cursors on (ordering field, id): each
            # index serves its ordering forwards and backwards. The
            # (last_checked_at NULLS FIRST, id) index is made by migration
            # 0004, per database: SQLite cannot declare NULLS FIRST.
            models.Index(fields=["status", "-created_at", "-id"], name="claim_status_created"),
            models.Index(fields=["next_check_at"], name="claim_next_check"),
            models.Index(fields=["confidence", "id"], name="claim_confidence"),
            models.Index(fields=["-created_at", "-id"], name="claim_created"),
            # Matched by equality only: a plain index, not the varchar
            # pattern index db_index would add. Polarity and kind have a few
            # values each and are filtered with others: no index of their own
            # (every index is paid for on each re-check's write).
            models.Index(fields=["fingerprint"], name="claim_fingerprint"),
            # An article's claims in order, and the claims next to one
            # (matching reads a claim with its neighbours): in place of the
            # index of the article alone, so no index more to write.
            models.Index(fields=["article", "position"], name="claim_article_position"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"

    def clean(self) -> None:
        """The quote must be the article's text at [start, end); a blank quote
        is filled from the offsets."""
        if self.article_id is None or self.start is None or self.end is None:
            return
        raw = self.article.raw_text
        if not 0 <= self.start < self.end <= len(raw):
            raise ValidationError(
                {"end": f"start and end must satisfy 0 ≤ start < end ≤ {len(raw)}."}
            )
        if not self.quote:
            self.quote = raw[self.start : self.end]
        elif raw[self.start : self.end] != self.quote:
            raise ValidationError(
                {"quote": "The quote must be exactly the article's text between start and end."}
            )


class Evidence(models.Model):
    """A link between a claim and a source that supports, refutes or mentions it."""

    Stance = Stance
    Origin = EvidenceOrigin
    State = EvidenceState

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.SUPPORTS)
    url = models.URLField(max_length=2000, blank=True, validators=[WEB_URL])
    quote = models.TextField(blank=True, help_text="The passage of the document that bears on it.")
    weight = models.FloatField(
        default=1.0,
        validators=unit_interval("Weight"),
        help_text="How directly it bears on the claim, 0–1.",
    )
    added_by = models.CharField(
        max_length=10, choices=EvidenceOrigin.choices, default=EvidenceOrigin.EDITOR
    )
    added_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        max_length=15, choices=EvidenceState.choices, default=EvidenceState.LIVE
    )
    retrieved_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    fetch_failures = models.PositiveSmallIntegerField(
        default=0, help_text="Consecutive failed fetches; the document counts as gone past a limit."
    )
    fetch_error = models.CharField(
        max_length=300, blank=True, help_text="Why the last fetch failed or was refused."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["claim_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_in_unit_interval("weight"),
                name="evidence_weight_in_unit_interval",
                violation_error_message="Weight is a number from 0 to 1.",
            ),
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="evidence_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=EvidenceState.values), name="evidence_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(added_by__in=EvidenceOrigin.values), name="evidence_added_by_valid"
            ),
        ]
        indexes = [models.Index(fields=["source", "claim"], name="evidence_source_claim")]

    def __str__(self) -> str:
        return f"{self.source} {self.stance} claim {self.claim_id}"


class AppendOnlyQuerySet(models.QuerySet):
    """History is never rewritten: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise TypeError("ClaimCheck rows are append-only: they cannot be updated.")

    def delete(self):
        raise TypeError("ClaimCheck rows are append-only: they cannot be deleted.")


class ClaimCheck(AppendOnly, models.Model):
    """One event in a claim's history: who, what, why, when.

    ``event`` says what happened: the claim was created (its first score), its
    status, confidence or lock changed, an editor changed its wording or
    reading (``changes`` holds each field's old and new value), evidence was
    added, changed or removed, or a new version of its article dropped it.
    The status and confidence columns hold the values before and after (the
    same for events that do not move them).

    Append-only. The ORM refuses updates and deletes, and a database trigger
    (migrations 0002 and 0005) refuses them in SQL too.
    """

    ActorKind = ActorKind
    Event = EventKind

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="checks")
    at = models.DateTimeField(default=timezone.now)
    event = models.CharField(max_length=12, choices=EventKind.choices, default=EventKind.STATUS)
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.CharField(
        max_length=200, help_text="Who or what: user name, token owner, or task name and version."
    )
    old_status = models.CharField(max_length=15, choices=ClaimStatus.choices)
    new_status = models.CharField(max_length=15, choices=ClaimStatus.choices)
    old_confidence = models.FloatField()
    new_confidence = models.FloatField()
    old_locked = models.BooleanField(default=False)
    new_locked = models.BooleanField(default=False)
    basis = models.JSONField(default=list, blank=True)
    changes = models.JSONField(
        default=dict, blank=True, help_text="What an edit or evidence event changed: old and new."
    )
    reason = models.TextField(blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["claim_id", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_in_unit_interval("old_confidence") & _in_unit_interval("new_confidence"),
                name="claimcheck_confidence_in_unit_interval",
            ),
            models.CheckConstraint(
                condition=Q(old_status__in=ClaimStatus.values)
                & Q(new_status__in=ClaimStatus.values),
                name="claimcheck_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(actor_kind__in=ActorKind.values), name="claimcheck_actor_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(event__in=EventKind.values), name="claimcheck_event_valid"
            ),
        ]
        indexes = [models.Index(fields=["claim", "-at"], name="claimcheck_claim_at")]

    def __str__(self) -> str:
        return f"{self.summary} by {self.actor}"

    @property
    def summary(self) -> str:
        """What happened, in words: "status corroborated → disputed;
        confidence 0.72 → 0.41", "verdict unlocked", or the event."""
        parts = []
        if self.old_status != self.new_status:
            parts.append(f"status {self.old_status} → {self.new_status}")
        if self.old_locked != self.new_locked:
            parts.append("verdict locked" if self.new_locked else "verdict unlocked")
        old, new = self.old_confidence, self.new_confidence
        if old is not None and new is not None and round(old, 2) != round(new, 2):
            parts.append(f"confidence {old:.2f} → {new:.2f}")
        if self.event != EventKind.STATUS or not parts:
            parts.insert(0, str(self.get_event_display()).lower())
        return "; ".join(parts)


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class JobKind(models.TextChoices):
    INGEST = "ingest", "Ingest an article"
    RECHECK = "recheck", "Re-check claims"


class Job(models.Model):
    """Work queued for a worker on someone's behalf (a large article to
    ingest, claims to re-check), followed by its client through
    ``/api/v1/jobs/{id}/``."""

    State = JobState
    Kind = JobKind

    kind = models.CharField(max_length=20, choices=JobKind.choices)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.CharField(max_length=200, blank=True, help_text="What it is doing now.")
    params = models.JSONField(default=dict, blank=True, help_text="What was asked (not the text).")
    payload = models.TextField(blank=True, help_text="The text to ingest; emptied when done.")
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    error_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status the error would have had."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=JobState.values), name="job_state_valid"),
            models.CheckConstraint(condition=Q(kind__in=JobKind.values), name="job_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}: {self.state}"


class LinkRelation(models.TextChoices):
    SAME = "same", "Same claim"
    CONTRADICTS = "contradicts", "Contradicts"


class LinkState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class ClaimMeaning(models.Model):
    """A claim's sentence embedding, read by the optional semantic model
    (claims.matching.semantic) when its claim was matched: the stored
    claims a new claim meets as candidates are read from here, not encoded
    again by every process that meets them. ``model`` names the model (the
    setting) and ``text_hash`` the wording read (SHA-256 of the text):
    another model or a new wording is read anew. Float32, little-endian."""

    claim = models.OneToOneField(
        Claim, primary_key=True, on_delete=models.CASCADE, related_name="meaning"
    )
    model = models.CharField(max_length=500)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return f"meaning of claim {self.claim_id}"


class ClaimLink(models.Model):
    """Two claims from different articles that state the same fact
    (``same``) or conflicting values of it (``contradicts``), with the
    matcher's score and basis. A confirmed link from another publisher is
    evidence for both claims (``evidence_a`` on ``claim_a`` citing
    ``claim_b``'s article, and the reverse); rejecting it removes that
    evidence. Stored once per pair, ``claim_a`` the lower id."""

    Relation = LinkRelation
    State = LinkState

    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_as_a")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_as_b")
    relation = models.CharField(max_length=12, choices=LinkRelation.choices)
    score = models.FloatField()
    basis = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=LinkState.choices, default=LinkState.SUGGESTED)
    independent = models.BooleanField(
        default=True,
        help_text="False when both come from one publisher or copies of one wire story: "
        "then they are not independent corroboration and add no evidence.",
    )
    evidence_a = models.OneToOneField(
        Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence_b = models.OneToOneField(
        Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_label = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim_a", "claim_b"], name="claimlink_unique_pair"),
            models.CheckConstraint(
                condition=Q(claim_a__lt=models.F("claim_b")), name="claimlink_ordered_pair"
            ),
            models.CheckConstraint(
                condition=_in_unit_interval("score"), name="claimlink_score_in_unit_interval"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=LinkRelation.values), name="claimlink_relation_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=LinkState.values), name="claimlink_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="claimlink_state_created")]

    def __str__(self) -> str:
        return f"{self.claim_a_id} {self.relation} {self.claim_b_id} ({self.state})"

    def other(self, claim_id: int) -> int:
        return self.claim_b_id if claim_id == self.claim_a_id else self.claim_a_id


# A webhook also hears of articles: "article" is an article ingested or a
# new version of one (not a claim's history event).
ARTICLE_EVENT = "article"
WEBHOOK_EVENTS = (*EventKind.values, ARTICLE_EVENT)


def _event_types_valid(value) -> None:
    if not isinstance(value, list) or not all(v in WEBHOOK_EVENTS for v in value):
        raise ValidationError(f"A list of event kinds from: {', '.join(WEBHOOK_EVENTS)}.")


def _publishers_valid(value) -> None:
    if not isinstance(value, list) or not all(type(v) is int and 0 < v < 2**63 for v in value):
        raise ValidationError("A list of publisher (source) ids.")


class Webhook(models.Model):
    """A consumer's subscription: every history event of the kinds it asks
    for (all when ``events`` is empty) is POSTed to ``url``, signed with
    ``secret`` (Standard Webhooks). ``feed_order``/``feed_id`` is how far
    into the change feed its deliveries have been made."""

    url = models.URLField(max_length=2000, validators=[WEB_URL])
    events = models.JSONField(
        default=list,
        blank=True,
        validators=[_event_types_valid],
        help_text="Event kinds to send (created, status, edit, evidence, link, review, "
        "note, published, superseded, article); empty: all.",
    )
    publishers = models.JSONField(
        default=list,
        blank=True,
        validators=[_publishers_valid],
        help_text="Only events of these publishers' articles (source ids); empty: all.",
    )
    secret = models.CharField(max_length=100, editable=False)
    active = models.BooleanField(default=True)
    failures = models.PositiveIntegerField(
        default=0, help_text="Deliveries failed in a row (after their retries)."
    )
    disabled_reason = models.CharField(max_length=300, blank=True)
    description = models.CharField(max_length=200, blank=True)
    feed_order = models.BigIntegerField(default=-1, editable=False)
    feed_id = models.BigIntegerField(default=0, editable=False)
    # how far into the articles (ingested, new versions) deliveries are made
    article_feed_order = models.BigIntegerField(default=-1, editable=False)
    article_feed_id = models.BigIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.url} ({'active' if self.active else 'disabled'})"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event sent to one subscription: a claim's history event or an
    article (ingested, or a new version); its message (``message_id``, the
    ``webhook-id`` a receiver de-duplicates on; ``payload``) and what
    became of it, attempt by attempt."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(
        ClaimCheck, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message_id = models.CharField(max_length=60, unique=True)
    payload = models.JSONField()
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event"], name="delivery_once_per_event"),
            models.UniqueConstraint(
                fields=["webhook", "article"], name="delivery_once_per_article"
            ),
            models.CheckConstraint(
                condition=(Q(event__isnull=False) & Q(article__isnull=True))
                | (Q(event__isnull=True) & Q(article__isnull=False)),
                name="delivery_of_one_event_or_article",
            ),
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values), name="delivery_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.webhook.url}: {self.state}"


class ClaimNote(AppendOnly, models.Model):
    """An editor's note on a claim: the desk's conversation about it.
    Append-only, like history (a note is corrected by another note)."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=200)
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="claimnote_not_empty")]

    def __str__(self) -> str:
        return f"{self.author_label}: {self.text[:60]}"


# A rating is a verdict someone stands behind: "we have not checked" and
# "no longer current" are not ratings.
UNPUBLISHABLE = (ClaimStatus.UNVERIFIED, ClaimStatus.OUTDATED)
PUBLISHABLE_CHOICES = [c for c in ClaimStatus.choices if c[0] not in UNPUBLISHABLE]


class Publication(models.Model):
    """A claim's review as the desk published it (schema.org ClaimReview):
    the rating, a short explanation and where it is read. One per claim,
    changed by publishing again and withdrawn rather than deleted; written
    only through ``claims.services.publishing``, each change in history."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="publication")
    rating = models.CharField(
        max_length=15,
        choices=PUBLISHABLE_CHOICES,
        help_text="The verdict published, as it stood when it was published.",
    )
    body = models.TextField(max_length=5000, help_text="The explanation readers see (reviewBody).")
    url = models.URLField(
        max_length=2000,
        blank=True,
        validators=[WEB_URL],
        help_text="Where the review is published; empty for the site's URL template.",
    )
    published_at = models.DateTimeField(help_text="When it was first published.")
    modified_at = models.DateTimeField(help_text="When its rating, text or URL last changed.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by_label = models.CharField(max_length=200)
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="Set while it is withdrawn (not served)."
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__in=[value for value, _ in PUBLISHABLE_CHOICES]),
                name="publication_rating_publishable",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="publication_body_not_empty"),
        ]
        indexes = [models.Index(fields=["-published_at", "-id"], name="publication_newest")]

    def __str__(self) -> str:
        return f"{self.get_rating_display()}: {self.claim}"
