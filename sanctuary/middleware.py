from django.conf import settings
from django.utils import translation

from sanctuary.tenancy import NetworkScopeMiddleware

__all__ = ["NetworkScopeMiddleware", "UserLanguageMiddleware"]


class UserLanguageMiddleware:
    """A signed-in person sees the platform in the language they chose, on every device.

    A language picked on a page before signing in is saved as the preference at sign-in
    (members.signals.keep_chosen_language), so this never overrides a fresh choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        preferred = getattr(user, "preferred_language", "") if user else ""
        if preferred and preferred in self.available and preferred != request.LANGUAGE_CODE:
            translation.activate(preferred)
            request.LANGUAGE_CODE = preferred
        return self.get_response(request)
