"""Issue 16 §4: no route answers a server error, whatever is sent. Every route the URL resolver knows gets
each of its parameters — path, query, form field, JSON field — replaced in turn by every value of a fixed
hostile corpus (empty, very long, unicode, NUL, line breaks, SQL and HTML injection, huge and negative
numbers, wrong types, other regions' codes, malformed months, regions without figures) and by generated
values, as five personas in turn (anonymous, a user without a role, a regional officer, the national
analyst, the administrator). One test a route (test_route_fuzz.py), so that `make test` spreads them over
its two workers; what each route is sent is found once a worker (`fuzz_plan`, in a savepoint rolled back
before the routes are fuzzed), on the access matrix's records made once a worker too.

Where the parameters come from: the access matrix's sample request of each route (its path, query and
form data, on the matrix's database of region A and B), the query and form fields of every form the pages
render (forms are found in the HTML, so a new form field is fuzzed without being listed here), and the
OpenAPI schema of each API operation. A route without a sample fails
its test, as does a route listed in SKIPPED that no longer exists. The views' own reads of the query
and the form (request.GET, request.POST) while the sample is answered add the names no form shows. The
counts per route and parameter are written to $CAKUPAN_TEST_ARTIFACTS/route-fuzz-<database>-<worker>.txt
(and shown when a route fails)."""

from __future__ import annotations

import json
import os
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from django.conf import settings
from django.http import QueryDict
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils.datastructures import MultiValueDict

from cakupan.accounts.services import user_create
from tests.access_rules import Check
from tests.personas import Personas

# Routes fuzzed by other means, or not ours to fuzz; each with its reason.
SKIPPED = {
    "admin:*": "Django's own admin (staff only); its forms are Django's, tested upstream",
    "api:openapi-view": "the Swagger page: static HTML around /api/openapi.json, which is fuzzed",
}

# The fixed hostile corpus: every parameter of every route gets each of these.
HOSTILE: tuple[str, ...] = (
    "",
    "x" * 5000,
    "Ünïcödé 漢字 🙂 \u202e\u200b",
    "53\x00",
    "53\r\n2026-01-01 INFO forged",
    "' OR '1'='1'; DROP TABLE regions_region; --",
    '"><script>alert(1)</script>{{ 7*7 }}',
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999",
    "1e400",
    "3.14",
    "[]",
    "csv",
    "52.71",  # another province's regency
    "11.01",  # a regency without figures
    "53.71.02",  # a district without figures
    "5371",  # undotted
    "2024-13",
    "0000-00",
    "5371012345670001",  # a NIK
)
# For JSON bodies: wrong types as well as the strings.
HOSTILE_JSON: tuple[Any, ...] = (None, {}, 10**30, True, ["53", "52"])
GENERATED_PER_PARAMETER = 2
MINIMUM_PER_PARAMETER = 20
PERSONA_NAMES = ("anonymous", "no_role", "officer", "analyst", "admin")


def generated(seed: str) -> list[str]:
    """Values made from a seed (the route and parameter), the same on every run: codes, months, numbers
    and text of random shape."""
    rng = random.Random(seed)
    alphabet = "0123456789.-,/ %&;=?#'\"<>\\aZé\u0301\U0001f600\t"
    makers: list[Callable[[], str]] = [
        lambda: ".".join(str(rng.randint(0, 120)) for _ in range(rng.randint(1, 5))),
        lambda: f"{rng.randint(-50, 12000):04d}-{rng.randint(-5, 99):02d}",
        lambda: str(rng.randint(-(10**25), 10**25)),
        lambda: "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))),
        lambda: "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 12))),
        lambda: str(rng.uniform(-1e6, 1e6)),
    ]
    return [makers[i % len(makers)]() for i in range(GENERATED_PER_PARAMETER)]


# --- the forms the pages render -------------------------------------------------------------------------


@dataclass
class FoundForm:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name → the value the page filled in


