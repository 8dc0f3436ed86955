"""The API operations of the Monev register, under /api/v1/monev/: the routers of its packages, assembled."""

from ninja import Router

from cakupan.common.api import READ_AUTH
from cakupan.monev.benefits.api import router as benefits_router
from cakupan.monev.funding.api import router as funding_router
from cakupan.monev.import_api import router as import_router
from cakupan.monev.meetings.api import router as meetings_router
from cakupan.monev.outreach.api import router as outreach_router
from cakupan.monev.regulations.api import router as regulations_router
from cakupan.monev.scorecard.api import router as scorecard_router
from cakupan.monev.summary.addressee_api import router as addressee_router
from cakupan.monev.targets.api import router as targets_router

router = Router(tags=["Monev"], auth=READ_AUTH)


router.add_router("", regulations_router)  # /regulations, /inpres/{code}
router.add_router("", scorecard_router)  # /scorecard/{code}/{year}
router.add_router("", funding_router)  # /budget/{code}
router.add_router("", benefits_router)  # /benefits/{code}
router.add_router("", meetings_router)  # /follow-ups/overdue
router.add_router("", targets_router)  # /commitments
router.add_router("", import_router)  # /imports
router.add_router("", addressee_router)  # /addressee-reports
router.add_router("", outreach_router)  # /agents…
