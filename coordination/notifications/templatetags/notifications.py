"""Template filters for notification emails."""

from django import template

from coordination.notifications.emails import absolute_url as _absolute_url

register = template.Library()


@register.filter
def absolute_url(url):
    """A link that works from an email: a path on this site gets SITE_URL in front."""
    return _absolute_url(url)


@register.filter
def underline(text):
    """A line of "-" as long as the text, to underline a heading in a plain-text email."""
    return "-" * len(str(text))
