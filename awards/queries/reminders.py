"""Lookups of the reminders sent to a person."""

from django.db.models import QuerySet

from awards.models import Reminder
from members.models import User


def reminders_for_user(user: User) -> QuerySet[Reminder]:
    """The reminders sent to a person, newest first, with what they were about. Their own
    rows across networks: build and read it with scoping lifted."""
    return (
        Reminder.objects.filter(recipient=user, sent_at__isnull=False, skipped=False)
        .select_related(
            "award__scheme",
            "award__organisation",
            "application__scheme",
            "application__organisation",
        )
        .order_by("-sent_at", "-pk")
    )
