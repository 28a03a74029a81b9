"""The demo data of this app, loaded idempotently after the frameworks and indicators.

Matches on natural keys (partnership slug and activity title), so loading twice changes nothing."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from placeboard.core.models import Area, Group, Organisation, Partnership, PopulationGroup, Theme
from placeboard.engagement.models import (
    AgendaItem,
    CommunityIssue,
    Decision,
    EngagementActivity,
    IssueCategory,
    IssueUpdate,
    Meeting,
    RoutingRule,
)
from placeboard.engagement.services import route_issue

# (title, organiser, method, areas, topic codes, population groups, start, end, status, extra)
# The kinds of activity seed 002 names (Place Survey, LDF consultation, youth and older people's
# parliaments) and seed 000's area board "state of the area" debates. Two genuine clashes: the
# Chippenham debate and the police's Chippenham priorities survey both ask Chippenham about safer
# communities in October; NHS Wiltshire's focus groups and the council's housing survey both ask older
# people in November.
WILTSHIRE = [
    ("Place Survey", "Wiltshire Council", "survey", ["Wiltshire"], ["1", "7"], [],
     date(2009, 9, 28), date(2009, 12, 11), "open",
     {"description": "The national Place Survey: how residents feel about where they live and local services.",
      "how_to_take_part": "A questionnaire is posted to a random sample of households; please return it in the "
                          "pre-paid envelope."}),
    ("Local Development Framework: Core Strategy consultation", "Wiltshire Council", "online",
     ["Wiltshire"], ["2", "4", "6"], [], date(2009, 10, 5), date(2009, 11, 27), "planned",
     {"description": "Where new homes and jobs should go to 2026.",
      "how_to_take_part": "Read the options online or at any library and comment by 27 November."}),
    ("Chippenham Area Board: state of the area debate", "Wiltshire Council", "debate", ["Chippenham"],
     ["1", "5"], [], date(2009, 10, 21), date(2009, 10, 21), "planned",
     {"how_to_take_part": "Come to the Neeld Hall, Chippenham, at 7pm. Everyone is welcome."}),
    ("Chippenham neighbourhood policing priorities survey", "Wiltshire Police", "survey", ["Chippenham"],
     ["5"], [], date(2009, 10, 12), date(2009, 10, 30), "planned",
     {"how_to_take_part": "Tell your neighbourhood team what they should tackle first, online or at the station."}),
    ("Wiltshire Youth Parliament", "Wiltshire Council", "youth_parliament", ["Wiltshire"], ["1"],
     ["Young people"], date(2009, 11, 14), date(2009, 11, 14), "planned",
     {"how_to_take_part": "Young people aged 11 to 18 elected through their schools and youth groups."}),
    ("Older people's health services focus groups", "NHS Wiltshire", "focus_group", ["Trowbridge", "Salisbury"],
     ["3"], ["Older people"], date(2009, 11, 2), date(2009, 11, 20), "planned",
     {"how_to_take_part": "Ring the patient involvement team to join a group near you."}),
    ("Housing needs of older people survey", "Wiltshire Council", "survey", ["Wiltshire"], ["2"],
     ["Older people"], date(2009, 11, 9), date(2009, 12, 18), "planned", {}),
    ("Melksham community safety survey", "Wiltshire Police", "survey", ["Melksham"], ["5"], [],
     date(2009, 3, 2), date(2009, 3, 27), "reported",
     {"results": "412 replies; anti-social behaviour near the town centre was the first concern.",
      "you_said_we_did": "You said young people gathering in the Market Place felt intimidating; we funded a "
                         "youth worker on Friday evenings and added the Market Place to the patrol plan."}),
]

WIRRAL = [
    ("Wirral Youth Parliament", "Wirral Council", "youth_parliament", ["Wirral"], ["1"], ["Young people"],
     date(2009, 7, 10), date(2009, 7, 10), "closed", {}),
    ("Older People's Parliament annual conference", "Wirral Council", "event", ["Wirral"], ["1"], ["Older people"],
     date(2009, 10, 8), date(2009, 10, 8), "planned", {}),
    ("Liscard and Seacombe area forum: state of the area", "Wirral Council", "public_meeting",
     ["Liscard and Seacombe"], ["1"], [], date(2009, 10, 14), date(2009, 10, 14), "planned", {}),
    ("Liscard community cohesion survey", "Merseyside Police", "survey", ["Liscard and Seacombe"], ["1"], [],
     date(2009, 10, 5), date(2009, 10, 30), "planned", {}),
]

# The plan and meetings above are written as autumn 2009, the seeds' time. They are moved by whole
# weeks (so meetings keep their weekdays) until 1 October 2009 falls in the week the demo is loaded:
# the plan then has something finished, something open and something coming up, whatever the date.
WRITTEN_FOR = date(2009, 10, 1)


def _offset():
    days = (timezone.localdate() - WRITTEN_FOR).days
    return timedelta(days=days - days % 7)


def _load(slug, rows):
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        return
    offset = _offset()
    for title, organiser, method, areas, topics, groups, start, end, status, extra in rows:
        if EngagementActivity.objects.filter(partnership=partnership, title=title).exists():
            continue
        org = Organisation.objects.filter(partnership=partnership, name=organiser).first()
        if org is None:
            continue
        activity = EngagementActivity.objects.create(
            partnership=partnership, title=title, organiser=org, method=method, start_date=start + offset,
            end_date=end + offset,
            status=status, **extra)
        activity.areas.set(Area.objects.filter(partnership=partnership, name__in=areas))
        activity.topics.set(Theme.objects.filter(partnership=partnership, code__in=topics))
        activity.population_groups.set(PopulationGroup.objects.filter(partnership=partnership, name__in=groups))


# The community issue system (seed 000): categories, routing rules (category, area or None, organisation)
# and issues (token, title, area, category, location, updates as (status, message)), raised on the dates in
# RAISED (moved like the plan). The street light, raised in August and still new, is overdue.
CATEGORIES = ["Anti-social behaviour", "Fire safety", "Health services", "Litter and fly-tipping",
              "Roads and pavements", "Street lighting"]
RULES = [
    ("Anti-social behaviour", None, "Wiltshire Police"),
    ("Fire safety", None, "Wiltshire Fire and Rescue Service"),
    ("Health services", None, "NHS Wiltshire"),
    (None, None, "Wiltshire Council"),
]
ISSUES = [
    ("demo-wilts-1", "Pothole outside Chippenham station", "Chippenham", "Roads and pavements",
     "Station Hill", [("accepted", "A highways inspector will visit within five working days."),
                      ("resolved", "The pothole was filled on 12 October.")]),
    ("demo-wilts-2", "Young people gathering at the Bridge Centre late at night", "Chippenham",
     "Anti-social behaviour", "Bridge Centre car park",
     [("accepted", "The neighbourhood policing team will patrol on Friday and Saturday evenings."),
      ("in_progress", "Patrols started; the youth service is planning a Friday drop-in.")]),
    ("demo-wilts-3", "Street light out on Hardenhuish Lane", "Chippenham", "Street lighting", "", []),
    ("demo-wilts-4", "Fly-tipping in the lay-by on the A350", "Melksham", "Litter and fly-tipping", "A350 lay-by",
     [("referred", "The lay-by is on the trunk road: referred to the police to check for evidence.")]),
    ("demo-wilts-5", "Street lamp not working, Hardenhuish Lane", "Chippenham", "Street lighting", "",
     [("closed_duplicate", "Thank you: this has already been raised as another issue.")]),
    ("demo-wilts-6", "No smoke alarm checks for older residents in Calne", "Calne", "Fire safety", "",
     [("closed_not_ours", "Free home fire safety checks are already offered: ring 0800 389 7849.")]),
]
RAISED = {"demo-wilts-1": date(2009, 9, 7), "demo-wilts-2": date(2009, 9, 21), "demo-wilts-3": date(2009, 8, 24),
          "demo-wilts-4": date(2009, 9, 14), "demo-wilts-5": date(2009, 9, 28), "demo-wilts-6": date(2009, 9, 15)}


def _load_issues(slug):
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        return
    categories = {name: IssueCategory.objects.get_or_create(partnership=partnership, name=name)[0]
                  for name in CATEGORIES}
    for category, area, organiser in RULES:
        org = Organisation.objects.filter(partnership=partnership, name=organiser).first()
        area_obj = Area.objects.filter(partnership=partnership, name=area).first() if area else None
        if org and not RoutingRule.objects.filter(partnership=partnership, category=categories.get(category),
                                                  area=area_obj).exists():
            RoutingRule.objects.create(partnership=partnership, category=categories.get(category), area=area_obj,
                                       organisation=org)
    police = Organisation.objects.filter(partnership=partnership, name="Wiltshire Police").first()
    offset = _offset()
    for token, title, area, category, location, updates in ISSUES:
        if CommunityIssue.objects.filter(confirm_token=token).exists():
            continue
        area_obj = Area.objects.filter(partnership=partnership, name=area).first()
        if area_obj is None:
            continue
        issue = CommunityIssue(partnership=partnership, title=title, description=title + ".", area=area_obj,
                               category=categories[category], location=location, reporter_name="A resident",
                               reporter_email="resident@example.org", confirm_token=token,
                               confirmed_at=timezone.make_aware(datetime.combine(RAISED[token] + offset,
                                                                                 time(10, 0))))
        issue.organisation_id = route_issue(issue)
        issue.save()
        IssueUpdate.objects.create(issue=issue, new_status="new", organisation=issue.organisation)
        for status, message in updates:
            old, issue.status = issue.status, status
            if status == "referred":
                issue.organisation = police
            if status == "closed_duplicate":
                issue.duplicate_of = CommunityIssue.objects.get(confirm_token="demo-wilts-3")
            issue.save()
            IssueUpdate.objects.create(issue=issue, old_status=old, new_status=status,
                                       organisation=issue.organisation, message=message)


# Area board meetings (seed 000: area boards with community area managers; seed 003: agenda items
# for information, influence or decision). (board, start, venue, status, items, decisions as (item number,
# text, who, their organisation, due, status))
MEETINGS = [
    ("Chippenham Area Board", (2009, 9, 2, 19, 0), "Neeld Hall, Chippenham", "held",
     [("Wiltshire Police: neighbourhood policing update", "information", "Inspector, Chippenham sector"),
      ("Community issue system: issues raised since the last meeting", "information", "Community area manager"),
      ("Chippenham town centre car parking review", "influence", "Wiltshire Council transport team"),
      ("Community area grants", "decision", "Community area manager")],
     [(4, "Award £1,500 to Chippenham Youth Football Club for new goals", "Community area manager",
       "Wiltshire Council", (2009, 10, 31), "done"),
      (3, "Ask the council to add evening parking charges to the consultation", "Cllr Smith", "Wiltshire Council",
       (2009, 11, 30), "open")]),
    ("Chippenham Area Board", (2009, 10, 21, 19, 0), "Neeld Hall, Chippenham", "scheduled",
     [("State of the community area debate", "influence", "Chair"),
      ("Local Development Framework: Core Strategy options", "influence", "Spatial planning team"),
      ("Youth parliament representatives' report", "information", "Youth parliament members")], []),
    ("Melksham Area Board", (2009, 9, 9, 19, 0), "Melksham Assembly Hall", "held",
     [("Community safety survey results", "information", "Wiltshire Police"),
      ("Market Place youth provision", "decision", "Community area manager")],
     [(2, "Fund a youth worker on Friday evenings for six months", "Youth development co-ordinator",
       "Wiltshire Council", (2009, 9, 25), "open")]),  # overdue, whatever day of the week the demo is loaded
]


def _load_meetings(slug):
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        return
    offset = _offset()
    for board_name, start, venue, status, items, decisions in MEETINGS:
        board = Group.objects.filter(partnership=partnership, name=board_name, kind="area_board").first()
        if board is None:
            continue
        # Found again by its first agenda item, since its date depends on the day the demo was loaded.
        if AgendaItem.objects.filter(meeting__board=board, number=1, title=items[0][0]).exists():
            continue
        starts_at = timezone.make_aware(datetime(*start) + offset)
        meeting = Meeting.objects.create(partnership=partnership, board=board, starts_at=starts_at, venue=venue,
                                         status=status)
        made = {}
        for number, (title, purpose, presenter) in enumerate(items, start=1):
            made[number] = AgendaItem.objects.create(meeting=meeting, number=number, title=title, purpose=purpose,
                                                     presenter=presenter)
        for number, text, who, organisation, due, state in decisions:
            Decision.objects.create(meeting=meeting, item=made.get(number), text=text, responsible=who,
                                    organisation=Organisation.objects.filter(partnership=partnership,
                                                                             name=organisation).first(),
                                    due=date(*due) + offset, status=state)


@transaction.atomic
def load_demo():
    _load("wiltshire", WILTSHIRE)
    _load("wirral", WIRRAL)
    _load_issues("wiltshire")
    _load_meetings("wiltshire")
