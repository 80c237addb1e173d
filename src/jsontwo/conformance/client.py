"""The HTTP call of a step: ``POST /json/2/<model>/<method>`` by default, with
the target's key and database, and whatever the step overrides."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

try:
    import httpx
except ModuleNotFoundError as exc:  # an extra: the server itself needs no HTTP client
    raise ModuleNotFoundError(
        "The conformance tool needs httpx: pip install 'jsontwo[conformance]'.", name="httpx"
    ) from exc

from jsontwo.conformance.context import RunContext
from jsontwo.conformance.targets import Target

#: seconds a server may take to answer one call
TIMEOUT = 60.0
USER_AGENT = "odoo-json2-conformance/1"


@dataclass
class Reply:
    """What a server answered: a JSON payload, or another body, or no answer."""

    status: int | None
    payload: Any = None
    is_json: bool = False
    content_type: str = ""
    text: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    #: why there is no answer (connection refused, timeout)
    transport_error: str | None = None

    def header(self, name: str) -> str | None:
        """A response header, by case-insensitive name."""
        return self.headers.get(name.lower())


def request_headers(
    target: Target, ctx: RunContext, overrides: dict[str, Any] | None
) -> dict[str, str]:
    """The headers of a call: the target's, then the step's (``null`` removes one)."""
    headers: dict[str, str | None] = {
        "Authorization": f"bearer {target.key}",
        "X-Odoo-Database": target.db,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }
    for name, value in (overrides or {}).items():
        headers[name] = None if value is None else ctx.subst(value)
    return {name: str(value) for name, value in headers.items() if value is not None}


def request_body(ctx: RunContext, step: dict[str, Any]) -> bytes:
    """The body of a call: ``raw_body`` as it is, else ``body`` as JSON."""
    if "raw_body" in step:
        return str(ctx.subst(step["raw_body"])).encode()
    return json.dumps(ctx.subst(step.get("body", {}))).encode()


class Client:
    """Sends the steps of runs to one target, over one connection pool."""

    def __init__(
        self,
        target: Target,
        timeout: float = TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """``transport`` replaces the network (tests answer with a fake server)."""
        self.target = target
        self._http = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport)

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, ctx: RunContext, step: dict[str, Any]) -> Reply:
        """Send ``step``; a Reply with ``status`` None when the server did not answer."""
        if "path" in step:
            path = str(ctx.subst(step["path"]))
        else:
            path = f"/json/2/{step.get('model')}/{step.get('method')}"
        try:
            response = self._http.request(
                step.get("http_method", "POST"),
                self.target.url + path,
                content=request_body(ctx, step),
                headers=request_headers(self.target, ctx, step.get("headers")),
            )
        except httpx.HTTPError as exc:
            return Reply(status=None, transport_error=f"{type(exc).__name__}: {exc}")
        headers = {name.lower(): value for name, value in response.headers.items()}
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        reply = Reply(status=response.status_code, content_type=content_type, headers=headers)
        try:
            reply.payload, reply.is_json = response.json(), True
        except ValueError:
            reply.text = response.text
        return reply
