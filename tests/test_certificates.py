"""Certificates: one number per award for ever, an accessible A4 landscape PDF in every
language, public verification, the badge, and who may download the PDF."""

import datetime
import io
import re
import threading
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django_scopes import scopes_disabled
from pypdf import PdfReader

from awards import tasks
from awards.certificates import qr_data_uri, short_address, verification_url, weasyprint_setup
from awards.enums import AwardState
from awards.models import Award
from awards.services.certificates import assign_certificate_number
from awards.services.state import set_award_state, withdraw_award
from sanctuary.models import ActivityLog
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationContactFactory,
    UserFactory,
    give_mfa,
)
from tests.factories.awards import (
    award,
    coordinator,
    panel_in_review,
    submit_review,
    submitted_application,
)

NUMBER = re.compile(r"^COS-[2-9A-HJ-NP-TV-Z]{4}-[2-9A-HJ-NP-TV-Z]{4}$")
AWARDED_ON = datetime.date(2026, 5, 14)


@pytest.fixture
def make_award(scheme, django_capture_on_commit_callbacks):
    """Walks an application through the real services to its award; the certificate task
    runs after commit, in-process as in the embedded platform."""

    def make(name="Parkside Primary", language="en") -> Award:
        chair = coordinator(scheme.network, name="Chair Person")
        application = submitted_application(scheme, name=name)
        lead = application.lead_contact
        lead.preferred_language = language
        lead.save(update_fields=["preferred_language"])
        for seat in panel_in_review(application, chair=chair):
            submit_review(seat)
        with django_capture_on_commit_callbacks(execute=True):
            award(application, chair=chair, decided_on=AWARDED_ON)
        return reload(application.award)

    return make


def reload(award_row) -> Award:
    with scopes_disabled():
        return Award.objects.select_related(
            "organisation", "scheme", "network", "application__lead_contact"
        ).get(pk=award_row.pk)


def pdf_of(award_row) -> PdfReader:
    with award_row.certificate_file.open("rb") as stored:
        return PdfReader(io.BytesIO(stored.read()))


def fonts_of(reader: PdfReader) -> set[str]:
    """Embedded font names without their subset prefix (ABCDEF+Noto-Sans → Noto-Sans)."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def text_of(reader: PdfReader) -> str:
    """The text, with line breaks as spaces: the layout may wrap a long name."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# The number ---------------------------------------------------------------------------------


def test_certificate_number_is_given_when_the_award_is_made(make_award):
    made = make_award()
    assert NUMBER.match(made.certificate_number)
    with scopes_disabled():
        issued = ActivityLog.objects.get(action="awards.award.issued", object_id=str(made.pk))
        rendered = ActivityLog.objects.get(
            action="awards.certificate.rendered", object_id=str(made.pk)
        )
    assert issued.data["certificate_number"] == made.certificate_number
    assert rendered.data == {"certificate_number": made.certificate_number, "language": "en"}


def test_certificate_render_again_keeps_the_number_and_replaces_the_file(
    make_award, django_capture_on_commit_callbacks
):
    made = make_award()
    first_file = made.certificate_file.name
    with django_capture_on_commit_callbacks(execute=True):
        number = tasks.task_render_certificate.delay(award_id=made.pk, language="cy").get()
    again = reload(made)
    assert number == made.certificate_number
    assert again.certificate_number == made.certificate_number
    assert again.certificate_language == "cy"
    assert again.certificate_file.name != first_file
    assert not again.certificate_file.storage.exists(first_file)
    assert pdf_of(again).trailer["/Root"]["/Lang"] == "cy"


def test_assign_certificate_number_never_gives_one_award_two_numbers(make_award):
    made = make_award()
    with scopes_disabled():
        Award.objects.filter(pk=made.pk).update(certificate_number=None)
        # Two workers hold the award from before it had a number; both try to give it one.
        first, second = Award.objects.get(pk=made.pk), Award.objects.get(pk=made.pk)
    assigned_first = assign_certificate_number(first)
    assigned_second = assign_certificate_number(second)
    assert assigned_second == assigned_first
    assert reload(made).certificate_number == assigned_first


def test_certificate_numbers_differ_between_awards(make_award):
    numbers = {make_award(name=f"School {i}").certificate_number for i in range(3)}
    assert len(numbers) == 3


# The PDF ------------------------------------------------------------------------------------


def test_certificate_pdf_is_a4_landscape_tagged_and_names_the_organisation(make_award):
    made = make_award()
    reader = pdf_of(made)
    root = reader.trailer["/Root"]
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert len(reader.pages) == 1
    assert root["/MarkInfo"] == {"/Marked": True}
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "School of Sanctuary certificate: Parkside Primary"
    text = text_of(reader)
    for expected in [
        "School of Sanctuary",
        "Parkside Primary",
        "Schools of Sanctuary",
        "14 May 2026",
        "14 May 2029",
        made.certificate_number,
        short_address(made.certificate_number),
    ]:
        assert expected in text
    assert "Noto-Sans" in fonts_of(reader)


