"""Articles in, claims out: ``article_ingest`` and what it stores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from claims.actors import Actor
from claims.db import WRITE_BATCH, bulk_update_rows
from claims.extraction.cues import GOVERNMENT_WORDS
from claims.extraction.inputs import InputError, prepare_text
from claims.extraction.normalize import claim_fingerprint, fold_passage
from claims.models import Claim, ClaimCheck, EventKind, Evidence, EvidenceOrigin, Stance
from claims.scoring import score_claim
from claims.services.errors import IngestConflict, InvalidInput
from claims.services.facts import claim_facts, evidence_facts
from claims.services.history import event_row
from claims.services.links import claims_unlink_gone
from claims.services.queue import MATCH_CLAIMS, enqueue_on_commit
from claims.services.verdicts import claims_set_scores
from sources.models import Article, Source, SourceKind, normalize_source_name
from sources.services import publisher_for, source_get_or_create, text_content_hash
from sources.wire import wire_credit


class ReplaceNotAllowed(IngestConflict):
    """New content at a stored URL, from a caller who may only add articles."""

    def __init__(self, article: Article):
        self.article_id = article.pk
        self.extra = {"article": article.pk}
        super().__init__(
            f"{article.url} is stored as article {article.pk}; storing a new version of it "
            "needs the permission to change articles (sources.change_article)."
        )


CREATED, DUPLICATE, NEW_VERSION = "created", "duplicate", "new_version"


@dataclass
class IngestResult:
    """What ``article_ingest`` did: ``outcome`` is ``created`` (a new
    article), ``new_version`` (new content at a stored URL: ``article`` is
    the new version, ``previous`` the one it replaced) or ``duplicate``
    (the same content was stored before: ``article`` is that one)."""

    article: Article
    outcome: str = DUPLICATE
    previous: Article | None = None
    claims_created: int = 0
    claims_kept: int = 0
    claims_superseded: int = 0
    claims_flagged: int = 0
    note: str = ""
    ignored: tuple[str, ...] = ()

    @property
    def created(self) -> bool:
        return self.outcome == CREATED

    @property
    def changed(self) -> bool:
        return self.outcome != DUPLICATE

    @property
    def message(self) -> str:
        if not self.changed:
            text = f"already stored as article {self.article.pk}; nothing changed"
            if self.ignored:
                text += f" (the {' and '.join(self.ignored)} given were not stored)"
            return text
        if self.outcome == NEW_VERSION:
            text = (
                f"stored version {self.article.version} of article {self.previous.pk} as "
                f"article {self.article.pk} with {self.claims_created} new claims"
            )
        else:
            text = f"stored article {self.article.pk} with {self.claims_created} new claims"
        if self.claims_kept:
            text += f", {self.claims_kept} kept"
        if self.claims_superseded:
            text += f", {self.claims_superseded} superseded"
        if self.claims_flagged:
            text += f", {self.claims_flagged} flagged for review"
        if self.note:
            text += f" ({self.note})"
        return text


def article_ingest(
    *,
    text: str,
    actor: Actor,
    url: str | None = None,
    title: str = "",
    publisher: str | Source | None = None,
    published_at: datetime | None = None,
    byline: str = "",
    may_replace: bool = True,
) -> IngestResult:
    """Store an article and the claims extracted from it, in one transaction.

    - The same content again (by normalised content hash) stores nothing and
      returns the stored article (``duplicate``).
    - New content at a stored URL is a new version (``new_version``): a new
      Article row with its own text; the stored one is marked superseded and
      keeps its text, so every claim's offsets stay true. Only callers with
      ``may_replace`` (the permission to change articles) may do this;
      others get ReplaceNotAllowed (409). Claims carry over by their quote:
      a claim whose quoted passage is still in the text moves to the new
      version (offsets updated), keeping its identity, edits, verdict,
      evidence and history, whatever its wording says now; claims whose
      passage is gone stay with the old version, superseded, and those an
      editor had edited, locked or given evidence are flagged for review.
    - Concurrent posts of one version store it once; of two versions, one
      after the other.
    - HTML is converted to text; text that is not English is stored and
      flagged, with no claims. Past CLAIMS_MAX_CLAIMS_PER_ARTICLE claims the
      rest are not stored, and the article says so (``extraction_note``).
    - Each new claim gets its attribution (a Source, created by normalised
      name if new), evidence linking it to the article's publisher, and its
      first score; it is due for its first re-check at once.
    """
    try:
        prepared = prepare_text(text, max_bytes=settings.CLAIMS_MAX_ARTICLE_BYTES)
    except InputError as exc:
        raise InvalidInput(str(exc)) from exc
    text = prepared.text
    url = (url or "").strip() or None
    content_hash = text_content_hash(text)
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is not None:
        return _duplicate(existing, url=url, title=title)
    check_may_store(text=text, url=url, may_replace=may_replace)

    # Extraction is the slow part: done before the transaction opens.
    # spaCy is imported only when something is extracted: web processes and
    # workers that never ingest do not pay for it.
    from claims.extraction.pipeline import get_extractor

    extractor = get_extractor(settings.CLAIMS_SPACY_MODEL)
    extraction = extractor.extract(text, max_claims=settings.CLAIMS_MAX_CLAIMS_PER_ARTICLE)
    claims, note = extraction.claims, extraction.note
    if isinstance(publisher, str):
        publisher = publisher_for(name=publisher) if publisher.strip() else None
    if publisher is None and url:
        publisher = publisher_for(url=url)
    fields = {
        "title": title.strip()[:500],
        "publisher": publisher,
        "byline": byline[:300],
        "wire": wire_credit(byline, text),
        "published_at": published_at,
        "raw_text": text,
        "body": extraction.body,
        "content_hash": content_hash,
        "language": extraction.language,
        "extraction_note": note[:300],
        "retrieved_at": timezone.now(),
    }
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _store(
                    url=url,
                    fields=fields,
                    headline=extraction.headline,
                    claims=claims,
                    actor=actor,
                    may_replace=may_replace,
                    note=note,
                )
        except IntegrityError:
            # A concurrent ingest of the same content or URL won the race:
            # look again (it is now a duplicate, or a version after it).
            existing = Article.objects.filter(content_hash=content_hash).first()
            if existing is not None:
                return _duplicate(existing, url=url, title=title)
    raise IngestConflict(f"other versions of {url} were being stored at the same moment; try again")


def check_may_store(*, text: str, url: str | None, may_replace: bool) -> None:
    """Refuse (ReplaceNotAllowed) new content at a stored URL from a caller
    who may only add articles; the same content again is no replacement."""
    if not url or may_replace:
        return
    current = Article.objects.current().filter(url=url).first()
    if current is not None and current.content_hash != text_content_hash(text):
        raise ReplaceNotAllowed(current)


def _match_after_commit(article: Article) -> None:
    """Once the article is stored, look for its claims in other reports (a
    task; in-process without a broker)."""
    if not settings.CLAIMS_MATCH_ENABLED:
        return
    ids = list(article.claims.current().values_list("pk", flat=True))
    if ids:
        enqueue_on_commit(MATCH_CLAIMS, ids)


def _lock_url(url: str) -> None:
    """Hold a lock on ``url`` until the transaction ends. On PostgreSQL an
    advisory lock (a row lock cannot cover a URL with no row yet, and racing
    first versions would deadlock on the unique index); SQLite lets one
    writer in at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [url])


