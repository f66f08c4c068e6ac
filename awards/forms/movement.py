"""The staff's filters of the movement's figures and the period of a report (GET forms)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from sanctuary.enums import Nation, NetworkKind


class ManyOptionsSelect(forms.Select):
    """Django's select, its options written here rather than by a template each: the
    network filter lists every network of the movement, and a template per option cost
    more than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"],
                    mark_safe(" selected") if option["selected"] else "",
                    option["label"],
                )
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class MovementFilterForm(forms.Form):
    """The staff's filters of the movement's figures and lists (a GET form): by stream,
    nation, region and network. The choices are read once per page."""

    stream = forms.ChoiceField(label=_("Stream"), required=False, widget=ManyOptionsSelect)
    nation = forms.ChoiceField(label=_("Nation"), required=False, widget=ManyOptionsSelect)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=ManyOptionsSelect)
    network = forms.ChoiceField(label=_("Network"), required=False, widget=ManyOptionsSelect)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.networks = networks
        everything = [("", _("All"))]
        self.fields["stream"].choices = everything + [
            (n.slug, n.name) for n in networks if n.kind == NetworkKind.STREAM
        ]
        self.fields["nation"].choices = everything + list(Nation.choices)
        regions = sorted({n.region for n in networks if n.region})
        self.fields["region"].choices = everything + [(r, r) for r in regions]
        self.fields["network"].choices = everything + [(n.slug, n.name) for n in networks]


class ReportPeriodForm(forms.Form):
    """The period of a report (a GET form); both days included."""

    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period must be before its end."))
        return data
