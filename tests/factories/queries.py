"""Counting the queries one page or API call makes (the query-count tests of every app)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, query=None, *, warm_up=False) -> int:
    """The queries of one GET of `url`. With `warm_up`, a first GET runs uncounted (a token's
    once-a-minute "last used" write is then not counted)."""
    if warm_up:
        assert client.get(url, query).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries)
