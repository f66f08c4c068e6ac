"""Tigrinya can be chosen: Django knows the language, the switcher sets it, pages and dates
render in it, and its plural rule (one form for 0 and 1, another above) holds."""

import datetime

from django.template import Context, Template
from django.utils import translation
from django.utils.translation import check_for_language, get_language_info, ngettext

HOME_HEADLINE_TI = "መዕቆቢ ዝደልዩ ሰባት ናብ ዝኸዱዎ ቦታ ኩሉ፡ ብሓጎስ ክቕበሉ ይግባእ።"


def test_django_knows_tigrinya():
    assert check_for_language("ti")
    info = get_language_info("ti")
    assert info["code"] == "ti"
    assert info["bidi"] is False
    assert info["name"] == "Tigrinya"
    assert info["name_local"] == "ትግርኛ"


def test_choosing_tigrinya_on_the_home_page(client, db):
    home = client.get("/").content.decode()
    assert '<option value="ti" lang="ti">ትግርኛ</option>' in home

    response = client.post("/language/", {"language": "ti", "next": "/"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ti" dir="ltr">' in html
    assert HOME_HEADLINE_TI in html
    assert "ናብ ቀንዲ ትሕዝቶ ሕለፉ" in html  # Skip to main content
    assert "Skip to main content" not in html


def test_dates_render_in_tigrinya():
    """Django has no formats module for ti: dates fall back to the default formats, never crash."""
    day = datetime.date(2026, 3, 5)
    template = Template(
        '{{ day|date:"j F Y" }}|{{ day|date:"DATE_FORMAT" }}|{{ day|date:"j M Y" }}'
    )
    with translation.override("ti"):
        text = template.render(Context({"day": day}))
    assert text.startswith("5 ")
    assert text.count("2026") == 3


def test_tigrinya_plural_rule():
    singular = "%(shown)s local group is part of the movement."
    plural = "%(shown)s local groups are part of the movement."
    with translation.override("ti"):
        one = ngettext(singular, plural, 1) % {"shown": 1}
        many = ngettext(singular, plural, 2) % {"shown": 2}
    assert one == "1 ከባቢያዊ ጉጅለ ክፋል እቲ ምንቅስቓስ እዩ።"
    assert many == "2 ከባቢያዊ ጉጅለታት ክፋል እቲ ምንቅስቓስ እየን።"
