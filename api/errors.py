"""Every API error is JSON of one shape: ``{"detail", "code", "errors"?}``."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import DataError, IntegrityError, InterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import ProtectedError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status

log = logging.getLogger(__name__)

# A database that cannot be reached (down, restarting, out of connections).
DatabaseUnavailable = DatabaseOperationalError | InterfaceError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send the claim's ETag in an If-Match header to change it."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The claim changed since you read it: fetch it again and reapply."
    default_code = "precondition_failed"


class ServiceUnavailable(exceptions.APIException):
    """The database cannot be reached: try again shortly."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The service is briefly unavailable (its database cannot be reached)."
    default_code = "unavailable"
    retry_after = 10


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


def service_error(exc: Exception) -> exceptions.APIException:
    """The API exception for a service's refusal: ``exc.http_status`` (400 for
    invalid input, 409 for a conflict …) and ``exc.code``, with ``str(exc)``
    as the message."""
    code = exc.http_status
    if code == status.HTTP_400_BAD_REQUEST:
        return exceptions.ValidationError({"detail": str(exc)})
    if code == status.HTTP_409_CONFLICT:
        return Conflict(str(exc))
    error = exceptions.APIException(str(exc), getattr(exc, "code", None) or "error")
    error.status_code = code
    return error


def exception_handler(exc, context):
    """DRF's handler with our errors mapped, and one body shape for all:
    ``{"detail": message, "code": code, "errors": {field: [messages]}}``."""
    # imported here: rest_framework.views imports this module's permissions
    from rest_framework.views import exception_handler as drf_exception_handler

    original = exc
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # DRF authenticates before it throttles, so a client with no or a
        # wrong token would never be slowed down: count it here, by address.
        exc = _throttled_unauthenticated(exc, context)
    elif isinstance(exc, DatabaseUnavailable):
        exc = ServiceUnavailable()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif getattr(exc, "http_status", None) is not None:
        # a service's refusal: its class says which status it is
        exc = service_error(exc)
    elif isinstance(exc, ProtectedError):
        exc = Conflict("It is still in use (claims or evidence point to it); it cannot be deleted.")
    elif isinstance(exc, IntegrityError):
        exc = Conflict("The change conflicts with data already stored.")
    elif isinstance(exc, OverflowError | DataError):
        # a number or text too large for its column: the request's fault
        log.warning("refused a value out of range: %s", exc)
        exc = exceptions.ValidationError({"detail": "A value in the request is out of range."})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = error_body(exc, response.data)
    # what a service error adds for programs (e.g. the stored article's id)
    response.data.update(getattr(original, "extra", None) or {})
    if isinstance(exc, ServiceUnavailable):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _throttled_unauthenticated(exc, context):
    from api.throttling import AnonWindowThrottle

    request, view = context.get("request"), context.get("view")
    if request is None:
        return exc
    throttle = AnonWindowThrottle()
    if throttle.allow_request(request, view):
        return exc
    return exceptions.Throttled(throttle.wait())


def error_body(exc, data) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, dict) and set(data) == {"detail"}:
            return {"detail": _text(data["detail"]), "code": "invalid"}
        return {"detail": "The request is not valid.", "code": "invalid", "errors": data}
    detail = data.get("detail", data) if isinstance(data, dict) else data
    code = getattr(getattr(exc, "detail", None), "code", None) or getattr(exc, "default_code", "")
    return {"detail": _text(detail), "code": code or "error"}


def _text(value) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def json_error(status_code: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status_code)
