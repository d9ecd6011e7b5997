from django.apps import AppConfig

from enlace.core.jobs import register_schedule


class OpsConfig(AppConfig):
    """Operations: the application server, the job worker, job runs with progress, health, request ids."""

    name = "enlace.ops"
    label = "ops"

    def ready(self) -> None:
        # Every minute: proves to /healthz that the scheduler and a worker are alive.
        register_schedule("ops.heartbeat", "enlace.ops.jobs.heartbeat", every_minutes=1)
        # The whole audit chain from genesis, every night; a break alerts the auditors.
        register_schedule("audit.verify", "enlace.ops.jobs.audit_verify", daily_at="03:15")
        # Every encrypted value opened against its row: a value moved to another row shows the next day.
        register_schedule("keys.verify", "enlace.ops.jobs.keys_verify", daily_at="03:45")
        # Every 15 minutes: the chain's tail compared with the anchor, and the new head anchored
        # outside the database, so a rewrite or a removed tail shows within the quarter hour.
        register_schedule("audit.anchor", "enlace.ops.jobs.audit_anchor", every_minutes=15)
