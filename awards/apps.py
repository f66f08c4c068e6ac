from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Sanctuary Awards")

    def ready(self) -> None:
        from awards.enums import Action
        from sanctuary.activity import register_actions

        register_actions(Action)

        from awards.privacy import personal_award_data
        from members.services.privacy import register_personal_data

        register_personal_data("awards", personal_award_data)
