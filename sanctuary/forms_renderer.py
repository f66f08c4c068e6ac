"""The form renderer (settings.FORM_RENDERER): Django's own, except that the few widget
templates every form field goes through (an input, a radio or checkbox option, a textarea, a
select and its options, a label) are written here in Python rather than rendered as
templates. The HTML is the same, character for character (tests/test_forms_renderer.py
compares them); a review page's ratings cost about 40 of these renders, each a template and
an include of attrs.html, which made the widgets a third of the page's time.

Any other template, and any of these overridden by an app's own templates/django/forms/,
goes to Django's renderer as before."""

from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs

WIDGETS = "django/forms/widgets/"


def _text(value) -> str:
    """A value as {{ value }} writes it: localised, in local time, escaped unless safe."""
    if type(value) is str:
        return escape(value)
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        # A whole number (maxlength, rows) localises to its digits unless grouped.
        return str(value)
    value = localize(template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}: str() of the value, escaped unless it was safe."""
    if type(value) is str:
        return escape(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html and django/forms/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget) -> str:
    value = widget.get("value")
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget.get("type", ""))}" name="{_text(widget.get("name", ""))}"'
        f"{shown}{_attrs(widget.get('attrs') or {})}>"
    )


def _input_option(widget) -> str:
    if not widget.get("wrap_label"):
        return _input(widget)
    attrs = widget.get("attrs") or {}
    target = f' for="{_text(attrs["id"])}"' if attrs.get("id") else ""
    # input.html ends in a newline, which its include keeps.
    return f"<label{target}>{_input(widget)}\n {_text(widget.get('label', ''))}</label>"


def _textarea(widget) -> str:
    value = widget.get("value")
    shown = _text(value) if value else ""
    return (
        f'<textarea name="{_text(widget.get("name", ""))}"{_attrs(widget.get("attrs") or {})}>'
        f"\n{shown}</textarea>"
    )


def _select_option(widget) -> str:
    return (
        f'<option value="{_formatted(widget.get("value"))}"{_attrs(widget.get("attrs") or {})}>'
        f"{_text(widget.get('label', ''))}</option>"
    )


SELECT_OPTION = WIDGETS + "select_option.html"


def _select(widget) -> str | None:
    parts = [f'<select name="{_text(widget.get("name", ""))}"{_attrs(widget.get("attrs") or {})}>']
    for group_name, group_choices, _index in widget.get("optgroups", ()):
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != SELECT_OPTION:
                return None
            # select_option.html ends in a newline, which its include keeps.
            parts.append(f"\n  {_select_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context) -> str:
    if not context.get("use_tag"):
        return _text(context.get("label", ""))
    tag = _text(context.get("tag", ""))
    return f"<{tag}{_attrs(context.get('attrs') or {})}>{_text(context.get('label', ''))}</{tag}>"


def _widget(render):
    return lambda context: render(context["widget"])


# Django's templates these stand for (django/forms/templates/): every input type is
# input.html included, every option input_option.html.
FAST = {
    **{
        WIDGETS + f"{name}.html": _widget(_input)
        for name in (
            "input",
            "text",
            "email",
            "url",
            "number",
            "password",
            "hidden",
            "search",
            "tel",
            "date",
            "datetime",
            "time",
            "color",
            "checkbox",
            "file",
        )
    },
    **{
        WIDGETS + f"{name}.html": _widget(_input_option)
        for name in ("input_option", "radio_option", "checkbox_option")
    },
    WIDGETS + "textarea.html": _widget(_textarea),
    SELECT_OPTION: _widget(_select_option),
    WIDGETS + "select.html": _widget(_select),
    "django/forms/label.html": _label,
}


# The templates Django's widget templates include, which an app could override on their own.
INCLUDED = (
    WIDGETS + "input.html",
    WIDGETS + "input_option.html",
    WIDGETS + "attrs.html",
    "django/forms/attrs.html",
)


class _Fast:
    """Stands for a template: render(context) as the template would."""

    def __init__(self, render, fallback):
        self._render = render
        self._fallback = fallback

    def render(self, context=None, request=None) -> SafeString:
        html = self._render(context or {})
        if html is None:
            return self._fallback().render(context, request=request)
        return mark_safe(html)


class FastWidgetRenderer(DjangoTemplates):
    """Django's DjangoTemplates renderer with the common widget templates in Python."""

    def get_template(self, template_name):
        render = FAST.get(template_name)
        if render is None or self._overridden(template_name):
            return super().get_template(template_name)
        return _Fast(render, lambda: super(FastWidgetRenderer, self).get_template(template_name))

    def _overridden(self, template_name: str) -> bool:
        """Whether an app's templates replace Django's own for this name, or for a template
        it includes (then Django's renderer renders it)."""
        cache = self.__dict__.setdefault("_overrides", {})
        if template_name not in cache:
            names = {template_name, *INCLUDED}
            cache[template_name] = any(not self._django_own(name) for name in names)
        return cache[template_name]

    def _django_own(self, template_name: str) -> bool:
        origin = str(super().get_template(template_name).origin.name).replace("\\", "/")
        return "django/forms/templates/django/forms/" in origin
