"""The JSON API: /api/v1/…, with its OpenAPI document at /api/openapi.json and docs at /api/docs."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cakupan.common.api import error_body
from cakupan.compliance.api import router as compliance_router
from cakupan.datacalls.api import router as datacalls_router
from cakupan.imports.api import router as imports_router
from cakupan.indicators.api import router as indicators_router
from cakupan.jobs.api import router as jobs_router
from cakupan.maps.api import router as maps_router
from cakupan.monev.api import router as monev_router
from cakupan.monev.summary.api import router as monev_summary_router
from cakupan.packs.api import router as packs_router
from cakupan.participants.api import router as participants_router
from cakupan.participants.poverty_api import router as poverty_router
from cakupan.regions.api import router as regions_router
from cakupan.reports.api import router as reports_router

logger = logging.getLogger(__name__)


class CakupanAPI(NinjaAPI):
    """The schema depends only on the code: built once per process instead of at every request for
    /api/openapi.json (0.1–1 s of CPU each, which a burst of requests would queue behind)."""

    _schemas: dict[str, Any]

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schemas = self.__dict__.setdefault("_schemas", {})
        if path_prefix not in schemas:
            schemas[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return schemas[path_prefix]


class LocalSwagger(Swagger):
    """The docs page from django-ninja's local template and static files, never from its CDN (CSP-clean,
    and it works offline). ninja renders its CDN template when it is not an installed app, and it is not
    one, so that no process imports it at start (`settings.NINJA_DIR`): its local template is given in its
    place, rendered the same way, with the request's context."""

    template_cdn = str(settings.NINJA_DIR / "templates" / "ninja" / "swagger.html")


api = CakupanAPI(
    title="Cakupan API",
    version="1",
    description=(
        "Coverage of employment social security (BPJS Ketenagakerjaan) by region and month: the same "
        "figures as the Cakupan pages. Public figures need no authentication; district and village detail, "
        "imports and everything else need a token (`Authorization: Bearer ckp_…`) created under "
        'Akun › Token API. Every error has the shape `{"error": {"code", "message", "fields", '
        '"problems"}}`.'
    ),
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/v1/regions", regions_router)
api.add_router("/v1", indicators_router)
api.add_router("/v1/imports", imports_router)
api.add_router("/v1/compliance", compliance_router)
api.add_router("/v1/monev", monev_router)
api.add_router("/v1/packs", packs_router)
api.add_router("/v1/reports", reports_router)
api.add_router("/v1/reports", monev_summary_router)  # the six-monthly summary, owned by monev
api.add_router("/v1/jobs", jobs_router)
api.add_router("/v1/maps", maps_router)
api.add_router("/v1/participants", participants_router)
api.add_router("/v1/participants", poverty_router)
api.add_router("/v1/datacalls", datacalls_router)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        location = ".".join(
            str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path", "form")
        )
        fields.setdefault(location or "request", []).append(str(item.get("msg", "invalid")))
    return api.create_response(
        request, error_body("invalid", _("The request is not valid."), fields=fields), status=422
    )


@api.exception_handler(MultiPartParserError)
@api.exception_handler(RequestDataTooBig)
@api.exception_handler(UnreadablePostError)
def _unreadable_body(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = _("The request body cannot be read as multipart/form-data with a file and a dataset.")
    if isinstance(exc, RequestDataTooBig):
        message = _("The request body is too large.")
    return api.create_response(request, error_body("invalid", message), status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthenticated", _("A valid token or login is needed.")), status=401
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("Not allowed for your role or regions.")
    return api.create_response(request, error_body("forbidden", message), status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", str(exc) or _("Not found.")), status=404)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        422: "invalid",
    }.get(exc.status_code, "error")
    return api.create_response(request, error_body(code, str(exc)), status=exc.status_code)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.path)
    body: dict[str, Any] = error_body("server_error", _("An unexpected error happened; it has been logged."))
    return api.create_response(request, body, status=500)
