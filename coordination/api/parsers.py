"""The API's JSON parser: DRF's, refusing JSON nested deeper than API_JSON_MAX_DEPTH levels.

Python's json module would otherwise recurse until RecursionError (a 500) on ``[[[[...]]]]``; here
it is a 400 ``parse_error`` in the API's shape. The size of a body is bounded before any parser
runs: DRF reads it through Django's ``request.body``, which refuses more than
DATA_UPLOAD_MAX_MEMORY_SIZE bytes (a 413, coordination.views.bad_request).
"""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from coordination.jsonlimits import TooDeep, check_depth


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read()
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            check_depth(raw.decode(encoding), settings.API_JSON_MAX_DEPTH)
        except TooDeep as exc:
            raise ParseError(
                _("JSON nested more than %(depth)s levels deep is not accepted.")
                % {"depth": exc.max_depth}
            ) from exc
        except (LookupError, UnicodeError) as exc:
            raise ParseError(
                _("The request body is not text in %(encoding)s.") % {"encoding": encoding}
            ) from exc
        return super().parse(io.BytesIO(raw), media_type, parser_context)