def _duplicate(article: Article, *, url: str | None, title: str) -> IngestResult:
    ignored = []
    if url and url != article.url:
        ignored.append("URL")
    if title.strip() and title.strip() != article.title:
        ignored.append("title")
    return IngestResult(article=article, outcome=DUPLICATE, ignored=tuple(ignored))


def _store(*, url, fields, headline, claims, actor, may_replace, note) -> IngestResult:
    """Inside the transaction: the new article or version, and its claims."""
    previous = None
    if url:
        # Ingests of one URL take turns: a second version waits for the
        # first to commit, then sees it as the version it replaces.
        _lock_url(url)
        previous = Article.objects.select_for_update().current().filter(url=url).first()
    duplicate = Article.objects.filter(content_hash=fields["content_hash"]).first()
    if duplicate is not None:  # stored while this one was extracting
        return _duplicate(duplicate, url=url, title=fields["title"])
    if previous is None:
        article = Article.objects.create(
            url=url, **{**fields, "title": fields["title"] or headline[:500]}
        )
        result = IngestResult(article=article, outcome=CREATED, note=note)
        _store_claims(article, claims, result, actor=actor, carried=[])
        _match_after_commit(article)
        return result
    if not may_replace:
        raise ReplaceNotAllowed(previous)
    now = timezone.now()
    previous.superseded_at = now
    previous.save(update_fields=["superseded_at", "updated_at"])
    kept = {
        # what the new text does not say is kept from the stored version
        name: fields[name] or getattr(previous, name)
        for name in ("title", "publisher", "byline", "published_at")
    }
    kept["title"] = kept["title"] or headline[:500]
    kept["wire"] = wire_credit(kept["byline"], fields["raw_text"])
    article = Article.objects.create(
        url=url,
        **{**fields, **kept},
        version=previous.version + 1,
        previous_version=previous,
        body_hash_history=[*previous.body_hash_history, previous.content_hash],
    )
    result = IngestResult(article=article, outcome=NEW_VERSION, previous=previous, note=note)
    carried = list(previous.claims.current().order_by("position", "id"))
    _store_claims(article, claims, result, actor=actor, carried=carried)
    _match_after_commit(article)
    return result


