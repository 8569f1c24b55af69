from __future__ import annotations

from enum import StrEnum

from coordination.core.i18n import N_


class MemberKind(StrEnum):
    city = "city"
    intercommunal = "intercommunal"
    region = "region"
    national_ministry = "national_ministry"
    regional_ministry = "regional_ministry"
    academic = "academic"
    business = "business"
    civil_society = "civil_society"
    international_organisation = "international_organisation"


MEMBER_KIND_LABELS = {
    MemberKind.city: N_("City or municipality"),
    MemberKind.intercommunal: N_("Intercommunal grouping"),
    MemberKind.region: N_("Region"),
    MemberKind.national_ministry: N_("National ministry"),
    MemberKind.regional_ministry: N_("Regional ministry"),
    MemberKind.academic: N_("Academic or scientific body"),
    MemberKind.business: N_("Business or professional group"),
    MemberKind.civil_society: N_("Civil society"),
    MemberKind.international_organisation: N_("International organisation"),
}
