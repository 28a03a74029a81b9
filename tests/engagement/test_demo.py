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
