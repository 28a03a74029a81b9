"""Required radios offer only real answers: no "---------" option (issue 15.11)."""

from django.urls import reverse

from placeboard.performance.models import Action, ReportingRound, Task


def test_the_task_update_form_has_no_blank_radio(as_user, partnership):
    from placeboard.core.models import Group, Outcome

    action = Action.objects.create(partnership=partnership, outcome=Outcome.objects.get(code="1.1.1"), title="Patrols")
    task = Task.objects.create(action=action, title="Walk the beat")
    round_ = ReportingRound.objects.create(partnership=partnership, name="Q1", reporting_date="2009-06-30",
                                           period="2009/10 Q1", period_start="2009-04-01", period_end="2009-06-30")
    round_.groups.set(Group.objects.filter(partnership=partnership))
    page = as_user("officer").get(reverse("task_update", args=[partnership.slug, round_.pk, task.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'type="radio"' in body and "---------" not in body


def test_lists_say_in_words_what_no_choice_means(as_user, partnership):
    # The forward plan's organiser is a required choice from a list; a bid's area an optional one.
    page = as_user("officer").get(reverse("activity_create", args=[partnership.slug])).content.decode()
    assert "---------" not in page and ">Choose one</option>" in page
    from django import forms

    from placeboard.core.forms import GovukMixin

    class Optional(GovukMixin, forms.Form):
        area = forms.ChoiceField(required=False, choices=[("", "---------"), ("1", "Chippenham")])

    assert '<option value="" selected>None</option>' in str(Optional()["area"])
