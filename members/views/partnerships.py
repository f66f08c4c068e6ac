"""Sanctuary Partnership forums: a network's own, and the public list across the movement."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from members.access import access_for
from members.enums import COORDINATORS
from members.forms.partnerships import ForumMemberForm, PartnershipForumForm
from members.models import ForumMember, PartnershipForum
from members.permissions import NetworkAccessMixin
from members.queries import public_partnership_forums
from members.services.partnerships import (
    ForumError,
    add_forum_member,
    create_partnership_forum,
    remove_forum_member,
)
from sanctuary.enums import NetworkKind
from sanctuary.page_cache import personal_page, public_page
from sanctuary.refusals import add_refusal_to_form
from sanctuary.tenancy import Access


@personal_page
class NetworkForumsView(NetworkAccessMixin, TemplateView):
    """A local group's partnership forums; its coordinators start new ones."""

    template_name = "members/network_forums.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            forums=PartnershipForum.objects.filter(network=self.network)
            .annotate(member_count=Count("members"))
            .order_by("name"),
            can_manage=access_for(self.request).can_manage(self.network),
            is_group=self.network.kind == NetworkKind.LOCAL_GROUP,
            form=kwargs.get("form") or PartnershipForumForm(),
        )
        return context


class NetworkForumCreateView(NetworkForumsView):
    allowed_roles = COORDINATORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = PartnershipForumForm(request.POST)
        if form.is_valid():
            try:
                forum = create_partnership_forum(
                    self.network, actor=request.user, **form.cleaned_data
                )
            except ForumError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("The forum is created."))
                return redirect(
                    "members:network_forum", network_slug=self.network.slug, forum_id=forum.pk
                )
        return self.render_to_response(self.get_context_data(form=form))


@personal_page
class NetworkForumView(NetworkAccessMixin, TemplateView):
    """One forum and its members, councils and organisations first."""

    template_name = "members/network_forum.html"

    def get_forum(self) -> PartnershipForum:
        return get_object_or_404(PartnershipForum, pk=self.kwargs["forum_id"], network=self.network)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forum = kwargs.get("forum") or self.get_forum()
        context.update(
            forum=forum,
            members=forum.members.select_related("organisation", "user").order_by(
                "kind", "organisation__name", "user__full_name", "pk"
            ),
            can_manage=access_for(self.request).can_manage(self.network),
            form=kwargs.get("form") or ForumMemberForm(network=self.network),
        )
        return context


class NetworkForumMemberAddView(NetworkForumView):
    allowed_roles = COORDINATORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        forum = self.get_forum()
        form = ForumMemberForm(request.POST, network=self.network)
        if form.is_valid():
            try:
                add_forum_member(
                    forum,
                    actor=request.user,
                    organisation=form.cleaned_data["organisation"],
                    user=form.user,
                    role_title=form.cleaned_data["role_title"],
                )
            except ForumError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("Added to the forum."))
                return redirect(
                    "members:network_forum", network_slug=self.network.slug, forum_id=forum.pk
                )
        return self.render_to_response(self.get_context_data(forum=forum, form=form))


class NetworkForumMemberRemoveView(NetworkAccessMixin, View):
    allowed_roles = COORDINATORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        member = get_object_or_404(
            ForumMember.objects.select_related("forum__network"),
            pk=kwargs["forum_member_id"],
            forum_id=kwargs["forum_id"],
            forum__network=self.network,
        )
        remove_forum_member(member, actor=request.user)
        messages.success(request, _("Removed from the forum."))
        return redirect(
            "members:network_forum", network_slug=self.network.slug, forum_id=kwargs["forum_id"]
        )


@public_page
@personal_page
class PartnershipForumsView(TemplateView):
    """Sanctuary Partnership forums across the movement, with their member organisations."""

    access = Access.PUBLIC
    template_name = "members/partnership_forums.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "forums": public_partnership_forums()}
