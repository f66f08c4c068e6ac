"""The refusals of the award workflow: a rule says no, in words for people."""

from django.utils.translation import gettext as _

from awards.queries.applications import Missing
from sanctuary.refusals import Refused


class AwardError(Refused):
    """A change that the rules of the award workflow do not allow. The message is for people;
    pages show it (on the form, with add_refusal_to_form) and the API answers it with a 400."""


class SubmissionRefused(AwardError):
    """Rule 2: the application lacks evidence for a minimum criterion (or cannot be sent yet)."""

    def __init__(self, missing: list[Missing]) -> None:
        self.missing = missing
        super().__init__(_("The application is not ready to submit."))


class DecisionRefused(AwardError):
    """Rules 1 and 2: the panel may not decide yet, or may not award."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))
