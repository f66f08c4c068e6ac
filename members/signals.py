"""Receivers of the accounts library's signals."""

from django.conf import settings

from members.services.people import update_own_profile


def keep_chosen_language(sender, request, user, **kwargs) -> None:
    """A language chosen on a page before signing in becomes the person's saved preference.

    "Chosen" means the language cookie, which only the language switcher sets (the browser's
    Accept-Language header is a guess and changes nothing). Without this, the saved preference
    would override the page's language at sign-in (sanctuary.middleware.UserLanguageMiddleware)
    and the person would lose the language she had just picked.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "") if request else ""
    if chosen in dict(settings.LANGUAGES) and chosen != user.preferred_language:
        update_own_profile(user, actor=user, preferred_language=chosen)
