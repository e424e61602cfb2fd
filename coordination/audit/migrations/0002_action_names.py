"""Audit actions take the `<app>.<entity>.<verb>` names (coordination/audit/names.py): every
stored entry is renamed, one UPDATE per name. The table is frozen here, as it was when renamed."""

from django.db import migrations

RENAMED = {
    "board.create": "boards.board.create",
    "board.update": "boards.board.update",
    "board.membership_add": "boards.membership.add",
    "board.membership_update": "boards.membership.update",
    "board.membership_end": "boards.membership.end",
    "calendar.reset": "boards.calendar.reset",
    "meeting.create": "boards.meeting.create",
    "meeting.update": "boards.meeting.update",
    "meeting.cancel": "boards.meeting.cancel",
    "meeting.register": "boards.meeting.register",
    "meeting.agenda_item_add": "boards.agenda_item.add",
    "meeting.agenda_item_update": "boards.agenda_item.update",
    "meeting.agenda_item_move": "boards.agenda_item.move",
    "meeting.agenda_item_remove": "boards.agenda_item.remove",
    "meeting.attendance": "boards.attendance.record",
    "meeting.rota": "boards.rota.assign",
    "meeting.question": "boards.question.ask",
    "meeting.paper_upload": "boards.paper.upload",
    "meeting.minutes_publish": "boards.minutes.publish",
    "meeting.minutes_draft": "boards.minutes.draft",
    "meeting.decision": "boards.decision.record",
    "meeting.declaration": "boards.declaration.record",
    "meeting.vote": "boards.vote.cast",
    "action.create": "boards.action.create",
    "action.edit": "boards.action.update",
    "action.update": "boards.action.progress",
    "report_back.submit": "boards.report_back.submit",
    "report_back.respond": "boards.report_back.respond",
    "report_back.due": "boards.report_back.reschedule",
    "report_back.dropped": "boards.report_back.drop",
    "proposal.create": "boards.proposal.create",
    "proposal.support": "boards.proposal.support",
    "proposal.answer": "boards.proposal.answer",
    "funding.bid.attachments_add": "funding.attachment.add",
    "funding.bid.attachment_remove": "funding.attachment.remove",
    "tender.create": "commissioning.tender.create",
    "tender.update": "commissioning.tender.update",
    "tender.stage": "commissioning.tender.stage",
    "tender.award": "commissioning.tender.award",
    "tender.lot_add": "commissioning.lot.add",
    "tender.lot_update": "commissioning.lot.update",
    "tender.lot_remove": "commissioning.lot.remove",
    "tender.criterion_add": "commissioning.criterion.add",
    "tender.criterion_update": "commissioning.criterion.update",
    "tender.criterion_remove": "commissioning.criterion.remove",
    "tender.demand_add": "commissioning.demand.add",
    "tender.section_add": "commissioning.section.add",
    "tender.section_revise": "commissioning.section.revise",
    "tender.comment_add": "commissioning.comment.add",
    "tender.comment_respond": "commissioning.comment.respond",
    "tender.co_design_join": "commissioning.co_design.join",
    "tender.session_record": "commissioning.session.record",
    "tender.session_update": "commissioning.session.update",
    "tender.interest": "commissioning.interest.register",
    "tender.invite": "commissioning.invitation.create",
    "tender.clarification_ask": "commissioning.clarification.ask",
    "tender.clarification_answer": "commissioning.clarification.answer",
    "tender.submit": "commissioning.submission.submit",
    "tender.withdraw": "commissioning.submission.withdraw",
    "tender.score": "commissioning.submission.score",
    "tender.feedback": "commissioning.submission.feedback",
    "service.create": "mapping.service.create",
    "service.update": "mapping.service.update",
    "service.verify": "mapping.service.verify",
    "service.remove": "mapping.service.remove",
    "need.create": "mapping.need.create",
    "need.update": "mapping.need.update",
    "need.remove": "mapping.need.remove",
    "asset.create": "mapping.asset.create",
    "asset.update": "mapping.asset.update",
    "asset.remove": "mapping.asset.remove",
    "impact.record": "mapping.impact.record",
    "import.check": "mapping.import.check",
    "import.queue": "mapping.import.queue",
    "import.commit": "mapping.import.commit",
    "theme.add": "vocabularies.theme.add",
    "community.add": "vocabularies.community.add",
    "place.create": "places.place.create",
    "area.create": "places.area.create",
    "organisation.create": "organisations.organisation.create",
    "organisation.update": "organisations.organisation.update",
    "invitation.create": "accounts.invitation.create",
    "invitation.accept": "accounts.invitation.accept",
    "invitation.revoke": "accounts.invitation.revoke",
    "membership.join": "accounts.membership.join",
    "membership.update": "accounts.membership.update",
    "membership.end": "accounts.membership.end",
    "partner_key.create": "api.partner_key.create",
    "partner_key.revoke": "api.partner_key.revoke",
    "webhook.create": "webhooks.subscription.create",
    "webhook.pause": "webhooks.subscription.pause",
    "webhook.resume": "webhooks.subscription.resume",
    "webhook.delete": "webhooks.subscription.delete",
    "notifications.outbox_retry": "notifications.email.retry",
    "notifications.preferences": "notifications.preferences.update",
    "notifications.unsubscribe": "notifications.preferences.unsubscribe",
}


def rename(apps, schema_editor, names=RENAMED):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for old, new in names.items():
        AuditEntry.objects.filter(action=old).update(action=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, names={new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(rename, rename_back)]
