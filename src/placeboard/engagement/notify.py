"""Emails to the person who raised a community issue (Django's mail; tests use locmem)."""

from django.core.mail import send_mail
from django.urls import reverse


def _link(request, name, *args):
    return request.build_absolute_uri(reverse(name, args=args))


def send_confirmation(request, issue):
    link = _link(request, "public_issue_confirm", issue.partnership.slug, issue.confirm_token)
    send_mail(
        f"Confirm your issue: {issue.title}",
        f"Dear {issue.reporter_name},\n\nThank you for raising an issue with {issue.partnership.name}:\n\n"
        f"  {issue.title}\n\nTo confirm it and send it to the partner responsible, open this link:\n\n  {link}\n\n"
        "If you did not raise it, ignore this email and it will not be published.\n",
        None, [issue.reporter_email],
    )


def send_update(request, issue, update):
    link = _link(request, "public_issue", issue.partnership.slug, issue.pk)
    holder = f"\nIt is held by {issue.organisation.name}." if issue.organisation_id else ""
    message = f"\n\n{update.message}\n" if update.message else "\n"
    send_mail(
        f"Your issue #{issue.pk}: {issue.get_status_display()}",
        f"Dear {issue.reporter_name},\n\nYour issue \"{issue.title}\" is now: {issue.get_status_display()}.{holder}"
        f"{message}\nFollow it at {link}\n",
        None, [issue.reporter_email],
    )
