from django.contrib import admin

from .models import PracticeFigure, PracticeFollow, PracticeNote


class FigureInline(admin.TabularInline):
    model = PracticeFigure
    extra = 0


@admin.register(PracticeNote)
class PracticeNoteAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "status", "published_at"]
    list_filter = ["place", "status"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["author", "theme"]
    inlines = [FigureInline]


@admin.register(PracticeFollow)
class PracticeFollowAdmin(admin.ModelAdmin):
    list_display = ["note", "place", "user", "created_at"]
    list_filter = ["place"]
    raw_id_fields = ["note", "user"]
