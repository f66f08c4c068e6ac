from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from members.services.people import record_registration


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "")
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if commit:
            user.save()
            record_registration(user)
        return user
