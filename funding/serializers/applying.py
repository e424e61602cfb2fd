"""API representations of applying once: a programme's questions and documents, a bid's
application (its answers and the documents filling what the programme asks for), and the changes
to them."""

from django.urls import reverse
from rest_framework import serializers

from coordination.api.serializers import ModelSerializer, Serializer
from coordination.organisations.models import DocumentKind

from ..models import MAX_WORD_LIMIT, ProgrammeQuestion


class ProgrammeQuestionSerializer(ModelSerializer):
    class Meta:
        model = ProgrammeQuestion
        fields = ["id", "position", "text", "hint", "word_limit", "required"]
        read_only_fields = ["id", "position"]
        extra_kwargs = {"word_limit": {"min_value": 1, "max_value": MAX_WORD_LIMIT}}


class QuestionRemoveSerializer(Serializer):
    question = serializers.IntegerField(help_text="Id of the question to take off the programme.")


class RequirementSerializer(Serializer):
    kind = serializers.ChoiceField(
        choices=DocumentKind.choices, help_text="The kind of standard document."
    )


class AnswerInSerializer(Serializer):
    question = serializers.IntegerField(help_text="Id of one of the programme's questions.")
    text = serializers.CharField(
        max_length=20_000, allow_blank=True, help_text="The answer, within the word limit."
    )


class AnswersSerializer(Serializer):
    answers = AnswerInSerializer(many=True, help_text="Answers to save (others stay as they are).")


class AnswerRowSerializer(Serializer):
    question = serializers.IntegerField(source="question.pk", read_only=True)
    text = serializers.CharField(source="question.text", read_only=True, max_length=300)
    required = serializers.BooleanField(source="question.required", read_only=True)
    word_limit = serializers.IntegerField(source="question.word_limit", read_only=True)
    answer = serializers.CharField(source="text", read_only=True, max_length=20_000)
    missing = serializers.BooleanField(read_only=True)


class DocumentRowSerializer(Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices, read_only=True)
    title = serializers.SerializerMethodField()
    uploaded_at = serializers.SerializerMethodField()
    missing = serializers.BooleanField(read_only=True)
    download = serializers.SerializerMethodField(
        help_text="Once submitted: the version the bid went with (signed-in browser session)."
    )

    def get_title(self, row) -> str | None:
        return row.document.title if row.document else None

    def get_uploaded_at(self, row) -> str | None:
        return row.document.uploaded_at.isoformat() if row.document else None

    def get_download(self, row) -> str | None:
        if row.link is None:
            return None
        path = reverse(
            "places:funding:bid_document_download",
            kwargs={"place_slug": self.context["place"].slug, "pk": row.link.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ApplicationSerializer(Serializer):
    """What the programme asks of a bid and what it has given so far."""

    answers = AnswerRowSerializer(many=True, read_only=True)
    documents = DocumentRowSerializer(many=True, read_only=True)
    missing = serializers.SerializerMethodField(
        help_text="What submitting would refuse: question_<id> and document_<kind>, each with "
        "the question or the document."
    )

    def get_missing(self, application) -> dict[str, str]:
        return application.missing()
