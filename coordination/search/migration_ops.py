"""Migration operations that touch the database on one vendor only, keeping the model state the
same everywhere (PostgreSQL's indexes and extension; SQLite's FTS5 table)."""

from django.db.migrations.operations.base import Operation


class OnVendor(Operation):
    """Run ``operation`` against the database only on ``vendor``; its state changes apply always."""

    reduces_to_sql = False

    def __init__(self, vendor, operation):
        self.vendor = vendor
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.vendor, self.operation], {})

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"On {self.vendor} only: {self.operation.describe()}"

    @property
    def reversible(self):
        return getattr(self.operation, "reversible", True)
