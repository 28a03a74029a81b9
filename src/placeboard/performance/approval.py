"""Sign-off of figures: the states an actual moves through and the steps between them (docs/approval.md).

Plain rules with no Django, so they can be tested exhaustively; performance/services.py applies them to
Observations with their history and audit, and the gatekeepers say who may take each step.

    entered ──► submitted ──approve──► approved ──publish──► published
                 ▲   │                    │                     │
        (saved   │   └─return (reason)─► returned               │
         again)  └──────────────unlock (reason)─────────────────┘

Where a partnership does not ask for sign-off, a figure is published as soon as it is saved, and nothing is
locked: as before sign-off existed."""

SUBMITTED, RETURNED, APPROVED, PUBLISHED = "submitted", "returned", "approved", "published"
STATES = (SUBMITTED, RETURNED, APPROVED, PUBLISHED)
LABELS = {SUBMITTED: "Submitted", RETURNED: "Returned", APPROVED: "Approved", PUBLISHED: "Published"}

# step: (the states it may be taken from, the state it leads to, whether it needs a reason)
STEPS = {
    "approve": ({SUBMITTED}, APPROVED, False),
    "return": ({SUBMITTED}, RETURNED, True),
    "publish": ({APPROVED}, PUBLISHED, False),
    "unlock": ({APPROVED, PUBLISHED}, SUBMITTED, True),
}
STEP_NAMES = {"approve": "approved", "return": "returned", "publish": "published", "unlock": "unlocked"}
REASON_LIMIT = 2000


class ApprovalError(ValueError):
    """A step that cannot be taken, with the reason in words."""


def saved_state(sign_off, approve=False):
    """The state of a figure just entered or changed: published where there is no sign-off; approved when an
    officer's import approves in the same step; otherwise submitted, awaiting approval."""
    if not sign_off:
        return PUBLISHED
    return APPROVED if approve else SUBMITTED


def is_locked(state, sign_off):
    """An approved or published figure may not be changed until it is unlocked, where there is sign-off."""
    return bool(sign_off) and state in (APPROVED, PUBLISHED)


def is_approved(state):
    """Whether reports count the figure as approved."""
    return state in (APPROVED, PUBLISHED)


def step(state, name, reason=""):
    """The state after taking step `name` from `state`; ApprovalError says why it cannot be taken."""
    if name not in STEPS:
        raise ApprovalError(f"There is no step called {name!r}.")
    sources, target, needs_reason = STEPS[name]
    if state not in sources:
        allowed = " or ".join(LABELS[s].lower() for s in sorted(sources, key=STATES.index))
        raise ApprovalError(f"Only a figure that is {allowed} can be {STEP_NAMES[name]}; this one is "
                            f"{LABELS.get(state, state).lower()}.")
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise ApprovalError(f"Say why the figure is {STEP_NAMES[name]}.")
    if len(reason) > REASON_LIMIT:
        raise ApprovalError(f"The reason can be at most {REASON_LIMIT} characters (it has {len(reason)}).")
    return target
