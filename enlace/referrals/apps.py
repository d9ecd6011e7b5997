from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "enlace.referrals"
    label = "referrals"
