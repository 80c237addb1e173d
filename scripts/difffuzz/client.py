"""The two servers the fuzzer compares, and one JSON-2 call to a server."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx


@dataclass(frozen=True)
class Answer:
    """What a server answered to one call: the HTTP status and the decoded JSON (or text)."""

    status: int
    payload: Any


@dataclass
class Server:
    """A server speaking JSON-2: its base URL, database and API key."""

    name: str
    url: str
    db: str
    key: str
    timeout: float = 60.0
    calls: int = 0
    _client: httpx.Client | None = field(default=None, repr=False)

    def call(self, model: str, method: str, body: dict[str, Any]) -> Answer:
        """POST `body` to /json/2/<model>/<method>; never raises on an HTTP error status."""
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout)
        self.calls += 1
        response = self._client.post(
            f"{self.url.rstrip('/')}/json/2/{model}/{method}",
            json=body,
            headers={"Authorization": f"bearer {self.key}", "X-Odoo-Database": self.db},
        )
        try:
            payload = response.json()
        except ValueError:
            payload = {"non_json": response.headers.get("content-type", "")}
        return Answer(response.status_code, payload)

    def ok(self, model: str, method: str, body: dict[str, Any]) -> Any:
        """Call and return the result; raise when the server answers an error."""
        answer = self.call(model, method, body)
        if answer.status != 200:
            raise RuntimeError(f"{self.name} {model}.{method}: {answer.status} {answer.payload}")
        return answer.payload

    def close(self) -> None:
        """Close the HTTP connection pool."""
        if self._client is not None:
            self._client.close()


def read_env_file(path: str) -> dict[str, str]:
    """Read KEY=VALUE lines (the reference Odoo's ref.env/sale.env files)."""
    values: dict[str, str] = {}
    for line in Path(path).expanduser().read_text().splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and not key.startswith("#"):
            values[key.strip()] = value.strip()
    return values
