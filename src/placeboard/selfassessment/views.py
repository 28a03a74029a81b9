"""The self-assessment's pages (docs/self-assessment.md). Everyone in the partnership reads; performance officers
open and close a self-assessment and write the board's assessment, the generic issues and the improvement plan;
a theme lead answers their group's questions; an action's owners record its progress in a reporting round.
Every write goes through core.audit (save_form, record, delete) or services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, ProtectedError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from placeboard.core import audit
from placeboard.core.access import get_manager_access, get_partnership_for_user
from placeboard.performance.models import ReportingRound
from placeboard.selfassessment import services
from placeboard.selfassessment.forms import (
    ActionForm,
    BoardForm,
    IssueForm,
    OpenForm,
    ProxyForm,
    ThemeAnswersForm,
    UpdateForm,
)
from placeboard.selfassessment.models import (
    GenericIssue,
    ImprovementAction,
    ImprovementUpdate,
    ProxyMeasure,
    SelfAssessment,
    ThemeAssessment,
)
from placeboard.selfassessment.panels import round_rows

CLOSED = "This self-assessment is closed: a performance officer can reopen it to change it."


def _assessment(access, pk):
    return get_object_or_404(SelfAssessment.objects.select_related("partnership"), partnership=access.partnership,
                             pk=pk)


def _open_for_change(assessment):
    if not assessment.is_open:
        raise PermissionDenied(CLOSED)


def _theme(access, pk, theme_pk, *, change=False):
    assessment = _assessment(access, pk)
    theme = get_object_or_404(ThemeAssessment.objects.select_related("group"), self_assessment=assessment,
                              pk=theme_pk)
    theme.self_assessment = assessment
    if change:
        if not theme.editable_by(access):
            raise PermissionDenied("Only the group's theme leads and performance officers answer its questions.")
        _open_for_change(assessment)
    return assessment, theme


def _context(access, **extra):
    return {"access": access, "partnership": access.partnership, **extra}


@login_required
def sa_list(request, slug):
    access = get_partnership_for_user(request, slug)
    assessments = (SelfAssessment.objects.filter(partnership=access.partnership)
                   .annotate(groups=Count("themes", distinct=True), actions_count=Count("actions", distinct=True)))
    rounds = ReportingRound.objects.filter(partnership=access.partnership)[:6]
    return render(request, "selfassessment/list.html", _context(access, assessments=assessments, rounds=rounds))


@login_required
def sa_open(request, slug):
    access = get_manager_access(request, slug)
    form = OpenForm(access.partnership, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessment = services.open_self_assessment(request.user, access.partnership, year=data["year"],
                                                   title=data["title"], held_on=data["held_on"],
                                                   groups=list(data["groups"]))
        messages.success(request, f"Opened the self-assessment for {assessment.year}, pre-filled from the data.")
        return redirect(assessment.get_absolute_url())
    return render(request, "selfassessment/open_form.html", _context(access, form=form))


@login_required
def sa_detail(request, slug, pk):
    access = get_partnership_for_user(request, slug)
    assessment = _assessment(access, pk)
    themes = list(assessment.themes.select_related("group"))
    issues = assessment.issues.prefetch_related(
        Prefetch("arises_from", queryset=ThemeAssessment.objects.select_related("group")))
    actions = assessment.actions.select_related("owner_group", "owner_organisation", "issue",
                                                "theme_assessment__group")
    return render(request, "selfassessment/detail.html", _context(
        access, assessment=assessment, themes=[(t, t.editable_by(access)) for t in themes], issues=issues,
        actions=actions, can_change=access.can_manage and assessment.is_open))


@login_required
def sa_edit(request, slug, pk):
    access = get_manager_access(request, slug)
    assessment = _assessment(access, pk)
    _open_for_change(assessment)
    form = BoardForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        audit.save_form(form, request.user)
        messages.success(request, "Saved the board's assessment.")
        return redirect(assessment.get_absolute_url())
    return render(request, "selfassessment/form.html", _context(
        access, form=form, assessment=assessment, heading="The partnership board's own assessment",
        button="Save the board's assessment"))


@login_required
@require_POST
def sa_status(request, slug, pk):
    access = get_manager_access(request, slug)
    assessment = _assessment(access, pk)
    wanted = SelfAssessment.Status.CLOSED if assessment.is_open else SelfAssessment.Status.OPEN
    services.set_status(request.user, assessment, wanted)
    messages.success(request, f"{'Closed' if wanted == 'closed' else 'Reopened'} the self-assessment.")
    return redirect(assessment.get_absolute_url())


@login_required
def theme_detail(request, slug, pk, theme_pk):
    access = get_partnership_for_user(request, slug)
    assessment, theme = _theme(access, pk, theme_pk)
    proxies = theme.proxies.select_related("population_group", "indicator", "area_set")
    return render(request, "selfassessment/theme_detail.html", _context(
        access, assessment=assessment, theme=theme, snap=theme.snapshot, proxies=proxies,
        can_change=theme.editable_by(access) and assessment.is_open))


@login_required
def theme_edit(request, slug, pk, theme_pk):
    access = get_partnership_for_user(request, slug)
    assessment, theme = _theme(access, pk, theme_pk, change=True)
    form = ThemeAnswersForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, f"Saved the answers of {theme.group}.")
        return redirect("sa_theme", slug, pk, theme_pk)
    return render(request, "selfassessment/theme_form.html", _context(
        access, assessment=assessment, theme=theme, form=form, snap=theme.snapshot))


@login_required
@require_POST
def theme_refresh(request, slug, pk, theme_pk):
    access = get_partnership_for_user(request, slug)
    _, theme = _theme(access, pk, theme_pk, change=True)
    services.refresh_snapshot(request.user, theme)
    messages.success(request, f"Took the figures afresh for {theme.group}; the answers are unchanged.")
    return redirect("sa_theme", slug, pk, theme_pk)


@login_required
def proxy_add(request, slug, pk, theme_pk):
    access = get_partnership_for_user(request, slug)
    assessment, theme = _theme(access, pk, theme_pk, change=True)
    form = ProxyForm(access.partnership, request.POST or None)
    form.instance.theme_assessment = theme
    if request.method == "POST" and form.is_valid():
        audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, "Added the proxy measure. Take the figures afresh to see its figures.")
        return redirect("sa_theme", slug, pk, theme_pk)
    return render(request, "selfassessment/form.html", _context(
        access, form=form, assessment=assessment, theme=theme,
        heading=f"Add a proxy measure for {theme.group}", button="Add the proxy measure",
        intro="Where a population group's own figures are missing, name what stands in for them, as seed 003 "
              "does for BME residents: the neighbourhoods with the highest proportion of BME residents."))


@login_required
@require_POST
def proxy_delete(request, slug, pk, theme_pk, proxy_pk):
    access = get_partnership_for_user(request, slug)
    _, theme = _theme(access, pk, theme_pk, change=True)
    proxy = get_object_or_404(ProxyMeasure.objects.select_related("population_group"), theme_assessment=theme,
                              pk=proxy_pk)
    audit.delete(proxy, request.user, partnership=access.partnership)
    messages.success(request, "Removed the proxy measure.")
    return redirect("sa_theme", slug, pk, theme_pk)


@login_required
def issue_form(request, slug, pk, issue_pk=None):
    access = get_manager_access(request, slug)
    assessment = _assessment(access, pk)
    _open_for_change(assessment)
    issue = get_object_or_404(GenericIssue, self_assessment=assessment, pk=issue_pk) if issue_pk else None
    if issue is None:
        issue = GenericIssue(self_assessment=assessment, position=assessment.issues.count() + 1)
    form = IssueForm(assessment, request.POST or None, instance=issue)
    if request.method == "POST" and form.is_valid():
        audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, "Saved the generic issue.")
        return redirect(f"{assessment.get_absolute_url()}#issues")
    return render(request, "selfassessment/form.html", _context(
        access, form=form, assessment=assessment,
        heading="Change a generic issue" if issue.pk else "Add a generic issue", button="Save the issue",
        intro="An issue that recurs across theme groups, gathered at partnership level."))


@login_required
@require_POST
def issue_delete(request, slug, pk, issue_pk):
    access = get_manager_access(request, slug)
    assessment = _assessment(access, pk)
    _open_for_change(assessment)
    issue = get_object_or_404(GenericIssue, self_assessment=assessment, pk=issue_pk)
    audit.delete(issue, request.user, partnership=access.partnership)
    messages.success(request, "Deleted the generic issue.")
    return redirect(f"{assessment.get_absolute_url()}#issues")


@login_required
def action_form(request, slug, pk, action_pk=None):
    access = get_manager_access(request, slug)
    assessment = _assessment(access, pk)
    _open_for_change(assessment)
    action = get_object_or_404(ImprovementAction, self_assessment=assessment, pk=action_pk) if action_pk else None
    form = ActionForm(assessment, request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, "Saved the improvement action.")
        return redirect(f"{assessment.get_absolute_url()}#plan")
    return render(request, "selfassessment/form.html", _context(
        access, form=form, assessment=assessment,
        heading="Change an improvement action" if action else "Add an improvement action",
        button="Save the action",
        intro="A weakness the self-assessment found, and what will be done about it, by whom and by when."))


@login_required
@require_POST
def action_delete(request, slug, pk, action_pk):
    access = get_manager_access(request, slug)
    assessment = _assessment(access, pk)
    _open_for_change(assessment)
    action = get_object_or_404(ImprovementAction, self_assessment=assessment, pk=action_pk)
    try:
        audit.delete(action, request.user, partnership=access.partnership)
    except ProtectedError:  # nothing protects an action today; kept so a later reference cannot half-delete
        messages.error(request, "This action cannot be deleted while something still refers to it.")
    else:
        messages.success(request, "Deleted the improvement action and its updates.")
    return redirect(f"{assessment.get_absolute_url()}#plan")


@login_required
def round_actions(request, slug, round_pk):
    access = get_partnership_for_user(request, slug)
    round_ = get_object_or_404(ReportingRound, partnership=access.partnership, pk=round_pk)
    return render(request, "selfassessment/round.html", _context(
        access, round=round_, section={"round": round_, "rows": round_rows(round_, access.partnership)}))


@login_required
def action_update(request, slug, round_pk, action_pk):
    access = get_partnership_for_user(request, slug)
    round_ = get_object_or_404(ReportingRound, partnership=access.partnership, pk=round_pk)
    action = get_object_or_404(ImprovementAction.objects.select_related("self_assessment"),
                               self_assessment__partnership=access.partnership, pk=action_pk)
    if not action.editable_by(access):
        raise PermissionDenied("Only the action's owners and performance officers record its progress.")
    if round_.is_closed:
        raise PermissionDenied("This round is closed: its updates are part of the record.")
    update = ImprovementUpdate.objects.filter(action=action, round=round_).first()
    form = UpdateForm(request.POST or None, instance=update)
    form.instance.action, form.instance.round = action, round_
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, f"Saved the progress of action {action.ref} in {round_}.")
        return redirect("sa_round", slug, round_pk)
    return render(request, "selfassessment/update_form.html", _context(
        access, form=form, round=round_, action=action))
