"""What the award API's modules share: the tags that group their operations in the
documentation, and the answer of an endpoint that returns nothing."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse

TAG_AWARDS = "awards"
TAG_APPLYING = "applying"
TAG_PANEL = "panel"
TAG_NETWORK = "network"
TAG_STAFF = "staff"

NO_CONTENT = {204: OpenApiResponse(description=gettext_lazy("Done."))}
