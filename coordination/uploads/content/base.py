"""What every check shares: the refusal, the shape of a format, and the first bytes that say
what a file is before any check of its own."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Refused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = str(reason)


@dataclass(frozen=True)
class Kind:
    """One format: its short label in a list of what is allowed, what it is called in a sentence,
    its media type, the file name endings it may carry, and the check of its content."""

    key: str
    label: object
    description: object
    mime: str
    extensions: tuple
    check: object = field(compare=False, repr=False)


# Programs and scripts, by their first bytes.
PROGRAM_MAGIC = (
    (b"MZ", gettext_lazy("is a Windows program")),
    (b"\x7fELF", gettext_lazy("is a program")),
    (b"\xfe\xed\xfa\xce", gettext_lazy("is a program")),
    (b"\xfe\xed\xfa\xcf", gettext_lazy("is a program")),
    (b"\xce\xfa\xed\xfe", gettext_lazy("is a program")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("is a program")),
    (b"\xca\xfe\xba\xbe", gettext_lazy("is a program")),
    (b"#!", gettext_lazy("is a script")),
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def trailing(what):
    return Refused(_("is %(what)s with other data hidden after its end") % {"what": what})
