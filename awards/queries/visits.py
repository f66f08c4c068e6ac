"""Lookups of the dates offered and confirmed for a visit."""

from django.db.models import QuerySet

from awards.models import Application, VisitDate


def visit_dates(application: Application) -> QuerySet[VisitDate]:
    return application.visit_dates.select_related("offered_by", "confirmed_by").prefetch_related(
        "notes__author"
    )


def confirmed_visit(application: Application) -> VisitDate | None:
    return visit_dates(application).filter(confirmed_at__isnull=False).first()
