"""Where a webhook may be sent: not to this server's own network, unless configured to.

A subscription's address is checked when it is saved and again before each delivery (the name may
resolve elsewhere later). WEBHOOKS_ALLOW_PRIVATE (on with DEBUG) allows http and private or
loopback addresses, for development and the tests' receiver on 127.0.0.1.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def problem_with(url):
    """Why deliveries may not go to ``url``, or None."""
    parts = urlsplit(url)
    allow_private = settings.WEBHOOKS_ALLOW_PRIVATE
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        return _("The address must start with https://.")
    if not parts.hostname:
        return _("The address has no host name.")
    if parts.username or parts.password:
        return _("Put no user name or password in the address; deliveries are signed instead.")
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return _("The host name %(host)s cannot be found.") % {"host": parts.hostname}
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return _("The address points into a private network, which is not allowed.")
    return None
