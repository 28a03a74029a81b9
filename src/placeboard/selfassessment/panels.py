"""What the self-assessment adds to lower apps' pages: its part of the partnership home page
(core.panels.home_sections) and the improvement plan on a reporting round's page (core.panels.round_page), each
registered from SelfAssessmentConfig.ready(). A fixed number of queries each."""

from datetime import date

from placeboard.selfassessment.models import ImprovementAction, ImprovementUpdate, SelfAssessment


def year_start(label):
    """1 April of a financial year's label ("2006/07")."""
    return date(int(label[:4]), 4, 1)


def round_rows(round_, partnership):
    """[(action, its update in this round or None)]: the actions of every improvement plan whose year has begun
    by the end of the round, except those reported done in an earlier round. Three queries."""
    years = [sa.pk for sa in SelfAssessment.objects.filter(partnership=partnership).only("pk", "year")
             if year_start(sa.year) <= round_.period_end]
    if not years:
        return []
    done = ImprovementUpdate.objects.filter(action__self_assessment__in=years, status=ImprovementUpdate.Status.DONE,
                                            round__reporting_date__lt=round_.reporting_date).values("action_id")
    actions = list(ImprovementAction.objects.filter(self_assessment__in=years).exclude(pk__in=done)
                   .select_related("self_assessment", "owner_group", "owner_organisation")
                   .order_by("self_assessment__year", "deadline", "ref", "pk"))
    updates = {u.action_id: u for u in ImprovementUpdate.objects.filter(round=round_, action__in=actions)
               .select_related("updated_by")}
    return [(action, updates.get(action.pk)) for action in actions]


def round_section(round_, partnership):
    rows = round_rows(round_, partnership)
    if not rows:
        return None
    return {"template": "selfassessment/_round_actions.html", "round": round_, "rows": rows}


def home_section(access, partnership):
    """The latest self-assessment and, for a theme lead, their groups' assessments in it; for an officer, a way
    to open one. None for anyone else when there is none. Two queries."""
    latest = SelfAssessment.objects.filter(partnership=partnership).order_by("-year", "-opened_at").first()
    if latest is None and not access.can_manage:
        return None
    mine = []
    if latest is not None and access.group_ids:
        mine = list(latest.themes.filter(group__in=access.group_ids).select_related("group"))
    return {"template": "selfassessment/home/_self_assessment.html", "order": 50, "latest": latest, "mine": mine}
