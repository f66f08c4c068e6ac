"""Award pieces that other apps' pages show."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django_scopes import scopes_disabled

from awards.enums import CLOSED_STATES, CURRENT_AWARD_STATES
from awards.models import Application, Award

register = template.Library()


@register.inclusion_tag("awards/includes/organisation_awards.html")
def organisation_awards(organisation):
    """An organisation's current awards and open applications, for its own page (its contacts
    and staff), and the history of its earlier awards: renewed, lapsed or withdrawn, which
    keep their place here. Its rows live in the networks of its schemes, so scoping is lifted
    for them."""
    with scopes_disabled():
        every = list(
            Award.objects.filter(organisation=organisation)
            .select_related("scheme")
            .order_by("-awarded_on", "-pk")
        )
        applications = list(
            Application.objects.filter(organisation=organisation)
            .exclude(state__in=sorted(CLOSED_STATES))
            .select_related("scheme")
            .order_by("-created_at")
        )
    return {
        "organisation": organisation,
        "awards": [award for award in every if award.state in CURRENT_AWARD_STATES],
        "past_awards": [award for award in every if award.state not in CURRENT_AWARD_STATES],
        "applications": applications,
    }


class _Numbers(dict):
    """Counts as the template language writes them (localize()), each value once per table:
    a long table repeats few values, and localize() looks up the language every time."""

    def __missing__(self, value: int) -> str:
        self[value] = text = str(localize(value))
        return text


def _text(value, numbers: _Numbers) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return numbers[value]
    return conditional_escape(value)


def _count_cell(cell, url: str, numbers: _Numbers) -> str:
    if not cell.count:
        return "<td>0</td>"
    return f'<td><a href="{url}?{conditional_escape(cell.link)}">{numbers[cell.count]}</a></td>'


@register.simple_tag
def figure_rows(table, url: str, *, totals: bool = False) -> str:
    """The rows of one of the movement's tables (awards.movement.Table), each count linked to
    the list behind it at `url`, and the row's total last with `totals`. Written here rather
    than by template tags for each cell: the expiring table by month is a couple of thousand
    cells, which the template language made the slowest part of the movement's page."""
    numbers = _Numbers()
    url = conditional_escape(url)
    rows = []
    for row in table.rows:
        cells = [_count_cell(cell, url, numbers) for cell in row.cells]
        if totals and row.total is not None:
            cells.append(_count_cell(row.total, url, numbers))
        label = conditional_escape(row.label)
        rows.append(f'<tr><th scope="row">{label}</th>{"".join(cells)}</tr>')
    return _safe(rows)


@register.simple_tag
def report_rows(table) -> str:
    """The rows of a report's table (awards.reports.Table): the first cell of each heads it.
    Written here for the same reason as figure_rows: the signatories' table has a row for
    every network of the movement."""
    numbers = _Numbers()
    rows = []
    for first, *rest in table.rows:
        cells = "".join(f"<td>{_text(cell, numbers)}</td>" for cell in rest)
        rows.append(f'<tr><th scope="row">{_text(first, numbers)}</th>{cells}</tr>')
    return _safe(rows)


def _safe(parts: list[str]) -> str:
    # Every value in them went through conditional_escape() or is a number written out.
    return mark_safe("".join(parts))
