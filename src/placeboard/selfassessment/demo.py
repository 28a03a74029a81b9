"""Coventry's self-assessment of 9 January 2007 and its improvement plan, as seed 003 tells them (appendix 2,
lines 1053-1288; the process, §3.3-3.10, lines 220-246). Loaded idempotently: nothing happens if Coventry already
has a self-assessment for 2006/07.

The seed reports the outcome of the workshop, not each theme group's form: it gives the generic issues, the
board's assessment and what the improvement plan must do, but no ratings. So the theme groups' questions are left
unrated; where the performance spreadsheet's comments answer a question (the gap, the BME proxy areas) they are
the evidence, in the seed's words with their line. The plan's actions are the six key themes of §5.6 and the
terms of reference of §6.2; owners follow the roles §5.1-5.3 give the Board, Operations Group and PIE Group, and
deadlines the dates §6.2 gives, else the end of 2007/08 (the "Partnership Board Improvement Plan for 2007/08",
line 54)."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from placeboard.core.models import Group, Partnership, PopulationGroup
from placeboard.selfassessment.models import (
    GenericIssue,
    ImprovementAction,
    ProxyMeasure,
    SelfAssessment,
    ThemeAssessment,
)
from placeboard.selfassessment.services import snapshot_for

HELD = date(2007, 1, 9)
BOARD, OPS, PIE = "Coventry Partnership Board", "Operations Group", "Progress, Impact and Evaluation Group"
# The eight theme groups of para 3.4 (line 35) and the Children & Young People's Partnership, which owns the
# Children and Young People block's outcomes as its theme group (LAA para 4.3).
GROUPS = ["Jobs & Economy Theme Group", "Health & well-being Theme Group", "Transport Theme Group",
          "Learning & Training Theme Group", "Equalities & Communities Theme Group", "Environment Theme Group",
          "Culture Theme Group", "Community Safety Theme Group", "Children & Young People's Partnership"]

# Appendix 2 §2.1 (lines 1074-1085), in the seed's words and order.
ISSUES = [
    "The need to strengthen links between theme groups and community of interest partnership boards.",
    "The relationship between the Local Area Agreement and other national, regional and local strategies.",
    "Relationships between theme groups, particularly on cross cutting issues.",
    "Role, remit and membership of theme groups, following a number of national and local changes.",
    "Performance management arrangements.",
    "The role of CEN regarding involvement of the wider community sector in delivering Community Plan outcomes.",
    "The need for a better understanding of changing populations and transience within priority neighbourhoods.",
    "The need to strengthen private sector involvement in delivering community plan outcomes.",
    "The lack of capacity to proactively publicise the achievements of the Coventry Partnership.",
]

# Appendix 2 §3.5, §5.5-5.6 and annex 1's conclusions (lines 1101, 1170-1182, 1257-1271).
BOARD_ASSESSMENT = """\
In September 2006 a Neighbourhood Renewal Advisor reviewed the fitness for purpose of the Coventry Partnership's \
structures and processes: the extent to which partnership working was perceived to be inclusive and adding value, \
and how the Partnership should develop to respond to existing local and emerging national changes.

Overall, the review shows that Coventry partnership is working well in encouraging close networking and useful \
information sharing between agencies and organisations in Coventry. This has built a culture of openness and \
trust and enables the statutory sector to use the Partnership to consult with the voluntary and community sectors \
on key issues for the city.

There were a number of improvement areas arising from this research, in particular the lack of clarity that there \
is for theme group and board members in relation to the role and responsibilities of the various groups. In \
addition, the Partnership needed to agree how we identify Partnership priorities.

A major challenge for the Partnership is thus to build on its strong networking and information sharing culture \
to agree priorities and implement joint action to deliver the Community Strategy.

