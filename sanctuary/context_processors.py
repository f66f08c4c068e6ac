from django.conf import settings
from django.utils.translation import get_language_info


def platform(request):
    """What every page needs: the language switcher's choices and where it returns to."""
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append({"code": code, "name_local": info["name_local"], "bidi": info["bidi"]})
    return {
        "platform_languages": languages,
        "current_path": request.get_full_path(),
        "current_network": getattr(request, "network", None),
    }
