"""A dataset of the movement's real size, for benchmarks (issue 15), built in minutes.

At scale 1: 150 local groups, 15 streams, 20,000 organisations (a lead contact each, one
stream each), 200,000 charter and declaration signatures, 15 award schemes of ten criteria,
10,000 applications (responses, evidence links and files, submissions, panels of three with
their reviews and ratings, decisions and findings), 5,000 current awards, reminders and
activity entries. `--scale 0.25` builds a quarter of every volume. The networks are the
movement's shape rather than its volume: they stay at full count from scale 0.25 up, and
shrink below that only so that tests stay small.

Everything is invented: names are put together from word lists, addresses end in
example.org. Rows go in with bulk_create in batches, scoping lifted, no services and no
e-mail: this is a fixture, not a history of real actions.

Idempotent: the whole dataset is written in one transaction, and its first organisation
is the marker, so a second run adds nothing. It also makes the benchmark's personas
(BENCH_PERSONAS) with a known password and a real TOTP authenticator, so that they can
sign in through the real form as well as through sessions that the benchmark writes.

It refuses a database whose name does not say "bench" (or "test"), unless --force: it
creates accounts whose password and second factor are written here.
"""

import datetime
import itertools
import random
import time

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from awards.enums import Action as AwardAction
from awards.enums import (
    ApplicationState,
    AwardState,
    ConflictDeclaration,
    CriterionArea,
    DecisionOutcome,
    Rating,
    ReminderKind,
    SelfAssessment,
    WindowStatus,
)
from awards.models import (
    Application,
    ApplicationWindow,
    Award,
    AwardScheme,
    CriteriaVersion,
    Criterion,
    CriterionRating,
    CriterionResponse,
    Decision,
    DecisionFinding,
    EvidenceFile,
    EvidenceLink,
    PanelAssignment,
    Reminder,
    Review,
    Submission,
)
from awards.movement_cache import movement_changed
from members.enums import Action as MemberAction
from members.enums import DocumentSlug, OrganisationKind, PartyKind, Role
from members.models import (
    DocumentVersion,
    Membership,
    Organisation,
    OrganisationContact,
    Signature,
    User,
)
from members.services.signature_lists import refresh_latest_signatures
from sanctuary.enums import AreaType, Nation, NetworkKind
from sanctuary.models import ActivityLog, Network
from streams.enums import StreamMembershipStatus
from streams.models import StreamMembership
from streams.work import changed as streams_changed

BATCH = 2000
MARKER_SLUG = "bench-org-0"
# The personas the benchmark signs in as. One password for all; the TOTP secret is the
# same base32 string for all, so a person can also sign in by hand with an authenticator.
BENCH_PASSWORD = "bench-only-password-4-large-data"
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPBENCHLARGEDATA23"
BENCH_PERSONAS = {
    "coordinator": "bench-coordinator@example.org",
    "applicant": "bench-applicant@example.org",
    "panellist": "bench-panellist@example.org",
    "staff": "bench-staff@example.org",
}


def words(text: str) -> list[str]:
    return text.split()


