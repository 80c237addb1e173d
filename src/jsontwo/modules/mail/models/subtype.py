"""mail.message.subtype: what a message is about (a discussion, an internal note, a
confirmed order...), which followers choose to be notified of."""

from __future__ import annotations

from jsontwo.orm import fields, models


class MessageSubtype(models.Model):
    """A kind of message; followers of a record subscribe to some kinds."""

    _name = "mail.message.subtype"
    _description = "Message subtypes"
    _order = "sequence, id"

    name = fields.Char(
        "Message Type",
        required=True,
        translate=True,
        help="Message subtype gives a more precise type on the message, especially "
        "for system notifications. For example, it can be a notification related to "
        "a new record (New), or to a stage change in a process (Stage change). "
        "Message subtypes allow to precisely tune the notifications the user want "
        "to receive on its wall.",
    )
    description = fields.Text(
        "Description",
        translate=True,
        help="Description that will be added in the message posted for this subtype. "
        "If void, the name will be added instead.",
    )
    internal = fields.Boolean(
        "Internal Only",
        help="Messages with internal subtypes will be visible only by employees, "
        "aka members of base_user group",
    )
    parent_id = fields.Many2one(
        "mail.message.subtype",
        string="Parent",
        ondelete="set null",
        help="Parent subtype, used for automatic subscription. This field is not "
        "correctly named. For example on a project, the parent_id of project "
        "subtypes refers to task-related subtypes.",
    )
    relation_field = fields.Char(
        "Relation field",
        help="Field used to link the related model to the subtype model when using "
        "automatic subscription on a related document. The field is used to compute "
        "getattr(related_document.relation_field).",
    )
    res_model = fields.Char(
        "Model", help="Model the subtype applies to. If False, this subtype applies to all models."
    )
    default = fields.Boolean("Default", default=True, help="Activated by default when subscribing.")
    sequence = fields.Integer("Sequence", default=1, help="Used to order subtypes.")
    hidden = fields.Boolean("Hidden", help="Hide the subtype in the follower options")
    track_recipients = fields.Boolean(
        "Track Recipients",
        help="Whether to display all the recipients or only the important ones.",
    )

    def _default_subtypes(self, model_name: str) -> tuple[list[int], list[int]]:
        """The subtypes a new follower of a ``model_name`` record gets: all the
        default ones (for an internal user), and the external ones among them (for
        anyone else)."""
        found = (
            self.sudo()
            .search(
                [
                    ["default", "=", True],
                    "|",
                    ["res_model", "=", model_name],
                    ["res_model", "=", False],
                ]
            )
            .read(["internal"])
        )
        return [row["id"] for row in found], [row["id"] for row in found if not row["internal"]]
