"""The generic half of every form page: show a form, save it, confirm a deletion.

A domain's ``form_pages.py`` says which fields a form has, which schema and
service save it, and where to go after; these helpers do the rest the same
way everywhere: re-show what was typed with the errors next to their fields
(400), show a stale edit with what changed (409, nothing overwritten), ask
before deleting, and redirect after a successful POST (303, so a reload does
not send it again). Permission checks stay with the caller, which asks the
same rules as the API before calling these.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from litestar import Request
from litestar.response import Redirect, Template

from coordination.core import forms
from coordination.core.errors import ServiceError
from coordination.core.forms import Field, FormState
from coordination.core.pages import page, page_language


@dataclass
class FormView:
    """How a form page looks: its title (a msgid and its params), where it posts, where "cancel" goes."""

    title: str
    action: str
    cancel: str
    submit: str
    title_params: dict[str, Any] = field(default_factory=dict)
    template: str = "form.html"
    intro: str = ""  # a msgid shown under the title
    delete_url: str | None = None  # an edit form's "Delete" link, for those allowed
    context: dict[str, Any] = field(default_factory=dict)  # what a template extending form.html needs besides


async def show_form(
    request: Request[Any, Any, Any], view: FormView, state: FormState, *, status_code: int = 200
) -> Template:
    return await page(
        request,
        view.template,
        status_code=status_code,
        view=view,
        form=state,
        **view.context,
    )


Reader = Callable[[Any], Awaitable[tuple[dict[str, Any], dict[str, Any]]]]
Current = Callable[[], Awaitable[tuple[dict[str, Any], int]]]


async def save_form(
    request: Request[Any, Any, Any],
    view: FormView,
    *,
    fields: list[Field],
    schema: type[Any],
    save: Callable[[Any], Awaitable[str]],
    current: Current | None = None,
    read: Callable[[Any], tuple[dict[str, Any], dict[str, Any]]] | None = None,
    rename: Callable[[str], str] | None = None,
    extra_names: list[str] | None = None,
) -> Redirect | Template:
    """Validate the posted form with ``schema``, hand it to ``save`` (which returns where to go next).

    ``current`` (edits) gives the stored values, as the form shows them, and
    the stored revision: read when someone saved in between. ``read`` parses
    forms with repeated rows (sessions, deliverables): it returns the typed
    values and the payload; by default both come from ``fields``.
    """
    form = await request.form()
    revision_text = form.get(forms.REVISION) if current is not None else None
    revision = revision_text if isinstance(revision_text, str) else ("0" if current is not None else None)
    if read is not None:
        values, data = read(form)
        if revision is not None:
            data[forms.REVISION] = int(revision) if revision.isdigit() else 0
    else:
        values = forms.values_from(fields, form)
        data = forms.payload(fields, values, revision=revision)
    shown_revision = int(revision) if revision is not None and revision.isdigit() else None
    try:
        target = await save(forms.convert(data, schema))
    except ServiceError as exc:
        language = page_language(request)
        if forms.is_stale(exc) and current is not None:
            stored, stored_revision = await current()
            state = FormState(
                fields=fields,
                values=values,
                revision=stored_revision,
                stale=forms.differences(fields, stored, values),
            )
            return await show_form(request, view, state, status_code=409)
        names = [spec.name for spec in fields] + (extra_names or [])
        errors = forms.errors_by_field(exc, language, names=names, rename=rename)
        state = FormState(fields=fields, values=values, errors=errors, revision=shown_revision)
        return await show_form(request, view, state, status_code=exc.status_code if exc.status_code < 500 else 400)
    return Redirect(path=target, status_code=303)


@dataclass
class DeleteView:
    """The confirmation page of a deletion: what goes, and what to do instead where deleting is wrong."""

    what: str  # a msgid with its params: "the member %(name)s"
    what_params: Mapping[str, Any]
    action: str
    cancel: str
    revision: int
    consequences: str = ""  # a msgid: what else goes with it
    alternative: tuple[str, str] | None = None  # (address, msgid): "Close the body instead"
    # A translatable object whose ``named_field`` is the ``%(name)s`` of ``what``: shown in the reader's language
    # where translated, else in its own (with its ``lang`` and "in French"), as the other pages show it.
    named: Any = None
    named_field: str = ""


async def confirm_delete(
    request: Request[Any, Any, Any], view: DeleteView, *, status_code: int = 200, error: str = ""
) -> Template:
    return await page(request, "confirm_delete.html", status_code=status_code, view=view, error=error)


async def delete(
    request: Request[Any, Any, Any],
    view: DeleteView,
    *,
    remove: Callable[[int | None], Awaitable[None]],
    done: str,
) -> Redirect | Template:
    """Delete with the revision the confirmation page showed; a refusal is shown on that page again."""
    form = await request.form()
    revision_text = form.get(forms.REVISION)
    revision = int(revision_text) if isinstance(revision_text, str) and revision_text.isdigit() else None
    try:
        await remove(revision)
    except ServiceError as exc:
        return await confirm_delete(
            request, view, status_code=exc.status_code, error=exc.message_in(page_language(request))
        )
    return Redirect(path=done, status_code=303)
