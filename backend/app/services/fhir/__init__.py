"""FHIR R4 (R4B models) read-only interface and bulk export (docs/fhir.md).

One module per resource mapping (``paciente``, ``profesional``, ``cita``, ``encuentro``, ``condicion``,
``factura``, ``ubicacion``): each turns a row (an ORM object or a Core row with the same attribute names) into a
plain dict of the resource, so the API and the bulk export share one mapping and the export never builds a
pydantic model per line. ``busqueda`` parses search parameters, ``paquetes`` builds Bundles and
OperationOutcomes, ``capacidad`` the CapabilityStatement, ``todo`` Patient/$everything and ``exportacion``
the NDJSON bulk export. Tests validate every resource against ``fhir.resources.R4B``.
"""
