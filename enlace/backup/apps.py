from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "enlace.backup"
    label = "backup"
    verbose_name = "Backups"
