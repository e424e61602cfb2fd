"""Partner API keys a person made: kept on closing (the place's partners rely on them), shown as
made by "Former member". Never the key itself, which is not kept."""

from coordination.personal_data.registry import model_data

ENTRIES = (
    model_data(
        "api.partner_keys_made",
        "api.PartnerKey",
        ["created_by"],
        ("id", "place_id", "name", "prefix", "scopes", "created_at", "revoked_at"),
    ),
)
