from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctuaryConfig(AppConfig):
    name = "sanctuary"
    verbose_name = _("Networks and activity")

    def ready(self) -> None:
        import sanctuary.checks  # noqa: F401  (registers the system checks)
        from sanctuary.activity import register_actions
        from sanctuary.enums import Action

        register_actions(Action)

        from django.contrib.auth.signals import user_logged_in

        from sanctuary.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="sanctuary-idle-clock")

        from django.db.backends.signals import connection_created

        from sanctuary.page_cache import watch_connection

        # Every connection, in web processes, workers and commands, renews the public
        # pages' generation when it writes what they may show.
        connection_created.connect(watch_connection, dispatch_uid="sanctuary-page-cache")
