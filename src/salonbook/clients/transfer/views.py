"""The pages that import clients from a file and export the base.

/clients/import/ uploads a file; /clients/import/<id>/ then shows, by the import's status,
the mapping step (the first rows, a field per column, what to do with duplicates; or cancel),
the progress (polled every second while the worker runs) or the report. Thin views: the rules
live in clients/transfer/imports.py, import_cleanup.py and exports.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from salonbook.accounts.permissions import require
from salonbook.clients.models import ClientImport
from salonbook.clients.transfer import exports, import_access, imports
from salonbook.clients.transfer.import_cleanup import cancel_client_import
from salonbook.clients.transfer.import_files import MAX_BYTES, MAX_ROWS
from salonbook.clients.transfer.import_rows import client_fields, targets
from salonbook.clients.transfer.import_store import rejected_count
from salonbook.errors import Conflict, DomainError, Invalid
from salonbook.tenancy.context import Actor
from salonbook.web.pages import actor_of, is_htmx, page, show_domain_errors

# More rejected rows than this are not drawn on the page: they are in the CSV download.
SHOWN_REJECTED = 500
FINISHED = (ClientImport.Status.DONE, ClientImport.Status.FAILED)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV or Excel (.xlsx), the first row naming the columns: name, phone, e-mail, "
            "birth date, ..."
        ),
    )


@page
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload a file; on success, go to its mapping step."""
    actor = actor_of(request)
    require(actor, "clients.import")
    form = UploadForm()
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                preview = imports.start_client_import(
                    actor=actor, uploaded_file=form.cleaned_data["file"]
                )
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                return redirect("clients:import_detail", import_id=preview["import"].pk)
        status = 422
    context = {
        "form": form,
        "recent": import_access.recent_imports(actor=actor),
        "can_export": actor.can("clients.export") and actor.can("clients.view"),
        "max_mb": MAX_BYTES // 2**20,
        "max_rows": MAX_ROWS,
    }
    return render(request, "clients/import.html", context, status=status)


@page
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """The mapping step (POST starts the import), then its progress, then its report."""
    actor = actor_of(request)
    # The rejected rows are read only for the report, not for every poll of the progress.
    client_import = import_access.visible_import(actor=actor, import_id=import_id, report=False)
    if client_import.status != ClientImport.Status.PREVIEW:
        context = _status_context(actor, client_import)
        if is_htmx(request):
            return render(request, "clients/_import_status.html", context)
        return render(request, "clients/import_detail.html", context)
    preview = imports.client_import_preview(actor=actor, import_id=import_id)
    if request.method != "POST":
        return _mapping_page(request, actor, preview)
    columns: list[str] = preview["columns"]
    mapping = {column: request.POST.get(f"map-{i}", "") for i, column in enumerate(columns)}
    on_duplicate = request.POST.get("on_duplicate", "")
    try:
        imports.confirm_client_import(
            actor=actor, import_id=import_id, mapping=mapping, on_duplicate=on_duplicate
        )
    except Conflict:
        pass  # started meanwhile (a second tap): its progress is what to show
    except Invalid as exc:
        return _mapping_page(
            request, actor, {**preview, "mapping": mapping}, exc, on_duplicate=on_duplicate
        )
    return redirect("clients:import_detail", import_id=import_id)


@page
@require_POST
def import_cancel(request: HttpRequest, import_id: int) -> HttpResponse:
    """Give up an upload at its mapping step: it and its file are deleted."""
    try:
        cancel_client_import(actor=actor_of(request), import_id=import_id)
    except Conflict:
        # Started meanwhile (from another tab): its progress is what to show.
        return redirect("clients:import_detail", import_id=import_id)
    return redirect("clients:import")


def _mapping_page(
    request: HttpRequest,
    actor: Actor,
    preview: dict[str, Any],
    refusal: Invalid | None = None,
    on_duplicate: str = "",
) -> HttpResponse:
    columns: list[str] = preview["columns"]
    errors = refusal.errors if refusal is not None else {}
    rows = [row["cells"] for row in preview["rows"]]
    samples = [[cells[i] for cells in rows if cells[i]] for i in range(len(columns))]
    context = {
        **preview,
        "fields": [
            {
                "index": i,
                "name": column,
                "chosen": preview["mapping"].get(column, ""),
                "samples": samples[i][:3],
                "errors": errors.get(f"mapping.{column}", []),
            }
            for i, column in enumerate(columns)
        ],
        "general_errors": [
            m for k, ms in errors.items() if not k.startswith("mapping.") for m in ms
        ],
        "on_duplicate": on_duplicate or preview["import"].on_duplicate,
        "duplicate_choices": ClientImport.OnDuplicate.choices,
        "can_merge": actor.can("clients.edit"),
    }
    return render(request, "clients/import_detail.html", context, status=422 if refusal else 200)


def _status_context(actor: Actor, client_import: ClientImport) -> dict[str, Any]:
    finished = client_import.status in FINISHED
    count = rejected_count(client_import)
    rejected: list[dict[str, Any]] = []
    if finished and count:
        labels = targets(client_fields(actor.chain_id))
        rejected = [
            {
                "row": entry["row"],
                "errors": [
                    {"field": labels.get(target, target), "message": message}
                    for target, message in entry["errors"].items()
                ],
            }
            for entry in client_import.rejected[:SHOWN_REJECTED]
        ]
    total = client_import.total_rows
    return {
        "import": client_import,
        "finished": finished,
        "percent": round(100 * client_import.processed_rows / total) if total else 100,
        "rejected": rejected,
        "rejected_count": count,
        "more_rejected": max(count - len(rejected), 0),
    }


# page() is typed for HttpResponse; the streamed file passes through it untouched.
@page  # type: ignore[arg-type]
def import_rejected(request: HttpRequest, import_id: int) -> HttpResponseBase:
    """The rejected rows of an import as CSV: row number, field, why (every one of them)."""
    pieces = imports.rejected_rows_csv(actor=actor_of(request), import_id=import_id)
    name = f"import-{import_id}-rejected.csv"
    return exports.export_response(request, exports.Export(name, exports.FORMATS["csv"], pieces))


# page() is typed for HttpResponse; the streamed file passes through it untouched.
@page  # type: ignore[arg-type]
def export(request: HttpRequest) -> HttpResponseBase:
    """The client base (those ?q= finds) as ?format=csv or xlsx."""
    result = exports.export_clients(
        actor=actor_of(request),
        format=request.GET.get("format", "csv"),
        query=request.GET.get("q", ""),
    )
    return exports.export_response(request, result)
