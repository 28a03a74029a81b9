"""The engagement demo data loads twice without change and contains genuine clashes."""


from placeboard.core.demo import load_demo_data
from placeboard.core.models import Partnership
from placeboard.engagement import demo
from placeboard.engagement.models import EngagementActivity
from placeboard.engagement.planning import Plan


def test_demo_is_idempotent_and_has_clashes(db):
    load_demo_data()
    demo.load_demo()
    count = EngagementActivity.objects.count()
    demo.load_demo()
    assert EngagementActivity.objects.count() == count == len(demo.WILTSHIRE) + len(demo.WIRRAL)
    from placeboard.engagement.models import CommunityIssue, IssueUpdate

    issues, updates = CommunityIssue.objects.count(), IssueUpdate.objects.count()
    demo.load_demo()
    assert (CommunityIssue.objects.count(), IssueUpdate.objects.count()) == (issues, updates) == (6, 13)
    assert len(set(CommunityIssue.objects.values_list("status", flat=True))) == 6
    assert CommunityIssue.objects.get(confirm_token="demo-wilts-2").organisation.name == "Wiltshire Police"
    from placeboard.engagement.models import Decision, Meeting

    assert (Meeting.objects.count(), Decision.objects.count()) == (3, 3)
    clashes = Plan(Partnership.objects.get(slug="wiltshire")).all_clashes()
    titles = {a.pk: a.title for a in EngagementActivity.objects.all()}
    pairs = {frozenset((titles[k], titles[c.second])) for k, cs in clashes.items() for c in cs}
    assert frozenset(("Chippenham Area Board: state of the area debate",
                      "Chippenham neighbourhood policing priorities survey")) in pairs
    assert frozenset(("Older people's health services focus groups", "Housing needs of older people survey")) in pairs


def test_demo_plan_is_live_whenever_it_is_loaded(db, client):
    """The 2009 plan is moved to the week the demo is loaded: open, coming up and finished all show."""
    import datetime

    from django.utils import timezone

    load_demo_data()
    demo.load_demo()
    today = timezone.localdate()
    survey = EngagementActivity.objects.get(partnership__slug="wiltshire", title="Place Survey")
    assert survey.start_date <= today <= survey.end_date and survey.start_date.weekday() == 0  # 28 Sep 2009
    body = client.get("/public/wiltshire/engagement/").content.decode()
    coming, finished = body.split("Finished: results")
    assert "Place Survey" in coming and "Wiltshire Youth Parliament" in coming
    assert "Melksham community safety survey" in finished
    from placeboard.engagement.models import Meeting

    scheduled = Meeting.objects.get(status="scheduled")
    assert scheduled.starts_at.date() > today and scheduled.starts_at.date().weekday() == 2  # a Wednesday
    assert today - datetime.timedelta(days=6) <= survey.start_date + datetime.timedelta(days=3) <= today