def _attribution_source(item, cache: dict) -> Source:
    """The Source a claim is attributed to, by normalised name; a new one's
    kind is read from how the article names it."""
    key = normalize_source_name(item.attribution)
    if key not in cache:
        words = set(item.attribution.lower().split())
        if item.attribution_kind == "unnamed":
            kind = SourceKind.UNNAMED
        elif item.attribution_category == "person":
            kind = SourceKind.PERSON
        elif words & GOVERNMENT_WORDS:
            kind = SourceKind.GOVERNMENT
        else:
            kind = SourceKind.ORGANIZATION
        cache[key] = source_get_or_create(name=item.attribution, kind=kind)
    return cache[key]


def _store_claims(
    article: Article,
    extracted: list,
    result: IngestResult,
    *,
    actor: Actor,
    carried: list[Claim],
) -> None:
    """Store the extracted claims of ``article``; ``carried`` are the
    current claims of the version it replaces, matched to the extracted
    ones by quote (then by wording, then in order)."""
    now = timezone.now()
    validity = timedelta(days=settings.CLAIMS_TIME_BOUND_VALIDITY_DAYS)
    valid_from = article.published_at or now
    by_quote: dict[str, list[Claim]] = {}
    for claim in carried:
        by_quote.setdefault(fold_passage(claim.quote), []).append(claim)
    fingerprints = [claim_fingerprint(item.text) for item in extracted]
    matched = _carry_over(extracted, fingerprints, by_quote)
    sources: dict[str, Source] = {}
    new_claims, kept = [], []
    for position, (item, fingerprint) in enumerate(zip(extracted, fingerprints, strict=True), 1):
        claim = matched.get(position - 1)
        if claim is not None:
            claim.article = article
            claim.start, claim.end, claim.quote, claim.position = (
                item.start,
                item.end,
                item.quote,
                position,
            )
            kept.append(claim)
            continue
        attribution = _attribution_source(item, sources) if item.attribution else None
        new_claims.append(
            Claim(
                article=article,
                position=position,
                text=item.text,
                quote=item.quote,
                start=item.start,
                end=item.end,
                polarity=item.polarity,
                hedged=item.hedged,
                hedges=item.hedges,
                conditional=item.conditional,
                attribution=attribution,
                kind=item.kind,
                entities=item.entities,
                predicates=item.predicates,
                time_bound=item.time_bound,
                time_cues=item.time_cues,
                valid_until=valid_from + validity if item.time_bound else None,
                next_check_at=now,
                fingerprint=fingerprint,
            )
        )
    vanished = [claim for claims in by_quote.values() for claim in claims]
    flagged = _flag_worked_on(vanished, article)
    # their links first, then the claims' rows: the order a worker matching
    # other reports takes them in (links, then the claims it marks due), so
    # the two wait for each other rather than deadlock
    claims_unlink_gone(
        [claim.pk for claim in vanished],
        actor=actor,
        reason=f"version {article.version} of its report (article {article.pk}) no longer has it",
    )
    for claim in vanished:
        claim.superseded_at = now
        claim.next_check_at = None
    bulk_update_rows(
        Claim, vanished, ["superseded_at", "next_check_at", "flagged_for_review", "flag_reason"]
    )
    bulk_update_rows(Claim, kept, ["article", "start", "end", "quote", "position"])
    _record_superseded(vanished, article, actor=actor)
    Claim.objects.bulk_create(new_claims, batch_size=WRITE_BATCH)
    evidence = []
    if new_claims and article.publisher_id:
        evidence = Evidence.objects.bulk_create(
            [
                Evidence(
                    claim=claim,
                    source_id=article.publisher_id,
                    stance=Stance.SUPPORTS,
                    url=article.url or "",
                    quote=claim.quote,
                    weight=1.0,
                    added_by=EvidenceOrigin.EXTRACTOR,
                    retrieved_at=now,
                    content_hash=article.content_hash,
                )
                for claim in new_claims
            ],
            batch_size=WRITE_BATCH,
        )
    _score_new_claims(new_claims, evidence, article, now, actor=actor)
    result.claims_created = len(new_claims)
    result.claims_kept = len(kept)
    result.claims_superseded = len(vanished)
    result.claims_flagged = flagged


