"""No error message reaches a French or Spanish page in English.

Two checks. The pages with forms are refused, in French and in Spanish, for
every reason their services give, and must show the message in that language
(the catalogue's translation, with its values put in) and not the English.
And every error a page can show is raised with its text marked for
translation (``N_``) and translated in both catalogues: the services behind
the pages (accounts, mail, the audited write path) and the lookups they use
(a member's or a body's slug) are read with ``ast``, so an error added there
with a plain string fails here before anyone sees it in English.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from babel.messages.pofile import read_po
from markupsafe import escape

from coordination.accounts import invitations
from coordination.accounts import services as accounts
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant, InvitationCreate
from coordination.core import i18n
from coordination.core.errors import translate_message
from coordination.core.settings import Settings
from coordination.mail import services as outbox
from tests.factories import accounts as factories
from tests.factories import bodies as body_factories
from tests.factories import members as member_factories

PACKAGE = Path(__file__).resolve().parents[2] / "coordination"
LANGUAGES = ("fr", "es")


def shown(page: str, template: str, language: str, **params: Any) -> None:
    """The page shows the message ``template`` in ``language`` (with ``params``), and not in English."""
    translated = translate_message(language, template, params)
    english = translate_message("en", template, params)
    assert translated != english, f"{template!r} has no {language} translation"
    assert str(escape(translated)) in page, f"{translated!r} is not on the page"
    assert str(escape(english)) not in page, f"the English {english!r} is on the {language} page"


async def _as_secretariat(client: httpx.AsyncClient, language: str) -> int:
    admin = await factories.user(email=f"admin-{language}@example.org")
    await factories.sign_in(client, email=admin.email)
    await client.get("/", params={"lang": language})  # the language switch: a cookie the next pages follow
    return admin.id


@pytest.mark.parametrize("language", LANGUAGES)
async def test_sign_in_errors_are_in_the_page_language(client: httpx.AsyncClient, language: str) -> None:
    await client.get("/sign-in", params={"lang": language})
    person = await factories.user(email="ana@example.org")
    wrong = await factories.sign_in(client, email=person.email, password="not the password")
    assert wrong.status_code == 401
    shown(wrong.text, "the email or the password is wrong", language)
    await accounts.disable_user(email=(await factories.user(email="gone@example.org")).email)
    disabled = await factories.sign_in(client, email="gone@example.org")
    shown(disabled.text, "this account has been disabled; ask the secretariat", language)
    for _ in range(4):
        await factories.sign_in(client, email=person.email, password="still not it")
    throttled = await factories.sign_in(client, email=person.email)
    assert throttled.status_code == 429
    shown(throttled.text, "too many failed sign-ins; try again in %(minutes)s minute(s)", language, minutes=15)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_password_errors_are_in_the_page_language(
    client: httpx.AsyncClient, settings: Settings, language: str
) -> None:
    _, link = await invitations.create_invitation(
        data=InvitationCreate(email="new@example.org", assignments=[Grant(role=Role.secretariat)]), settings=settings
    )
    path = link.removeprefix(settings.base_url)
    form = await client.get(path, params={"lang": language})
    token = factories.csrf_token(form.text)
    short = await client.post(path, data={"password": "short", "password_confirmation": "short", "_csrf_token": token})
    shown(short.text, "the password must have at least %(count)s characters", language, count=10)
    mismatch = await client.post(
        path, data={"password": "long enough one", "password_confirmation": "long enough two", "_csrf_token": token}
    )
    shown(mismatch.text, "the two passwords are not the same", language)
    spaces = await client.post(
        path, data={"password": " " * 12, "password_confirmation": " " * 12, "_csrf_token": token}
    )
    shown(spaces.text, "the password cannot be only spaces", language)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_invitation_form_errors_are_in_the_page_language(client: httpx.AsyncClient, language: str) -> None:
    await _as_secretariat(client, language)
    await member_factories.member(slug="antony")

    async def invite(form: dict[str, str]) -> str:
        answer = await factories.post_form(client, "/users", "/users/invitations", form)
        assert 400 <= answer.status_code < 500, answer.text
        return answer.text

    shown(await invite({"email": "someone@example.org"}), "give the person at least one role", language)
    shown(await invite({"email": "nobody", "secretariat": "1"}), "give an email address", language)
    shown(
        await invite({"email": f"admin-{language}@example.org", "secretariat": "1"}),
        "there is already an account for %(email)s",
        language,
        email=f"admin-{language}@example.org",
    )
    # A member that left the list while the form was open.
    shown(
        await invite({"email": "someone@example.org", "focal_member": "gone"}),
        "no member has the slug %(slug)r",
        language,
        slug="gone",
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_role_form_errors_are_in_the_page_language(client: httpx.AsyncClient, language: str) -> None:
    admin_id = await _as_secretariat(client, language)
    await member_factories.member(slug="antony")
    await body_factories.body(slug="digital-cities")
    person = await factories.user(role=Role.focal_point, member="antony", email="ana@example.org")
    page = f"/users/{person.id}"

    async def give(form: dict[str, str]) -> str:
        answer = await factories.post_form(client, page, f"{page}/assignments", form)
        assert 400 <= answer.status_code < 500, answer.text
        return answer.text

    shown(await give({"role": "focal_point", "member": ""}), "a member focal point needs a member", language)
    shown(await give({"role": "body_lead", "body": ""}), "a body lead needs a body", language)
    shown(await give({"role": "mayor"}), "choose a role", language)
    shown(await give({"role": "secretariat", "start_date": "tomorrow"}), "give a date (year-month-day)", language)
    shown(
        await give(
            {"role": "body_lead", "body": "digital-cities", "start_date": "2027-01-02", "end_date": "2027-01-01"}
        ),
        "a role cannot end (%(end)s) before it starts (%(start)s)",
        language,
        start="2027-01-02",
        end="2027-01-01",
    )
    shown(
        await give({"role": "focal_point", "member": "antony"}),
        "this person already holds this role over those days",
        language,
    )
    # The last secretariat keeps the role, and cannot be disabled.
    admin = await accounts.get_user(user_id=admin_id)
    [role] = admin.assignments
    revoked = await factories.post_form(
        client, f"/users/{admin_id}", f"/users/{admin_id}/assignments/{role.id}/revoke", {"revision": "1"}
    )
    shown(
        revoked.text,
        "%(email)s is the last active secretariat account; invite another one first",
        language,
        email=admin.email,
    )
    disabled = await factories.post_form(client, f"/users/{admin_id}", f"/users/{admin_id}/disable", {})
    shown(
        disabled.text,
        "%(email)s is the last active secretariat account; invite another one first",
        language,
        email=admin.email,
    )
    # A role changed by someone else since the page was read.
    [focal] = person.assignments
    stale = await factories.post_form(client, page, f"{page}/assignments/{focal.id}/revoke", {"revision": "7"})
    shown(
        stale.text,
        "%(what)s was changed by someone else (revision %(current)s, yours %(yours)s); "
        "reload it and apply your change again",
        language,
        what="ana@example.org",
        current=1,
        yours=7,
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_refusals_and_the_outbox_speak_the_page_language(
    client: httpx.AsyncClient, settings: Settings, language: str
) -> None:
    await member_factories.member(slug="antony")
    focal = await factories.user(role=Role.focal_point, member="antony", email="focal@example.org")
    await factories.sign_in(client, email=focal.email)
    refused = await client.get("/users", params={"lang": language})
    assert refused.status_code == 403
    shown(refused.text, "only the secretariat may do this", language)
    client.cookies.clear()
    await _as_secretariat(client, language)
    await invitations.request_password_reset(email=focal.email, settings=settings)
    [message] = (await outbox.list_messages()).items
    retried = await factories.post_form(client, "/users", f"/outbox/{message.id}/retry", {})
    assert retried.status_code == 409
    shown(retried.text, "only a message that could not be sent can be sent again", language)


# ------------------------------------------------------------------ every error a page can show is translatable

# Modules whose errors reach pages, and single functions of other modules that the pages' services call.
PAGE_MODULES = [
    # The middleware's own refusals are the API's (a bad bearer token): pages never show them.
    *sorted(path for path in (PACKAGE / "accounts").glob("*.py") if path.name != "middleware.py"),
    *sorted((PACKAGE / "mail").glob("*.py")),
    PACKAGE / "audit" / "writes.py",
    # The forms and spreadsheet imports of members, bodies, memberships and leadership terms.
    PACKAGE / "members" / "services.py",
    *(PACKAGE / "bodies" / name for name in ("services.py", "history.py", "memberships.py", "leadership.py")),
    # The forms of activities, partners, events, priorities and the network, reporting and maturity, and imports.
    *(PACKAGE / "activities" / name for name in ("services.py", "partners.py", "periods.py", "queries.py")),
    *(PACKAGE / "events" / name for name in ("services.py", "timing.py")),
    PACKAGE / "network" / "services.py",
    *(
        PACKAGE / "reporting" / name
        for name in (
            "attachments.py",
            "completeness.py",
            "pages.py",
            "periods.py",
            "reports.py",
            "timing.py",
            "workflow.py",
        )
    ),
    *(PACKAGE / "maturity" / name for name in ("services.py", "pages.py")),
    *(PACKAGE / "spreadsheets" / name for name in ("services.py", "files.py", "pages.py")),
    *(PACKAGE / "annual_report" / name for name in ("services.py", "pages.py")),
    PACKAGE / "feeds" / "private.py",
]
PAGE_FUNCTIONS: dict[Path, set[str]] = {}  # none now: the slug lookups' modules are read whole above
ERRORS = {
    "ServiceError",
    "InvalidInput",
    "NotFound",
    "Conflict",
    "SignInRefused",
    "TooManyAttempts",
    "LinkNotUsable",
    "Forbidden",
    "SignInRequired",
}


def _raises(path: Path, functions: set[str] | None) -> Iterator[tuple[int, ast.expr | None]]:
    """Each ``raise SomeError(first, …)`` in ``path`` (only inside ``functions`` when given): its line, first arg."""
    tree = ast.parse(path.read_text())
    scopes: list[ast.AST] = (
        [node for node in ast.walk(tree) if isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef)]
        if functions is not None
        else [tree]
    )
    for scope in scopes:
        if functions is not None and getattr(scope, "name", None) not in functions:
            continue
        for node in ast.walk(scope):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                name = node.exc.func.id if isinstance(node.exc.func, ast.Name) else getattr(node.exc.func, "attr", "")
                if name in ERRORS:
                    yield node.lineno, (node.exc.args[0] if node.exc.args else None)


def _field_errors_made(path: Path) -> Iterator[tuple[int, ast.expr | None]]:
    """Each ``_error(first, …)`` in ``path``: a refusal of one field, gathered with others and raised together.

    Only where ``_error`` is the module's maker of a ``FieldError`` (its template first).
    """
    tree = ast.parse(path.read_text())
    makers = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and node.name == "_error"
        and ast.unparse(node.returns or ast.Pass()) == "FieldError"
    ]
    if not makers:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_error":
            yield node.lineno, (node.args[0] if node.args else None)


def _marked(arg: ast.expr | None, constants: dict[str, str]) -> str | None:
    """The msgid of ``N_("…")`` (or of a module constant holding one), else None."""
    if isinstance(arg, ast.Call) and getattr(arg.func, "id", "") == "N_" and isinstance(arg.args[0], ast.Constant):
        return str(arg.args[0].value)
    if isinstance(arg, ast.Name):
        return constants.get(arg.id)
    return None


def _constants(path: Path) -> dict[str, str]:
    """Names assigned a marked message anywhere in ``path`` (``message = N_("…")``, then ``raise …(message)``)."""
    found = {}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            marked = _marked(node.value, {})
            if marked is not None:
                found[node.targets[0].id] = marked
    return found


def _catalogue(language: str) -> dict[str, str]:
    with (i18n.TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return {str(m.id): str(m.string) for m in read_po(po, locale=language) if isinstance(m.id, str) and m.id}


def test_every_error_a_page_can_show_is_marked_and_translated() -> None:
    catalogues = {language: _catalogue(language) for language in LANGUAGES}
    wrong = []
    sites = [(path, None) for path in PAGE_MODULES] + list(PAGE_FUNCTIONS.items())
    for path, functions in sites:
        constants = _constants(path)
        made = _field_errors_made(path) if functions is None else iter(())
        for line, arg in [*_raises(path, functions), *made]:
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if arg is None:
                continue  # the error's own default detail (guards), checked below
            if isinstance(arg, ast.Attribute) and arg.attr == "template":
                continue  # the first of several field errors raised at once: each checked where ``_error`` made it
            msgid = _marked(arg, constants)
            if msgid is None:
                wrong.append(f"{where}: the message is not marked with N_()")
                continue
            wrong += [
                f"{where}: {msgid!r} is not translated into {language}"
                for language, catalogue in catalogues.items()
                if not catalogue.get(msgid)
            ]
    assert wrong == []


def test_the_guards_refusals_are_marked_for_the_forbidden_page() -> None:
    source = (PACKAGE / "accounts" / "guards.py").read_text()
    details = re.findall(r"detail = (.+)\n", source)
    assert details
    assert all(detail.startswith("N_(") for detail in details), details


def test_the_checks_above_would_see_a_plain_message(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text('def f(slug):\n    raise InvalidInput(f"no member has the slug {slug!r}", field="member")\n')
    [(line, arg)] = list(_raises(module, None))
    assert (line, _marked(arg, {})) == (2, None)
