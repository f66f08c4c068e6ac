from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People, organisations and memberships")

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from members.enums import Action
        from members.signals import keep_chosen_language
        from sanctuary.activity import register_actions

        register_actions(Action)
        import members.services.estate_organisations
        import members.services.estate_signatures

        user_logged_in.connect(keep_chosen_language, dispatch_uid="members.keep_chosen_language")
        # The mail provider's bounce and complaint reports (django-anymail's signal).
        import members.mail_tracking  # noqa: F401
