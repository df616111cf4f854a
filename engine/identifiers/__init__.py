"""Identifiers read at borders and checkpoints, one module each, in the manner of python-stdnum.

- :mod:`~engine.identifiers.mrz`: ICAO Doc 9303 machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B),
  with check digits and OCR repair (:mod:`~engine.identifiers.mrz_repair`).
- :mod:`~engine.identifiers.travel_document`: lookup keys for document numbers and issuing countries.
- :mod:`~engine.identifiers.icao_codes`: ICAO nationality codes and their ISO 3166-1 equivalents.
- :mod:`~engine.identifiers.vin` and :mod:`~engine.identifiers.plate`: vehicles.
- :mod:`~engine.identifiers.curp`: the Mexican CURP, validated by python-stdnum, and its derivation from names.

Every module raises the errors of :mod:`~engine.identifiers.errors`, which carry a stable ``code``.
"""