Six key themes emerged from the workshop:
- Agreeing what issues the Partnership needs to concentrate on to add value (key priorities).
- Reviewing membership of groups to ensure there are the right people and the right organisations.
- Having absolute clarity about the linkages and relationships between the Board and the management of the Local \
Area Agreement, Community Plan and Neighbourhood Management.
- Reviewing and amending structures to ensure value for money and effective management and delivery of the \
Community Plan and Local Area Agreement.
- Ensuring that the performance management framework leads to streamlined reporting and joint commissioning to \
link spend to performance and outcomes.
- Needing to be really clear to all partners on the outcome of today and the actions that will be implemented over \
the next 12 months (communications).
"""

# Evidence in the seed's words: the performance spreadsheet's comments (line numbers of seed 003).
EVIDENCE = {
    "Health & well-being Theme Group": {
        "summary": "By 2010 people in Coventry will be healthier ... more quickly in priority neighbourhoods "
                   "(the theme's outcome, line 707).",
        "gap_evidence": (
            "Rates in Priority Neighbourhoods and BME areas also continue to fall and are narrowing the gap against "
            "non Priority Neighbourhood Areas (premature mortality, line 711).\n"
            "Latest data indicates a widening of the gap between Priority Neighbourhoods and rest of the city "
            "(average age of death, males, line 716)."),
        "communities_evidence": (
            "Mean age of death in BME areas is much lower than the city average and has declined over the last two "
            "time periods (line 716). Infant mortality: numbers are too small for BME reporting (line 714). "
            "Falls: BME proxy areas not reported due to small numbers (line 767)."),
    },
    "Community Safety Theme Group": {
        "gap_evidence": ("The proportion of offences recorded in Priority neighbourhoods and BME neighbourhoods the "
                         "Rest of the City has widened slightly (BCS comparator crime, line 813)."),
        "barriers_evidence": ("Increases in TFMV in Coventry may threate achievements within the BCS comparitor "
                              "reduction target (line 811)."),
    },
    "Jobs & Economy Theme Group": {
        "communities_evidence": ("Increase in the employment rate for the BME community across the city: 56.1% in "
                                 "January to March 2005, 57.6% in April 2005 to March 2006, against a target of "
                                 "58.0%; Amber (line 660)."),
    },
}

# (ref, weakness, action, owner group, deadline, target or milestone)
ACTIONS = [
    ("1", "The lack of clarity that there is for theme group and board members in relation to the role and "
          "responsibilities of the various groups (§3.5).",
     "Produce terms of reference for the Board, Operations Group and PIE Group (§6.2).",
     OPS, date(2007, 3, 31), "Presented to the Operations Group in February and the Board in March (§6.2)."),
    ("2", "The Partnership needed to agree how we identify Partnership priorities (§3.5).",
     "Agree what issues the Partnership needs to concentrate on to add value (key priorities) (§5.6).",
     BOARD, date(2008, 3, 31), "Five or six key 'things to do this year' agreed (annex 1, recommendations)."),
    ("3", "Membership (both people and organisations) would need to be reviewed on all groups to make this new "
          "structure work (§5.5).",
     "Review membership of groups to ensure there are the right people and the right organisations (§5.6).",
     OPS, date(2008, 3, 31), "Membership of every group reviewed."),
    ("4", "The linkages would need to be very clear between the different groups and the members on each group "
          "(§5.5).",
     "Have absolute clarity about the linkages and relationships between the Board and the management of the "
     "Local Area Agreement, Community Plan and Neighbourhood Management (§5.6).",
     BOARD, date(2008, 3, 31), "Linkages and lines of accountability set out and agreed by the Board."),
    ("5", "Role, remit and membership of theme groups, following a number of national and local changes (§2.1).",
     "Review and amend structures to ensure value for money and effective management and delivery of the "
     "Community Plan and Local Area Agreement (§5.6).",
     OPS, date(2008, 3, 31), "Structures reviewed, including bringing together transport and sustainable "
                             "development (§5.4)."),
    ("6", "Performance management arrangements (§2.1).",
     "Ensure that the performance management framework leads to streamlined reporting and joint commissioning to "
     "link spend to performance and outcomes (§5.6).",
     PIE, date(2008, 3, 31), "Streamlined reporting to the Operations Group (§5.3)."),
    ("7", "The lack of capacity to proactively publicise the achievements of the Coventry Partnership (§2.1).",
     "Be really clear to all partners on the outcome of the self assessment and the actions that will be "
     "implemented over the next 12 months: a clear communication strategy (§5.5-5.6).",
     BOARD, date(2008, 3, 31), "A communication strategy agreed."),
]
ISSUE_OF_ACTION = {"5": 3, "6": 4, "7": 8}  # index into ISSUES


@transaction.atomic
def load_demo():
    partnership = Partnership.objects.filter(slug="coventry").first()
    if partnership is None or SelfAssessment.objects.filter(partnership=partnership, year="2006/07").exists():
        return None
    groups = {g.name: g for g in Group.objects.filter(partnership=partnership)}
    held = timezone.make_aware(datetime.combine(HELD, time(10)))
    assessment = SelfAssessment.objects.create(
        partnership=partnership, year="2006/07", title="Coventry Partnership Board self assessment", held_on=HELD,
        opened_at=held, status=SelfAssessment.Status.CLOSED, closed_at=held, board_assessment=BOARD_ASSESSMENT)
    bme = PopulationGroup.objects.filter(partnership=partnership, name="BME communities").first()
    themes = {}
    for name in GROUPS:
        if name not in groups:
            continue
        theme = ThemeAssessment(self_assessment=assessment, group=groups[name], snapshot_at=timezone.now(),
                                **EVIDENCE.get(name, {}))
        theme.save()
        if bme is not None and name == "Health & well-being Theme Group":
            # §3.6: "proxy measures include the impact upon those neighbourhoods in the city which have the
            # highest proportion of BME residents".
            ProxyMeasure.objects.create(
                theme_assessment=theme, population_group=bme,
                description="The neighbourhoods in the city with the highest proportion of BME residents ('BME "
                            "areas'), as the spreadsheet reports mortality in them (§3.6).")
        theme.snapshot = snapshot_for(partnership, theme.group, theme.proxies.select_related(
            "population_group", "area_set"))
        theme.save(update_fields=["snapshot"])
        themes[name] = theme
    issues = [GenericIssue.objects.create(self_assessment=assessment, position=n, text=text)
              for n, text in enumerate(ISSUES, start=1)]
    for ref, weakness, action, owner, deadline, target in ACTIONS:
        ImprovementAction.objects.create(
            self_assessment=assessment, ref=ref, weakness=weakness, action=action, owner_group=groups.get(owner),
            owner_name="" if owner in groups else owner, deadline=deadline, target=target,
            issue=issues[ISSUE_OF_ACTION[ref]] if ref in ISSUE_OF_ACTION else None)
    return assessment
