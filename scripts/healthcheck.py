"""Container health check for the web service: GET /healthz on this host's gunicorn.

It asks as one of ALLOWED_HOSTS, so host validation does not turn the check into a 400; /healthz is
exempt from SECURE_SSL_REDIRECT (SECURE_REDIRECT_EXEMPT), so plain http on this host is enough.
"""

import os
import sys
import urllib.request

port = os.environ.get("PORT", "8000")
hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",")]
host = next((h for h in hosts if h and h != "*"), "localhost")
request = urllib.request.Request(  # noqa: S310 (a fixed http URL on this host)
    f"http://127.0.0.1:{port}/healthz", headers={"Host": host}
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        sys.exit(0 if response.status == 200 else 1)
except OSError as exc:
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