def _carry_over(extracted: list, fingerprints: list[str], by_quote: dict) -> dict[int, Claim]:
    """Which stored claim each extracted one continues (by index), taken out
    of ``by_quote``: same passage and same wording first, then same passage
    in order (an editor's rewording does not detach a claim from its
    passage)."""
    matched: dict[int, Claim] = {}
    for exact in (True, False):
        for index, item in enumerate(extracted):
            if index in matched:
                continue
            candidates = by_quote.get(fold_passage(item.quote))
            if not candidates:
                continue
            if exact:
                same = [c for c in candidates if c.fingerprint == fingerprints[index]]
                if not same:
                    continue
                claim = same[0]
            else:
                claim = candidates[0]
            candidates.remove(claim)
            matched[index] = claim
    return matched


def _flag_worked_on(claims: list[Claim], article: Article) -> int:
    """Flag for review the claims an editor worked on (edited, locked, gave
    evidence): a new version dropping them must not go unnoticed."""
    with_evidence = set(
        Evidence.objects.filter(claim__in=claims)
        # the machine's own evidence (the article, a link) is nobody's work
        .exclude(added_by__in=[EvidenceOrigin.EXTRACTOR, EvidenceOrigin.LINK])
        .values_list("claim_id", flat=True)
    )
    flagged = 0
    for claim in claims:
        why = [
            what
            for what, yes in (
                ("edited", claim.edited_at is not None),
                ("its verdict locked", claim.status_locked),
                ("given evidence", claim.pk in with_evidence),
            )
            if yes
        ]
        if why:
            claim.flagged_for_review = True
            claim.flag_reason = (
                f"version {article.version} of its article (article {article.pk}) no longer "
                f"has this passage; an editor had {', '.join(why)}"
            )[:300]
            flagged += 1
    return flagged


def _record_superseded(claims: list[Claim], article: Article, *, actor: Actor) -> None:
    rows = [
        event_row(
            claim,
            event=EventKind.SUPERSEDED,
            actor=actor,
            reason=claim.flag_reason
            or f"version {article.version} of its article (article {article.pk}) dropped it",
            changes={"article_version": [article.version - 1, article.version]},
        )
        for claim in claims
    ]
    ClaimCheck.objects.bulk_create(rows, batch_size=WRITE_BATCH)


def _score_new_claims(
    claims: list[Claim], evidence: list[Evidence], article, now, *, actor: Actor
) -> None:
    """First score of new claims, through the one door: their prior and the
    article as their one source. Each gets one ``created`` history row naming
    who ingested it."""
    by_claim = {e.claim_id: e for e in evidence}
    publisher = article.publisher
    scores = []
    for claim in claims:
        own = by_claim.get(claim.pk)
        facts = []
        if own is not None:
            facts.append(
                evidence_facts(
                    own,
                    reliability=publisher.reliability,
                    is_official=publisher.is_official,
                    source_name=publisher.name,
                    article_url=article.url,
                    article_publisher_id=article.publisher_id,
                )
            )
        kind = claim.attribution.kind if claim.attribution is not None else None
        scores.append(score_claim(claim_facts(claim, attribution_kind=kind), facts, now))
    claims_set_scores(
        claims, scores, actor=actor, reason="extracted at ingest", event=EventKind.CREATED
    )
