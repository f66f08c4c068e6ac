"""Care for panellists: stepping back from an application, and the network's support contact."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from awards.enums import CHAIRS
from awards.forms.around import SupportContactForm
from awards.queries.care import support_contact
from awards.services.care import save_support_contact
from awards.services.errors import AwardError
from awards.services.panels import step_back
from awards.views.applicant import error_summary
from awards.views.panel import PanelApplicationMixin
from members.permissions import NetworkAccessMixin
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form


@personal_page
class StepBackView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    """A panellist steps back, no reason asked. Apart from declaring a conflict."""

    seated_only = True
    template_name = "awards/step_back.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["support"] = support_contact(self.network)
        return context

    def post(self, request, *args, **kwargs):
        try:
            step_back(self.seat, actor=request.user)
        except AwardError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, _("You have stepped back. Thank you for your time."))
        return redirect("awards:network_awards", self.network.slug)


@personal_page
class SupportContactView(NetworkAccessMixin, TemplateView):
    allowed_roles = CHAIRS
    template_name = "awards/support_contact.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = support_contact(self.network)
        initial = (
            {
                "name": current.name,
                "email": current.email,
                "phone": current.phone,
                "note": current.note,
            }
            if current
            else {}
        )
        context.setdefault("form", SupportContactForm(initial=initial))
        context.update(error_summary(context["form"]))
        return context

    def post(self, request, *args, **kwargs):
        form = SupportContactForm(request.POST)
        if form.is_valid():
            try:
                save_support_contact(self.network, actor=request.user, **form.cleaned_data)
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("Panellists now see this contact on their pages."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))
