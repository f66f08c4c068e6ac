"""One base class for a rule saying no.

A service raises a `Refused` subclass when a rule of DESIGN.md section 4 (or any other
business rule) forbids what was asked. Its message is written for the person who asked, in
their language, so pages show it as it is and the API returns it as a 400 (see
`sanctuary.api.api_exception_handler`). Programming errors stay ordinary exceptions.
"""

from django.forms import Form


class Refused(Exception):
    """A refusal whose message is for people. `field` names the form field it is about,
    when there is one, so pages can show it next to that field."""

    def __init__(self, message: object = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


def add_refusal_to_form(form: Form, refusal: Refused) -> None:
    """Show a service's refusal on the form that asked, next to its field if it names one
    (and the form has it), else at the top, so the page keeps what the person typed."""
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)
