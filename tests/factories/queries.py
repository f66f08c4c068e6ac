"""Counting the queries one page or API call makes (the query-count tests of every app)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings


def count_queries(client, url, query=None, *, warm_up=False) -> int:
    """The queries of one GET of `url`, rendered by its view: a signed-in person's kept page
    (sanctuary/page_cache.py) would count only the cache's. With `warm_up`, a first GET runs
    uncounted (a token's once-a-minute "last used" write is then not counted)."""
    if warm_up:
        assert client.get(url, query).status_code == 200
    with CaptureQueriesContext(connection) as queries, fresh_pages():
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries)


def fresh_pages():
    """Signed-in pages rendered by their views, not answered from the personal page cache, and
    the person read from the database (members/auth_backends.py): for a test that reads
    `response.context` or counts a view's queries."""
    return override_settings(SANCTUARY_PERSONAL_PAGE_CACHE=False)
