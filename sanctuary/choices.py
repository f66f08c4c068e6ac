"""Faster get_FOO_display() for models shown in long lists.

Django's Model._get_FIELD_display builds a dict of the field's choices on every call, and
make_hashable() hashes each label on the way, which translates every lazy label: a list of
50 organisations showing their kind and status translated about a thousand strings. A model
with ChoiceLabels keeps each field's {value: label} (the labels still lazy, so each is
translated when shown, in the language of the moment) and answers from it: the same result.
"""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def choice_labels(field) -> dict:
    """The field's {value: lazy label}, kept on the field while its choices stay the same
    list (choices given as a callable are read afresh each time)."""
    choices = field.choices
    kept = field.__dict__.get("_sanctuary_choice_labels")
    if kept is not None and kept[0] is choices:
        return kept[1]
    labels = {make_hashable(value): label for value, label in field.flatchoices}
    if isinstance(choices, (list, tuple)):
        field.__dict__["_sanctuary_choice_labels"] = (choices, labels)
    return labels


class ChoiceLabels:
    """A model mixin (before models.Model): get_FOO_display() from choice_labels()."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)
