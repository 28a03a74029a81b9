"""Forms for funding streams, with GOV.UK classes."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from placeboard.core import uploads
from placeboard.core.forms import GovukMixin, IdsMultipleChoiceField, PartnershipModelForm
from placeboard.core.models import Area, Group, Outcome, Theme
from placeboard.core.postcodes import area_has_postcodes, normalise_postcode, postcode_in_area
from placeboard.funding.models import (
    Bid,
    BidAttachment,
    BudgetRound,
    CommunityPlan,
    FundingAmount,
    FundingStream,
    PlanPriority,
)
from placeboard.funding.pb import pounds
from placeboard.funding.pb_services import check_choices, paper_ballot_count, today, voter_email
from placeboard.performance.forms import DateWidget


class MoneyField(forms.DecimalField):
    """Pounds, accepting 369,441 or £369,441.50 as typed from a paper; never negative."""

    default_error_messages = {"invalid": "Enter an amount in pounds, such as 369441 or 369,441.50."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}))
        super().__init__(**kwargs)
        self.error_messages["min_value"] = "Enter an amount of £0 or more."

    def to_python(self, value):
        # DecimalField refuses anything else left (and NaN or Infinity) with the "invalid" message above.
        if isinstance(value, str):
            value = value.strip().replace(",", "").removeprefix("£").strip()
        return super().to_python(value)


class FundingStreamForm(PartnershipModelForm):
    scoped_fields = ("theme", "outcomes")

    class Meta:
        model = FundingStream
        fields = ["name", "theme", "arrangement", "pooling", "previously_pooled", "heading", "position", "outcomes",
                  "note"]
        labels = {"theme": "Block (theme)", "pooling": "Automatically pooled or other"}
        widgets = {"arrangement": forms.RadioSelect, "outcomes": forms.CheckboxSelectMultiple}
        field_classes = {"outcomes": IdsMultipleChoiceField}


class FundingAmountForm(GovukMixin, forms.ModelForm):
    capital = MoneyField(required=False, label="Capital (£)")
    revenue = MoneyField(required=False, label="Revenue (£)")

    class Meta:
        model = FundingAmount
        fields = ["year", "capital", "revenue", "note"]
        widgets = {"year": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
                   "note": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"})}


class BaseAmountFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        """Years repeated in the form, said plainly (Django's own message names no year)."""
        years = [f.cleaned_data.get("year") for f in self.forms
                 if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("year")]
        repeated = sorted({y for y in years if years.count(y) > 1})
        if repeated:
            raise ValidationError(f"Give each year once: {', '.join(repeated)} appears more than once.")


AmountFormSet = forms.inlineformset_factory(FundingStream, FundingAmount, form=FundingAmountForm,
                                            formset=BaseAmountFormSet, extra=2, can_delete=True)


# Participatory budgeting



class BudgetRoundForm(PartnershipModelForm):
    """A round's terms and dates. A round only moves forward: a phase that has started keeps its date, and a
    phase yet to come cannot be given a date already past."""

    scoped_fields = ("board",)
    total_budget = MoneyField(label="Total budget (£)")

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, partnership=access.partnership, **kwargs)
        boards = Group.objects.filter(partnership=access.partnership, kind="area_board")
        if not access.can_manage:
            boards = boards.filter(pk__in=access.managed_board_ids)
        self.fields["board"].queryset = boards

    LOCKED_ONCE_VOTING = ("board", "total_budget", "rule", "completion", "ballot_type", "max_projects", "voter_check")

    def clean(self):
        cleaned = super().clean()
        day = today()
        # The instance still holds the saved values here: Django copies the form's in after clean().
        original = self.instance
        phase = original.phase_on(day) if original.pk else "draft"
        if original.pk and phase not in ("draft", "bids", "eligibility"):
            for name in self.LOCKED_ONCE_VOTING:
                if name in cleaned and getattr(original, name) != cleaned[name]:
                    self.add_error(name, "This cannot change once voting has started.")
        for name in BudgetRound.DATE_FIELDS:
            new = cleaned.get(name)
            old = getattr(original, name) if original.pk else None
            if new is None or new == old:
                continue
            if old is not None and old <= day:
                self.add_error(name, f"This phase started on {old:%-d %B %Y}; its date cannot change now.")
            elif new < day:
                self.add_error(name, "A phase cannot start on a day already past.")
        issued = cleaned.get("paper_ballots_issued")
        if original.pk and issued is not None and issued != original.paper_ballots_issued:
            if original.voting_closed(day):
                self.add_error("paper_ballots_issued", "Voting has closed: the number of paper ballots issued is fixed.")
            elif issued < paper_ballot_count(original):
                self.add_error("paper_ballots_issued",
                               f"{paper_ballot_count(original)} paper ballots have been entered already.")
        board = cleaned.get("board")
        if cleaned.get("voter_check") == BudgetRound.VoterCheck.EMAIL_POSTCODE and board is not None and (
                board.area is None or not area_has_postcodes(board.area)):
            where = board.area.name if board.area else board.name
            self.add_error("voter_check", f"There is no postcode list for {where} yet. A performance officer "
                                          "imports it on the area's page.")
        return cleaned

    class Meta:
        model = BudgetRound
        fields = ["board", "name", "description", "total_budget", "rule", "completion", "ballot_type",
                  "max_projects", "voter_check", "paper_ballots_issued", *BudgetRound.DATE_FIELDS]
        widgets = {"rule": forms.RadioSelect, "ballot_type": forms.RadioSelect, "completion": forms.RadioSelect,
                   "voter_check": forms.RadioSelect,
                   **{name: DateWidget() for name in BudgetRound.DATE_FIELDS}}


