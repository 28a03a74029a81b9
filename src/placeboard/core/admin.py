"""The Django admin, for superusers. Changes made here are audited too."""

from django.contrib import admin

from placeboard.core import audit
from placeboard.core.models import (
    Area,
    AreaSet,
    AuditEvent,
    Group,
    GroupMember,
    Organisation,
    Outcome,
    Partnership,
    PopulationGroup,
    Role,
    Theme,
)


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        fields = [f for f in form.changed_data if f in {fl.name for fl in obj._meta.get_fields()}]
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk), fields) if change else {}
        super().save_model(request, obj, form, change)

        def log():
            after = audit.snapshot(obj, fields)
            audit.record(request.user, "update" if change else "create", obj, audit.diff(before, after),
                         partnership=obj if isinstance(obj, Partnership) else getattr(obj, "partnership", None))

        request._placeboard_audit = log

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Logged after many-to-many fields are saved, so they show their new values.
        getattr(request, "_placeboard_audit", lambda: None)()

    def delete_model(self, request, obj):
        audit.record(request.user, "delete", obj,
                     partnership=None if isinstance(obj, Partnership) else getattr(obj, "partnership", None))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "slug", "place"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "sector", "partnership"]
    list_filter = ["partnership", "sector"]
    search_fields = ["name", "short_name"]


@admin.register(Group)
class GroupAdmin(AuditedAdmin):
    list_display = ["name", "kind", "parent", "partnership"]
    list_filter = ["partnership", "kind"]
    search_fields = ["name"]
    inlines = [GroupMemberInline]


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin):
    list_display = ["code", "name", "parent", "group", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["code", "name"]


@admin.register(Outcome)
class OutcomeAdmin(AuditedAdmin):
    list_display = ["code", "title", "theme", "lead_organisation", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["code", "title"]
    filter_horizontal = ["contributes_to"]


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ["name", "gss_code", "area_type", "parent", "partnership"]
    list_filter = ["partnership", "area_type"]
    search_fields = ["name", "gss_code"]


@admin.register(AreaSet)
class AreaSetAdmin(AuditedAdmin):
    list_display = ["name", "partnership"]
    filter_horizontal = ["areas"]


@admin.register(PopulationGroup)
class PopulationGroupAdmin(AuditedAdmin):
    list_display = ["name", "partnership"]


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    list_display = ["user", "kind", "partnership", "organisation", "group"]
    list_filter = ["partnership", "kind"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "object_type", "object_repr", "partnership"]
    list_filter = ["action", "object_type", "partnership"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
