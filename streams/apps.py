from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StreamsConfig(AppConfig):
    name = "streams"
    verbose_name = _("Streams of Sanctuary")

    def ready(self) -> None:
        from sanctuary.activity import register_actions
        from streams.enums import Action

        register_actions(Action)