class BidForm(GovukMixin, forms.ModelForm):
    amount = MoneyField(label="Amount asked for (£)")
    # A field people never see: bots that fill every field give themselves away.
    website = forms.CharField(required=False, label="Leave this empty")
    files = uploads.MultipleFileField(required=False, label="Supporting files")
    attachment_url = forms.URLField(required=False, assume_scheme="https", label="Link to supporting documents",
                                    help_text="For example a plan or quotes shared online.")

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        # Here rather than on the field, so a changed UPLOAD_MAX_BYTES shows without a restart.
        self.fields["files"].help_text = (
            f"For example a plan, a quote or a photo. Up to {BidAttachment.MAX_PER_BID} files: PDF, Word "
            "(.docx), OpenDocument (.odt), Excel (.xlsx), CSV or text documents, or JPEG, PNG or WebP "
            f"images, each up to {uploads.describe_size(uploads.max_bytes())}. If your bid goes to the "
            "vote, they are published with it.")
        self.fields["files"].widget.attrs["accept"] = uploads.DOCUMENTS_AND_IMAGES.accept
        self.fields["area"].queryset = Area.objects.filter(partnership=round_.partnership)
        self.fields["outcomes"].queryset = Outcome.objects.filter(partnership=round_.partnership)
        self.fields["outcomes"].widget = forms.CheckboxSelectMultiple(choices=self.fields["outcomes"].choices)
        self.fields["outcomes"].widget.attrs["class"] = "govuk-checkboxes__input"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_spam(self):
        return bool(self.data.get("website"))

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise ValidationError("Enter an amount of more than £0.")
        if amount > self.round.total_budget:
            raise ValidationError(f"Ask for no more than the round's whole budget of £{self.round.total_budget:,.2f}.")
        return amount

    def clean_files(self):
        """Every file checked; each problem names its file, and none is kept unless all are fine."""
        files = self.cleaned_data["files"]
        if len(files) > BidAttachment.MAX_PER_BID:
            raise ValidationError(f"You chose {len(files)} files; send no more than {BidAttachment.MAX_PER_BID} "
                                  "with a bid.")
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(uploads.check_upload(upload, uploads.DOCUMENTS_AND_IMAGES))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        self.checked_files = checked
        return files

    class Meta:
        model = Bid
        fields = ["title", "applicant", "contact_email", "amount", "description", "area", "outcomes", "attachment_url"]
        field_classes = {"outcomes": IdsMultipleChoiceField}


class EligibilityForm(GovukMixin, forms.Form):
    eligibility = forms.ChoiceField(choices=[("eligible", "Eligible"), ("ineligible", "Not eligible")],
                                    widget=forms.RadioSelect)
    reason = forms.CharField(widget=forms.Textarea, help_text="Recorded with the decision and shown to staff.")


class VoteRequestForm(GovukMixin, forms.Form):
    email = forms.EmailField(label="Your e-mail address",
                             help_text="We send you a link to vote. We keep only a scrambled form of the address, "
                                       "to stop anyone voting twice.")
    postcode = forms.CharField(label="Your postcode", max_length=10,
                               help_text="Voting is for people who live in the area.")

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        if round_.voter_check != BudgetRound.VoterCheck.EMAIL_POSTCODE:
            del self.fields["postcode"]
        else:
            self.fields["postcode"].help_text = f"Voting is for people who live in {self._area_name()}."

    def _area_name(self):
        return self.round.board.area.name if self.round.board.area else self.round.board.name

    def clean_email(self):
        email = self.cleaned_data["email"]
        voter_email(email)  # refuses what the one-vote rule cannot read
        return email

    def clean_postcode(self):
        try:
            postcode = normalise_postcode(self.cleaned_data["postcode"])
        except ValueError:
            raise ValidationError("Enter a UK postcode, such as SN15 1ER.") from None
        if self.round.board.area is None or not postcode_in_area(self.round.board.area, postcode):
            raise ValidationError(f"{postcode} is not in {self._area_name()}: this vote is for people who live there.")
        return postcode


