"""JSON: the report model itself (schema: ``model.schema()``, ``docs/annual-report.schema.json``)."""

from __future__ import annotations

from coordination.annual_report.model import ReportModel, encode


def render(model: ReportModel) -> bytes:
    return encode(model)
