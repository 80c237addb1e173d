"""The scheduled actions a module ships (Odoo's ``ir_cron`` data records),
made under their external ids when a database lacks them."""

from __future__ import annotations

from dataclasses import dataclass

from jsontwo.orm import SUPERUSER_ID, Environment


@dataclass(frozen=True)
class CronData:
    """One scheduled action as a module's data declares it."""

    xmlid: str
    name: str
    model: str
    code: str
    interval_type: str = "days"
    interval_number: int = 1
    priority: int = 5
    active: bool = True


#: base's scheduled actions, as in Odoo 19
BASE_CRONS = (
    CronData(
        "base.autovacuum_job",
        "Base: Auto-vacuum internal data",
        "ir.autovacuum",
        "model._run_vacuum_cleaner()",
        priority=3,
    ),
    CronData(
        "base.ir_cron_res_users_deletion",
        "Base: Portal Users Deletion",
        "res.users.deletion",
        "model._gc_portal_users(batch_size=50)",
        priority=8,
    ),
)


def ensure_crons(env: Environment, crons: tuple[CronData, ...]) -> None:
    """Create the scheduled actions whose external id the database lacks; they
    run as the superuser, as module data does in Odoo (``user_id`` "System")."""
    data = env["ir.model.data"]
    root = env["res.users"].sudo().with_context(active_test=False).browse([SUPERUSER_ID])
    if not root.exists():
        return  # a database still being made, without its users: its next opening adds them
    for cron in crons:
        if data._xmlid_to_res_id(cron.xmlid) is not None:
            continue
        model = env["ir.model"].search([("model", "=", cron.model)], limit=1)
        record = (
            env["ir.cron"]
            .with_context(active_test=False)
            .create(
                {
                    "name": cron.name,
                    "model_id": model.id,
                    "code": cron.code,
                    "interval_number": cron.interval_number,
                    "interval_type": cron.interval_type,
                    "priority": cron.priority,
                    "active": cron.active,
                    "user_id": SUPERUSER_ID,
                }
            )
        )
        data._declare(cron.xmlid, record)
        data._declare(f"{cron.xmlid}_ir_actions_server", record.ir_actions_server_id)
