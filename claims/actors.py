"""Who or what changes a claim: recorded on every history row."""

from __future__ import annotations

from dataclasses import dataclass

from claims.models import ActorKind

CODE_VERSION = "0.1.0"


@dataclass(frozen=True)
class Actor:
    """An editor, an API token, a task or the system, as history names it."""

    kind: str
    label: str
    user_id: int | None = None

    @classmethod
    def for_user(cls, user) -> Actor:
        return cls(kind=ActorKind.USER, label=user.get_username(), user_id=user.pk)

    @classmethod
    def for_token(cls, user) -> Actor:
        return cls(kind=ActorKind.TOKEN, label=f"token:{user.get_username()}", user_id=user.pk)

    @classmethod
    def for_task(cls, name: str, *, on_behalf_of=None) -> Actor:
        """A task; ``on_behalf_of`` is the user whose action asked for it (an
        editor's evidence, "Re-check now"): the machine decides, the history
        names who asked."""
        if on_behalf_of is None:
            return cls(kind=ActorKind.TASK, label=f"{name}@{CODE_VERSION}")
        return cls(
            kind=ActorKind.TASK,
            label=f"{name}@{CODE_VERSION} for {on_behalf_of.get_username()}",
            user_id=on_behalf_of.pk,
        )

    @classmethod
    def for_recheck_request(cls, user) -> Actor:
        """A re-check an editor or API client asked for, run in-process."""
        return cls.for_task("claims.recheck_claim", on_behalf_of=user)

    @classmethod
    def system(cls, what: str = "system") -> Actor:
        return cls(kind=ActorKind.SYSTEM, label=f"{what}@{CODE_VERSION}")

    @property
    def is_machine(self) -> bool:
        return self.kind in (ActorKind.TASK, ActorKind.SYSTEM)
