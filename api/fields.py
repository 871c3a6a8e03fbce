"""Input fields the database can hold, shared by serializers and filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.fields import IsoDateTimeField
from rest_framework import serializers

MAX_UTC_OFFSET = timedelta(hours=14)  # the widest real time zone offset


def check_datetime(value: datetime) -> None:
    """Refuse date-times no database column holds: offsets beyond ±14:00
    (Python accepts up to ±24 h, PostgreSQL up to ±15:59) or moments that
    fall outside years 1-9999 once in UTC."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        raise DjangoValidationError("The time zone offset must be within ±14:00.")
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise DjangoValidationError("The date is out of range.") from None


class CheckedDateTimeField(serializers.DateTimeField):
    """A serializer date-time the database can hold, checked as sent (DRF
    converts it to the current time zone before validators would see it)."""

    def enforce_timezone(self, value):
        try:
            check_datetime(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return super().enforce_timezone(value)


class CheckedIsoDateTimeFormField(IsoDateTimeField):
    """A filter's ISO 8601 date-time the database can hold."""

    default_validators = [check_datetime]