def test_arabic_certificate_text_extracts_with_the_arabic_font(make_award):
    made = make_award(name="مدرسة الأمل الابتدائية", language="ar")
    reader = pdf_of(made)
    text = text_of(reader)
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert "مدرسة الأمل الابتدائية" in text
    with translation.override("ar"):
        assert date_format(AWARDED_ON, "F") in text  # Django's Arabic month names
    assert {"Noto-Sans-Arabic", "Noto-Sans-Arabic-Bold"} & fonts_of(reader)


def test_tigrinya_certificate_embeds_the_ethiopic_font(make_award):
    made = make_award(name="ቤት ትምህርቲ ሰላም", language="ti")
    reader = pdf_of(made)
    assert reader.trailer["/Root"]["/Lang"] == "ti"
    assert "ቤት ትምህርቲ ሰላም" in text_of(reader)
    assert {"Noto-Sans-Ethiopic", "Noto-Sans-Ethiopic-Bold"} & fonts_of(reader)


def test_certificate_qr_and_address_point_at_the_verification_page(make_award, settings):
    made = make_award()
    url = verification_url(made.certificate_number)
    assert url == f"{settings.SITE_URL}/verify/{made.certificate_number}/"
    # Extracted PDF text may break a long address across lines: compare without white space.
    assert f"/verify/{made.certificate_number}/" in "".join(text_of(pdf_of(made)).split())


def test_renders_in_one_worker_share_the_font_setup_and_keep_their_own_text(make_award):
    """The FontConfiguration and the stylesheet are made once per thread and reused: a
    second certificate (in another script) still carries its own text and fonts, and
    another thread gets a setup of its own."""
    first = make_award(name="Parkside Primary")
    setup = weasyprint_setup()
    second = make_award(name="مدرسة الأمل الابتدائية", language="ar")
    assert weasyprint_setup() is setup
    assert "Parkside Primary" in text_of(pdf_of(first))
    second_text = text_of(pdf_of(second))
    assert "مدرسة الأمل الابتدائية" in second_text
    assert "Parkside Primary" not in second_text
    assert {"Noto-Sans-Arabic", "Noto-Sans-Arabic-Bold"} & fonts_of(pdf_of(second))
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(weasyprint_setup()))
    thread.start()
    thread.join()
    assert elsewhere[0] is not setup
    assert elsewhere[0][1] is not setup[1]


def test_qr_code_is_one_per_address(make_award):
    made = make_award()
    url = verification_url(made.certificate_number)
    assert qr_data_uri(url) is qr_data_uri(url)  # the same certificate again: reused
    assert qr_data_uri(url) != qr_data_uri(url.replace("/verify/", "/verify/X"))
    assert qr_data_uri(url).startswith("data:image/svg+xml")


# Download and render again ------------------------------------------------------------------


