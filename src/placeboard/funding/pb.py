"""Participatory budgeting results: pure arithmetic over bids and ballots, no database.

The selection itself is pabutools' (1.1.17): greedy utilitarian welfare with
cost satisfaction, which is "most votes first, skipping any project that no
longer fits", and the Method of Equal Shares with cost satisfaction, by default
completed as cities run it (equalshares.net; Wieliczka, Aarau): each voter's
share is raised step by step while the projects bought still fit the budget,
then what is left funds the remaining projects by votes while they fit.
Amounts go in as whole pence so every sum is exact. Ties go to the earlier bid.
Projects nobody voted for are never funded.

Each project gets a sentence saying why it was or was not funded. It starts with the reason, never with
"Funded" or "Not funded": every page shows that beside it (a Result column, a heading), and saying it twice
reads "Funded Funded: ...". For equal
shares the sentence is worked out by replaying the payments with exact
fractions (each voter starts with an equal share of the budget; a project is
bought by its supporters, each paying the same amount or all they have left;
the next project bought is the one whose supporters pay the smallest part of
its cost each, which is what cost satisfaction means)."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import ceil

from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

GREEDY = "greedy"
EQUAL_SHARES = "equal_shares"

COMPLETION_NONE = "none"
COMPLETION_INCREASE_THEN_GREEDY = "increase_then_greedy"
# Their descriptions for people are BudgetRound.Completion's labels.
COMPLETIONS = (COMPLETION_NONE, COMPLETION_INCREASE_THEN_GREEDY)

# Each step raises every voter's share by a twentieth of the starting share, in whole pence, up to four times it
# (the cap in equalshares.net's example code). A pabutools run takes about half a second at 100 projects and 10,000
# ballots, so 5% steps keep a count to about 20 runs (61 at worst), where 1% or 1p steps could take minutes.
STEPS_PER_SHARE = 20
MAX_SHARE_RAISE = 4

NO_VOTES = "It received no votes."


@dataclass
class ProjectResult:
    key: object
    cost: Decimal
    votes: int
    funded: bool
    rank: int  # 1 for the most votes
    explanation: str = ""


@dataclass
class RoundOutcome:
    projects: list[ProjectResult]  # in order of votes
    budget: Decimal
    spent: Decimal
    left: Decimal
    completion: str  # one of COMPLETIONS for equal shares, "" for greedy
    left_note: str


def pounds(value):
    value = Decimal(value).quantize(Decimal("0.01"))
    return f"£{value:,.0f}" if value == value.to_integral() else f"£{value:,.2f}"


def _pence(amount):
    return int((Decimal(amount) * 100).to_integral_exact())


def _money(fraction):
    return pounds(Decimal(fraction.numerator) / fraction.denominator)


def _budget_step(budget_pence, voters):
    """The amount in pence the budget is raised by at each step of the completion (see STEPS_PER_SHARE)."""
    return voters * max(1, ceil(Fraction(budget_pence, voters * STEPS_PER_SHARE)))


def _pabutools(rule, budget_pence, costs, ballots, completion):
    """(keys funded by the rule, keys funded in the completion step, budget in pence the rule was run with)."""

    voted = {key for ballot in ballots for key in ballot if key in costs}
    if not voted:
        return set(), set(), budget_pence  # nothing chosen, nothing funded (equal shares would divide by no voters)
    # Zero-padded order numbers as names: pabutools breaks ties by name, so ties go to the earlier bid. Projects
    # without votes stay out: greedy would otherwise fund them with money left over.
    order = {key: index for index, key in enumerate(costs)}
    projects = {key: Project(f"{order[key]:09d}", _pence(cost)) for key, cost in costs.items() if key in voted}
    instance = Instance(projects.values(), budget_limit=budget_pence)
    # Identical ballots counted once with their number: the same outcome, and less work on every run.
    profile = ApprovalProfile([ApprovalBallot([projects[k] for k in b if k in projects]) for b in ballots])
    profile = profile.as_multiprofile()
    by_name = {p.name: key for key, p in projects.items()}

    def keys(chosen):
        return {by_name[p.name] for p in chosen}

    if rule == GREEDY:
        return keys(greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)), set(), budget_pence
    if completion == COMPLETION_NONE:
        return keys(method_of_equal_shares(instance, profile, sat_class=Cost_Sat)), set(), budget_pence
    runs = []  # (budget, outcome) of every run, to know which budget the kept outcome came from

    def equal_shares(inst, prof, **params):
        chosen = method_of_equal_shares(inst, prof, **params)
        runs.append((int(inst.budget_limit), chosen))
        return chosen

    by_shares = exhaustion_by_budget_increase(
        instance, profile, equal_shares, {"sat_class": Cost_Sat},
        budget_step=_budget_step(budget_pence, len(ballots)), budget_bound=MAX_SHARE_RAISE * budget_pence)
    used = next((budget for budget, chosen in runs if chosen is by_shares), budget_pence)
    completed = completion_by_rule_combination(instance, profile, [greedy_utilitarian_welfare],
                                               [{"sat_class": Cost_Sat}], initial_budget_allocation=by_shares)
    return keys(by_shares), keys(completed) - keys(by_shares), used


def _check(rule, completion):
    if rule == GREEDY:
        return ""  # nothing to complete: greedy goes on while anything fits
    if rule != EQUAL_SHARES:
        raise ValueError(f"Unknown rule {rule!r}.")
    if completion not in COMPLETIONS:
        raise ValueError(f"Unknown completion {completion!r}.")
    return completion


def select(rule, budget, costs, ballots, completion=COMPLETION_NONE):
    """The keys pabutools funds. costs: {key: Decimal}; ballots: [set of keys]; rule GREEDY or EQUAL_SHARES.
    The completion applies to EQUAL_SHARES only; none by default, as before completions existed."""
    completion = _check(rule, completion)
    by_rule, by_completion, _ = _pabutools(rule, _pence(budget), costs, [set(b) for b in ballots], completion)
    return by_rule | by_completion


def results(rule, budget, costs, ballots):
    """[ProjectResult] in order of votes (most first, ties to the earlier bid), with explanations; equal shares
    without completion."""
    return count(rule, budget, costs, ballots, completion=COMPLETION_NONE).projects


def count(rule, budget, costs, ballots, completion=COMPLETION_INCREASE_THEN_GREEDY):
    """The round counted: every project in order of votes with its explanation, what is spent and left, and a
    sentence on the money left. completion (one of COMPLETIONS) applies to EQUAL_SHARES only."""
    completion = _check(rule, completion)
    budget = Decimal(budget)
    ballots = [set(b) for b in ballots]
    votes = {key: sum(1 for b in ballots if key in b) for key in costs}
    position = {key: index for index, key in enumerate(costs)}
    order = sorted(costs, key=lambda k: (-votes[k], position[k]))
    budget_pence = _pence(budget)
    by_rule, by_completion, used_pence = _pabutools(rule, budget_pence, costs, ballots, completion)
    out = [ProjectResult(key, Decimal(costs[key]), votes[key], key in by_rule or key in by_completion, rank)
           for rank, key in enumerate(order, start=1)]
    spent = sum((r.cost for r in out if r.funded), Decimal(0))
    left = budget - spent
    short = {}  # unfunded key -> what its supporters had left, when the replay agrees with pabutools
    if rule == GREEDY:
        _explain_greedy(out, budget)
    else:
        share = Fraction(used_pence, 100 * len(ballots)) if ballots else Fraction(0)
        start = Fraction(budget) / len(ballots) if ballots else Fraction(0)
        short = _explain_equal_shares(out, budget, ballots, share, start, by_rule, completion, position)
    return RoundOutcome(out, budget, spent, left, completion, _left_note(out, left, short, bool(ballots)))


def _votes(n):
    return f"{n} vote" if n == 1 else f"{n} votes"


def _explain_greedy(out, budget):
    left = budget
    for r in out:
        if r.funded:
            r.explanation = (f"With {_votes(r.votes)} it came {_ordinal(r.rank)}; its {pounds(r.cost)} "
                             f"fitted in the {pounds(left)} still unspent when its turn came.")
            left -= r.cost
        elif r.votes == 0:
            r.explanation = NO_VOTES
        else:
            r.explanation = (f"With {_votes(r.votes)} it came {_ordinal(r.rank)}, but when its turn came "
                             f"only {pounds(left)} was left, less than its {pounds(r.cost)}.")


def _replay(share, voters, costs, supporters, position):
    """Equal shares with cost satisfaction, replayed exactly: [(key, price per supporter)] in the order bought,
    and each voter's money left. The next project is the one whose supporters pay the smallest part of its cost
    each (ties to the earlier bid); that part can only grow as money is spent, so the last one worked out is a
    lower bound and most projects need not be priced again."""
    money = [share] * voters
    candidates = {key for key, payers in supporters.items() if payers and costs[key] > 0}
    bound = {key: Fraction(1, len(supporters[key])) for key in candidates}
    bought = []
    while candidates:
        best = None
        for key in sorted(candidates, key=lambda k: (bound[k], position[k])):
            if best is not None and bound[key] > best[0]:
                break
            rho = _price(costs[key], [money[i] for i in supporters[key]])
            if rho is None:
                candidates.discard(key)  # its supporters can never afford it again
                continue
            bound[key] = rho / costs[key]
            if best is None or (bound[key], position[key]) < (best[0], position[best[1]]):
                best = (bound[key], key, rho)
        if best is None:
            break
        _, key, rho = best
        for i in supporters[key]:
            money[i] -= min(rho, money[i])
        candidates.discard(key)
        bought.append((key, rho))
    return bought, money


def _explain_equal_shares(out, budget, ballots, share, start, by_rule, completion, position):
    """Fill in the explanations; return {unfunded key: its supporters' money left} when the replay agrees."""
    if not ballots:
        for r in out:
            r.explanation = "Nobody voted."
        return {}
    costs = {r.key: Fraction(r.cost) for r in out}
    supporters = {r.key: [i for i, b in enumerate(ballots) if r.key in b] for r in out}
    bought, money = _replay(share, len(ballots), costs, supporters, position)
    free = {r.key for r in out if r.votes and r.cost == 0}  # pabutools funds these outright
    agrees = {key for key, _ in bought} | free == set(by_rule)
    after, turns, fitted = _replay_completion(out, budget, by_rule, completion)
    greedy_agrees = fitted == {r.key for r in out if r.funded} - set(by_rule)
    if agrees:
        _explain_bought(out, bought, free, share, start)
    short = {}
    for r in out:
        if r.key in by_rule:
            if not agrees:  # pabutools and the replay disagree: say so rather than invent a reason
                r.explanation = f"The Method of Equal Shares chose it: {_votes(r.votes)} for its {pounds(r.cost)}."
            continue
        if r.votes == 0:
            r.explanation = NO_VOTES
            continue
        if r.funded:
            r.explanation = _completion_explanation(r, turns[r.key], after, greedy_agrees)
            continue
        if not agrees:
            r.explanation = (f"The Method of Equal Shares did not choose it: {_votes(r.votes)} for its "
                             f"{pounds(r.cost)}.")
            continue
        short[r.key] = sum((money[i] for i in supporters[r.key]), Fraction(0))
        r.explanation = _shortfall_explanation(r, short[r.key], share, turns[r.key], after, completion,
                                               greedy_agrees)
    return short


def _replay_completion(out, budget, by_rule, completion):
    """The completion step replayed: what is left goes down the list by votes, funding each project that fits.
    (money left after equal shares, {key: money left when its turn came}, keys that fitted)."""
    after = budget - sum((r.cost for r in out if r.key in by_rule), Decimal(0))
    left, turns, fitted = after, {}, set()
    for r in out:
        if r.key in by_rule or not r.votes:
            continue
        turns[r.key] = left
        if completion != COMPLETION_NONE and r.cost <= left:
            fitted.add(r.key)
            left -= r.cost
    return after, turns, fitted


def _explain_bought(out, bought, free, share, start):
    """The projects equal shares bought, as the replay paid for them, and those that cost nothing."""
    raised = f" (raised from {_money(start)} so that more of the budget is used)" if share != start else ""
    by_key = {r.key: r for r in out}
    for key, rho in bought:
        r = by_key[key]
        if r.votes == 1:
            r.explanation = (f"Its 1 supporter paid its {pounds(r.cost)} from their equal share of "
                             f"{_money(share)}{raised}.")
        else:
            r.explanation = (f"Its {r.votes} supporters paid its {pounds(r.cost)} from their equal "
                             f"shares of {_money(share)} each{raised}, at most {_money(rho)} per supporter.")
    for key in free:
        by_key[key].explanation = f"It costs nothing and has {_votes(by_key[key].votes)}."


def _completion_explanation(r, turn, after, greedy_agrees):
    """Why a project equal shares did not buy was funded in the completion step."""
    if not greedy_agrees:
        return f"Added in the completion step: {_votes(r.votes)} for its {pounds(r.cost)}."
    still = f", {pounds(turn)} of it when its turn came," if turn != after else ","
    return (f"Added in the completion step: after equal shares {pounds(after)} was left{still} "
            f"and its {pounds(r.cost)} fitted; with {_votes(r.votes)} it came {_ordinal(r.rank)}.")


def _shortfall_explanation(r, had, share, turn, after, completion, greedy_agrees):
    """Why a voted-for project was not funded: its supporters had too little left (and, with a completion, it did
    not fit in what was left)."""
    who = "Its 1 supporter" if r.votes == 1 else f"Its {r.votes} supporters"
    if completion == COMPLETION_NONE:
        shares = "their equal share" if r.votes == 1 else "their equal shares"
        return (f"{who} had only {_money(had)} left of {shares}, less than its "
                f"{pounds(r.cost)}; money left unspent in the round: {pounds(after)}.")
    shares = (f"their equal share of {_money(share)}" if r.votes == 1
              else f"their equal shares of {_money(share)} each")
    explanation = f"{who} had only {_money(had)} left of {shares}, less than its {pounds(r.cost)}"
    # A project that fitted would have been funded in the completion step, so it did not fit.
    return explanation + (f"; in the completion step only {pounds(turn)} was left when its turn came."
                          if greedy_agrees else ".")


def _left_note(out, left, short, voted):
    """One sentence on the money left."""
    if left == 0:
        return "The whole budget is allocated."
    amount = pounds(left)
    if not voted:
        return f"{amount} left: nobody voted."
    fits = [r for r in out if not r.funded and r.cost <= left]
    if not fits:
        return f"{amount} left: no remaining project costs {amount} or less."
    wanted = [r for r in fits if r.votes]
    if not wanted:
        return f"{amount} left: the projects that would fit received no votes."
    if len(wanted) == 1 and wanted[0].key in short:
        r = wanted[0]
        who = "its 1 supporter" if r.votes == 1 else f"its {r.votes} supporters"
        shares = "their equal share" if r.votes == 1 else "their equal shares"
        return (f"{amount} left: one project costing {pounds(r.cost)} would fit, but {who} had only "
                f"{_money(short[r.key])} left of {shares}, so equal shares did not fund it.")
    if all(r.key in short for r in wanted):
        return (f"{amount} left: {len(wanted)} projects that would fit were not funded, because their supporters' "
                f"equal shares did not cover them.")
    return f"{amount} left: {'a project' if len(wanted) == 1 else f'{len(wanted)} projects'} that would fit " \
           f"{'was' if len(wanted) == 1 else 'were'} not funded by equal shares."


def _price(cost, budgets):
    """The smallest per-supporter payment rho with sum(min(rho, b)) == cost, or None if they cannot afford it."""
    if not budgets or sum(budgets) < cost:
        return None
    paid_in_full = Fraction(0)
    remaining = sorted(budgets)
    for index, b in enumerate(remaining):
        rho = (cost - paid_in_full) / (len(remaining) - index)
        if rho <= b:
            return rho
        paid_in_full += b
    return None


def _ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
