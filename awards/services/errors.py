"""The refusals of the award workflow: a rule says no, in words for people."""

from django.utils.translation import gettext as _


class AwardError(Exception):
    """A change that the rules do not allow. The message is for people."""


class SubmissionRefused(AwardError):
    """Rule 2: the application lacks evidence for a minimum criterion (or cannot be sent yet)."""

    def __init__(self, missing):
        self.missing = missing
        super().__init__(_("The application is not ready to submit."))


class DecisionRefused(AwardError):
    """Rules 1 and 2: the panel may not decide yet, or may not award."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))
