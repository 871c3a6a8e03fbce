"""The REST API's shared plumbing: errors, pagination, rendering, throttling,
permissions, authentication, request limits and schema hooks.

Used by every app's ``api/`` package. It imports no app: a service error
becomes an HTTP status through its ``http_status`` attribute, not through an
import of the app that raised it.
"""
