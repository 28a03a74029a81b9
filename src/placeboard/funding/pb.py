"""Participatory budgeting results: pure arithmetic over bids and ballots, no database.

The selection itself is pabutools' (1.1.17): greedy utilitarian welfare with
cost satisfaction, which is "most votes first, skipping any project that no
longer fits", and the Method of Equal Shares with cost satisfaction. Amounts
go in as whole pence so every sum is exact. Ties go to the earlier bid.

Each project gets a sentence saying why it was or was not funded; for equal
shares the sentence is worked out by replaying the payments with exact
fractions (each voter starts with an equal share of the budget; a project is
bought by its supporters, each paying the same amount or all they have left)."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

GREEDY = "greedy"
EQUAL_SHARES = "equal_shares"


@dataclass
class ProjectResult:
    key: object
    cost: Decimal
    votes: int
    funded: bool
    rank: int  # 1 for the most votes
    explanation: str = ""


def pounds(value):
    value = Decimal(value).quantize(Decimal("0.01"))
    return f"£{value:,.0f}" if value == value.to_integral() else f"£{value:,.2f}"


def _pence(amount):
    return int((Decimal(amount) * 100).to_integral_exact())


def select(rule, budget, costs, ballots):
    """The keys pabutools funds. costs: {key: Decimal}; ballots: [set of keys]; rule GREEDY or EQUAL_SHARES."""
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    if not any(ballots):
        return set()  # nothing chosen, nothing funded (equal shares would divide by no voters)
    order = {key: index for index, key in enumerate(costs)}
    projects = {key: Project(f"{order[key]:09d}", _pence(cost)) for key, cost in costs.items()}
    instance = Instance(projects.values(), budget_limit=_pence(budget))
    profile = ApprovalProfile([ApprovalBallot([projects[k] for k in ballot if k in projects]) for ballot in ballots])
    if rule == GREEDY:
        chosen = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif rule == EQUAL_SHARES:
        chosen = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    else:
        raise ValueError(f"Unknown rule {rule!r}.")
    by_name = {p.name: key for key, p in projects.items()}
    return {by_name[p.name] for p in chosen}


def results(rule, budget, costs, ballots):
    """[ProjectResult] in order of votes (most first, ties to the earlier bid), with explanations."""
    budget = Decimal(budget)
    ballots = [set(b) for b in ballots]
    votes = {key: sum(1 for b in ballots if key in b) for key in costs}
    order = sorted(costs, key=lambda k: (-votes[k], list(costs).index(k)))
    funded = select(rule, budget, costs, ballots)
    out = [ProjectResult(key, Decimal(costs[key]), votes[key], key in funded, rank)
           for rank, key in enumerate(order, start=1)]
    if rule == GREEDY:
        _explain_greedy(out, budget)
    else:
        _explain_equal_shares(out, budget, ballots, costs)
    return out


def _votes(n):
    return f"{n} vote" if n == 1 else f"{n} votes"


def _explain_greedy(out, budget):
    left = budget
    for r in out:
        if r.funded:
            r.explanation = (f"Funded: with {_votes(r.votes)} it came {_ordinal(r.rank)}; its {pounds(r.cost)} "
                             f"fitted in the {pounds(left)} still unspent when its turn came.")
            left -= r.cost
        elif r.votes == 0:
            r.explanation = "Not funded: it received no votes."
        else:
            r.explanation = (f"Not funded: with {_votes(r.votes)} it came {_ordinal(r.rank)}, but when its turn came "
                             f"only {pounds(left)} was left, less than its {pounds(r.cost)}.")


def _explain_equal_shares(out, budget, ballots, costs):
    n = len(ballots)
    if n == 0:
        for r in out:
            r.explanation = "Not funded: nobody voted."
        return
    share = Fraction(budget) / n
    money = [share] * n
    funded = [r for r in out if r.funded]
    # Replay the purchases cheapest-per-supporter first (the order equal shares buys in).
    pending = list(funded)
    while pending:
        best = None
        for r in pending:
            payers = [i for i, b in enumerate(ballots) if r.key in b]
            rho = _price(Fraction(r.cost), [money[i] for i in payers])
            if rho is not None and (best is None or rho < best[0]):
                best = (rho, r, payers)
        if best is None:  # pabutools and the replay disagree: say so rather than invent a reason
            for r in pending:
                r.explanation = f"Funded by the Method of Equal Shares: {_votes(r.votes)} for its {pounds(r.cost)}."
            break
        rho, r, payers = best
        for i in payers:
            money[i] -= min(rho, money[i])
        r.explanation = (f"Funded: its {len(payers)} supporters paid its {pounds(r.cost)} from their equal shares "
                         f"of {pounds(Decimal(share.numerator) / share.denominator)} each, at most "
                         f"{pounds(Decimal(rho.numerator) / rho.denominator)} per supporter.")
        pending.remove(r)
    spent = sum(r.cost for r in funded)
    for r in out:
        if r.funded:
            continue
        if r.votes == 0:
            r.explanation = "Not funded: it received no votes."
            continue
        left = sum(money[i] for i, b in enumerate(ballots) if r.key in b)
        left = Decimal(left.numerator) / left.denominator
        r.explanation = (f"Not funded: its {r.votes} supporters had only {pounds(left)} left of their equal shares, "
                         f"less than its {pounds(r.cost)}; money left unspent in the round: {pounds(Decimal(budget) - spent)}.")


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
