"""The award workflow's API, mounted under /api/v1/ by the project's URLs."""

from django.urls import path

from awards import api

app_name = "awards_api"

urlpatterns = [
    path("awards/", api.AwardedListView.as_view(), name="awarded"),
]
