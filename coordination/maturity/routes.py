"""JSON API for maturity self-assessments, under ``/api/v1/maturity``.

Who may do what is decided by ``rules``: the secretariat manages frameworks and campaigns and reads
everything; a member's focal point reads, saves, submits and shares that member's assessments and reads its
history; a shared assessment is readable by anyone signed in; a campaign's figures (no member named) by the
secretariat, and by anyone once published with at least three submissions.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get, patch, post, put
from litestar.params import Body, PathParameter, QueryParameter

from coordination.accounts.guards import SignInRequired, principal_of, require, secretariat_only, signed_in
from coordination.core.i18n import N_
from coordination.core.params import SlugPath
from coordination.maturity import exports, rules
from coordination.maturity import services as maturity
from coordination.maturity.schemas import (
    AssessmentOut,
    AssessmentReopen,
    AssessmentSave,
    AssessmentShare,
    AssessmentSubmit,
    CampaignCreate,
    CampaignFigures,
    CampaignOut,
    CampaignPublish,
    FrameworkCreate,
    FrameworkOut,
    MemberHistory,
)
from coordination.members import services as members

Language = Annotated[
    Literal["en", "fr", "es"], QueryParameter(description="The language of the themes' titles", required=False)
]
MemberPath = Annotated[str, PathParameter(min_length=1, max_length=100, description="A member's slug.")]


async def _member(request: Request[Any, Any, Any], slug: str) -> int:
    return await members.member_id(slug=slug)


class MaturityController(Controller):
    path = "/api/v1/maturity"
    tags = ("maturity",)

    @get("/frameworks", guards=[secretariat_only])
    async def list_frameworks(self) -> list[FrameworkOut]:
        """Every version of every framework, the latest first."""
        return await maturity.list_frameworks()

    @post("/frameworks", guards=[secretariat_only])
    async def create_framework(self, data: Annotated[FrameworkCreate, Body()]) -> FrameworkOut:
        """The next version of a framework (the first when its slug is new); earlier versions never change."""
        return await maturity.create_framework(data=data)

    @get("/campaigns", guards=[signed_in])
    async def list_campaigns(self) -> list[CampaignOut]:
        return await maturity.list_campaigns()

    @post("/campaigns", guards=[secretariat_only])
    async def create_campaign(self, data: Annotated[CampaignCreate, Body()]) -> CampaignOut:
        """A campaign assessed against the latest version of the framework named."""
        return await maturity.create_campaign(data=data)

    @patch("/campaigns/{slug:str}", guards=[secretariat_only])
    async def publish_campaign(self, slug: SlugPath, data: Annotated[CampaignPublish, Body()]) -> CampaignOut:
        """Publish the campaign's figures (never a member's answers), or stop."""
        return await maturity.set_published(slug=slug, revision=data.revision, published=data.published)

    @get("/campaigns/{slug:str}/figures")
    async def figures(self, request: Request[Any, Any, Any], slug: SlugPath, lang: Language = "en") -> CampaignFigures:
        """Participation, levels per theme (distribution, median, mean), the weakest themes; members' progress
        for the secretariat only."""
        principal = principal_of(request)
        manage = rules.can_manage(principal)
        found = await maturity.campaign_figures(slug=slug, language=lang, with_progress=manage)
        allowed = rules.can_read_network_figures(
            principal, published=found.campaign.published, participants=found.participants
        )
        if not allowed and not principal.is_authenticated:
            raise SignInRequired()
        require(allowed, detail=N_("the network's figures of this campaign are not published"))
        return found

    @get("/campaigns/{slug:str}/figures/export", guards=[secretariat_only])
    async def export_figures(
        self,
        slug: SlugPath,
        format: Annotated[Literal["csv", "xlsx"], QueryParameter(description="`csv` or `xlsx`")] = "csv",
        lang: Language = "en",
    ) -> Response[bytes]:
        found = await maturity.campaign_figures(slug=slug, language=lang, with_progress=True)
        made = exports.to_xlsx(found, language=lang) if format == "xlsx" else exports.to_csv(found, language=lang)
        return Response(
            made.content,
            media_type=made.content_type,
            headers={"Content-Disposition": f'attachment; filename="{made.file_name}"'},
        )

    @get("/campaigns/{slug:str}/assessments/{member:str}", guards=[signed_in])
    async def get_assessment(
        self, request: Request[Any, Any, Any], slug: SlugPath, member: MemberPath
    ) -> AssessmentOut:
        member_id = await _member(request, member)
        found = await maturity.get_assessment(campaign=slug, member=member)
        require(
            rules.can_read_assessment(principal_of(request), member_id, shared=found.shared and found.submissions > 0),
            detail=N_("not your member's assessment"),
        )
        return found

    @put("/campaigns/{slug:str}/assessments/{member:str}", guards=[signed_in])
    async def save_assessment(
        self,
        request: Request[Any, Any, Any],
        slug: SlugPath,
        member: MemberPath,
        data: Annotated[AssessmentSave, Body()],
    ) -> AssessmentOut:
        """Save some themes' answers as a draft; a stale ``revision`` is a 409 and nothing is written."""
        member_id = await _member(request, member)
        require(rules.can_write_assessment(principal_of(request), member_id), detail=N_("not your member's assessment"))
        return await maturity.save_answers(campaign=slug, member=member, data=data)

    @patch("/campaigns/{slug:str}/assessments/{member:str}", guards=[signed_in])
    async def share_assessment(
        self,
        request: Request[Any, Any, Any],
        slug: SlugPath,
        member: MemberPath,
        data: Annotated[AssessmentShare, Body()],
    ) -> AssessmentOut:
        """Share the member's answers with the network's members and the annual report, or stop."""
        member_id = await _member(request, member)
        require(rules.can_write_assessment(principal_of(request), member_id), detail=N_("not your member's assessment"))
        return await maturity.set_shared(campaign=slug, member=member, revision=data.revision, shared=data.shared)

    @post("/campaigns/{slug:str}/assessments/{member:str}/submit", guards=[signed_in], status_code=200)
    async def submit_assessment(
        self,
        request: Request[Any, Any, Any],
        slug: SlugPath,
        member: MemberPath,
        data: Annotated[AssessmentSubmit, Body()],
    ) -> AssessmentOut:
        """Submit: every theme needs a level; the answers are kept as a version the figures read."""
        member_id = await _member(request, member)
        require(rules.can_write_assessment(principal_of(request), member_id), detail=N_("not your member's assessment"))
        return await maturity.submit(campaign=slug, member=member, revision=data.revision)

    @post("/campaigns/{slug:str}/assessments/{member:str}/reopen", guards=[secretariat_only], status_code=200)
    async def reopen_assessment(
        self, slug: SlugPath, member: MemberPath, data: Annotated[AssessmentReopen, Body()]
    ) -> AssessmentOut:
        """Send a submitted assessment back to draft, with a reason."""
        return await maturity.reopen(campaign=slug, member=member, revision=data.revision, reason=data.reason)

    @get("/members/{member:str}/history", guards=[signed_in])
    async def history(
        self, request: Request[Any, Any, Any], member: MemberPath, lang: Language = "en"
    ) -> MemberHistory:
        """The member's level per theme in each campaign, beside the network's median where at least three
        members submitted."""
        member_id = await _member(request, member)
        require(rules.can_read_history(principal_of(request), member_id), detail=N_("not your member's assessment"))
        return await maturity.member_history(member=member, language=lang)
