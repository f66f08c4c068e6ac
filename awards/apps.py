from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Sanctuary Awards")

    def ready(self) -> None:
        from awards import work
        from awards.enums import Action
        from awards.sections import awarded_near, welcomed_organisations
        from members.extensions import (
            register_nearby_section,
            register_network_page_section,
            register_work_source,
        )
        from sanctuary.activity import register_actions

        register_actions(Action)
        from awards import movement_cache

        movement_cache.connect()
        import awards.services.estate  # noqa: F401  (registers the awards import)

        register_network_page_section("awards.welcomed", welcomed_organisations)
        register_nearby_section("awards.near", awarded_near)

        from awards.privacy import personal_award_data
        from members.services.privacy import register_personal_data

        register_personal_data("awards", personal_award_data)
        from awards.services.retention import delete_idle_drafts
        from members.services.privacy import register_retention

        register_retention("idle_drafts", delete_idle_drafts)
        # The coordinators' work queue, its four kinds read together; staff read these kinds
        # on the movement's own page.
        register_work_source(
            "awards.panels",
            _("Applications"),
            work.coordinator_work,
            for_staff=False,
            preview=work.coordinator_work_preview,
            listings=work.coordinator_work_listings,
        )
