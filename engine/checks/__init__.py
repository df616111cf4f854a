"""Border and patrol checks: a travel document (MRZ or number) and its holder, a vehicle by VIN or plate.

:func:`~engine.checks.document_check.check_document` and
:func:`~engine.checks.vehicle_check.check_vehicle` return the response body
shared by the HTTP API, ``cruce scan`` / ``cruce vehicle --json`` and the
border page. Bad input raises :class:`~engine.checks.input_errors.CheckInputError`,
a ``UserError`` that names the line and column (MRZ) or the position (VIN).
"""

from engine.checks import messages as _messages  # noqa: F401  (registers the check messages)
