"""Revising a target with a reason (docs/approval.md, "Target revisions"): the form and the target's revisions.
The write is performance/revisions.py's revise_target; who may is its can_revise."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from placeboard.core.access import get_object_for_user
from placeboard.core.forms import GovukMixin
from placeboard.performance import versions
from placeboard.performance.forms import DateWidget, NumberField
from placeboard.performance.models import Indicator, Target
from placeboard.performance.revisions import MAX_REASON, can_revise, is_laa_designated, latest_allowed, long_date
from placeboard.performance.revisions import revise_target as revise


class RevisionForm(GovukMixin, forms.Form):
    new_value = NumberField(label="New target", help_text="A number, like 56.0.")
    effective_from = forms.DateField(label="In force from", widget=DateWidget,
                                     error_messages={"invalid": "Enter a real date, like 1 October 2009.",
                                                     "required": "Enter the date the new target takes effect."})
    reason = forms.CharField(widget=forms.Textarea, label="Reason for the revision",
                             help_text=f"Shown with the target on the indicator's page and in the revisions report; "
                                       f"up to {MAX_REASON:,} characters.")

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_value"].error_messages["required"] = "Enter the new target, a number like 56.0."
        self.fields["reason"].error_messages["required"] = "Enter the reason for the revision."
        self.fields["effective_from"].help_text = (
            f"Between {long_date(target.period_start)} and {long_date(latest_allowed(target))}. Reports of "
            "reporting rounds before this date keep the old target.")


@login_required
def target_revise(request, slug, pk, target_pk):
    access, indicator = get_object_for_user(request, slug, Indicator.objects.prefetch_related("tags"), pk)
    if not can_revise(access, indicator):
        raise PermissionDenied("Only a performance officer, or the indicator's lead officer where it is not "
                               "LAA-designated, can revise its targets.")
    target = get_object_or_404(Target, indicator=indicator, pk=target_pk)
    target.indicator = indicator
    form = RevisionForm(request.POST or None, target=target)
    # A form shown again keeps the version it was first shown with, so a change made meanwhile is caught.
    version = request.POST.get("based_on", versions.NEW) if request.method == "POST" else versions.version(target)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            revise(target=target, new_value=data["new_value"], reason=data["reason"],
                   effective_from=data["effective_from"], user=request.user,
                   based_on=versions.based_on(request.POST))
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        except versions.StaleEdit as stale:
            form.add_error(None, f"The target was changed while you were revising it: it is now "
                                 f"{stale.current[0].display()}. Check the new value and revise again.")
            target.refresh_from_db()
            version = versions.version(target)
        else:
            messages.success(request, f"Revised the target for {target.period} to {target.display()}.")
            return redirect(indicator.get_absolute_url())
    return render(request, "performance/target_revise.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator, "target": target,
        "form": form, "revisions": target.revisions.select_related("revised_by").order_by("effective_from", "id"),
        "designated": is_laa_designated(indicator), "version": version,
    })
