"""Coventry's January 2007 self-assessment, as seed 003's appendix 2 tells it, loads once and reads like it."""

from placeboard.core.demo import load_demo_data
from placeboard.core.models import Partnership
from placeboard.selfassessment.demo import load_demo
from placeboard.selfassessment.models import GenericIssue, ImprovementAction, SelfAssessment
from placeboard.selfassessment.report import selfassessment


def test_coventrys_self_assessment_loads_once(db):
    load_demo_data()
    assessment = load_demo()
    assert load_demo() is None  # already there: nothing changes
    assert SelfAssessment.objects.get() == assessment
    assert (assessment.year, f"{assessment.held_on:%-d %B %Y}") == ("2006/07", "9 January 2007")
    assert assessment.themes.count() == 9
    assert GenericIssue.objects.count() == 9 and ImprovementAction.objects.count() == 7
    assert GenericIssue.objects.first().text.startswith("The need to strengthen links between theme groups")
    health = assessment.themes.get(group__name="Health & well-being Theme Group")
    assert "BME areas" in health.communities_evidence and health.proxies.get().population_group.name == \
        "BME communities"
    report = selfassessment(Partnership.objects.get(slug="coventry"))
    headings = [s.heading for s in report.sections]
    assert headings[0] == "Theme group self-assessments" and headings[-3:] == [
        "Generic issues arising from the theme groups' self-assessments", "The partnership board's own assessment",
        "Improvement plan"]
    assert report.sections[-1].rows[0][2].value == "Produce terms of reference for the Board, Operations Group " \
                                                   "and PIE Group (§6.2)."
