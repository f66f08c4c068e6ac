"""Members pages at the site's fixed addresses, named without a namespace (`staff_overview`,
`staff_activity`, `set_language`) as they always were. The project's URLs include this module
before the network pages, which never shadow it."""

from django.conf import settings
from django.urls import include, path

from members.views import people, staff

urlpatterns = [
    path("language/", people.set_language, name="set_language"),
    path("staff/", staff.StaffOverviewView.as_view(), name="staff_overview"),
    path("staff/activity/", staff.StaffActivityView.as_view(), name="staff_activity"),
    path(
        "staff/undeliverable/",
        staff.StaffUndeliverableView.as_view(),
        name="staff_undeliverable",
    ),
    path(
        "staff/undeliverable/<int:address_id>/clear/",
        staff.StaffUndeliverableClearView.as_view(),
        name="staff_undeliverable_clear",
    ),
]
if settings.SANCTUARY_MAIL_PROVIDER:
    # The provider's bounce and complaint webhook (members/mail_tracking.py), behind the
    # basic-auth secret of ANYMAIL["WEBHOOK_SECRET"].
    urlpatterns.append(path("mail/provider/", include("anymail.urls")))
