"""What practice notes plug into the core: the news people are told of."""

from django.utils.translation import gettext_lazy

from coordination.notifications.registry import NewsKind, register_news
from coordination.personal_data.registry import register_personal_data

from . import personal_data
from .news import NOTE_CHANGED, NOTE_FOLLOWED

register_news(
    NewsKind(
        kind=NOTE_CHANGED,
        label=gettext_lazy("A note of what worked that you follow changes"),
        description=gettext_lazy(
            "When the place that wrote a note you are trying updates it or adds figures."
        ),
        order=300,
    )
)

register_news(
    NewsKind(
        kind=NOTE_FOLLOWED,
        label=gettext_lazy("A place starts trying a note of what worked here"),
        description=gettext_lazy(
            "For the people who write notes of what worked: when someone in another place "
            "follows one of this place's notes."
        ),
        order=310,
    )
)

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)
