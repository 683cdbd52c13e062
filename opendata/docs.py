"""The API documentation page (/api/v1/docs): the OpenAPI schema read on the server and
shown in the portal's own frame (its language, menu and phone layout), one section per
operation with its parameters, answers and an example URL.

It replaces Swagger UI, which weighed 1.7 MB, did not fit a phone and failed axe-core
(contrast, no `lang`, buttons inside buttons). The schema itself stays at
/api/v1/openapi.json for tools. The API's own words (summaries, descriptions) are English
and marked so (`lang="en"`) on a Latvian page.
"""

import re
from typing import Any
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from ninja.openapi.docs import DocsBase

METHODS = ("get", "post", "put", "patch", "delete")


def inline_code(text: str | None) -> SafeString:
    """Escaped text with its `backticked` words as <code> (the schema's Markdown)."""
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>",  # escaped first
                            escape(text or "")))


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref", "")
    return components.get(ref.rsplit("/", 1)[-1], {}) if ref else schema


def type_words(schema: dict) -> str:
    """'integer, 1990–2100', 'string: json | csv', 'string or null'."""
    if "anyOf" in schema:
        return " or ".join(type_words(option) for option in schema["anyOf"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    words = schema.get("type", "any")
    if words == "array":
        words = f"array of {type_words(schema.get('items', {}))}"
    if "enum" in schema:
        words += ": " + " | ".join(str(value) for value in schema["enum"])
    if "minimum" in schema or "maximum" in schema:
        words += f", {schema.get('minimum', '')}–{schema.get('maximum', '')}"
    if "format" in schema:
        words += f" ({schema['format']})"
    return words


def _fields(schema: dict, components: dict, prefix: str = "") -> list[dict]:
    schema = _resolve(schema, components)
    if schema.get("type") == "array":
        return _fields(schema.get("items", {}), components, prefix + "[]")
    rows = []
    for name, field in schema.get("properties", {}).items():
        rows.append({"name": f"{prefix}.{name}" if prefix else name,
                     "type": type_words(field),
                     "description": inline_code(field.get("description"))})
        if field.get("type") == "array" and "$ref" in field.get("items", {}):
            rows += _fields(field["items"], components, f"{prefix + '.' if prefix else ''}{name}[]")
    return rows


def _example_url(path: str, parameters: list[dict]) -> str:
    query = {}
    for parameter in parameters:
        examples = parameter.get("examples") or parameter["schema"].get("examples") or []
        if not examples:
            continue
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(examples[0]))
        elif not query:  # one filter is example enough
            query[parameter["name"]] = examples[0]
    if "{" in path:
        return ""
    return path + (f"?{urlencode(query)}" if query else "")


def operations(schema: dict) -> list[dict]:
    """Every operation of an OpenAPI 3 schema, in its order, ready for the template."""
    components = schema.get("components", {}).get("schemas", {})
    result = []
    for path, methods in schema.get("paths", {}).items():
        for method in METHODS:
            operation = methods.get(method)
            if operation is None:
                continue
            parameters = operation.get("parameters", [])
            responses, ok = [], {}
            for code, response in operation.get("responses", {}).items():  # int or str codes
                content = response.get("content", {})
                responses.append({"code": code, "description": response.get("description", ""),
                                  "types": list(content)})
                if str(code) == "200":
                    ok = content
            result.append({
                "id": operation.get("operationId") or f"{method}-{path}",
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": inline_code(operation.get("description")),
                "parameters": [{
                    "name": parameter["name"],
                    "in": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": type_words(parameter.get("schema", {})),
                    "default": parameter.get("schema", {}).get("default"),
                    "description": inline_code(parameter.get("description")),
                    "examples": [str(example) for example in
                                 parameter.get("examples")
                                 or parameter.get("schema", {}).get("examples") or []],
                } for parameter in parameters],
                "responses": responses,
                "fields": _fields(ok["application/json"]["schema"], components)
                if "application/json" in ok else [],
                "example": _example_url(path, parameters),
            })
    return result


class ApiReference(DocsBase):
    """ninja's docs hook: the schema rendered by the portal's template."""

    template = "opendata/api_docs.html"

    def render_page(self, request, api, **kwargs: Any):
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(request, self.template, {
            "title": schema["info"]["title"],
            "version": schema["info"]["version"],
            "operations": operations(schema),
            "openapi_url": self.get_openapi_url(api, kwargs),
        })
