from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse

from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.tasks.selectors import my_regions, tasks_for_user


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What waits for me: the task list above a chooser of my regions. `?bagian=daftar` (HTMX) is the
    task list alone, for the top of the user's own region page."""
    context = {"tasks": tasks_for_user(request.user)}
    if request.GET.get("bagian") == "daftar":
        return TemplateResponse(request, "tasks/_task_list.html", context)
    return TemplateResponse(request, "tasks/mine.html", {**context, "landing": my_regions(request.user)})
