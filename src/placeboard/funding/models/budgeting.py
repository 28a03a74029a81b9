"""Participatory budgeting: budget rounds, bids and their files and updates, voters and voting codes,
ballots and the frozen results."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from placeboard.core.models import Outcome, PartnershipOwned

# Participatory budgeting ("You Decide", seed 002; area board grants, seed 000)


def new_salt():
    return secrets.token_hex(32)


class BudgetRoundQuerySet(models.QuerySet):
    def with_counts(self):
        """Each round's bid_count, ballot_count and pending_count (ballots waiting for their voter's
        confirmation). One subquery per count: joining bids, ballots and waiting ballots together would multiply
        the rows."""

        def count_of(model):
            counts = (model.objects.filter(round=models.OuterRef("pk")).order_by().values("round")
                      .annotate(n=models.Count("pk")).values("n"))
            return Coalesce(models.Subquery(counts), 0)

        return self.annotate(bid_count=count_of(Bid), ballot_count=count_of(Ballot),
                             pending_count=count_of(PendingBallot))


class BudgetRound(PartnershipOwned):
    """A participatory budget for one area board. It moves forward only: draft, bids open, eligibility checking
    and voting by their dates, then counting until results are published, then delivery."""

    class Rule(models.TextChoices):
        GREEDY = "greedy", "Most votes first, within the budget"
        EQUAL_SHARES = "equal_shares", "Method of Equal Shares"

    class BallotType(models.TextChoices):
        APPROVAL = "approval", "Choose up to a number of projects"
        WITHIN_BUDGET = "within_budget", "Choose projects costing no more than the budget in all"

    class VoterCheck(models.TextChoices):
        EMAIL = "email", "An e-mail address"
        EMAIL_POSTCODE = "email_postcode", "An e-mail address and a postcode in the board's area"

    PHASES = [("draft", "Not open yet"), ("bids", "Bids open"), ("eligibility", "Eligibility checking"),
              ("voting", "Voting"), ("counting", "Counting votes"), ("results", "Results published"),
              ("delivery", "Delivery")]
    DATE_FIELDS = ["bids_open", "eligibility_from", "voting_from", "counting_from", "delivery_from"]
    # The phases that start on a date; "results" starts when results are published, and delivery needs them.
    DATED_PHASES = ["bids", "eligibility", "voting", "counting", "delivery"]

    board = models.ForeignKey("core.Group", on_delete=models.PROTECT, related_name="budget_rounds",
                              limit_choices_to={"kind": "area_board"}, verbose_name="area board")
    name = models.CharField(max_length=200, help_text="For example, You Decide 2009.")
    description = models.TextField(blank=True)
    total_budget = models.DecimalField(max_digits=12, decimal_places=2, verbose_name="total budget (£)")
    rule = models.CharField(max_length=20, choices=Rule.choices, default=Rule.GREEDY)
    class Completion(models.TextChoices):
        # The keys are funding.pb's COMPLETION_* constants.
        INCREASE_THEN_GREEDY = "increase_then_greedy", (
            "Raise each voter's share step by step while the projects bought still fit the budget, then fund "
            "what still fits in order of votes")
        NONE = "none", "None: equal shares alone, which may leave money unspent"

    completion = models.CharField(
        max_length=30, choices=Completion.choices, default=Completion.INCREASE_THEN_GREEDY,
        verbose_name="completing equal shares",
        help_text="How money equal shares leaves unspent is used. Only for the Method of Equal Shares.")
    ballot_type = models.CharField(max_length=20, choices=BallotType.choices, default=BallotType.APPROVAL)
    max_projects = models.PositiveIntegerField(null=True, blank=True,
                                               help_text="For ballots choosing up to a number of projects.")
    voter_check = models.CharField(max_length=20, choices=VoterCheck.choices, default=VoterCheck.EMAIL,
                                   verbose_name="what voters give to vote online")
    paper_ballots_issued = models.PositiveIntegerField(
        default=0, verbose_name="paper ballots issued",
        help_text="No more paper ballots than this can be entered. It can change only until voting closes.")
    bids_open = models.DateField(help_text="Bids may be sent from this day.")
    eligibility_from = models.DateField(verbose_name="eligibility checking from")
    voting_from = models.DateField()
    counting_from = models.DateField(verbose_name="voting closes on",
                                     help_text="Voting ends the day before; counting starts on this day.")
    delivery_from = models.DateField(help_text="Delivery starts on this day, once results are published.")
    # Random per round, never shown: voters' e-mail hashes cannot be compared across rounds, and rotating the
    # site's SECRET_KEY does not let anyone vote again.
    voter_salt = models.CharField(max_length=64, default=new_salt, editable=False)
    # Set once every ballot has been mixed into one batch after voting closed (pb_services.seal_ballot_box).
    box_sealed = models.BooleanField(default=False, editable=False)
    results_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = BudgetRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-bids_open", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "board", "name"], name="budget_round_unique_name"),
            models.CheckConstraint(condition=Q(total_budget__gt=0), name="budget_round_budget_positive"),
            models.CheckConstraint(condition=Q(bids_open__lt=F("eligibility_from"),
                                               eligibility_from__lt=F("voting_from"),
                                               voting_from__lt=F("counting_from"),
                                               counting_from__lt=F("delivery_from")),
                                   name="budget_round_phases_in_order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.board.name})"

    def get_absolute_url(self):
        return reverse("budget_round_detail", args=[self.partnership.slug, self.pk])

    def phase_dates(self):
        return [getattr(self, name) for name in self.DATE_FIELDS]

    def phase_on(self, day):
        """The phase key on a day. Dates open bids, eligibility, voting and counting; publishing the results
        ends counting; delivery starts on its date only once results are published."""
        current = "draft"
        for key, start in zip(self.DATED_PHASES, self.phase_dates(), strict=True):
            if start <= day:
                current = key
        if current in ("counting", "delivery"):
            if not self.results_published_at:
                return "counting"
            return "delivery" if current == "delivery" else "results"
        return current

    def voting_closed(self, day):
        """Whether voting has closed by a day (counting, results or delivery)."""
        return self.phase_on(day) not in ("draft", "bids", "eligibility", "voting")

    def eligibility_open(self, day):
        """Whether decisions on bids' eligibility can be made on a day: while bids are open or being checked."""
        return self.phase_on(day) in ("bids", "eligibility")

    def phase_label_on(self, day):
        return dict(self.PHASES)[self.phase_on(day)]

    @property
    def published(self):
        return self.results_published_at is not None

    def clean(self):
        errors = {}
        if self.total_budget is not None and self.total_budget <= 0:
            errors["total_budget"] = "Enter a budget of more than £0."
        if self.ballot_type == self.BallotType.APPROVAL and not self.max_projects:
            errors["max_projects"] = "Say how many projects each voter may choose."
        if self.ballot_type == self.BallotType.WITHIN_BUDGET and self.max_projects:
            errors["max_projects"] = "Leave this empty: voters choose projects within the budget."
        dates = self.phase_dates()
        names = self.DATE_FIELDS
        for (earlier, later), name_b in zip(zip(dates, dates[1:]), names[1:]):
            if earlier and later and later <= earlier:
                errors.setdefault(name_b, "Each phase must start after the one before it.")
        if self.board_id and (self.board.kind != "area_board" or self.board.partnership_id != self.partnership_id):
            errors["board"] = "Choose an area board of this partnership."
        if errors:
            raise ValidationError(errors)


