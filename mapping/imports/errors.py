"""A file that cannot be read as a whole, and the messages that say why and what to do."""

from django.utils.translation import gettext as _


class ImportFileError(Exception):
    """The file as a whole cannot be read: the messages say why and what to do."""

    def __init__(self, *messages):
        super().__init__(" ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


def thousands(number):
    return format(number, ",")


def too_many_rows(max_rows):
    return ImportFileError(
        _(
            "The file has more than %(max)s rows; import at most %(max)s at a time. Split it into parts."
        )
        % {"max": thousands(max_rows)}
    )
