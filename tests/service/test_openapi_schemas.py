"""Python annotations (as the API documentation writes them) as JSON Schema."""

from __future__ import annotations

import pytest

from jsontwo.service.openapi_schemas import Schema, annotation_schema


@pytest.mark.parametrize(
    ("annotation", "schema"),
    [
        ("int", {"type": "integer"}),
        ("bool", {"type": "boolean"}),
        ("str | None", {"anyOf": [{"type": "string"}, {"type": "null"}]}),
        ("Optional[float]", {"anyOf": [{"type": "number"}, {"type": "null"}]}),
        ("int | None | int", {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        ("list[str]", {"type": "array", "items": {"type": "string"}}),
        ("Sequence[str]", {"type": "array", "items": {"type": "string"}}),
        ("list[Any]", {"type": "array", "items": {}}),
        ("dict[str, Any]", {"type": "object"}),
        ("dict[str, int]", {"type": "object", "additionalProperties": {"type": "integer"}}),
        ("tuple[int, ...]", {"type": "array", "items": {"type": "integer"}}),
        (
            "list[tuple[int, str]]",
            {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
        ),
        (
            "Collection[str] | None",
            {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]},
        ),
        ("typing.Any", {}),
        # what the parser does not know is any value, never an error
        ("Self", {}),
        ("Literal['a']", {}),
        ("int | Any", {}),
        ("list[", {}),
        ("a b", {}),
        (None, {}),
    ],
)
def test_annotation_schema(annotation: str | None, schema: Schema) -> None:
    assert annotation_schema(annotation) == schema
