"""Generic views every domain app subclasses declaratively (NetBox style).

Access is checked once, here: the model permission decides 403, `visible_to(user)` decides
which rows exist for the user (404 otherwise). Writes go through the app's service functions,
which check that the object is still in the user's scope after the save.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Prefetch
from django.db.models.deletion import ProtectedError
from django.dispatch import receiver
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from . import panels
from .api.pagination import BoundedLazyPaginator
from .excel import Column, xlsx_response
from .forms import style_widgets
from .history import object_history, stamp
from .models import url_name
from .scope import access_object, access_object_from
from .services import SERVICE_ROLES, DeclaredServices, model_perm


def service_kwarg(view: Any, model: type[models.Model]) -> str:
    """The keyword under which a view or viewset hands the object to its services (`service_kwarg`, else the
    model name: `project_update(*, project=…)`)."""
    return getattr(view, "service_kwarg", None) or str(model._meta.model_name)


def save_through_services(view: Any, model: type[models.Model], obj: Any, data: Any, actor: Any) -> Any:
    """Create (`obj` None) or update through the view's services; a view with only an update service
    (a `<thing>_save(*, <kwarg>=obj, data, actor)`) hands it a new object to create."""
    if obj is None and view.create_service is not None:
        return view.create_service(data=data, actor=actor)
    return view.update_service(
        **{service_kwarg(view, model): obj if obj is not None else model()}, data=data, actor=actor
    )


def optional_reverse(model: type[models.Model], action: str, *args: Any) -> str | None:
    try:
        return reverse(url_name(model, action), args=args)
    except NoReverseMatch:
        return None


class ModelPermissionMixin(PermissionRequiredMixin):
    """403 unless the user has `<app>.<action>_<model>` (`model_perm`, as the services ask); the action is a class
    attribute."""

    model: type[models.Model] = None  # type: ignore[assignment]  # set by the subclass or by `as_view(model=…)`
    action: ClassVar[str] = "view"
    raise_exception = True

    def get_permission_required(self) -> Sequence[str]:
        return [model_perm(self.model, self.action)]


class ScopedQuerysetMixin:
    """The rows this user may see; `related` lists select_related paths for list and detail."""

    model: type[models.Model]
    request: HttpRequest
    related: ClassVar[Sequence[str]] = ()
    prefetch: ClassVar[Sequence[str | Prefetch]] = ()

    def get_queryset(self) -> models.QuerySet[Any]:
        qs = self.model._default_manager.visible_to(self.request.user)  # type: ignore[attr-defined]
        if self.related:
            qs = qs.select_related(*self.related)
        if self.prefetch:
            qs = qs.prefetch_related(*self.prefetch)
        return qs


def may_open(user: Any, url: str) -> bool:
    """Whether the view behind `url` would let the user in (its own permission check, not a guess from the
    model's add permission): a button or menu entry is shown only when it does not lead to a 403 or a 404.
    A view whose page exists only for some users says so in a class method `opens_for(user)` (the enterprise
    user's own policies page has nothing to show staff without an enterprise in the address)."""
    requirements = view_requirements(url.split("?", 1)[0])
    if requirements is None:
        return False
    opens_for, required = requirements
    if opens_for is not None and not opens_for(user):
        return False
    return not required or bool(user.has_perms(required))


@functools.lru_cache(maxsize=4096)
def view_requirements(path: str) -> tuple[Any, tuple[str, ...]] | None:
    """What the view behind `path` asks of a user: its `opens_for` (or None) and the permissions it requires;
    None when no view answers the path. Independent of the user, so kept per path: every page draws the
    navigation, and resolving its fifty entries again on every request cost a fifth of a list page's CPU."""
    from django.core.exceptions import ImproperlyConfigured
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None:
        return None, ()
    opens_for = getattr(view_class, "opens_for", None)
    if not hasattr(view_class, "get_permission_required"):
        return opens_for, ()
    try:
        required = view_class(**getattr(match.func, "view_initkwargs", {})).get_permission_required()
    except (ImproperlyConfigured, AttributeError):
        return opens_for, ()
    return opens_for, tuple(required)


@receiver(setting_changed)
def _forget_view_requirements(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        view_requirements.cache_clear()


def model_links(model: type[models.Model], user: Any, *, add_permission: str | None = None) -> dict[str, str | None]:
    """The add/import/export links a list page shows, each only when the user may open it (the permission its
    page requires: `add_permission` when adding takes another permission than `add_<model>`, e.g. running a 亩均
    evaluation, and the view's own check through `may_open`)."""
    links: dict[str, str | None] = {}
    for action, perm in (("add", "add"), ("import", "add"), ("export", "view")):
        needed = add_permission if action == "add" and add_permission else model_perm(model, perm)
        url = optional_reverse(model, action) if user.has_perm(needed) else None
        links[action] = url if url and may_open(user, url) else None
    links["export_as_job"] = "1" if links["export"] and export_runs_as_job(links["export"]) else None
    return links


def export_runs_as_job(url: str) -> bool:
    """Whether the export at `url` is one of the big ones its button runs as a job (`as_job`, jobs/exports.py)."""
    from django.urls import Resolver404, resolve

    try:
        view_class = getattr(resolve(url.split("?", 1)[0]).func, "view_class", None)
    except Resolver404:
        return False
    return bool(getattr(view_class, "as_job", False))


class ObjectListView(ModelPermissionMixin, ScopedQuerysetMixin, SingleTableMixin, FilterView):
    """A filtered, sorted, paginated table. Pagination never counts the whole table."""

    template_name = "generic/object_list.html"
    # Only the table paginates (LazyPaginator: one row more than the page instead of a COUNT);
    # ListView's own `paginate_by` would fetch the page's rows a second time for an unused page_obj.
    paginator_class = BoundedLazyPaginator
    paginate_by = None
    page_size = 50
    table_pagination = {"per_page": page_size}
    strict = False
    add_permission: ClassVar[str | None] = None  # what the add page requires, if not `add_<model>`

    def get_filterset(self, filterset_class: Any) -> Any:
        filterset = super().get_filterset(filterset_class)
        style_widgets(filterset.form)
        return filterset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["opts"] = self.model._meta
        ctx["title"] = self.model._meta.verbose_name_plural
        ctx["links"] = model_links(self.model, self.request.user, add_permission=self.add_permission)
        ctx["querystring"] = self.request.GET.urlencode()
        return ctx


class ObjectExportView(ModelPermissionMixin, ScopedQuerysetMixin, View):
    """The list's rows (same filters, same scope) as an .xlsx file."""

    filterset_class: ClassVar[Any] = None
    columns: ClassVar[Sequence[Column]] = ()
    # or (msgid, value, width) rows: the headers are translated per request, in the user's language
    spec: ClassVar[Sequence[tuple[str, Callable[[Any], Any], int]]] = ()
    ordering: ClassVar[Sequence[str]] = ()
    # A big list (more than a second to write): its page's button runs the export as a job with progress
    # (jobs/exports.py); the address itself still answers the file directly.
    as_job: ClassVar[bool] = False

    def get_columns(self, queryset: Any) -> Sequence[Column]:
        """The file's columns (a view whose columns depend on the rows overrides this)."""
        if self.spec:
            return [Column(_(header), value, width) for header, value, width in self.spec]
        return self.columns

    def get(self, request: HttpRequest) -> HttpResponseBase:
        qs = self.get_queryset()
        if self.filterset_class is not None:
            qs = self.filterset_class(request.GET, queryset=qs, request=request).qs
        if self.ordering:
            qs = qs.order_by(*self.ordering)
        name = str(self.model._meta.verbose_name_plural)
        stamp_ = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(
            filename=f"{name}-{stamp_}.xlsx",
            sheet=name,
            title=name,
            columns=self.get_columns(qs),
            rows=qs.iterator(chunk_size=2000),
        )


class ObjectDetailView(ModelPermissionMixin, ScopedQuerysetMixin, DetailView):
    """One object: its fields, the panels other apps contribute, and its change history."""

    template_name = "generic/object_detail.html"
    fields: ClassVar[Sequence[str]] = ()
    history_rows = 20

    def get_object(self, queryset: Any = None) -> models.Model:
        return access_object_from(self.get_queryset(), self.kwargs["pk"])

    def get_fields(self) -> list[tuple[str, Any]]:
        obj = self.object
        rows = []
        for name in self.fields:
            field = obj._meta.get_field(name)
            if field.many_to_many:
                value: Any = "、".join(str(v) for v in getattr(obj, name).all()) or "—"
            elif getattr(field, "choices", None):
                value = getattr(obj, f"get_{name}_display")()
            else:
                value = getattr(obj, name)
            rows.append((field.verbose_name, value))
        return rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        opts = obj._meta
        ctx["opts"] = opts
        ctx["title"] = str(obj)
        ctx["fields"] = self.get_fields()
        ctx["panels"] = panels.panels_for(obj, user)
        ctx["history"] = object_history(obj, limit=self.history_rows) if hasattr(obj, "history") else []
        ctx["edit_url"] = (
            optional_reverse(self.model, "edit", obj.pk) if user.has_perm(model_perm(self.model, "change")) else None
        )
        ctx["delete_url"] = (
            optional_reverse(self.model, "delete", obj.pk) if user.has_perm(model_perm(self.model, "delete")) else None
        )
        ctx["list_url"] = optional_reverse(self.model, "list")
        return ctx


class ObjectEditView(DeclaredServices, ModelPermissionMixin, ScopedQuerysetMixin, View):
    """Create (no pk) or edit (pk) through the app's service; service errors show on the form.

    Services follow one signature: `<model>_create(*, data, actor)` and
    `<model>_update(*, <service_kwarg>=obj, data, actor)`; `service_kwarg` names the object's keyword
    (the model name unless set). Without a `create_service`, the update service saves a new object.
    `initial_keys` are the fields an add form takes from the query string (?scheme=3), as parent pages link it.
    `denied_as_message`: a service's refusal of this row (PermissionDenied with its reason: a request already
    closed, a grant already decided) is shown as a message on the form's page instead of the 403 page.
    """

    template_name = "generic/object_form.html"
    form_class: ClassVar[type[BaseForm]] = None  # type: ignore[assignment]  # set by the subclass or `as_view()`
    initial_keys: ClassVar[tuple[str, ...]] = ()
    service_kwarg: ClassVar[str | None] = None
    denied_as_message: ClassVar[bool] = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.action = "change" if "pk" in kwargs else "add"  # type: ignore[misc]
        return super().dispatch(request, *args, **kwargs)

    def get_object(self) -> models.Model | None:
        if "pk" not in self.kwargs:
            return None
        return access_object_from(self.get_queryset(), self.kwargs["pk"])

    def get_form(self, obj: models.Model | None, data: Any = None, files: Any = None) -> BaseForm:
        kwargs: dict[str, Any] = {"data": data, "files": files, "instance": obj, "user": self.request.user}
        if self.initial_keys:
            kwargs["initial"] = {k: v for k, v in self.request.GET.items() if k in self.initial_keys}
        return self.form_class(**kwargs)

    def render_form(self, form: BaseForm, obj: models.Model | None) -> HttpResponse:
        opts = self.model._meta
        title = (_("编辑%(name)s") if obj else _("新增%(name)s")) % {"name": opts.verbose_name}
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "object": obj,
                "opts": opts,
                "title": title,
                "cancel_url": obj.get_absolute_url() if obj else optional_reverse(self.model, "list"),  # type: ignore[attr-defined]
            },
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render_form(self.get_form(obj), obj)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj, data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render_form(form, obj)
        data = form.cleaned_data
        try:
            saved = save_through_services(self, self.model, obj, data, request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.render_form(form, obj)
        except PermissionDenied as exc:
            if not self.denied_as_message:
                raise
            messages.error(request, str(exc))
            return HttpResponseRedirect(request.path)
        messages.success(request, _("已保存：%s") % saved)
        return HttpResponseRedirect(saved.get_absolute_url())  # type: ignore[attr-defined]


class ObjectDeleteView(DeclaredServices, ModelPermissionMixin, ScopedQuerysetMixin, View):
    """Confirm, then delete through the app's service; protected objects say what holds them. Afterwards the
    model's list, or for rows shown on their parent's page with no list of their own (`back_to_parent`) that
    page."""

    action = "delete"
    template_name = "generic/object_confirm_delete.html"
    service_kwarg: ClassVar[str | None] = None
    back_to_parent: ClassVar[bool] = False

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = access_object_from(self.get_queryset(), pk)
        return render(request, self.template_name, {"object": obj, "opts": self.model._meta, "title": _("删除确认")})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = access_object_from(self.get_queryset(), pk)
        parent = obj.get_absolute_url() if self.back_to_parent else "/"  # type: ignore[attr-defined]
        try:
            self.delete_service(**{service_kwarg(self, self.model): obj}, actor=request.user)  # type: ignore[misc]
        except (ProtectedError, ValidationError) as exc:
            detail = exc.messages if isinstance(exc, ValidationError) else [_("仍有其他数据引用该对象")]
            messages.error(request, _("无法删除：%s") % "；".join(str(m) for m in detail))
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("已删除：%s") % obj)
        return HttpResponseRedirect(optional_reverse(self.model, "list") or parent)


class ObjectViews(DeclaredServices):
    """One declaration per model for its four pages: list, detail, edit (also the add page) and delete.

    `class PlatformViews(ObjectViews): model = …; table_class = …; filterset_class = …; form_class = …; services =
    (create, update, delete); related = …; fields = …`, and in urls.py `*PlatformViews.paths("platforms/",
    "platform")` gives the five URLs `<name>_list|add|detail|edit|delete`. Each page is the generic view made with
    `as_view(**initkwargs)` (Django's own way to configure a view per URL): no class is generated. A page that needs
    its own class (methods, a template) is named: `detail_view = PlatformDetailView`; what that class sets itself
    wins over the declaration. `related` and `prefetch` serve every page of the model. A page the model does not
    have is None (`list_view = None`: its rows are shown on their parent's page); `add_page = False` keeps the edit
    page without the add page.
    """

    model: ClassVar[type[models.Model]]
    table_class: ClassVar[Any] = None
    filterset_class: ClassVar[Any] = None
    form_class: ClassVar[Any] = None
    related: ClassVar[Sequence[str]] = ()
    prefetch: ClassVar[Sequence[str]] = ()
    fields: ClassVar[Sequence[str]] = ()
    service_kwarg: ClassVar[str | None] = None
    initial_keys: ClassVar[tuple[str, ...]] = ()
    add_permission: ClassVar[str | None] = None
    back_to_parent: ClassVar[bool] = False
    add_page: ClassVar[bool] = True  # False: rows come in otherwise (an import), the edit page only changes them
    shared: ClassVar[tuple[str, ...]] = (
        "model",
        "table_class",
        "filterset_class",
        "form_class",
        "related",
        "prefetch",
        "fields",
        "service_kwarg",
        *SERVICE_ROLES,
        "initial_keys",
        "add_permission",
        "back_to_parent",
    )
    list_view: ClassVar[type[ObjectListView] | None] = ObjectListView
    detail_view: ClassVar[type[ObjectDetailView] | None] = ObjectDetailView
    edit_view: ClassVar[type[ObjectEditView] | None] = ObjectEditView
    delete_view: ClassVar[type[ObjectDeleteView] | None] = ObjectDeleteView

    @classmethod
    def view(cls, view_class: type[View]) -> Callable[..., HttpResponseBase]:
        """`view_class.as_view()` with the declaration's attributes that the page takes, except those its own class
        sets itself (any class of its line outside this module)."""
        own = view_class.__mro__[: next(i for i, c in enumerate(view_class.__mro__) if c.__module__ == __name__)]
        initkwargs = {
            name: getattr(cls, name)
            for name in cls.shared
            if getattr(cls, name) != getattr(ObjectViews, name, None)
            and hasattr(view_class, name)
            and not any(name in vars(c) for c in own)
        }
        return view_class.as_view(**initkwargs)

    @classmethod
    def paths(cls, prefix: str, name: str) -> list[URLPattern]:
        """The URLs under `prefix`, named `<name>_list|add|detail|edit|delete` (add and edit share a page); a page
        set to None (`detail_view = None`: the rows are shown on their parent's page) has none."""
        pages = (
            ("", cls.list_view, "list"),
            ("add/", cls.edit_view if cls.add_page else None, "add"),
            ("<int:pk>/", cls.detail_view, "detail"),
            ("<int:pk>/edit/", cls.edit_view, "edit"),
            ("<int:pk>/delete/", cls.delete_view, "delete"),
        )
        return [path(prefix + route, cls.view(view), name=f"{name}_{action}") for route, view, action in pages if view]


def error_text(exc: ValidationError) -> str:
    """A service's refusal as one line of a page message."""
    return "；".join(str(m) for m in exc.messages)


def form_error_text(form: BaseForm) -> str:
    """A bound form's errors as one line of a page message, each after its field's label."""
    parts = []
    for name, errors in form.errors.items():
        text = "；".join(str(e) for e in errors)
        parts.append(f"{form.fields[name].label}：{text}" if name in form.fields else text)
    return "；".join(parts)


class ObjectActionView(DeclaredServices, PermissionRequiredMixin, View):
    """The one action view: POST a button → one service → a message → back to the page.

    Declarative: `model` (the object comes from the user's scope, the same 404 otherwise), `service` (called as
    `service(<service_kwarg>=obj, **form data, actor=user)`), `permission_required` (empty: the service alone
    decides who may, e.g. a workflow's side), an optional `form_class` for the button's inputs, `action_kwarg`
    (the keyword under which the URL's `action` reaches a workflow service) and `success_message` (may name
    `%(object)s` and `%(result)s`; empty: none). A refusal (ValidationError) comes back as an error message on the same page.
    """

    raise_exception = True
    http_method_names = ["post"]
    permission_required: Any = ()
    model: ClassVar[type[models.Model]]
    service: ClassVar[Callable[..., Any]]
    service_kwarg: ClassVar[str | None] = None
    form_class: ClassVar[Any] = None
    action_kwarg: ClassVar[str | None] = None
    success_message: ClassVar[Any] = gettext_lazy("操作成功")
    redirect_to_result = False  # go to what the service returns (e.g. the project it created) instead

    def get_object(self) -> Any:
        return access_object(self.model, self.request.user, self.kwargs["pk"])

    def get_form(self, obj: Any) -> BaseForm:
        """The button's inputs, bound to the POST; `obj` is the object acted on (a form whose choices depend on
        it takes it from here instead of fetching it again)."""
        return self.form_class(self.request.POST, self.request.FILES)  # type: ignore[no-any-return]

    def service_kwargs(self, obj: Any, data: dict[str, Any]) -> dict[str, Any]:
        """The service's keywords: the object, the form's data and the URL's action."""
        kwargs = {service_kwarg(self, self.model): obj, **data}
        if self.action_kwarg:
            kwargs[self.action_kwarg] = self.kwargs["action"]
        return kwargs

    def get_success_message(self, obj: Any, result: Any) -> str:
        return str(self.success_message) % {"object": obj, "result": result}

    def get_success_url(self, obj: Any, result: Any) -> str:
        if self.redirect_to_result and hasattr(result, "get_absolute_url"):
            return str(result.get_absolute_url())
        return str(obj.get_absolute_url())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        data: dict[str, Any] = {}
        if self.form_class is not None:
            form = self.get_form(obj)
            if not form.is_valid():
                messages.error(request, form_error_text(form))
                return HttpResponseRedirect(obj.get_absolute_url())
            data = dict(form.cleaned_data)
        try:
            result = self.service(**self.service_kwargs(obj, data), actor=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return HttpResponseRedirect(obj.get_absolute_url())
        message = self.get_success_message(obj, result)
        if message:
            messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url(obj, result))


class AttachmentAddView(ObjectActionView):
    """A file uploaded on its parent's page: `model` is the parent, `parent_field` the attachment's key to it; the
    service gets `data={<parent_field>: parent, **form data}` (it checks the actor, the scope and the status)."""

    parent_field: ClassVar[str]
    success_message = gettext_lazy("附件已上传")

    def service_kwargs(self, obj: Any, data: dict[str, Any]) -> dict[str, Any]:
        return {"data": {self.parent_field: obj, **data}}


class AttachmentDeleteView(ObjectActionView):
    """A file removed from its parent's page (`model` is the attachment), and back to the parent."""

    parent_field: ClassVar[str]
    success_message = gettext_lazy("附件已删除")

    def get_success_url(self, obj: Any, result: Any) -> str:
        return str(getattr(obj, self.parent_field).get_absolute_url())


class AttachmentDownloadView(ModelPermissionMixin, ScopedQuerysetMixin, View):
    """An attachment's file under its original name, for those who may see it (the same 404 otherwise)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        from .files import stored_file_response

        attachment = access_object_from(self.get_queryset(), pk)
        return stored_file_response(attachment, "file", filename=attachment.name, as_attachment=True)


__all__ = [
    "AttachmentAddView",
    "AttachmentDeleteView",
    "AttachmentDownloadView",
    "ObjectActionView",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectExportView",
    "ObjectListView",
    "access_object",
    "stamp",
]


class ObjectSearchView(ModelPermissionMixin, ScopedQuerysetMixin, View):
    """Suggestions for a search picker (core.forms.SearchSelect): the user's rows — the scope applies as on the
    list — whose `search_fields` contain every word typed, as JSON `{"results": [{value, text, detail, …}]}`."""

    search_fields: ClassVar[Sequence[str]] = ()
    ordering: ClassVar[Sequence[str]] = ()
    limit = 20

    def row(self, obj: Any) -> dict[str, str]:
        return {"value": str(obj.pk), "text": str(obj), "detail": ""}

    def get(self, request: HttpRequest) -> HttpResponse:
        from django.db.models import Q
        from django.http import JsonResponse

        queryset = self.get_queryset()
        for word in request.GET.get("q", "").split()[:5]:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": word})
            queryset = queryset.filter(condition)
        if self.ordering:
            queryset = queryset.order_by(*self.ordering)
        return JsonResponse({"results": [self.row(obj) for obj in queryset[: self.limit]]})
