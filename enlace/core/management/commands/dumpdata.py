"""``dumpdata`` refuses protected data outside development: it would write identities in clear.

Why: encrypted columns are decrypted on load, so Django's ``dumpdata`` writes every victim's
name, phone and document as plain JSON, along with password hashes, TOTP secrets and blind-index
keys. Backups go through the encrypted backup command instead. A model is protected when it has
an encrypted field or a blind index, or belongs to an Enlace app or the accounts, second-factor,
session and login-throttle apps (deny by default). In development (``DEBUG`` or the demo
settings) ``--i-know-this-writes-identities`` lets a developer dump anyway.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.dumpdata import Command as DjangoDumpdata

from enlace.core.fields import EncryptedTextField

SENSITIVE_APPS = {"auth", "otp_totp", "otp_static", "sessions", "axes", "admin"}
FLAG = "--i-know-this-writes-identities"


def is_protected(model) -> bool:
    meta = model._meta
    if meta.app_config.name.startswith("enlace.") or meta.app_label in SENSITIVE_APPS:
        return True
    return any(isinstance(f, EncryptedTextField) or f.name.endswith("_bidx") for f in meta.get_fields())


def selected_models(labels: list[str]) -> list:
    """The models a ``dumpdata`` with these app/model labels would write (all when none)."""
    if not labels:
        return list(apps.get_models())
    out = []
    for label in labels:
        app_label, _sep, model_name = label.partition(".")
        config = apps.get_app_config(app_label)
        out += [config.get_model(model_name)] if model_name else list(config.get_models())
    return out


def development() -> bool:
    return bool(settings.DEBUG or getattr(settings, "ENLACE_DEMO_MODE", False))


class Command(DjangoDumpdata):
    help = DjangoDumpdata.help + " Protected models are refused outside development (use the encrypted backup)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(FLAG, dest="i_know", action="store_true",
                            help="development only: dump protected models in clear anyway")

    def handle(self, *app_labels, **options):
        try:
            protected = sorted({m._meta.label for m in selected_models(list(app_labels)) if is_protected(m)})
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        if protected and not (options["i_know"] and development()):
            raise CommandError(
                f"refused: {len(protected)} protected models ({', '.join(protected[:5])}"
                f"{', ...' if len(protected) > 5 else ''}) would be written in clear; back up with the encrypted "
                f"backup command" + ("" if development() else f" ({FLAG} works only in development)"))
        return super().handle(*app_labels, **options)
