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
    def for_task(cls, name: str) -> Actor:
        return cls(kind=ActorKind.TASK, label=f"{name}@{CODE_VERSION}")

    @classmethod
    def for_recheck_request(cls, user) -> Actor:
        """A re-check an editor or API client asked for: the machine rescores,
        the history names who asked."""
        return cls(
            kind=ActorKind.TASK,
            label=f"re-check requested by {user.get_username()}@{CODE_VERSION}",
            user_id=user.pk,
        )

    @classmethod
    def system(cls, what: str = "system") -> Actor:
        return cls(kind=ActorKind.SYSTEM, label=f"{what}@{CODE_VERSION}")

    @property
    def is_machine(self) -> bool:
        return self.kind in (ActorKind.TASK, ActorKind.SYSTEM)
