from __future__ import annotations

from enum import StrEnum

from coordination.core.i18n import N_


class BodyKind(StrEnum):
    policy_council = "policy_council"
    commission = "commission"
    working_group = "working_group"
    community_of_practice = "community_of_practice"
    forum = "forum"


BODY_KIND_LABELS = {
    BodyKind.policy_council: N_("Policy council"),
    BodyKind.commission: N_("Commission"),
    BodyKind.working_group: N_("Working group"),
    BodyKind.community_of_practice: N_("Community of practice"),
    BodyKind.forum: N_("Forum"),
}


class BodyStatus(StrEnum):
    active = "active"
    dormant = "dormant"
    closed = "closed"


BODY_STATUS_LABELS = {
    BodyStatus.active: N_("Active"),
    BodyStatus.dormant: N_("Dormant"),
    BodyStatus.closed: N_("Closed"),
}


class LeadershipRole(StrEnum):
    lead = "lead"
    chair = "chair"
    co_chair = "co_chair"
    vice_chair = "vice_chair"
    president = "president"
    co_president = "co_president"


LEADERSHIP_ROLE_LABELS = {
    LeadershipRole.lead: N_("Lead"),
    LeadershipRole.chair: N_("Chair"),
    LeadershipRole.co_chair: N_("Co-chair"),
    LeadershipRole.vice_chair: N_("Vice-chair"),
    LeadershipRole.president: N_("President"),
    LeadershipRole.co_president: N_("Co-president"),
}

# Roles that one member holds at a time in a body; the others may be shared.
SINGLE_HOLDER_ROLES = frozenset({LeadershipRole.lead, LeadershipRole.chair, LeadershipRole.president})
