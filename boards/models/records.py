"""What the permanent records of a meeting share (declarations of interest, votes, decisions):
they outlive the people in them, are corrected by amendment rather than edited or deleted, and
a withdrawn one stays listed with its history."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberOnRecord(models.Model):
    """The member a record names (``member``, kept null when the account is erased), with their
    name as recorded: a person who leaves the board is shown as a former member, and one whose
    account is gone as "Former member"."""

    member_name = models.CharField(_("name as recorded"), max_length=150, blank=True)

    class Meta:
        abstract = True

    def record_board_id(self):
        raise NotImplementedError

    @property
    def member_label(self):
        """The member as the minutes show them now."""
        if self.member_id is None:
            return str(_("Former member"))
        name = self.member_name or self.member.name
        current = getattr(self, "member_is_current", None)
        if current is None:
            from .boards import BoardMembership

            current = (
                BoardMembership.objects.for_place(self.place_id)
                .current()
                .filter(board_id=self.record_board_id(), user_id=self.member_id)
                .exists()
            )
        if not current:
            return str(_("%(name)s (former member)") % {"name": name})
        return name