class Bid(models.Model):
    """A project bid from a resident or group; staff decide whether it is eligible, with a reason."""

    class Eligibility(models.TextChoices):
        PENDING = "pending", "Not checked yet"
        ELIGIBLE = "eligible", "Eligible"
        INELIGIBLE = "ineligible", "Not eligible"

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="bids")
    title = models.CharField(max_length=200, verbose_name="project name")
    applicant = models.CharField(max_length=200, help_text="Your name or your group's name.")
    contact_email = models.EmailField(help_text="We write to you about your bid; it is not published.")
    amount = models.DecimalField(max_digits=12, decimal_places=2, verbose_name="amount asked for (£)")
    description = models.TextField(help_text="What the project does and who benefits.")
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="bids")
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="bids",
                                      verbose_name="outcomes it serves")
    attachment_url = models.URLField(blank=True, verbose_name="link to supporting documents",
                                     help_text="For example a plan or quotes shared online.")
    submitted_at = models.DateTimeField(auto_now_add=True)
    eligibility = models.CharField(max_length=20, choices=Eligibility.choices, default=Eligibility.PENDING)
    eligibility_reason = models.TextField(blank=True)
    votes = models.PositiveIntegerField(default=0, editable=False)
    funded = models.BooleanField(null=True, editable=False)
    explanation = models.TextField(blank=True, editable=False)
    progress = models.CharField(max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)
    spent = models.DecimalField(max_digits=12, decimal_places=2, default=0, verbose_name="spent so far (£)")

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="bid_amount_positive"),
            models.CheckConstraint(condition=Q(spent__gte=0), name="bid_spent_not_negative"),
        ]

    def __str__(self):
        return self.title

    @property
    def partnership(self):
        return self.round.partnership


