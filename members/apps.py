from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People, organisations and memberships")

    def ready(self) -> None:
        from members.enums import Action
        from sanctuary.activity import register_actions

        register_actions(Action)
        # The mail provider's bounce and complaint reports (django-anymail's signal).
        import members.mail_tracking  # noqa: F401
