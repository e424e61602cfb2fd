"""{% post_readable post as readable %}: may the person viewing read a (possibly hidden) post's
words; {% post_placeholder post %}: what shows in its place."""

from django import template

from .. import moderation_display, permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def post_readable(context, post):
    return permissions.can_read_post(context["request"].user, post)


@register.simple_tag
def post_placeholder(post):
    return moderation_display.placeholder(post)