class ProjectUpdate(models.Model):
    """Progress on a funded project: a note, what is spent so far and its state."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    note = models.TextField()
    progress = models.CharField(max_length=20, choices=Bid.Progress.choices)
    spent = models.DecimalField(max_digits=12, decimal_places=2, verbose_name="spent so far (£)")

    class Meta:
        ordering = ["-date", "-pk"]


# Bids shown on a round's public page (once bids have closed), whose attachments anyone may download.
PUBLIC_BIDS = Q(eligibility="eligible") | Q(funded=True)


class StoredFile(models.Model):
    """A file kept in the database, so no file storage needs setting up (like board papers)."""

    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.filename

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class BidAttachment(StoredFile):
    """A plan, quote or photo sent with a bid."""

    MAX_PER_BID = 5

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="bidattachment_not_empty")]

    @property
    def partnership(self):
        return self.bid.round.partnership


class ProjectPhoto(StoredFile):
    """A photo of a funded project's delivery, with the text that describes it to people who cannot see it."""

    update = models.ForeignKey(ProjectUpdate, on_delete=models.CASCADE, related_name="photos")
    alt_text = models.CharField(max_length=300, verbose_name="description of the photo")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="projectphoto_not_empty"),
                       models.CheckConstraint(condition=~Q(alt_text=""), name="projectphoto_alt_text")]

    @property
    def partnership(self):
        return self.update.bid.round.partnership


class Voter(models.Model):
    """A verified e-mail address in a round, kept only as a hash keyed with the round's salt, and whether it has
    voted. Nothing links a voter to a ballot: see docs/funding.md, "Threat model"."""

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="voters")
    email_hash = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    has_voted = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "email_hash"], name="voter_one_per_email")]


class VotingCode(models.Model):
    """A one-time code printed for an event: each code casts one ballot. Kept only as a hash, so nobody can
    read unused codes back from the database and vote with them."""

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="voting_codes")
    code_hash = models.CharField(max_length=64)
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "code_hash"], name="voting_code_once")]


class BallotSource(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "Paper"
    CODE = "code", "Voting code"


class PendingBallot(models.Model):
    """A cast ballot waiting to be mixed into the ballot box. Written in its own transaction, after the voter
    was marked in another; moved into the box in shuffled batches, then deleted (pb_services.mix_ballots)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="pending_ballots")
    source = models.CharField(max_length=10, choices=BallotSource.choices)
    choices = models.JSONField(help_text="The ids of the chosen bids.")


class Ballot(models.Model):
    """One secret ballot in the box: the bids chosen, and whether it came online, on paper or by code.

    No voter, no time; ids are random and every ballot of a batch is written in one shuffled transaction."""

    id = models.UUIDField(primary_key=True)
    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="ballots")
    source = models.CharField(max_length=10, choices=BallotSource.choices)
    bids = models.ManyToManyField(Bid, related_name="ballots", through="BallotChoice")

    class Meta:
        ordering = ["id"]  # random, so the order says nothing about when or who


class BallotChoice(models.Model):
    """A bid chosen on a ballot. Random ids here too: sequential ones would give away the order ballots came in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE)
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "bid"], name="ballot_choice_once")]


class BudgetResult(models.Model):
    """A count of a round's ballots, with a fingerprint of what went into it. Publishing freezes it; the only
    way back is voiding it with a reason, which the public page then shows."""

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="results")
    rule = models.CharField(max_length=20, choices=BudgetRound.Rule.choices)
    completion = models.CharField(max_length=30, choices=BudgetRound.Completion.choices, blank=True)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the budget, rule, costs and ballots.")
    ballot_count = models.PositiveIntegerField()
    budget = models.DecimalField(max_digits=12, decimal_places=2)
    spent = models.DecimalField(max_digits=12, decimal_places=2)
    left = models.DecimalField(max_digits=12, decimal_places=2)
    left_note = models.TextField(blank=True)
    rows = models.JSONField(help_text="Each eligible bid: id, cost, votes, funded and the reason.")
    # Empty for counts made before these were kept.
    other_rule_funded = models.JSONField(null=True, blank=True,
                                         help_text="The titles the other rule funds with these ballots.")
    sources = models.JSONField(null=True, blank=True,
                               help_text="Ballots by source, with the paper ballots and voting codes issued.")
    computed_at = models.DateTimeField()
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    void_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["computed_at", "pk"]
        constraints = [
            # One result in force per round: recounting before publication replaces it, after it only voiding.
            models.UniqueConstraint(fields=["round"], condition=Q(voided_at__isnull=True),
                                    name="budget_result_one_in_force"),
            models.CheckConstraint(condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                                   name="budget_result_void_has_reason"),
        ]

    def __str__(self):
        return f"Result of {self.round.name}"

    @property
    def partnership(self):
        return self.round.partnership
