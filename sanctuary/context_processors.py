from django.conf import settings
from django.utils.translation import get_language_info

from sanctuary import page_cache


def platform(request):
    """What every page needs: the language switcher's choices and where it returns to."""
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append({"code": code, "name_local": info["name_local"], "bidi": info["bidi"]})
    context = {
        "platform_languages": languages,
        "current_path": request.get_full_path(),
        "current_network": getattr(request, "network", None),
    }
    if page_cache.rendering_for_cache(request):
        # After Django's own csrf processor, so this wins: the token goes in per answer.
        context["csrf_token"] = page_cache.SENTINEL
    return context
