"""The address of the person making a request, as far as trusted proxies vouch for it.

``TRUSTED_PROXY_COUNT`` says how many proxies (load balancer, TLS terminator) stand in front of
gunicorn. With 0, only the connection's own address (``REMOTE_ADDR``) counts and any
``X-Forwarded-For`` header is ignored, since anyone can send one. With N, each proxy appends the
address it was reached from, so the Nth address from the right of ``X-Forwarded-For`` is the one
the outermost trusted proxy saw; anything further left was written by the client.

DRF's throttles (``NUM_PROXIES``) and allauth's rate limits (through the account adapter) read the
address the same way, so one client has one address everywhere.
"""

import ipaddress

from django.conf import settings


def _clean(address):
    """``address`` as a normalised IP address, or None if it is not one."""
    address = address.strip()
    if address.startswith("[") and "]" in address:  # [IPv6]:port
        address = address[1 : address.index("]")]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request):
    """The client's IP address for rate limits and records: never raises, never None.

    ``request`` is a Django ``HttpRequest`` (or DRF ``Request``, which passes ``META`` through).
    """
    meta = request.META
    remote = meta.get("REMOTE_ADDR") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if count > 0 and forwarded:
        addresses = forwarded.split(",")
        # Fewer entries than proxies means a proxy did not add its own: take the leftmost, as
        # DRF's get_ident does with NUM_PROXIES, so throttles and rate limits agree.
        chosen = _clean(addresses[-min(count, len(addresses))])
        if chosen:
            return chosen
    return _clean(remote) or remote or "unknown"
