"""What the claims app does when another app's rows change: a source's
trust (reliability, official standing) changing re-scores the claims its
evidence bears on. A signal, because ``sources`` never imports ``claims``;
it sees every save (admin, API, shell), not ``QuerySet.update()``."""

from __future__ import annotations

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from claims.services.evidence import source_trust_changed
from sources.models import Source

TRUST_FIELDS = ("reliability", "is_official")


@receiver(pre_save, sender=Source, dispatch_uid="claims.source_trust_before")
def _trust_before(sender, instance: Source, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    instance._trust_before = (
        Source.objects.filter(pk=instance.pk).values_list(*TRUST_FIELDS).first()
    )


@receiver(post_save, sender=Source, dispatch_uid="claims.source_trust_after")
def _trust_after(sender, instance: Source, created=False, raw=False, **kwargs) -> None:
    before = getattr(instance, "_trust_before", None)
    instance._trust_before = None
    if raw or created or before is None:
        return
    after = tuple(getattr(instance, name) for name in TRUST_FIELDS)
    if after == before:
        return
    changes = ", ".join(
        f"{name.replace('_', ' ')} {old} → {new}"
        for name, old, new in zip(TRUST_FIELDS, before, after, strict=True)
        if old != new
    )
    source_trust_changed(instance.pk, reason=f"source {instance.name}: {changes}")
