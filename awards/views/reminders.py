"""A person's own reminders: what was sent to them, and which non-essential ones they want."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView
from django_scopes import scopes_disabled

from awards.enums import ESSENTIAL_REMINDERS, OPTIONAL_REMINDERS, ReminderKind
from awards.forms.reminders import ReminderPreferencesForm
from awards.models import DigestChoice, ReminderOptOut
from awards.queries.reminders import reminders_for_user
from awards.services.reminders import set_reminder_preferences
from members.access import access_for
from members.enums import Role
from members.permissions import SignedInMixin
from sanctuary.page_cache import personal_page


@personal_page
class MyRemindersView(SignedInMixin, ListView):
    """The person's own rows across networks: scoping is lifted for them, and only them."""

    template_name = "awards/my_reminders.html"
    context_object_name = "reminders"
    paginate_by = 50

    def get_queryset(self):
        return reminders_for_user(self.request.user)

    def get_form(self):
        opted_out = set(
            ReminderOptOut.objects.filter(user=self.request.user).values_list("kind", flat=True)
        )
        receive = [kind for kind in OPTIONAL_REMINDERS if kind not in opted_out]
        digest = DigestChoice.objects.filter(user=self.request.user).exists()
        form = ReminderPreferencesForm(
            initial={"receive": receive, "notices": receive, "daily_digest": digest}
        )
        coordinates = any(
            Role.COORDINATOR in roles
            for roles in access_for(self.request).roles_by_network.values()
        )
        if not coordinates:
            # The coordinators' notices and digest are for coordinators only.
            for name in ("notices", "notices_shown", "daily_digest"):
                del form.fields[name]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["essential"] = [kind.label for kind in ReminderKind if kind in ESSENTIAL_REMINDERS]
        return context

    def get(self, request, *args, **kwargs):
        with scopes_disabled():
            response = super().get(request, *args, **kwargs)
            response.render()
        return response

    def post(self, request, *args, **kwargs):
        form = ReminderPreferencesForm(request.POST)
        if form.is_valid():
            set_reminder_preferences(
                request.user,
                actor=request.user,
                receive=set(form.cleaned_data["receive"]),
                notices=(
                    set(form.cleaned_data["notices"])
                    if form.cleaned_data["notices_shown"]
                    else None
                ),
                daily_digest=(
                    form.cleaned_data["daily_digest"]
                    if form.cleaned_data["notices_shown"]
                    else None
                ),
            )
            messages.success(request, _("Your reminder choices are saved."))
        else:
            messages.error(request, _("Your choices could not be saved. Please try again."))
        return redirect("awards:my_reminders")
