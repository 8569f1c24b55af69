"""Who may read and change what in maturity self-assessments: plain functions of a principal and a member.

- The secretariat runs frameworks and campaigns, reads every assessment and the network's full figures,
  sends a submitted assessment back, and publishes a campaign's figures.
- A member's focal point fills in, submits and shares that member's assessments, and reads its history.
- Another member's answers are read only when that member shared them (anyone signed in).
- The network's figures (distribution, medians) reach anyone other than the secretariat only once at least
  ``MIN_PARTICIPANTS`` members submitted, so no single city can be told apart; the public reads them only
  for a campaign the secretariat published.
"""

from __future__ import annotations

from coordination.reporting.rules import Asker

# Fewer submissions than this and a median or a distribution points at one city.
MIN_PARTICIPANTS = 3


def can_manage(principal: Asker) -> bool:
    """Frameworks, campaigns, publishing, reopening, the full figures and their exports."""
    return principal.is_authenticated and principal.is_secretariat


def can_write_assessment(principal: Asker, member_id: int) -> bool:
    return principal.is_authenticated and (principal.is_secretariat or principal.is_focal_point_of(member_id))


def can_read_assessment(principal: Asker, member_id: int, *, shared: bool) -> bool:
    return can_write_assessment(principal, member_id) or (principal.is_authenticated and shared)


def can_read_history(principal: Asker, member_id: int) -> bool:
    """A member's levels over time, beside the network's medians."""
    return can_write_assessment(principal, member_id)


def can_read_network_figures(principal: Asker, *, published: bool, participants: int) -> bool:
    """A campaign's distribution and medians, without any member's name: the secretariat always; anyone,
    the public included, once the secretariat published them and at least ``MIN_PARTICIPANTS`` submitted."""
    return can_manage(principal) or (published and participants >= MIN_PARTICIPANTS)
