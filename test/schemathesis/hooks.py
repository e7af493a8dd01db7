"""Schemathesis hooks for the contract test (test/e2e/schemathesis.e2e-spec.ts).

They tell the generator what the OpenAPI document says in words but cannot
say in JSON Schema, so that schema-valid requests really are valid:

* cursors are opaque values the server minted; each listing's cursor has its
  own named format, and the test hands real ones over (AUDITORIUM_CURSORS);
* an access report's period [from, to) must be non-empty and fit in
  MAX_REPORT_BUCKETS buckets (cross-parameter rules).

Nothing here relaxes a check.
"""

import json
import os
from datetime import datetime, timedelta

import schemathesis
from hypothesis import strategies as st

for name, values in json.loads(os.environ.get("AUDITORIUM_CURSORS", "{}")).items():
    if values:
        schemathesis.openapi.format(name, st.sampled_from(values))

REPORT_PATH = "/api/v1/reports/access"
# well inside MAX_REPORT_BUCKETS (10,000) hour buckets
MAX_SPAN = timedelta(days=300)


def _parse(value):
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _text(value):
    return value.isoformat().replace("+00:00", "Z")


@schemathesis.hook
def map_query(context, query):
    if context.operation is None or context.operation.path != REPORT_PATH or not isinstance(query, dict):
        return query
    start, end = _parse(query.get("from")), _parse(query.get("to"))
    if start is None or end is None:
        return query
    if end < start:
        start, end = end, start
    if end - start > MAX_SPAN or end == start:
        try:
            end = start + timedelta(hours=1)
        except OverflowError:
            start = end - timedelta(hours=1)
    return {**query, "from": _text(start), "to": _text(end)}


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    """The ingest body is NDJSON text (a string in the schema): sent as its UTF-8 bytes."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return (json.dumps(value) + "\n").encode("utf-8")


@schemathesis.deserializer("application/x-ndjson", "application/x-asciicast")
def json_lines(ctx, response):
    """NDJSON and asciicast answers: UTF-8, one JSON value per line; the schema sees the text."""
    text = response.content.decode("utf-8")
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            try:
                json.loads(line)
            except ValueError as exc:
                raise ValueError(f"line {number} is not JSON: {exc}") from None
    return text


@schemathesis.deserializer("text/csv", "text/html", "text/plain")
def utf8_text(ctx, response):
    """Text answers must at least be UTF-8; the schema sees the text."""
    return response.content.decode("utf-8")
