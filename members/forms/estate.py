"""The forms of staff's import of the existing movement: the upload and the column mapping."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from members.enums import (
    DocumentSlug,
)


class EstateUploadForm(forms.Form):
    """Staff upload a file of the existing movement to import."""

    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8 or Windows-1252) or an Excel workbook (.xlsx).")
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds


class EstateMappingForm(forms.Form):
    """One choice per column of the file: the field it fills, or nothing."""

    document = forms.ChoiceField(
        label=_("The document, for rows that do not name one"),
        choices=[
            (DocumentSlug.CHARTER, DocumentSlug.CHARTER.label),
            (DocumentSlug.DECLARATION, DocumentSlug.DECLARATION.label),
        ],
        required=False,
    )

    def __init__(
        self,
        *args,
        headers: list[str],
        fields: list[tuple[str, str]],
        initial_mapping: dict[int, str],
        with_document: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not with_document:
            del self.fields["document"]
        choices = [("", _("Do not import this column")), *fields]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=_("Column “%(header)s”") % {"header": header or index + 1},
                choices=choices,
                required=False,
                initial=initial_mapping.get(index, ""),
            )

    def clean(self):
        data = super().clean()
        chosen: dict[str, str] = {}
        for name, value in data.items():
            if name.startswith("column_") and value:
                if value in chosen:
                    self.add_error(
                        name,
                        _("This field is chosen for another column too: choose it once."),
                    )
                chosen[value] = name
        return data

    def mapping(self) -> dict[int, str]:
        return {
            int(name.removeprefix("column_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("column_") and value
        }