# Invented words: put together, they make names that belong to no one.
GIVEN = words(
    "Ari Bela Cato Dara Emi Faro Gwen Hale Ines Joss Kemi Lior Mira Nell Oran Pia Quin Rafe "
    "Sami Tova Umar Vida Wren Xan Yara Zeno"
)
FAMILY = words(
    "Ashby Brackwood Corran Dunmere Elstow Farrant Glenholt Harrowby Ivel Jessop Kettleby "
    "Lorimer Marchbank Nettlefold Orwin Pennick Quarrie Rushworth Saltmarsh Thistlewood "
    "Underhay Varley Wetherden Yarrow"
)
PLACES = words(
    "Ambridge Bramcote Carrow Dunhollow Eastwick Fernley Gorsemoor Hollins Ilmore Juniper "
    "Kestle Larkhill Mossgate Northam Oakhurst Pellow Quayside Redmarsh Stonebury Thornfield "
    "Upperton Valewood Westmere Yewbridge"
)
KIND_WORDS = {
    OrganisationKind.SCHOOL: "Primary School",
    OrganisationKind.UNIVERSITY: "University",
    OrganisationKind.LIBRARY: "Library",
    OrganisationKind.HEALTH: "Health Centre",
    OrganisationKind.ARTS: "Arts Centre",
    OrganisationKind.FAITH: "Community Church",
    OrganisationKind.SPORT: "Football Club",
    OrganisationKind.CHARITY_SHOP: "Charity Shop",
    OrganisationKind.BUSINESS: "Bakery",
    OrganisationKind.VOLUNTARY: "Welcome Project",
}
KINDS = list(KIND_WORDS)
STREAM_NAMES = [
    "Schools",
    "Universities",
    "Libraries",
    "Health",
    "Arts",
    "Faith",
    "Sport",
    "Charity Shops",
    "Businesses",
    "Voluntary Sector",
    "Maternity",
    "Colleges",
    "Gardens",
    "Theatres",
    "Local Authorities",
]
# Ten criteria per scheme: area, minimum or not.
CRITERIA_PLAN = [
    (CriterionArea.LEARN, True),
    (CriterionArea.LEARN, True),
    (CriterionArea.LEARN, False),
    (CriterionArea.EMBED, True),
    (CriterionArea.EMBED, True),
    (CriterionArea.EMBED, True),
    (CriterionArea.EMBED, False),
    (CriterionArea.SHARE, True),
    (CriterionArea.SHARE, True),
    (CriterionArea.SHARE, False),
]
# How 10,000 applications are spread over the states, per 100.
STATE_MIX = (
    [ApplicationState.AWARDED] * 50
    + [ApplicationState.NOT_AWARDED] * 5
    + [ApplicationState.WITHDRAWN] * 5
    + [ApplicationState.DRAFT] * 15
    + [ApplicationState.SUBMITTED] * 7
    + [ApplicationState.IN_REVIEW] * 12
    + [ApplicationState.MORE_EVIDENCE_REQUESTED] * 3
    + [ApplicationState.RESUBMITTED] * 3
)
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PANELLISTS_PER_STREAM = 30


def person_name(i: int) -> str:
    return f"{GIVEN[i % len(GIVEN)]} {FAMILY[(i // len(GIVEN)) % len(FAMILY)]}-{i}"


def certificate_number(i: int) -> str:
    """Distinct, random-looking and the same on every run: a bijection of i modulo 30^8."""
    n = (i * 7_919_041 + 104_729) % len(NUMBER_ALPHABET) ** 8
    body = ""
    for _ in range(8):
        n, digit = divmod(n, len(NUMBER_ALPHABET))
        body += NUMBER_ALPHABET[digit]
    return f"COS-{body[:4]}-{body[4:]}"


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 28 February for a 29th that the later year lacks."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def bulk(model, rows, batch: int = BATCH) -> list[int]:
    """Insert rows (any iterable) in batches; return their primary keys in order."""
    pks: list[int] = []
    for chunk in itertools.batched(rows, batch):
        pks += [obj.pk for obj in model.objects.bulk_create(chunk, batch_size=batch)]
    return pks


