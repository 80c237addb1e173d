"""``bench.py --scale``: the budget call and ``search_count []`` as the partner
table grows from 10,000 to 1,000,000 generated partners, seeded by bulk create
over JSON-2 (1000 per call) into a running 2-worker server; a PNG chart of the
99th percentile latency against the table's size."""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import calls
import seed
import server
import wrk
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from target import Target

from jsontwo.db import Storage

#: issue #18: the budget call's p99 at 1M within this factor of its p99 at 10k
P99_GROWTH_TARGET = 2.0


@dataclass(frozen=True)
class Step:
    """The figures at one table size."""

    partners: int
    budget: wrk.Result
    count: wrk.Result


def _measure(call: calls.Call, target: Target, duration: int) -> wrk.Result:
    for _ in range(5):  # warm: the first calls after a bulk load read cold pages
        target.call("res.partner", call.path.rsplit("/", 1)[1], **call.arguments(target))  # type: ignore[arg-type]
    return wrk.run(call.request(target), duration, 16)


def run(
    label: str, storage: Storage, sizes: list[int], duration: int, logs: Path
) -> tuple[list[Step], list[str]]:
    """Seed one backend up to each of ``sizes`` in turn and measure there; answer
    the figures and the country codes the partners are spread over."""
    name = "bench_scale"
    if storage.exists(name):
        storage.drop(name)
    print(f"\n== {label}: a database with demo data, seeded by bulk create...", flush=True)
    key, codes = server.populate(storage, name, 0)
    running = server.start(storage, name, key, 2, logs / "serve-scale.log")
    steps: list[Step] = []
    try:
        target = running.target
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,}/{task.total:,}"),
            TimeRemainingColumn(),
        )
        for size in sizes:
            with Progress(*columns) as progress:
                have = seed.count(target)
                task = progress.add_task(f"{label}: to {size:,}", total=max(size - have, 0))
                advance = functools.partial(progress.advance, task)
                seed.seed(target, codes, size, advance, parallel=2)
            server.settle(storage, name)
            budget = _measure(calls.BUDGET, target, duration)
            count = _measure(calls.SEARCH_COUNT, target, duration)
            steps.append(Step(size, budget, count))
            print(
                f"   {size:>9,} partners: budget p50/p99 {budget.p50:.1f}/{budget.p99:.1f} ms, "
                f"search_count [] p50/p99 {count.p50:.1f}/{count.p99:.1f} ms",
                flush=True,
            )
    finally:
        running.stop()
        storage.drop(name)
    return steps, codes


def table(figures: dict[str, list[Step]]) -> list[str]:
    """The Markdown lines of the scale table."""
    lines = [
        "| backend | partners | budget req/s | budget p50 / p99 ms | search_count req/s | search_count p50 / p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, steps in figures.items():
        for step in steps:
            lines.append(
                f"| {label} | {step.partners:,} | {step.budget.rate:,.0f} | "
                f"{step.budget.p50:.1f} / {step.budget.p99:.1f} | {step.count.rate:,.0f} | "
                f"{step.count.p50:.1f} / {step.count.p99:.1f} |"
            )
    return lines


def growth(steps: list[Step]) -> float:
    """The budget call's p99 at the largest size ÷ at the smallest."""
    return steps[-1].budget.p99 / steps[0].budget.p99


def chart(figures: dict[str, list[Step]], path: Path, odoo_count: wrk.Result | None = None) -> None:
    """Draw the p99 latencies against the table's size into the PNG ``path``
    (with Odoo 19's ``search_count []`` at 10,000 partners when measured)."""
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")  # no display: a file
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for (label, steps), color in zip(figures.items(), ("tab:blue", "tab:orange"), strict=False):
        sizes = [step.partners for step in steps]
        lines = (("budget search_read", "o-", "budget"), ("search_count []", "s--", "count"))
        for name, style, figure in lines:
            p99s = [getattr(step, figure).p99 for step in steps]
            ax.plot(sizes, p99s, style, color=color, label=f"{label}: {name}")
    if odoo_count is not None:
        ax.plot([10_000], [odoo_count.p99], "k^", label="Odoo 19: search_count [] at 10,000")
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        axis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("generated partners in the table")
    ax.set_ylabel("p99 latency (ms), wrk -t2 -c16")
    ax.set_title("jsontwo: 99th percentile latency against table size (2 workers)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def conclude(
    figures: dict[str, list[Step]],
    codes: list[str],
    prepare_odoo: Callable[[list[str]], Target | None],
    args: argparse.Namespace,
) -> None:
    """Print the scale table and the targets' verdicts (Odoo's search_count at
    10,000 partners measured now when there is a reference), and draw the chart."""
    if not figures:
        return
    print("\n### Scale\n")
    print("\n".join(table(figures)))
    reference = prepare_odoo(codes) if codes else None
    odoo_count = _measure(calls.SEARCH_COUNT, reference, args.duration) if reference else None
    print()
    for label, steps in figures.items():
        verdict = "ok" if growth(steps) <= P99_GROWTH_TARGET else "above"
        print(
            f"- {label}: budget p99 grew {growth(steps):.1f}x from {steps[0].partners:,} "
            f"to {steps[-1].partners:,} partners (target ≤ {P99_GROWTH_TARGET:g}x: {verdict})"
        )
        if odoo_count is not None:
            last = steps[-1].count
            verdict = "ok" if last.rate >= odoo_count.rate else "slower"
            print(
                f"- {label}: search_count [] at {steps[-1].partners:,}: {last.rate:,.0f} req/s, "
                f"Odoo 19's at 10,000: {odoo_count.rate:,.0f} req/s ({verdict})"
            )
    print(
        "- machine load (1, 5, 15 min) at the end: "
        + ", ".join(f"{v:.1f}" for v in os.getloadavg())
    )
    chart(figures, Path(args.chart), odoo_count)
    print(f"\nchart: {args.chart}")
