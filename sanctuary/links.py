"""Links for the rows of a long list, where `reverse()` (or `{% url %}`) once per row is a good
part of the page's time (issue 15: a page at the full dataset shows more rows than at a
quarter of it, and each row must cost little for the page to stay within 10 %).

`row_link("awards:verify", "certificate_number")` reverses the URL once, with a marker where
the varying argument goes, and gives a function that fills each row's value in, quoted as
`reverse()` quotes it. Where the marker cannot stand for the value (it is found twice, or a
converter refuses it), the function falls back to `reverse()` for every row: the same URLs,
only slower.
"""

from collections.abc import Callable
from urllib.parse import quote

from django.urls import NoReverseMatch, reverse

# What reverse() leaves unquoted in a URL (django.urls.resolvers: RFC 3986's sub-delimiters,
# and "/~:@").
_SAFE = "!$&'()*+,;=/~:@"
# Digits only, so that an <int:...> converter takes it as readily as a <str:...> or <path:...>.
_MARKER = 918273645546372819


def row_link(viewname: str, vary: str, **fixed) -> Callable[[object], str]:
    """The URL of `viewname` for each row's `vary` argument, the other arguments `fixed`."""
    marker = str(_MARKER)
    try:
        url = reverse(viewname, kwargs={**fixed, vary: _MARKER})
    except NoReverseMatch:
        url = ""
    if url.count(marker) != 1:
        return lambda value: reverse(viewname, kwargs={**fixed, vary: value})
    head, tail = url.split(marker)
    return lambda value: head + quote(str(value), safe=_SAFE) + tail
