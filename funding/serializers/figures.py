"""Figures and coordination: read-only views of the selectors' dataclasses.

Shares are given as percentages (0-100), null where there is no data yet.
"""

from rest_framework import serializers

from coordination.api.serializers import Serializer


def _pct(share):
    return None if share is None else round(share * 100, 1)


class SpendingYearSerializer(Serializer):
    """The awards decided in one calendar year, and those with a short spending period."""

    year = serializers.IntegerField()
    awards = serializers.IntegerField()
    short_term = serializers.IntegerField(source="short")
    short_term_share = serializers.SerializerMethodField()
    awarded_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    short_term_total = serializers.DecimalField(
        source="short_total", max_digits=14, decimal_places=2
    )

    def get_short_term_share(self, row) -> float | None:
        return _pct(row.short_share)


class FiguresSerializer(Serializer):
    """The published figures. Shares are percentages (0-100), null where there is no data yet."""

    awards = serializers.IntegerField()
    awarded_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    core_share = serializers.SerializerMethodField()
    core_value_share = serializers.SerializerMethodField()
    median_grant_months = serializers.FloatField(source="median_months", allow_null=True)
    local_embedded_share = serializers.SerializerMethodField()
    decided = serializers.IntegerField()
    declined = serializers.IntegerField()
    feedback_rate = serializers.SerializerMethodField()
    median_days_to_feedback = serializers.FloatField(source="median_feedback_days", allow_null=True)
    feedback_overdue = serializers.IntegerField()
    short_term_months = serializers.IntegerField(
        help_text="The place's threshold: a grant whose money must be spent in fewer months is "
        "short-term."
    )
    short_term_share = serializers.SerializerMethodField()
    short_term_value_share = serializers.SerializerMethodField()
    median_months_to_spend = serializers.FloatField(source="median_spend_months", allow_null=True)
    spending_by_year = SpendingYearSerializer(many=True)
    # Grant variations: requests to change a grant's purpose, period or budget.
    variations_requested = serializers.IntegerField()
    variations_decided = serializers.IntegerField()
    variations_approved = serializers.IntegerField()
    variations_approved_share = serializers.SerializerMethodField(
        help_text="Approved, as a percentage of the variations decided; null when none is decided."
    )
    median_days_to_decide_variation = serializers.FloatField(
        source="median_variation_days", allow_null=True
    )
    programmes = serializers.SerializerMethodField()

    def get_variations_approved_share(self, figures) -> float | None:
        return _pct(figures.variations_approved_share)

    def get_core_share(self, figures) -> float | None:
        return _pct(figures.core_share)

    def get_core_value_share(self, figures) -> float | None:
        return _pct(figures.core_value_share)

    def get_short_term_share(self, figures) -> float | None:
        return _pct(figures.short_share)

    def get_short_term_value_share(self, figures) -> float | None:
        return _pct(figures.short_value_share)

    def get_local_embedded_share(self, figures) -> float | None:
        return _pct(figures.local_share)

    def get_feedback_rate(self, figures) -> float | None:
        return _pct(figures.feedback_rate)

    def get_programmes(self, figures) -> list[dict]:
        return [
            {
                "id": programme.pk,
                "title": programme.title,
                "funder": programme.funder.name,
                "short_window": programme.short_window,
                "bids": submitted,
                "awarded": awarded,
                "declined": declined,
                "success_rate": _pct(rate),
            }
            for programme, submitted, awarded, declined, rate in figures.programmes
        ]


class BurdenFiguresSerializer(Serializer):
    """What applying asks: questions and documents per programme (the median programme), and
    the share (0-100) of documents sent with bids that the organisation already kept."""

    programmes = serializers.IntegerField()
    median_questions = serializers.FloatField(allow_null=True)
    median_documents = serializers.FloatField(allow_null=True)
    documents_sent = serializers.IntegerField()
    documents_reused = serializers.IntegerField()
    reused_share = serializers.SerializerMethodField()

    def get_reused_share(self, burden) -> float | None:
        return _pct(burden.reused_share)


class FunderFiguresSerializer(Serializer):
    id = serializers.IntegerField(source="funder.pk")
    name = serializers.CharField(source="funder.name")
    figures = FiguresSerializer()
    burden = BurdenFiguresSerializer()


class PlaceFiguresSerializer(Serializer):
    place = FiguresSerializer()
    burden = BurdenFiguresSerializer()
    funders = FunderFiguresSerializer(many=True)


class FlagSerializer(Serializer):
    kind = serializers.ChoiceField(
        choices=[
            ("same_purpose", "Same purpose from two funders"),
            ("awards_overlap", "Awards from two funders overlap in time"),
        ]
    )
    organisation = serializers.CharField(source="organisation.name")
    bids = serializers.SerializerMethodField()
    themes = serializers.ListField(child=serializers.CharField())
    similarity = serializers.SerializerMethodField(
        help_text="The share of their titles' and summaries' words the two bids have in common, "
        "0-100."
    )

    def get_similarity(self, flag) -> float:
        return _pct(flag.similarity)

    def get_bids(self, flag) -> list[int]:
        return [bid.pk for bid in flag.bids]


class UnmetNeedSerializer(Serializer):
    id = serializers.IntegerField()
    summary = serializers.CharField()
    area = serializers.CharField(source="area.name")
    theme = serializers.CharField(source="theme.name")


class CoordinationSerializer(Serializer):
    flags = FlagSerializer(many=True)
    unmet_needs = UnmetNeedSerializer(many=True)
