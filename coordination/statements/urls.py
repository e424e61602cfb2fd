"""Routes under /<place>/statements/: each statement, its versions, and its admins' forms.

Each statement has its own routes (the kind is given to the view, not read from the address), so
an address names only statements that exist.
"""

from django.urls import path

from . import views
from .models import Kind

app_name = "statements"

urlpatterns = [
    path("", views.StatementListView.as_view(), name="list"),
    path("contacts/", views.ContactsView.as_view(), name="contacts"),
]
for kind in Kind:
    urlpatterns += [
        path(f"{kind}/", views.PlaceStatementView.as_view(), {"kind": kind.value}, name="show"),
        path(f"{kind}/edit/", views.StatementEditView.as_view(), {"kind": kind.value}, name="edit"),
        path(f"{kind}/history/", views.HistoryView.as_view(), {"kind": kind.value}, name="history"),
        path(
            f"{kind}/versions/<int:pk>/",
            views.VersionView.as_view(),
            {"kind": kind.value},
            name="version",
        ),
    ]