@pytest.fixture
def people(make_award):
    """The award of Parkside Primary and the personas of the permission tests."""
    made = make_award()
    contact = UserFactory(full_name="Colleague Contact")
    OrganisationContactFactory(organisation=made.organisation, user=contact)
    other_network = NetworkFactory(name="Elsewhere City of Sanctuary", slug="elsewhere")
    elsewhere = give_mfa(UserFactory(full_name="Elsewhere Coordinator"))
    MembershipFactory(network=other_network, user=elsewhere, role="coordinator")
    OrganisationContactFactory(user=elsewhere)  # a contact of another organisation
    return {
        "award": made,
        "contact": contact,
        "staff": give_mfa(UserFactory(is_staff=True)),
        "other network": elsewhere,
        "awarding network's coordinator": coordinator(made.network),
        "outsider": UserFactory(),
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("contact", 200),
        ("staff", 200),
        ("other network", 404),
        ("awarding network's coordinator", 404),
        ("outsider", 404),
    ],
)
def test_certificate_download_is_for_contacts_and_staff_only(people, client, persona, status):
    client.force_login(people[persona])
    made = people["award"]
    response = client.get(reverse("awards:certificate_download", args=[made.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="{made.certificate_number}.pdf"'
        )
        assert response.content.startswith(b"%PDF-")


def test_certificate_download_sends_anonymous_visitors_to_sign_in(people, client):
    response = client.get(reverse("awards:certificate_download", args=[people["award"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_contact_has_the_certificate_made_again_in_welsh(
    people, client, django_capture_on_commit_callbacks
):
    made = people["award"]
    client.force_login(people["contact"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("awards:certificate_render", args=[made.pk]), {"language": "cy"}
        )
    assert response.status_code == 302
    again = reload(made)
    assert (again.certificate_number, again.certificate_language) == (
        made.certificate_number,
        "cy",
    )
    with translation.override("cy"):
        assert date_format(AWARDED_ON, "j F Y") in text_of(pdf_of(again))


def test_outsider_cannot_have_the_certificate_made_again(
    people, client, django_capture_on_commit_callbacks
):
    made = people["award"]
    client.force_login(people["other network"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("awards:certificate_render", args=[made.pk]), {"language": "cy"}
        )
    assert response.status_code == 404
    assert reload(made).certificate_language == "en"


def test_award_page_offers_the_badge_snippet_linking_to_verification(people, client):
    made = people["award"]
    client.force_login(people["contact"])
    response = client.get(reverse("awards:award_detail", args=[made.pk]))
    page = response.content.decode()
    snippet = (
        f"&lt;a href=&quot;{verification_url(made.certificate_number)}&quot;&gt;"
        f"&lt;img src=&quot;http://127.0.0.1:8000/verify/{made.certificate_number}/badge.svg"
        "?lang=en&quot;"
    )
    assert snippet in page
    assert reverse("awards:certificate_download", args=[made.pk]) in page


# Public verification ------------------------------------------------------------------------


def test_verify_page_shows_only_the_public_facts(make_award, client):
    made = make_award()
    response = client.get(reverse("awards:verify", args=[made.certificate_number]))
    page = response.content.decode()
    assert response.status_code == 200
    for shown in [
        "Parkside Primary",
        "School of Sanctuary",
        "Schools of Sanctuary",
        "14 May 2026",
        "14 May 2029",
        "This award is current.",
    ]:
        assert shown in page
    lead = made.application.lead_contact
    for hidden in [
        lead.full_name,
        lead.email,
        "Chair Person",
        "A school where welcome is everyday practice.",  # the appraisal report
        reverse("awards:award_detail", args=[made.pk]),
        reverse("awards:application_detail", args=[made.application_id]),
    ]:
        assert hidden not in page


@pytest.mark.parametrize(
    ("state", "says"),
    [
        (AwardState.RENEWAL_DUE, "This award is current and due for renewal."),
        (AwardState.LAPSED, "This award has lapsed: it was not renewed in time."),
        (AwardState.WITHDRAWN, "This award was withdrawn."),
    ],
)
def test_verify_page_shows_the_status(make_award, client, state, says):
    made = make_award()
    staff = UserFactory(is_staff=True)
    if state == AwardState.WITHDRAWN:
        withdraw_award(made, actor=staff, reason="A complaint about the evidence.")
    else:
        set_award_state(made, state, actor=None)
    page = client.get(reverse("awards:verify", args=[made.certificate_number])).content.decode()
    assert says in page
    assert "A complaint about the evidence." not in page


def test_verify_accepts_the_number_as_typed(make_award, client):
    made = make_award()
    typed = made.certificate_number.lower()
    response = client.get(reverse("awards:verify", args=[typed]))
    assert "Parkside Primary" in response.content.decode()


def test_verify_unknown_number_answers_404_with_a_clear_page(db, client):
    response = client.get(reverse("awards:verify", args=["COS-0000-0000"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Certificate not found</h1>" in page
    assert "We have no Sanctuary Award certificate with the number “COS-0000-0000”." in page


# The badge ----------------------------------------------------------------------------------


def test_badge_svg_has_no_script_and_shows_the_status(make_award, client):
    made = make_award()
    response = client.get(reverse("awards:badge", args=[made.certificate_number]))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    svg = response.content.decode()
    tree = ET.fromstring(svg)
    tags = {element.tag.split("}")[-1] for element in tree.iter()}
    assert tags == {"svg", "title", "rect", "g", "text"}
    attributes = {name for element in tree.iter() for name in element.attrib}
    assert not {name for name in attributes if name.lower().startswith("on") or "href" in name}
    texts = [element.text for element in tree.iter() if element.text and element.text.strip()]
    assert "School of Sanctuary" in texts
    assert "Active · City of Sanctuary" in texts

    staff = UserFactory(is_staff=True)
    withdraw_award(made, actor=staff, reason="A complaint.")
    svg = client.get(reverse("awards:badge", args=[made.certificate_number])).content.decode()
    assert "Withdrawn · City of Sanctuary" in svg


def test_badge_escapes_what_an_organisation_is_called(make_award, client):
    made = make_award(name='<script>alert("x")</script> School')
    svg = client.get(reverse("awards:badge", args=[made.certificate_number])).content.decode()
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    ET.fromstring(svg)  # still well-formed XML


def test_badge_of_an_unknown_number_is_404(db, client):
    assert client.get(reverse("awards:badge", args=["COS-0000-0000"])).status_code == 404


def test_the_verification_address_never_breaks_across_lines(make_award):
    """The address is typed by hand from paper: with the widest letters the number can have,
    it still reads on one line (it broke at the number's hyphen before)."""
    from awards.services.certificates import render_certificate

    made = make_award()
    with scopes_disabled():
        Award.objects.filter(pk=made.pk).update(certificate_number="COS-WWWW-MMMM")
    made = reload(made)
    render_certificate(made, actor=None, language="en")
    text = text_of(pdf_of(reload(made)))
    assert short_address("COS-WWWW-MMMM") in text
