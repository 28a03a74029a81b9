"""Views for partnerships and their framework. Each fetches protected objects
only through the gatekeepers in placeboard.core.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, ProtectedError, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from placeboard.core import audit, postcodes, services
from placeboard.core.access import (
    get_manager_access,
    get_object_for_user,
    get_partnership_for_user,
    partnerships_for_user,
)
from placeboard.core.audit_filters import AuditFilterForm, filter_events, page_of, parse_cursor
from placeboard.core.forms import GroupMemberForm, PartnershipForm, PostcodeUploadForm, RoleForm
from placeboard.core.framework import KINDS, build_tree, detail_rows, get_kind, related_sections
from placeboard.core.models import (
    Area,
    AreaPostcode,
    AuditEvent,
    Group,
    GroupMember,
    Organisation,
    Partnership,
    Role,
    Theme,
)
from placeboard.core.panels import framework_detail as detail_sections  # an outcome's indicators, from performance
from placeboard.core.panels import home_sections  # each role's own work, from the apps that know it
from placeboard.core.panels import partnership_home as home_panels  # the RAG counts, from performance


def home(request):
    """Signed-in people see their partnerships; visitors see the public index."""
    if not request.user.is_authenticated:
        return public_index(request)
    partnerships = partnerships_for_user(request.user)
    return render(request, "core/home.html", {"partnerships": partnerships})


def public_index(request):
    return render(request, "core/public_index.html", {"partnerships": Partnership.objects.all()})


def public_partnership(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    themes = list(Theme.objects.filter(partnership=partnership).prefetch_related("outcomes"))
    organisations = Organisation.objects.filter(partnership=partnership)
    return render(
        request,
        "core/public_partnership.html",
        {"partnership": partnership, "theme_tree": build_tree(themes), "organisations": organisations},
    )


@login_required
def partnership_home(request, slug):
    access = get_partnership_for_user(request, slug)
    partnership = access.partnership
    themes = list(
        Theme.objects.filter(partnership=partnership).select_related("group").prefetch_related("outcomes")
    )
    counts = []
    for kind in KINDS:
        counts.append((kind, kind.model.objects.filter(partnership=partnership).count()))

    return render(
        request,
        "core/partnership_home.html",
        {
            "access": access,
            "partnership": partnership,
            "theme_tree": build_tree(themes),
            "counts": counts,
            # What each of the person's roles came for (figures due, task updates, their board), before the
            # partnership's performance that everyone sees (issue 15.14).
            "sections": sorted(home_sections.sections(access, partnership), key=lambda s: s["order"]),
            **home_panels.context(partnership),
            "recent_changes": AuditEvent.objects.filter(partnership=partnership).select_related("user")[:5]
            if access.can_manage
            else [],
        },
    )


def _filter_options(kind, partnership, name):
    field = kind.model._meta.get_field(name)
    if field.is_relation:
        return [(str(o.pk), str(o)) for o in field.related_model.objects.filter(partnership=partnership)]
    return [(str(value), label) for value, label in field.choices]


@login_required
def framework_list(request, slug, kind_slug):
    access = get_partnership_for_user(request, slug)
    kind = get_kind(kind_slug)
    qs = kind.queryset(access.partnership)
    query = request.GET.get("q", "").strip()
    filters = []
    active = False
    for name in kind.filters:
        value = request.GET.get(name, "")
        options = _filter_options(kind, access.partnership, name)
        if value and value in {o[0] for o in options}:
            qs = qs.filter(**{f"{name}_id" if kind.model._meta.get_field(name).is_relation else name: value})
            active = True
        filters.append(
            {"name": name, "label": kind.model._meta.get_field(name).verbose_name.capitalize(),
             "options": options, "value": value}
        )
    if query:
        text_fields = [f for f in ("name", "title", "code", "gss_code", "short_name")
                       if f in {fl.name for fl in kind.model._meta.fields}]
        condition = Q()
        for name in text_fields:
            condition |= Q(**{f"{name}__icontains": query})
        qs = qs.filter(condition)
        active = True
    objects = list(qs)
    rows = [(obj, [_cell(obj, path) for _, path in kind.columns]) for obj in objects]
    tree = None
    if kind.tree and not active:
        by_id = {obj.pk: cells for obj, cells in rows}
        tree = _tree_rows(build_tree(objects), by_id)
    return render(
        request,
        "core/framework_list.html",
        {
            "access": access,
            "partnership": access.partnership,
            "kind": kind,
            "rows": rows,
            "tree_rows": tree,
            "query": query,
            "filters": filters,
            "filtered": active,
        },
    )


def _tree_rows(tree, cells_by_id, depth=0):
    rows = []
    for obj, children in tree:
        rows.append((obj, cells_by_id[obj.pk], depth))
        rows.extend(_tree_rows(children, cells_by_id, depth + 1))
    return rows


def _cell(obj, path):
    value = getattr(obj, path)
    if callable(value):
        value = value()
    return "" if value is None else value


@login_required
def framework_detail(request, slug, kind_slug, pk):
    kind = get_kind(kind_slug)
    access, obj = get_object_for_user(request, slug, kind.detail_queryset(), pk)
    partnership = access.partnership
    context = {
        "access": access,
        "partnership": partnership,
        "kind": kind,
        "object": obj,
        "rows": detail_rows(obj, kind, partnership),
        "related": related_sections(obj, kind, partnership),
        "can_change": access.can_change(obj),
        # What higher apps add, such as an outcome's indicators and actions (performance.panels)
        "sections": detail_sections.sections(obj, partnership),
    }
    if isinstance(obj, Group):
        context["members"] = obj.members.select_related("organisation")
    return render(request, "core/framework_detail.html", context)


@login_required
def framework_create(request, slug, kind_slug):
    kind = get_kind(kind_slug)
    access = get_manager_access(request, slug)
    form = kind.form_class(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        obj = audit.save_form(form, request.user)
        messages.success(request, f"Added {kind.singular} {obj}.")
        return redirect(obj.get_absolute_url())
    return render(
        request,
        "core/framework_form.html",
        {"access": access, "partnership": access.partnership, "kind": kind, "form": form, "object": None},
    )


@login_required
def framework_edit(request, slug, kind_slug, pk):
    kind = get_kind(kind_slug)
    access, obj = get_object_for_user(request, slug, kind.model.objects, pk, change=True)
    form = kind.form_class(request.POST or None, instance=obj, partnership=access.partnership)
    if not access.can_manage:
        form.fields.pop("public", None)  # only officers publish a theme (docs/public-performance.md)
    if request.method == "POST" and form.is_valid():
        changed = form.has_changed()
        obj = audit.save_form(form, request.user)
        messages.success(request, f"Saved {kind.singular} {obj}." if changed else "Nothing was changed.")
        return redirect(obj.get_absolute_url())
    return render(
        request,
        "core/framework_form.html",
        {"access": access, "partnership": access.partnership, "kind": kind, "form": form, "object": obj},
    )


def _describe_protected(exc):
    by_type = {}
    for item in exc.protected_objects:
        by_type.setdefault(item._meta.verbose_name_plural, []).append(str(item))
    parts = []
    for type_name, names in by_type.items():
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        parts.append(f"{len(names)} {type_name} ({shown})")
    return "; ".join(parts)


@login_required
def framework_delete(request, slug, kind_slug, pk):
    kind = get_kind(kind_slug)
    access = get_manager_access(request, slug)
    obj = get_object_or_404(kind.model, partnership=access.partnership, pk=pk)
    error = None
    if request.method == "POST":
        description = str(obj)
        try:
            audit.delete(obj, request.user, changes=audit.diff({}, audit.snapshot(obj, kind.form_class.Meta.fields)))
        except ProtectedError as exc:
            error = f"{description} cannot be deleted because these still refer to it: {_describe_protected(exc)}. Change or delete them first."
        else:
            messages.success(request, f"Deleted {kind.singular} {description}.")
            return redirect("framework_list", slug, kind.slug)
    return render(
        request,
        "core/framework_confirm_delete.html",
        {"access": access, "partnership": access.partnership, "kind": kind, "object": obj, "error": error},
        status=409 if error else 200,
    )


@login_required
def group_member_add(request, slug, pk):
    access, group = get_object_for_user(request, slug, Group.objects, pk, change=True)
    form = GroupMemberForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        member = audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, f"Added {member} to {group}.")
        return redirect(group.get_absolute_url())
    return render(
        request,
        "core/group_member_form.html",
        {"access": access, "partnership": access.partnership, "group": group, "form": form},
    )


@login_required
@require_POST
def group_member_remove(request, slug, pk, member_pk):
    access, group = get_object_for_user(request, slug, Group.objects, pk, change=True)
    member = get_object_or_404(GroupMember, group=group, pk=member_pk)
    audit.delete(member, request.user, partnership=access.partnership)
    messages.success(request, f"Removed {member} from {group}.")
    return redirect(group.get_absolute_url())


@login_required
def audit_log(request, slug):
    """The log newest first, filtered by GET parameters; a bad filter shows its error and no rows."""
    access = get_manager_access(request, slug)
    form = AuditFilterForm(request.GET or None, partnership=access.partnership)
    events = AuditEvent.objects.filter(partnership=access.partnership).select_related("user")
    page = None
    if not form.is_bound or form.is_valid():
        if form.is_bound:
            events = filter_events(events, form.cleaned_data)
        page = page_of(events, before=parse_cursor(request.GET.get("before")),
                       after=parse_cursor(request.GET.get("after")))
    filtered = form.is_bound and any(request.GET.get(name) for name in form.fields)
    return render(
        request,
        "core/audit_log.html",
        {"access": access, "partnership": access.partnership, "form": form, "page": page, "filtered": filtered},
    )


@login_required
def people(request, slug):
    access = get_manager_access(request, slug)
    form = RoleForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        role = services.give_role(request.user, form, access.partnership)
        messages.success(request, f"Gave {role.user.get_username()} the role {role}.")
        return redirect("people", slug)
    roles = Role.objects.filter(partnership=access.partnership).select_related("user", "organisation", "group")
    return render(
        request,
        "core/people.html",
        {"access": access, "partnership": access.partnership, "roles": roles, "form": form},
    )


@login_required
@require_POST
def role_remove(request, slug, pk):
    access = get_manager_access(request, slug)
    role = get_object_or_404(Role, partnership=access.partnership, pk=pk)
    services.remove_role(request.user, role, access.partnership)
    messages.success(request, f"Removed the role {role} from {role.user.get_username()}.")
    return redirect("people", slug)


@login_required
def partnership_settings(request, slug):
    access = get_manager_access(request, slug)
    partnership = access.partnership
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        audit.save_form(form, request.user, partnership=partnership)
        messages.success(request, "Saved the partnership's settings.")
        return redirect("partnership_home", slug)
    return render(request, "core/partnership_settings.html",
                  {"access": access, "partnership": partnership, "form": form})


POSTCODES_SHOWN = 10


@login_required
def area_postcodes(request, slug, pk):
    """An area's postcode list: how many, the first few, and importing a new list from CSV."""
    access = get_manager_access(request, slug)
    area = get_object_or_404(Area, partnership=access.partnership, pk=pk)
    form = PostcodeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        parsed = form.postcode_list
        before, after = postcodes.replace_area_postcodes(area, parsed.postcodes, request.user)
        repeated = parsed.rows - after
        messages.success(
            request,
            f"Imported {after:,} postcode{'s' if after != 1 else ''} for {area.name} from {form.filename} "
            f"(there were {before:,})."
            + (f" {repeated:,} row{'s' if repeated != 1 else ''} repeated a postcode given earlier in the file."
               if repeated else ""),
        )
        return redirect("area_postcodes", slug, area.pk)
    # One grouped count for the partnership rather than an IN list of every area below (a county has hundreds).
    counts = dict(AreaPostcode.objects.filter(area__partnership=access.partnership).order_by()
                  .values_list("area_id").annotate(n=Count("pk")))
    # Postcodes of the areas below count too when a round checks a voter (postcodes.postcode_in_area).
    below = postcodes.area_ids_within(area) - {area.pk}
    return render(
        request,
        "core/area_postcodes.html",
        {
            "access": access,
            "partnership": access.partnership,
            "area": area,
            "form": form,
            "count": counts.get(area.pk, 0),
            "first": list(area.postcodes.values_list("postcode", flat=True)[:POSTCODES_SHOWN]),
            "below_areas": len(below),
            "below_count": sum(counts.get(pk, 0) for pk in below),
        },
    )
