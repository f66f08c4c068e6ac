"""Members pages at the site's fixed addresses, named without a namespace (`staff_overview`,
`staff_activity`, `set_language`) as they always were. The project's URLs include this module
before the network pages, which never shadow it."""

from django.urls import path

from members.views import people, staff

urlpatterns = [
    path("language/", people.set_language, name="set_language"),
    path("staff/", staff.StaffOverviewView.as_view(), name="staff_overview"),
    path("staff/activity/", staff.StaffActivityView.as_view(), name="staff_activity"),
]
