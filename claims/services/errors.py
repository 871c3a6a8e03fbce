"""What a service raises when it refuses a request.

Each class carries the HTTP status it means (``http_status``) and a short
``code``, so the API maps it without importing this app; ``str(exc)`` is a
message for people.
"""


class ServiceError(Exception):
    """A request the service refuses (invalid input: 400)."""

    http_status = 400
    code = "invalid"


class InvalidChange(ServiceError):
    """A status, confidence, lock or edit that is not allowed."""


class InvalidInput(ServiceError):
    """The submitted text cannot be stored as an article."""


class IngestConflict(ServiceError):
    """A concurrent write got there first, or the caller may not replace
    what is stored."""

    http_status = 409
    code = "conflict"