class VotingCodeForm(GovukMixin, forms.Form):
    code = forms.CharField(label="Your voting code", max_length=40,
                           help_text="The code on the card you were given, for example ABCD-EFGH-JK.",
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                         "class": "govuk-input govuk-input--width-20"}))


class IssueCodesForm(GovukMixin, forms.Form):
    count = forms.IntegerField(min_value=1, max_value=2000, label="How many codes",
                               help_text="Each code casts one ballot. You see the codes once, to print.",
                               widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}))


class VoidResultsForm(GovukMixin, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why the results are void",
                             help_text="Published with the notice on the round's public page.")


class BallotForm(GovukMixin, forms.Form):
    bids = IdsMultipleChoiceField(queryset=Bid.objects.none(), widget=forms.CheckboxSelectMultiple,
                                          label="Projects you support",
                                          error_messages={"required": "Choose at least one project.",
                                                          "invalid_choice": "Choose only projects on this ballot.",
                                                          "invalid_pk_value": "Choose only projects on this ballot."})

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        field = self.fields["bids"]
        field.queryset = round_.bids.filter(eligibility="eligible").order_by("submitted_at", "pk")
        field.label_from_instance = lambda b: f"{b.title} – {pounds(b.amount)}"
        if round_.ballot_type == "approval":
            field.help_text = f"Choose up to {round_.max_projects} projects."
        else:
            field.help_text = f"Choose projects costing no more than {pounds(round_.total_budget)} in all."

    def clean_bids(self):
        return check_choices(self.round, self.cleaned_data["bids"])


class ProjectUpdateForm(GovukMixin, forms.Form):
    PHOTOS = 3  # separate inputs, each with its own description, so no JavaScript is needed

    date = forms.DateField(widget=DateWidget())
    progress = forms.ChoiceField(choices=Bid.Progress.choices, widget=forms.RadioSelect)
    spent = MoneyField(label="Spent so far (£)")
    note = forms.CharField(widget=forms.Textarea, label="Progress note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, self.PHOTOS + 1):
            self.fields[f"photo_{n}"] = forms.FileField(
                required=False, label=f"Photo {n}",
                help_text=f"A JPEG, PNG or WebP image, up to {uploads.describe_size(uploads.max_bytes())}. Published with the progress note.",
                widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": uploads.IMAGES.accept}),
                error_messages={"empty": "The photo is empty."})
            self.fields[f"alt_{n}"] = forms.CharField(
                required=False, max_length=300, label=f"Description of photo {n}",
                help_text="What the photo shows, for people who cannot see it; also its caption.")

    def clean(self):
        cleaned = super().clean()
        self.photos = []
        for n in range(1, self.PHOTOS + 1):
            upload, alt = cleaned.get(f"photo_{n}"), (cleaned.get(f"alt_{n}") or "").strip()
            if not upload:
                if alt:
                    self.add_error(f"photo_{n}", f"Choose photo {n}, or clear its description.")
                continue
            try:
                checked = uploads.check_upload(upload, uploads.IMAGES, noun="photo")
            except ValidationError as exc:
                self.add_error(f"photo_{n}", exc)
                continue
            if not alt:
                self.add_error(f"alt_{n}", f"Describe what {checked.filename} shows, for people who cannot see it.")
                continue
            self.photos.append((checked, alt))
        return cleaned

    @property
    def update_fields(self):
        return {k: self.cleaned_data[k] for k in ("date", "progress", "spent", "note")}


class CommunityPlanForm(PartnershipModelForm):
    url = forms.URLField(required=False, assume_scheme="https", label="Link to the plan")

    class Meta:
        model = CommunityPlan
        fields = ["title", "status", "adopted_on", "review_by", "url"]
        widgets = {"status": forms.RadioSelect, "adopted_on": DateWidget(),
                   "review_by": DateWidget()}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.area = area


class PlanPriorityForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = PlanPriority
        fields = ["title", "theme"]

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(partnership=partnership)
        self.fields["theme"].label = "Theme"


PriorityFormSet = forms.inlineformset_factory(CommunityPlan, PlanPriority, form=PlanPriorityForm, extra=2,
                                              can_delete=True)