class FormFinder(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[FoundForm] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(FoundForm(a.get("action") or self.page, (a.get("method") or "get").lower()))
        elif (
            tag in ("input", "select", "textarea", "button")
            and self.forms
            and a.get("name") not in (None, "", "csrfmiddlewaretoken")
            and a.get("type") != "submit"
        ):
            self.forms[-1].fields.setdefault(a["name"], a.get("value", ""))


def route_of(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return f"{':'.join(match.namespaces)}:{match.url_name}" if match.namespaces else match.url_name


# --- what each route is sent ----------------------------------------------------------------------------


@dataclass
class Target:
    """One route's base request and the parameters to fuzz in it."""

    route: str
    method: str
    path: str
    query: dict[str, str]
    body: dict[str, Any]
    json: bool
    path_params: dict[str, str] = field(default_factory=dict)  # name → its value in `path`
    query_params: set[str] = field(default_factory=set)
    body_params: set[str] = field(default_factory=set)


def target_of(route: str, check: Check) -> Target:
    parts = urlsplit(check.url)
    match = resolve(parts.path)
    data = check.data() if check.data else {}
    body = {k: v for k, v in data.items() if not hasattr(v, "read")}  # files are sent as they are
    target = Target(
        route, check.method, parts.path, dict(parse_qsl(parts.query)), data, check.json,
        path_params={k: str(v) for k, v in match.kwargs.items() if str(v) in parts.path},
    )  # fmt: skip
    target.query_params |= set(target.query)
    target.body_params |= set(body)
    return target


@contextmanager
def keys_read() -> Iterator[set[str]]:
    """The names a view reads from the query or the form (request.GET / request.POST), while inside."""
    names: set[str] = set()
    originals = {name: getattr(MultiValueDict, name) for name in ("get", "getlist", "__getitem__")}

    def spy(original: Callable[..., Any]) -> Callable[..., Any]:
        def read(self: Any, key: str, *args: Any, **kwargs: Any) -> Any:
            if isinstance(self, QueryDict):
                names.add(key)
            return original(self, key, *args, **kwargs)

        return read

    for name, original in originals.items():
        setattr(MultiValueDict, name, spy(original))
    try:
        yield names
    finally:
        for name, original in originals.items():
            setattr(MultiValueDict, name, original)


def openapi_parameters(client: Client) -> list[tuple[re.Pattern[str], str, set[str], set[str]]]:
    """(path pattern, method, query names, body field names) of every API operation."""
    schema = client.get("/api/openapi.json").json()
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, operations in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, op in operations.items():
            query = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
            body: set[str] = set()
            for content in (op.get("requestBody") or {}).get("content", {}).values():
                ref = content.get("schema", {}).get("$ref", "")
                body |= set(components.get(ref.rpartition("/")[2], {}).get("properties", {}))
            found.append((pattern, method.upper(), query, body))
    return found


def with_value(target: Target, kind: str, name: str, value: Any) -> tuple[str, dict[str, Any]]:
    """The request's address and body with one parameter replaced."""
    path, query, body = target.path, dict(target.query), dict(target.body)
    if kind == "path":
        old = target.path_params[name]
        segments = path.split("/")
        at = next(i for i, s in enumerate(segments) if old in s)
        segments[at] = segments[at].replace(old, quote(str(value), safe=""), 1)
        path = "/".join(segments)
    elif kind == "query":
        query[name] = value
    elif kind == "body":
        body[name] = value
    return (f"{path}?{urlencode(query)}" if query else path), body


# --- the run --------------------------------------------------------------------------------------------


class Personae:
    """A signed-in client per persona, made again after a POST (which may have signed it out)."""

    def __init__(self, users: dict[str, Any]) -> None:
        self.users = users
        self.clients: dict[str, Client] = {}

    def client(self, name: str) -> Client:
        if name not in self.clients:
            client = Client(raise_request_exception=False)
            if self.users[name] is not None:
                client.force_login(self.users[name])
            self.clients[name] = client
        return self.clients[name]

    def forget(self, name: str) -> None:
        self.clients.pop(name, None)


def send(personae: Personae, persona: str, target: Target, url: str, body: dict[str, Any]) -> int:
    client = personae.client(persona)
    if target.method == "GET":
        response = client.get(url)
    elif target.json:
        response = client.post(url, json.dumps(body, default=str), content_type="application/json")
    else:
        response = client.post(url, {k: v for k, v in body.items() if v is not None})
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)  # a streamed download fails only while it is read
    ended = response.cookies.get(settings.SESSION_COOKIE_NAME)
    if ended is not None and not ended.value:
        personae.forget(persona)  # signed out (the logout route): sign in again for the next request
    return int(response.status_code)


def parameters(target: Target) -> Iterator[tuple[str, str]]:
    yield from (("path", n) for n in sorted(target.path_params))
    yield from (("query", n) for n in sorted(target.query_params))
    yield from (("body", n) for n in sorted(target.body_params))


def make_users(personas: Personas) -> dict[str, Any]:
    return {
        "anonymous": None,
        "no_role": user_create(username="warga_biasa", password="persona-passphrase-2026"),
        "officer": personas.officer_a,
        "analyst": personas.national_analyst,
        "admin": personas.national_admin,
    }


@dataclass
class FuzzPlan:
    """What each route is sent (its requests and their parameters), for every route with a sample."""

    targets: dict[str, list[Target]]
    users: dict[str, Any]
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # what the routes fuzzed were sent


def fuzz_plan(users: dict[str, Any], table: dict[str, list[Check]]) -> FuzzPlan:
    """Every route's requests: the matrix's samples, the fields of the forms found on every page, the
    OpenAPI parameters and the names the views read. Sending the samples may write (a POST): the caller
    rolls that back."""
    targets: dict[str, list[Target]] = defaultdict(list)
    for route, checks in table.items():
        if route not in SKIPPED:
            targets[route] += [target_of(route, c) for c in checks]
    personae = Personae(users)
    _add_found_forms(targets, personae)
    _add_openapi(targets, personae)
    # One request of each method a route: the other samples of the matrix take the same parameters.
    for route, ts in targets.items():
        targets[route] = [
            next(t for t in ts if t.method == m) for m in ("GET", "POST") if any(t.method == m for t in ts)
        ]
    _add_keys_read(targets, personae)
    return FuzzPlan(dict(targets), users)


def fuzz_route(plan: FuzzPlan, route: str) -> None:
    """Send every parameter of the route every hostile and generated value, the personas in turn."""
    assert route in plan.targets, f"{route} has no fuzz case (add a sample to the access matrix)"
    personae = Personae(plan.users)
    counts: Counter[str] = Counter()
    errors: list[str] = []
    turn = 0
    # GETs first: a POST may use up a record.
    for target in sorted(plan.targets[route], key=lambda t: t.method):
        for kind, name in parameters(target):
            values: list[Any] = [*HOSTILE, *generated(f"{route} {name}")]
            if kind == "body" and target.json:
                values += HOSTILE_JSON
            for value in values:
                persona = PERSONA_NAMES[turn % len(PERSONA_NAMES)]
                turn += 1
                url, body = with_value(target, kind, name, value)
                status = send(personae, persona, target, url, body)
                counts[f"{kind}:{name}"] += 1
                if status >= 500:
                    errors.append(
                        f"{status} {target.method} {url[:200]!r} {kind}:{name}={value!r:.80} as {persona}"
                    )
    plan.counts[route] = counts
    report = report_lines({route: counts})
    assert errors == [], f"{len(errors)} server errors:\n" + "\n".join(errors[:60]) + "\n" + report
    few = [f"{route} {p}: {n}" for p, n in counts.items() if n < MINIMUM_PER_PARAMETER]
    assert few == [], few
    untried = not counts and any(list(parameters(t)) for t in plan.targets[route])
    assert not untried, f"{route}: no parameter was sent"


def _add_found_forms(targets: dict[str, list[Target]], personae: Personae) -> None:
    """The fields of every form on every page the administrator and the officer see, added to the route
    the form is sent to."""
    for persona in ("admin", "officer"):
        client = personae.client(persona)
        for ts in list(targets.values()):
            for target in [t for t in ts if t.method == "GET" and not t.path.startswith("/api/")]:
                response = client.get(target.path, target.query)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                finder = FormFinder(target.path)
                finder.feed(response.content.decode(errors="replace"))
                for form in finder.forms:
                    _add_form(targets, form)


def _add_form(targets: dict[str, list[Target]], form: FoundForm) -> None:
    action = urlsplit(form.action)
    route = route_of(action.path)
    if route is None or route in SKIPPED or route not in targets:
        return
    method = "POST" if form.method == "post" else "GET"
    same = [t for t in targets[route] if t.method == method and t.path == action.path]
    if method == "GET":
        for t in same or [t for t in targets[route] if t.method == "GET"]:
            t.query_params |= set(form.fields)
        return
    if same:
        for t in same:
            t.body_params |= set(form.fields)
            t.body = {**form.fields, **t.body}
        return
    # A form sent to another record of the same route than the matrix's sample: fuzz it as found.
    target = Target(route, "POST", action.path, dict(parse_qsl(action.query)), dict(form.fields), False)
    target.body_params = set(form.fields)
    targets[route].append(target)


def _add_keys_read(targets: dict[str, list[Target]], personae: Personae) -> None:
    """The query and form names each view reads when the administrator sends its sample request."""
    for ts in targets.values():
        for target in ts:
            url, body = with_value(target, "none", "", None)
            with keys_read() as names:
                send(personae, "admin", target, url, body)
            names.discard("csrfmiddlewaretoken")
            (target.query_params if target.method == "GET" else target.body_params).update(names)


def _add_openapi(targets: dict[str, list[Target]], personae: Personae) -> None:
    operations = openapi_parameters(personae.client("anonymous"))
    for ts in targets.values():
        for target in ts:
            if not target.path.startswith("/api/v1/"):
                continue
            for pattern, method, query, body in operations:
                if method == target.method and pattern.match(target.path):
                    target.query_params |= query
                    target.body_params |= {b for b in body if b not in ("file", "letter_file")}


def report_lines(counts: dict[str, Counter[str]]) -> str:
    lines = [f"{'route':40} {'requests':>8}  parameters (requests each)"]
    for route in sorted(counts):
        c = counts[route]
        lines.append(
            f"{route:40} {sum(c.values()):8}  " + ", ".join(f"{p} {n}" for p, n in sorted(c.items()))
        )
    lines.append(f"{'total':40} {sum(sum(c.values()) for c in counts.values()):8}")
    return "\n".join(lines)


def write_report(counts: dict[str, Counter[str]], name: str) -> None:
    """The counts per route and parameter, for the CI artifacts."""
    out = os.environ.get("CAKUPAN_TEST_ARTIFACTS")
    if out and counts:
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / name).write_text(report_lines(counts) + "\n", encoding="utf-8")
