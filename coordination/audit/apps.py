from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "coordination.audit"
    label = "audit"
    verbose_name = "Audit trail"
