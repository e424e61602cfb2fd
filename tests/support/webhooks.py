"""A real HTTP receiver on loopback that records what it is sent and answers as told; and
``build_webhooks``, place A's subscriptions for the isolation walk."""

import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from coordination.organisations.services import organisation_create
from coordination.webhooks.services import subscription_create


class Receiver:
    def __init__(self, *, tls=None, hostname="127.0.0.1"):
        """``tls``: (certificate, key) paths to answer https; ``hostname``: the name in ``url``."""
        self.received = []  # (headers dict, raw body bytes)
        self.answers = []  # status codes to answer with, in turn; then 200
        self.server_names = []  # the TLS SNI of each connection that reached this receiver
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append((dict(self.headers), body))
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", f"{receiver.url}/moved")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        scheme = "http"
        if tls:
            scheme = "https"
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*tls)
            context.sni_callback = lambda _sock, name, _context: self.server_names.append(name)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = f"{scheme}://{hostname}:{self.server.server_port}/hooks/inplace"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def payloads(self):
        return [json.loads(body) for _headers, body in self.received]


def build_webhooks(place, actor, n):
    for i in range(n):
        subscription_create(
            place=place,
            actor=actor,
            name=f"Quokka receiver {i}",
            url=f"https://quokka-{i}.example/hooks",
            events=["organisations.organisation.create"],
        )
    organisation_create(place=place, actor=actor, name="Quokka Webhook Trust", kind="cio")
