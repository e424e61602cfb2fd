"""Commissioning's changes partner systems may subscribe to (webhooks): the public timeline."""

from django.utils.translation import gettext_lazy as _

from coordination.webhooks.registry import register_events

register_events(
    {
        "tender.create": _("A tender was added to the pipeline"),
        "tender.update": _("A tender's details changed"),
        "tender.stage": _("A tender moved to its next stage"),
        "tender.section_revise": _("The co-designed specification changed"),
        "tender.clarification_answer": _("A clarification was answered, for every bidder"),
        "tender.award": _("A tender was awarded"),
    }
)
