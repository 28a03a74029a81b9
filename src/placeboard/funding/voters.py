"""Who may vote once: e-mail addresses normalised before hashing, and the keyed hashes. No Django imports.

One person, one vote holds only as far as one person has one address; the normalisation closes the cheap
routes to a second address (case, spaces, "+tag" sub-addresses, dots at providers that ignore them)."""

import hashlib
import hmac

# Providers that are one mailbox under two names.
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


class NotAnAddress(ValueError):
    pass


def normalise_email(email, dotless_domains=()):
    """The address as its mailbox: lower case, no spaces, no "+tag"; dots dropped before the @ for the
    providers in dotless_domains (which ignore them). Raises NotAnAddress for something that is not one."""
    text = "".join(str(email).split()).lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or "@" in local:
        raise NotAnAddress("Enter an e-mail address such as name@example.org.")
    domain = DOMAIN_ALIASES.get(domain, domain)
    local = local.split("+", 1)[0]
    # The domain is already its alias's target, so the settings' domains are compared the same way.
    if domain in {DOMAIN_ALIASES.get(d.lower(), d.lower()) for d in dotless_domains}:
        local = local.replace(".", "")
    if not local:
        raise NotAnAddress("Enter an e-mail address such as name@example.org.")
    return f"{local}@{domain}"


def keyed_hash(salt, kind, value):
    """HMAC-SHA256 of a value, keyed with a round's own random salt, so the database never holds the address,
    token or code, hashes differ between rounds, and rotating the site's SECRET_KEY changes nothing."""
    return hmac.new(bytes.fromhex(salt), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def normalise_code(code):
    """A voting code as typed: spaces, dashes and case do not matter."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())
