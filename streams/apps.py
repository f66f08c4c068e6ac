from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StreamsConfig(AppConfig):
    name = "streams"
    verbose_name = _("Streams of Sanctuary")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from django.utils.translation import gettext_lazy as _

        from members.extensions import register_work_source
        from sanctuary.activity import register_actions
        from streams.enums import Action
        from streams.models import StreamMembership
        from streams.work import (
            changed,
            count_asking_to_join,
            listings_asking_to_join,
            organisations_asking_to_join,
            page_asking_to_join,
            preview_asking_to_join,
        )

        register_actions(Action)
        register_work_source(
            "streams.joining",
            _("Organisations asking to join a stream"),
            organisations_asking_to_join,
            count=count_asking_to_join,
            page=page_asking_to_join,
            preview=preview_asking_to_join,
            listings=listings_asking_to_join,
        )
        # The kept counts of who waits (streams.work.WAITING) follow every membership's write.
        post_save.connect(changed, sender=StreamMembership, dispatch_uid="streams.waiting.save")
        post_delete.connect(changed, sender=StreamMembership, dispatch_uid="streams.waiting.del")