class Builder:
    def __init__(self, scale: float, out):
        self.scale = scale
        self.out = out
        self.rng = random.Random(2026)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.unusable = make_password(None)
        shape = min(1.0, 4 * scale)
        self.n_groups = max(2, round(150 * shape))
        self.n_streams = max(2, round(15 * shape))
        self.n_orgs = max(20, round(20_000 * scale))
        self.n_signatures = max(40, round(200_000 * scale))
        self.n_applications = min(self.n_orgs, max(20, round(10_000 * scale)))
        self.n_members = max(4, round(3_000 * scale))
        self.n_panellists = max(4, round(PANELLISTS_PER_STREAM * shape))
        self.started = time.perf_counter()

    def say(self, text: str) -> None:
        self.out.write(f"  {time.perf_counter() - self.started:6.1f}s  {text}")

    def days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def moment(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)

    def users(self, prefix: str, count: int, **fields) -> list[int]:
        return bulk(
            User,
            (
                User(
                    email=f"{prefix}{i}@example.org",
                    full_name=person_name(i + sum(map(ord, prefix))),
                    password=self.unusable,
                    **fields,
                )
                for i in range(count)
            ),
        )

    # The networks and people ------------------------------------------------------------
    def networks(self) -> None:
        nations = list(Nation)
        areas = [AreaType.CITY, AreaType.TOWN, AreaType.TOWN, AreaType.REGION]
        self.groups = bulk(
            Network,
            (
                Network(
                    name=f"{PLACES[i % len(PLACES)]} City of Sanctuary {i}",
                    slug=f"bench-group-{i}",
                    kind=NetworkKind.LOCAL_GROUP,
                    area_type=areas[i % len(areas)],
                    nation=nations[i % len(nations)],
                    region=f"{PLACES[(i * 7) % len(PLACES)]}shire",
                    summary="A local group of volunteers working for welcome in its area.",
                    contact_email=f"group{i}@example.org",
                )
                for i in range(self.n_groups)
            ),
        )
        self.streams = bulk(
            Network,
            (
                Network(
                    name=f"{STREAM_NAMES[i % len(STREAM_NAMES)]} of Sanctuary",
                    slug=f"bench-stream-{i}",
                    kind=NetworkKind.STREAM,
                    summary="A stream network of organisations working towards an award.",
                )
                for i in range(self.n_streams)
            ),
        )
        self.say(f"{len(self.groups)} local groups, {len(self.streams)} streams")

    def people(self) -> None:
        networks = self.groups + self.streams
        self.coordinators = self.users("bench-coord-", len(networks))
        self.members = self.users("bench-member-", self.n_members)
        # Panellists of each stream; the first third have lived experience.
        self.panellists = {
            stream: self.users(f"bench-panel-{s}-", self.n_panellists)
            for s, stream in enumerate(self.streams)
        }
        lived = {
            pk for seats in self.panellists.values() for pk in seats[: max(1, len(seats) // 3)]
        }
        User.objects.filter(pk__in=lived).update(has_lived_experience=True)
        self.lived = lived
        rows = [
            Membership(network_id=n, user_id=u, role=Role.COORDINATOR)
            for n, u in zip(networks, self.coordinators, strict=True)
        ]
        rows += [
            Membership(network_id=self.groups[i % len(self.groups)], user_id=u, role=Role.MEMBER)
            for i, u in enumerate(self.members)
        ]
        rows += [
            Membership(network_id=stream, user_id=u, role=Role.PANELLIST)
            for stream, seats in self.panellists.items()
            for u in seats
        ]
        bulk(Membership, rows)
        self.say(f"{len(rows)} memberships")

    def organisations(self) -> None:
        self.org_stream = [self.streams[i % len(self.streams)] for i in range(self.n_orgs)]
        self.org_names = []
        rows = []
        for i in range(self.n_orgs):
            kind = KINDS[i % len(KINDS)]
            name = f"{PLACES[(i // len(KINDS)) % len(PLACES)]} {KIND_WORDS[kind]} {i}"
            self.org_names.append(name)
            rows.append(
                Organisation(
                    name=name,
                    slug=f"bench-org-{i}",
                    kind=kind,
                    town=PLACES[(i * 3) % len(PLACES)],
                    nation=list(Nation)[i % 4],
                    local_group_id=self.groups[i % len(self.groups)],
                )
            )
        self.orgs = bulk(Organisation, rows)
        self.contacts = self.users("bench-contact-", self.n_orgs)
        bulk(
            OrganisationContact,
            (
                OrganisationContact(organisation_id=o, user_id=u, is_lead=True, role_title="Lead")
                for o, u in zip(self.orgs, self.contacts, strict=True)
            ),
        )
        statuses = [StreamMembershipStatus.ACTIVE] * 8 + [StreamMembershipStatus.PENDING] * 2
        bulk(
            StreamMembership,
            (
                StreamMembership(
                    network_id=self.org_stream[i],
                    organisation_id=o,
                    organisation_name=self.org_names[i],
                    status=statuses[i % len(statuses)],
                    local_group_id=self.groups[i % len(self.groups)],
                    decided_at=self.now,
                )
                for i, o in enumerate(self.orgs)
            ),
        )
        self.say(f"{len(self.orgs)} organisations with a contact and a stream each")

    # The charter ------------------------------------------------------------------------
    def charter(self) -> None:
        def version(document, number, title, current):
            return DocumentVersion.objects.get_or_create(
                document=document,
                number=number,
                defaults={
                    "title": title,
                    "body": f"# {title}\n\nWe commit to welcome and inclusion.",
                    "is_current": current,
                    "published_on": self.today,
                },
            )[0]

        charter_old = version(DocumentSlug.CHARTER, 1, "City of Sanctuary Charter 2021", False)
        charter = version(DocumentSlug.CHARTER, 2, "City of Sanctuary Charter 2026", True)
        declaration = version(DocumentSlug.DECLARATION, 1, "The Birmingham Declaration", True)
        version(DocumentSlug.HANDBOOK, 1, "Handbook terms", True)
        rows = []
        n = self.n_signatures
        for i in range(n):
            roll = i % 20
            if roll < 3:
                target = declaration
            elif roll == 3:
                target = charter_old  # signed the old version only
            else:
                target = charter
            kind_roll = i % 10
            org = group = None
            if kind_roll < 8:
                kind, key, party = PartyKind.INDIVIDUAL, "individual", ""
            elif kind_roll == 8:
                o = (i // 10) % len(self.orgs)
                org = self.orgs[o]
                kind, key, party = PartyKind.ORGANISATION, f"organisation:{org}", self.org_names[o]
            else:
                g = (i // 10) % len(self.groups)
                group = self.groups[g]
                kind, key, party = PartyKind.GROUP, f"group:{group}", f"Local group {g}"
            signed = self.now - datetime.timedelta(minutes=i * 3 % 2_000_000)
            rows.append(
                Signature(
                    version=target,
                    party_kind=kind,
                    party_key=key,
                    name=person_name(i),
                    email=f"signer{i}@example.org",
                    organisation_id=org,
                    group_id=group,
                    party_name=party,
                    network_id=self.groups[i % len(self.groups)],
                    listed_publicly=i % 10 < 7,
                    signed_at=signed,
                    confirmed_at=signed if i % 20 else None,
                )
            )
            if len(rows) == BATCH * 5:
                bulk(Signature, rows)
                rows = []
        bulk(Signature, rows)
        for document in (DocumentSlug.CHARTER, DocumentSlug.DECLARATION):
            refresh_latest_signatures(document)  # which is each party's latest, as signing does
        self.say(f"{n} signatures")

    # The awards -------------------------------------------------------------------------
    def schemes(self) -> None:
        self.schemes_of = {}
        self.criteria_of = {}
        self.version_of = {}
        self.window_of = {}
        scheme_pks = bulk(
            AwardScheme,
            (
                AwardScheme(network_id=s, name=f"{STREAM_NAMES[i % 15]} of Sanctuary Award")
                for i, s in enumerate(self.streams)
            ),
        )
        version_pks = bulk(
            CriteriaVersion,
            (CriteriaVersion(scheme_id=s, number=1, published_at=self.now) for s in scheme_pks),
        )
        window_pks = bulk(
            ApplicationWindow,
            (
                ApplicationWindow(scheme_id=s, name="Open all year", status=WindowStatus.OPEN)
                for s in scheme_pks
            ),
        )
        for stream, scheme, version, window in zip(
            self.streams, scheme_pks, version_pks, window_pks, strict=True
        ):
            self.schemes_of[stream] = scheme
            self.version_of[stream] = version
            self.window_of[stream] = window
            self.criteria_of[stream] = bulk(
                Criterion,
                (
                    Criterion(
                        version_id=version,
                        area=area,
                        position=p,
                        title=f"Criterion {p + 1}: welcome in practice, step {p + 1}",
                        guidance="Show what you did, who took part and what changed.",
                        is_minimum=minimum,
                    )
                    for p, (area, minimum) in enumerate(CRITERIA_PLAN)
                ),
            )
        self.say(f"{len(scheme_pks)} schemes with {len(CRITERIA_PLAN)} criteria each")

    def applications(self) -> None:
        """One application per organisation (org i applies to its stream's scheme)."""
        self.apps = []  # (pk, index, stream, state, org, contact)
        rows = []
        plan = []
        for i in range(self.n_applications):
            stream = self.org_stream[i]
            state = STATE_MIX[(i * 37) % len(STATE_MIX)]
            if i == 0:
                state = ApplicationState.AWARDED  # the applicant persona's award
            plan.append((i, stream, state))
            rows.append(
                Application(
                    network_id=stream,
                    scheme_id=self.schemes_of[stream],
                    criteria_version_id=self.version_of[stream],
                    organisation_id=self.orgs[i],
                    lead_contact_id=self.contacts[i],
                    window_id=self.window_of[stream],
                    state=state,
                    action_plan="Next year we will train every new member of staff.",
                    state_changed_at=self.now - datetime.timedelta(hours=i % 5000),
                )
            )
        pks = bulk(Application, rows)
        self.apps = [
            (pk, i, stream, state) for pk, (i, stream, state) in zip(pks, plan, strict=True)
        ]
        self.say(f"{len(pks)} applications")

        # A response per criterion; evidence once submitted.
        response_rows = []
        response_meta = []  # (app pk, criterion pk, submitted?)
        for pk, _i, stream, state in self.apps:
            sent = state != ApplicationState.DRAFT
            for c, criterion in enumerate(self.criteria_of[stream]):
                assessment = (
                    SelfAssessment.IN_PLACE
                    if sent
                    else [SelfAssessment.NOT_STARTED, SelfAssessment.IN_PROGRESS][c % 2]
                )
                response_rows.append(
                    CriterionResponse(
                        application_id=pk,
                        criterion_id=criterion,
                        self_assessment=assessment,
                        narrative=(
                            "Staff took part in a session led with people who have lived "
                            "experience, and we changed our welcome pack as a result."
                        ),
                    )
                )
                response_meta.append((pk, criterion, sent))
        response_pks = bulk(CriterionResponse, response_rows)
        del response_rows
        links = []
        files = []
        for (app, _criterion, sent), response in zip(response_meta, response_pks, strict=True):
            if not sent:
                continue
            links.append(
                EvidenceLink(
                    response_id=response,
                    url=f"https://example.org/evidence/{app}/{response}",
                    title="Photos and notes from the session",
                )
            )
            if response % 10 == 0:
                files.append(
                    EvidenceFile(
                        response_id=response,
                        file=f"evidence/bench-{response}",
                        original_name="welcome-policy.pdf",
                        content_type="application/pdf",
                        size=120_000,
                    )
                )
        bulk(EvidenceLink, links)
        bulk(EvidenceFile, files)
        self.say(f"{len(response_pks)} responses, {len(links)} evidence links, {len(files)} files")

    def panels(self) -> None:
        """Submissions, panels of three with reviews and ratings, decisions and awards."""
        sent = [a for a in self.apps if a[3] != ApplicationState.DRAFT]
        twice = {ApplicationState.RESUBMITTED}
        submission_rows = []
        submission_keys = []
        for pk, i, stream, state in sent:
            snapshot = {
                "action_plan": "Next year we will train every new member of staff.",
                "criteria": {
                    str(c): {
                        "title": f"Criterion {p + 1}",
                        "self_assessment": SelfAssessment.IN_PLACE,
                        "narrative": "Staff took part in a session.",
                        "carried_forward": False,
                        "files": [],
                        "links": [],
                    }
                    for p, c in enumerate(self.criteria_of[stream])
                },
            }
            for number in (1, 2) if state in twice else (1,):
                submission_rows.append(
                    Submission(
                        application_id=pk,
                        number=number,
                        submitted_by_id=self.contacts[i],
                        submitted_at=self.now - datetime.timedelta(days=60 - 30 * number),
                        snapshot=snapshot,
                    )
                )
                submission_keys.append((pk, number))
        submission_pks = bulk(Submission, submission_rows, batch=500)
        del submission_rows
        self.submission = dict(zip(submission_keys, submission_pks, strict=True))
        self.say(f"{len(submission_pks)} submissions")

        # Three seats per panel, turning through the stream's panellists; the first seat
        # always goes to someone with lived experience (DESIGN.md rule 1).
        seat_rows = []
        seat_meta = []
        for pk, i, stream, state in sent:
            pool = self.panellists[stream]
            lived = [u for u in pool if u in self.lived]
            others = [u for u in pool if u not in self.lived]
            seats = [lived[i % len(lived)], others[i % len(others)], others[(i + 7) % len(others)]]
            if seats[1] == seats[2]:
                seats[2] = others[(i + 1) % len(others)]
            for s, user in enumerate(dict.fromkeys(seats)):
                seat_rows.append(
                    PanelAssignment(
                        application_id=pk,
                        panellist_id=user,
                        conflict=ConflictDeclaration.NONE,
                        declared_at=self.now,
                        show_name_to_applicant=s == 0,
                    )
                )
                seat_meta.append((pk, state, s))
        seat_pks = bulk(PanelAssignment, seat_rows)
        del seat_rows
        self.say(f"{len(seat_pks)} panel seats")

        reviewed = {
            ApplicationState.IN_REVIEW,
            ApplicationState.MORE_EVIDENCE_REQUESTED,
            ApplicationState.RESUBMITTED,
            ApplicationState.AWARDED,
            ApplicationState.NOT_AWARDED,
            ApplicationState.WITHDRAWN,
        }
        review_rows = []
        review_meta = []
        for seat, (app, state, s) in zip(seat_pks, seat_meta, strict=True):
            if state not in reviewed:
                continue
            # In review: two of three have submitted theirs.
            done = state != ApplicationState.IN_REVIEW or s < 2
            review_rows.append(
                Review(
                    assignment_id=seat,
                    submission_id=self.submission[(app, 1)],
                    strengths="A warm, well-evidenced welcome across the organisation.",
                    improvements="Involve people with lived experience in planning.",
                    questions="How will you keep this going when staff change?",
                    submitted_at=self.now if done else None,
                )
            )
            review_meta.append((app, done))
        review_pks = bulk(Review, review_rows)
        del review_rows
        stream_of = {pk: stream for pk, _i, stream, _s in self.apps}
        ratings = [Rating.MET, Rating.MET, Rating.PARTLY_MET]
        rating_rows = (
            CriterionRating(
                review_id=review,
                criterion_id=criterion,
                rating=ratings[c % 3] if done else "",
                reason="Clear evidence." if done else "",
            )
            for review, (app, done) in zip(review_pks, review_meta, strict=True)
            for c, criterion in enumerate(self.criteria_of[stream_of[app]])
        )
        rating_count = len(bulk(CriterionRating, rating_rows, batch=5000))
        self.say(f"{len(review_pks)} reviews, {rating_count} ratings")

        # Decisions: on the last submission of decided ones, the first of resubmitted ones.
        outcome_of = {
            ApplicationState.AWARDED: DecisionOutcome.AWARDED,
            ApplicationState.NOT_AWARDED: DecisionOutcome.NOT_AWARDED,
            ApplicationState.MORE_EVIDENCE_REQUESTED: DecisionOutcome.MORE_EVIDENCE,
            ApplicationState.RESUBMITTED: DecisionOutcome.MORE_EVIDENCE,
        }
        decision_rows = []
        decision_meta = []
        for pk, i, stream, state in sent:
            outcome = outcome_of.get(state)
            if outcome is None:
                continue
            decided = (
                self.days_ago(40, 3 * 365 - 10)
                if outcome == DecisionOutcome.AWARDED
                else (self.days_ago(10, 300))
            )
            more = outcome == DecisionOutcome.MORE_EVIDENCE
            decision_rows.append(
                Decision(
                    application_id=pk,
                    submission_id=self.submission[(pk, 1)],
                    outcome=outcome,
                    decided_on=decided,
                    appraisal_report="The panel thanks you for a thoughtful application.",
                    evidence_requested="Show how families take part." if more else "",
                    evidence_due_on=decided + datetime.timedelta(days=60) if more else None,
                    internal_notes="Visited in person; the welcome was real.",
                    recorded_by_id=self.coordinators[len(self.groups) + self.streams.index(stream)],
                )
            )
            decision_meta.append((pk, i, stream, outcome, decided))
        decision_pks = bulk(Decision, decision_rows)
        del decision_rows
        bulk(
            DecisionFinding,
            (
                DecisionFinding(decision_id=d, criterion_id=c, rating=Rating.MET)
                for d, (_pk, _i, stream, _o, _day) in zip(decision_pks, decision_meta, strict=True)
                for c in self.criteria_of[stream]
            ),
            batch=5000,
        )
        self.say(f"{len(decision_pks)} decisions with findings")

        award_rows = []
        self.awards = []
        for d, (pk, i, stream, outcome, decided) in zip(decision_pks, decision_meta, strict=True):
            if outcome != DecisionOutcome.AWARDED:
                continue
            expires = add_years(decided, 3)
            due = (expires - self.today).days <= 90
            award_rows.append(
                Award(
                    network_id=stream,
                    scheme_id=self.schemes_of[stream],
                    organisation_id=self.orgs[i],
                    application_id=pk,
                    decision_id=d,
                    awarded_on=decided,
                    expires_on=expires,
                    state=AwardState.RENEWAL_DUE if due else AwardState.ACTIVE,
                    certificate_number=certificate_number(i),
                )
            )
            self.awards.append((i, stream, expires, due))
        award_pks = bulk(Award, award_rows)
        self.award_rows = [(pk, *rest) for pk, rest in zip(award_pks, self.awards, strict=True)]
        self.say(f"{len(award_pks)} current awards")

    def reminders(self) -> None:
        rows = []
        for pk, i, stream, expires, due in self.award_rows:
            if not due:
                continue
            rows.append(
                Reminder(
                    network_id=stream,
                    kind=ReminderKind.AWARD_EXPIRY,
                    recipient_id=self.contacts[i],
                    award_id=pk,
                    cycle=1,
                    milestone=90,
                    due_on=expires,
                    claimed_at=self.now,
                    sent_at=self.now,
                    language="en",
                )
            )
        for pk, i, stream, state in self.apps:
            if state == ApplicationState.DRAFT and i % 2:
                rows.append(
                    Reminder(
                        network_id=stream,
                        kind=ReminderKind.DRAFT_IDLE,
                        recipient_id=self.contacts[i],
                        application_id=pk,
                        cycle=1,
                        milestone=60,
                        due_on=self.today,
                        claimed_at=self.now,
                        sent_at=self.now,
                        language="en",
                    )
                )
        bulk(Reminder, rows)
        self.say(f"{len(rows)} reminders")

    def activity(self) -> None:
        app_type = ContentType.objects.get_for_model(Application)
        signature_type = ContentType.objects.get_for_model(Signature)
        steps = {
            ApplicationState.DRAFT: [AwardAction.APPLICATION_STARTED],
            ApplicationState.SUBMITTED: [
                AwardAction.APPLICATION_STARTED,
                AwardAction.APPLICATION_SUBMITTED,
                AwardAction.PANEL_ASSIGNED,
            ],
        }
        steps[ApplicationState.IN_REVIEW] = [
            *steps[ApplicationState.SUBMITTED],
            AwardAction.APPLICATION_IN_REVIEW,
            AwardAction.REVIEW_SUBMITTED,
        ]
        decided = [*steps[ApplicationState.IN_REVIEW], AwardAction.DECISION_RECORDED]
        steps[ApplicationState.AWARDED] = [
            *decided,
            AwardAction.APPLICATION_AWARDED,
            AwardAction.AWARD_ISSUED,
        ]
        steps[ApplicationState.NOT_AWARDED] = [*decided, AwardAction.APPLICATION_NOT_AWARDED]
        steps[ApplicationState.MORE_EVIDENCE_REQUESTED] = [
            *decided,
            AwardAction.APPLICATION_MORE_EVIDENCE_REQUESTED,
        ]
        steps[ApplicationState.RESUBMITTED] = [
            *steps[ApplicationState.MORE_EVIDENCE_REQUESTED],
            AwardAction.APPLICATION_RESUBMITTED,
        ]
        steps[ApplicationState.WITHDRAWN] = [
            *steps[ApplicationState.SUBMITTED],
            AwardAction.APPLICATION_WITHDRAWN,
        ]

        def entries():
            for pk, i, stream, state in self.apps:
                for action in steps[state]:
                    yield ActivityLog(
                        network_id=stream,
                        actor_id=self.contacts[i],
                        content_type=app_type,
                        object_id=str(pk),
                        action=action,
                        data={},
                    )
            # Confirmations of the charter: no network, no actor (signers need no account).
            for i in range(0, self.n_signatures, 10):
                yield ActivityLog(
                    network_id=None,
                    actor_id=None,
                    content_type=signature_type,
                    object_id=str(i),
                    action=MemberAction.SIGNATURE_CONFIRMED,
                    data={},
                )

        count = len(bulk(ActivityLog, entries(), batch=5000))
        self.say(f"{count} activity entries")

    def build(self) -> None:
        self.networks()
        self.people()
        self.organisations()
        self.charter()
        self.schemes()
        self.applications()
        self.panels()
        self.reminders()
        self.activity()


def ensure_personas(out) -> dict[str, User]:
    """The benchmark's four people, made once: a coordinator of the first stream and the
    first group, the lead contact of the first organisation (an award and a draft), a
    panellist of the first stream seated on every tenth of its panels, and staff."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    personas = {}
    password = None
    for persona, email in BENCH_PERSONAS.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            password = password or make_password(BENCH_PASSWORD)
            user = User.objects.create(
                email=email,
                full_name=f"Bench {persona.title()}",
                password=password,
                is_staff=persona == "staff",
                has_lived_experience=persona == "panellist",
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, BENCH_TOTP_SECRET)
        personas[persona] = user

    stream = Network.objects.get(slug="bench-stream-0")
    group = Network.objects.get(slug="bench-group-0")
    for network in (stream, group):
        Membership.objects.get_or_create(
            network=network, user=personas["coordinator"], role=Role.COORDINATOR
        )
    Membership.objects.get_or_create(
        network=stream, user=personas["panellist"], role=Role.PANELLIST
    )
    organisation = Organisation.objects.get(slug=MARKER_SLUG)
    OrganisationContact.objects.get_or_create(
        organisation=organisation,
        user=personas["applicant"],
        defaults={"is_lead": True, "role_title": "Headteacher"},
    )
    applications = Application.objects.filter(organisation=organisation)
    applications.update(lead_contact=personas["applicant"])
    # A second application of the same organisation, in another scheme, still a draft.
    other = AwardScheme.objects.exclude(network=stream).order_by("pk").first()
    version = other.versions.order_by("-number").first() if other is not None else None
    if other is not None and version is not None and not applications.filter(scheme=other).exists():
        draft = Application.objects.create(
            network=other.network,
            scheme=other,
            criteria_version=version,
            organisation=organisation,
            lead_contact=personas["applicant"],
            state=ApplicationState.DRAFT,
        )
        CriterionResponse.objects.bulk_create(
            CriterionResponse(application=draft, criterion=c) for c in version.criteria.all()
        )
    # Seats for the panellist: every tenth application with a panel in the first stream.
    seated = (
        Application.objects.filter(network=stream)
        .exclude(state=ApplicationState.DRAFT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    has_seat = set(
        PanelAssignment.objects.filter(panellist=personas["panellist"]).values_list(
            "application_id", flat=True
        )
    )
    new_seats = [
        PanelAssignment(
            application_id=pk,
            panellist=personas["panellist"],
            conflict=ConflictDeclaration.NONE,
            declared_at=timezone.now(),
        )
        for n, pk in enumerate(seated)
        if n % 10 == 0 and pk not in has_seat
    ]
    PanelAssignment.objects.bulk_create(new_seats)
    # Their reviews, as the review page would have started them: a draft while the
    # application is in review, submitted once it was decided; so the benchmark only reads.
    for seat in new_seats:
        application = Application.objects.get(pk=seat.application_id)
        submission = application.submissions.order_by("-number").first()
        if submission is None or application.state in {
            ApplicationState.SUBMITTED,
            ApplicationState.WITHDRAWN,
        }:
            continue
        done = application.state != ApplicationState.IN_REVIEW
        review = Review.objects.create(
            assignment=seat,
            submission=submission,
            submitted_at=timezone.now() if done else None,
            strengths="Thoughtful and well evidenced." if done else "",
        )
        CriterionRating.objects.bulk_create(
            CriterionRating(
                review=review,
                criterion=criterion,
                rating=Rating.MET if done else "",
                reason="Clear evidence." if done else "",
            )
            for criterion in application.criteria_version.criteria.all()
        )
    if new_seats:
        out.write(f"  the panellist persona now sits on {len(has_seat) + len(new_seats)} panels")
    return personas


class Command(BaseCommand):
    help = "Build the benchmark's large invented dataset (idempotent). See the module's doc."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Build even though the database name says neither bench nor test.",
        )

    def handle(self, *args, scale: float, force: bool, **options):
        name = str(connection.settings_dict["NAME"])
        if not force and not any(word in name for word in ("bench", "test", "memory")):
            raise CommandError(
                f"The database {name!r} does not look like a benchmark database: seed_large "
                "creates accounts with a known password. Use a database named *bench*, or "
                "--force."
            )
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        started = time.perf_counter()
        with scopes_disabled():
            if Organisation.objects.filter(slug=MARKER_SLUG).exists():
                self.stdout.write("The large dataset is already there: nothing added.")
            else:
                self.stdout.write(
                    f"Building the large dataset at scale {scale} ({connection.vendor})"
                )
                with transaction.atomic():
                    Builder(scale, self.stdout).build()
                # Bulk inserts send no signal: the kept figures and counts are read afresh.
                movement_changed()
                streams_changed()
            with transaction.atomic():
                ensure_personas(self.stdout)
        # Planner statistics, as a database in service has them (bulk inserts leave none, and
        # a server may run without autovacuum): without them PostgreSQL plans for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Ready in {time.perf_counter() - started:.1f}s. Personas: ")
            + ", ".join(BENCH_PERSONAS.values())
        )
