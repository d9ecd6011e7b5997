from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "enlace.referrals"
    label = "referrals"

    def ready(self) -> None:
        """Tell the identity gate (persons, below us) what a referral's consent discloses."""
        from enlace.persons.identity import register_disclosure

        from .selectors import consent_disclosure

        register_disclosure("referrals.consent", consent_disclosure)
