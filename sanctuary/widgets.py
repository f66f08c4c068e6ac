"""Form widgets that render the same HTML as Django's, more cheaply."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def _attributes(attrs: dict) -> SafeString:
    """HTML attributes in their given order, as Django's attrs.html writes them: True as a
    bare name, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class LongSelect(forms.Select):
    """A select for long lists (every local group): the same markup as forms.Select, but
    each option written here rather than through a template of its own, which cost more
    than the rest of a public page together."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(o["value"]), _attributes(o["attrs"]), o["label"]) for o in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, html)
                if group_name
                else html
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            _attributes(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )
