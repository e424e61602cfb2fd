"""Where a webhook may be sent: only to addresses on the public internet, unless configured to.

A subscription's address is checked when it is saved and again before each delivery (the name may
resolve elsewhere later). Every address a name resolves to is judged, after unwrapping the IPv6
forms that carry an IPv4 address (IPv4-mapped and -compatible, 6to4, Teredo, NAT64), so that no
spelling of 127.0.0.1 or 10.0.0.1 gets through. A delivery connects to the address that was
judged (see ``delivery.py``), never to a second answer from the resolver.

WEBHOOKS_ALLOW_PRIVATE (on with DEBUG) allows http and private or loopback addresses, for
development and the tests' receiver on 127.0.0.1.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

# NAT64 (RFC 6052): the well-known prefix embeds an IPv4 address in its last 32 bits; the
# local-use prefix (RFC 8215) is never routed on the internet at all.
NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL_USE = ipaddress.ip_network("64:ff9b:1::/48")
# IPv4-translated addresses (SIIT, RFC 2765) embed one in their last 32 bits too.
IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(address):
    """The IPv4 addresses an IPv6 address leads to, by any of the standard translations."""
    if address.version != 6:
        return []
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    found = []
    if address.ipv4_mapped:
        found.append(address.ipv4_mapped)
    if address in IPV4_TRANSLATED or address in NAT64_WELL_KNOWN:
        found.append(low32)
    if address in IPV4_COMPATIBLE and int(address) > 1:  # :: and ::1 are not IPv4-compatible
        found.append(low32)
    if address.sixtofour:
        found.append(address.sixtofour)
    if address.teredo:
        found.extend(address.teredo)  # (server, client)
    return found


def is_public(address):
    """Whether ``address`` (and every address it embeds) is on the public internet."""
    if address.version == 6 and (address in NAT64_LOCAL_USE or address.is_site_local):
        return False
    if (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    ):
        return False
    return all(is_public(inner) for inner in embedded_ipv4(address))


def resolve(hostname, port):
    """Every address ``hostname`` resolves to, in the resolver's order, without repeats."""
    infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address not in addresses:
            addresses.append(address)
    return addresses


@dataclass(frozen=True)
class Destination:
    """Where to connect for one delivery: the checked address, and the name to present."""

    scheme: str
    hostname: str
    port: int
    address: ipaddress.IPv4Address | ipaddress.IPv6Address


def _syntax_problem(parts, allow_private):
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        return _("The address must start with https://.")
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number in range
    except ValueError:
        return _("The address has a port that is not a number from 1 to 65535.")
    if not parts.hostname:
        return _("The address has no host name.")
    if parts.username or parts.password:
        return _("Put no user name or password in the address; deliveries are signed instead.")
    return None


def destination_for(url):
    """``(destination, None)`` to deliver to ``url``, or ``(None, why not)``.

    The name is resolved once here; every address it resolves to must be public (or the setting
    allows private ones), and the delivery connects to the first of them.
    """
    parts = urlsplit(url)
    allow_private = settings.WEBHOOKS_ALLOW_PRIVATE
    problem = _syntax_problem(parts, allow_private)
    if problem:
        return None, problem
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = resolve(parts.hostname, port)
    except (OSError, UnicodeError, ValueError):
        addresses = []
    if not addresses:
        return None, _("The host name %(host)s cannot be found.") % {"host": parts.hostname}
    if not allow_private and not all(is_public(address) for address in addresses):
        return None, _("The address points into a private network, which is not allowed.")
    return Destination(parts.scheme, parts.hostname, port, addresses[0]), None


def problem_with(url):
    """Why deliveries may not go to ``url``, or None (checked when a subscription is saved)."""
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        # Development: no name lookups when saving; each delivery still resolves and pins.
        return _syntax_problem(urlsplit(url), allow_private=True)
    _destination, problem = destination_for(url)
    return problem
