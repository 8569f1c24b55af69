from __future__ import annotations

from enum import StrEnum

from coordination.core.i18n import N_


class Role(StrEnum):
    secretariat = "secretariat"
    body_lead = "body_lead"  # with a body: the focal point of that body's lead member
    focal_point = "focal_point"  # with a member: speaks for that member


ROLE_LABELS = {
    Role.secretariat: N_("Secretariat"),
    Role.body_lead: N_("Body lead"),
    Role.focal_point: N_("Member focal point"),
}

# A role with what it is about, as pages and mail name it ("Lead of Digital Cities").
ROLE_OVER_LABELS = {
    Role.secretariat: N_("Secretariat"),
    Role.body_lead: N_("Lead of %(body)s"),
    Role.focal_point: N_("Focal point of %(member)s"),
}
