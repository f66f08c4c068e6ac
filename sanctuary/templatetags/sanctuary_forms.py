from django import template

register = template.Library()


@register.filter
def as_list(value) -> list:
    """One form as a list, for the error summary that also serves pages with several forms."""
    return [value]
