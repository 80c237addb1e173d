"""The tables the benchmark prints, in Markdown (so that docs/benchmarks.md can
keep them as printed)."""

from __future__ import annotations

from dataclasses import dataclass

from wrk import Result


@dataclass(frozen=True)
class Row:
    """One call's figures on one backend: jsontwo's, and Odoo 19's measured just
    after them (None without a reference Odoo)."""

    label: str
    jsontwo: Result
    odoo: Result | None = None
    #: the ratio to Odoo it must reach (None: no target, e.g. the trivial route)
    target: float | None = None
    #: records per second rather than requests per second
    records: bool = False


def ratio(row: Row, trivial: Result | None = None) -> float | None:
    """jsontwo's rate ÷ Odoo's; without Odoo, ÷ the trivial route's (requests
    only: records per second do not compare with requests)."""
    if row.odoo is not None:  # no ratio when Odoo finished no call in the run
        return row.jsontwo.rate / row.odoo.rate if row.odoo.rate else None
    if trivial is not None and not row.records and trivial.rate:
        return row.jsontwo.rate / trivial.rate
    return None


def verdict(value: float | None, target: float | None) -> str:
    """ "ok" when the ratio reaches its target, "below" when not, "" without one."""
    if value is None or target is None:
        return ""
    return "ok" if value >= target else "below"


def _rate(result: Result) -> str:
    errors = f" ({result.errors} errors)" if result.errors else ""
    return f"{result.rate:,.0f}{errors}"


def _latency(result: Result) -> str:
    return f"{result.p50:.1f} / {result.p99:.1f}"


def table(rows: list[Row], trivial: Result | None = None) -> list[str]:
    """The lines of the call table: with Odoo's figures and the ratio to them when
    the rows have them, else the ratio to ``trivial`` (the trivial route's run)."""
    with_odoo = any(row.odoo is not None for row in rows)
    if with_odoo:
        head = "| call | jsontwo req/s | p50 / p99 ms | Odoo 19 req/s | p50 / p99 ms | ratio | target | |"
    else:
        head = "| call | jsontwo req/s | p50 / p99 ms | vs trivial |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in rows:
        value = ratio(row, None if with_odoo else trivial)
        shown = f"{value:.1f}x" if value is not None else ""
        cells = [row.label, _rate(row.jsontwo), _latency(row.jsontwo)]
        if with_odoo:
            odoo = row.odoo
            cells += [_rate(odoo), _latency(odoo)] if odoo else ["", ""]
            cells += [shown, f"{row.target:g}x" if row.target else "", verdict(value, row.target)]
        else:
            cells.append(f"{value:.2f}x" if value is not None else "")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def facts(pairs: list[tuple[str, str, str]]) -> list[str]:
    """A table of (figure, value, target) lines: memory, start, new database..."""
    lines = ["| figure | value | target |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {target} |" for name, value, target in pairs]
    return lines
