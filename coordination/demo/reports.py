"""The demo's progress reports: the 2020 annual period, with Digital Cities' report approved.

Digital Cities' report is seed 001 itself, in French as written, with an English translation: its
activities under the priorities A–E, its leadership update, and its two highlights ("Smart Cities Study",
"Collaboration"). It was submitted on time, returned once (the Collaboration highlight was missing),
resubmitted and approved, so its two versions can be compared. The other bodies show the other states:
submitted, returned, resubmitted, a draft, and not started; Antony's focal point owes a member report.
The dates of the demo's history are set in early 2021, when such reports were due.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import msgspec

from coordination.core.actor import Actor, acting_as
from coordination.core.errors import NotFound
from coordination.reporting import services as reporting
from coordination.reporting.enums import ReportAction
from coordination.reporting.rules import Scope
from coordination.reporting.schemas import PeriodCreate, ReportSave

PERIOD = {"kind": "year", "year": 2020, "due_date": "2021-03-31", "grace_days": 14, "members": ["antony"]}

# Who did what in the demo's history: labels only (the demo accounts are made after the network).
LEAD = Actor(user_id=None, label="lead@bilbao.demo.example.org", via="demo")
SECRETARIAT = Actor(user_id=None, label="secretariat@demo.example.org", via="demo")
REPORTER = Actor(user_id=None, label="reporter (demo)", via="demo")


def _at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=UTC).replace(hour=hour)


LEADERSHIP_NOTE_FR = (
    "Le processus de réflexion mené au sein de CGLU à propos de sa structure de fonctionnement a abouti à la "
    "création d’une nouvelle structure de mécanismes de consultation, formée de conseils politiques, commissions, "
    "groupes de travail, communautés de pratiques et forums. Pour tenir compte de cette nouvelle structure, il a "
    "été proposé de convertir la Commission des Villes numériques et de la Connaissance en « Communauté de "
    "pratiques des Villes numériques », qui restera sous le leadership de la Ville de Bilbao.\n\n"
    "Aucun changement n’est prévu en 2020 dans le leadership de la Communauté de pratiques."
)
LEADERSHIP_NOTE_EN = (
    "UCLG's reflection on its working structure led to a new structure of consultation mechanisms: policy "
    "councils, commissions, working groups, communities of practice and forums. To fit it, the Digital Cities "
    "and Knowledge Commission was converted into the “Digital Cities Community of Practice”, which remains "
    "under the leadership of the City of Bilbao.\n\n"
    "No change in the community of practice's leadership is planned for 2020."
)

# activity key -> (status, percent, narrative in French, narrative in English)
DIGITAL_CITIES_ENTRIES: list[tuple[str, str, int, bool, str, str]] = [
    (
        "study-finalisation",
        "completed",
        100,
        False,
        "Fin 2019 : finalisation de l’étude. L’étude a été terminée au cours des derniers mois de l’année 2019 "
        "afin d’être publiée officiellement. Le principal objectif de la Communauté de pratiques est de mettre à "
        "jour Smart Cities Study tous les 2 à 3 ans : une analyse globale et transversale des différents leviers du "
        "potentiel de croissance et de transformation d’une ville.",
        "End of 2019: finalisation of the study. The study was finished in the last months of 2019 for its "
        "official publication. The community's main objective is to update the Smart Cities Study every two to "
        "three years: a global, cross-cutting analysis of the levers of a city's potential for growth and "
        "transformation.",
    ),
    (
        "study-promotion",
        "ongoing",
        60,
        True,
        "2020 : promotion et diffusion de l’étude. Le plan de communication et de promotion de Smart Cities Study "
        "est défini et mis en œuvre. Il comprend le lancement officiel de l’étude à travers les différents canaux de "
        "communication de la Communauté de pratiques et de CGLU : site web, réseaux sociaux et bulletin, entre "
        "autres. Les principales conclusions de l’étude sont également présentées et diffusées sur les forums "
        "internationaux identifiés comme adaptés à cette fin. D’autres documents sont préparés en collaboration "
        "avec d’autres institutions sur des sujets associés aux villes intelligentes.",
        "2020: promotion and dissemination of the study. The communication and promotion plan of the Smart Cities "
        "Study is defined and carried out: the official launch through the community's and UCLG's channels "
        "(website, social networks and newsletter, among others), and the presentation of its main conclusions at "
        "suitable international forums. Further documents on smart-city topics are prepared with other "
        "institutions.",
    ),
    (
        "synergies",
        "ongoing",
        50,
        True,
        "La Ville de Bilbao, représentée par son maire Juan Mari Aburto, continue de mener le travail de la "
        "Communauté de pratiques des villes numériques. Elle participe également au leadership d’autres organes de "
        "consultation de CGLU, ce qui facilite la création de synergies : co-présidence du Conseil politique "
        "« Opportunités pour tou.te.s, culture et diplomatie des villes : les clés du développement durable et de "
        "la paix » et vice-présidence de la Commission de la Culture.",
        "The City of Bilbao, represented by its mayor Juan Mari Aburto, continues to lead the work of the Digital "
        "Cities Community of Practice. It also takes part in the leadership of other UCLG consultation mechanisms, "
        "which helps create synergies: it co-chairs the Policy Council “Opportunities for all, culture and city "
        "diplomacy: keys to sustainable development and peace” and is vice-chair of the Committee on Culture.",
    ),
    (
        "reporting",
        "ongoing",
        75,
        False,
        "La Communauté de pratiques rend compte périodiquement au Secrétariat mondial des progrès réalisés dans la "
        "mise en œuvre de ses activités, particulièrement en ce qui concerne l’élaboration de la troisième édition "
        "de Smart Cities Study.",
        "The community reports periodically to the World Secretariat on the progress of its activities, in "
        "particular the third edition of the Smart Cities Study.",
    ),
    (
        "learning-meetings",
        "ongoing",
        60,
        False,
        "Collaboration à l’organisation de réunions d’apprentissage avec d’autres institutions internationales qui "
        "travaillent sur des sujets liés aux villes intelligentes (ONU-Habitat, plateforme Uraía, WeGO, WBA, entre "
        "autres) afin de positionner les nouvelles technologies en tant qu’outils pour assurer le développement "
        "durable des villes.",
        "Co-organising learning meetings with other international institutions working on smart-city topics "
        "(UN-Habitat, the Uraía platform, WeGO, WBA, among others) to position new technologies as tools for the "
        "sustainable development of cities.",
    ),
    (
        "network-participation",
        "completed",
        100,
        False,
        "Le travail d’élaboration de cette troisième édition de Smart Cities Study a sollicité toute la "
        "participation possible des membres de la Communauté de pratiques de CGLU et de CGLU.",
        "Preparing this third edition of the Smart Cities Study sought the widest possible participation of the "
        "members of UCLG's community of practice and of UCLG.",
    ),
]

STUDY_FR = (
    "La nouvelle édition de Smart Cities Study a été élaborée au cours de l’année 2019. Dans sa troisième édition, "
    "cette étude se penche sur la gouvernance intelligente des villes, ou « Smart governance ». La gouvernance "
    "intelligente est ouverte (elle intègre les principes de gouvernement ouvert tels que la transparence, la "
    "participation, les données ouvertes, la reddition de comptes et la collaboration), et sa gestion est "
    "stratégique et avancée : elle a vocation à anticiper les défis futurs en fondant sa planification stratégique "
    "sur les défis déjà identifiés, en évaluant les actions menées et en basant les décisions sur des données.\n\n"
    "Smart City Study a donc pour objectif d’examiner la situation des villes en matière de gouvernement ouvert et "
    "de gestion stratégique avancée, et d’identifier les bonnes pratiques dans ces domaines. Cette étude vise en "
    "outre à identifier les principales tendances technologiques considérées comme essentielles pour une "
    "gouvernance intelligente des villes pour les 4 à 5 prochaines années. Vingt-quatre villes ont participé à "
    "cette édition, en majorité membres de la Communauté de pratiques des villes numériques de CGLU."
)
STUDY_EN = (
    "The new edition of the Smart Cities Study was prepared during 2019. Its third edition looks at the smart "
    "governance of cities. Smart governance is open (it takes in the principles of open government: transparency, "
    "participation, open data, accountability and collaboration), and its management is strategic and advanced: "
    "it anticipates future challenges by basing its strategic planning on the challenges already identified, "
    "evaluating what was done and basing decisions on data.\n\n"
    "The study therefore examines where cities stand on open government and advanced strategic management, and "
    "identifies good practices in these fields. It also identifies the main technology trends considered "
    "essential to the smart governance of cities over the next four to five years. Twenty-four cities took part "
    "in this edition, most of them members of UCLG's Digital Cities Community of Practice."
)
COLLABORATION_FR = (
    "Un Panel de villes est en cours d’organisation, en collaboration avec la plateforme Uraía (ONU-Habitat et "
    "FMDV). Il aura lieu pendant le VIᵉ Congrès de CGLU, sous le titre « Utiliser l’innovation urbaine pour écouter "
    "les citoyens ».\n\n"
    "Nous collaborons également avec la plateforme Uraía pour l’organisation de son événement annuel, qui se "
    "tiendra à Malaga (date à confirmer) sous le titre « Tendances de l’innovation municipale pour atteindre les "
    "ODD »."
)
COLLABORATION_EN = (
    "A City Panel is being organised with the Uraía platform (UN-Habitat and FMDV). It will take place during the "
    "sixth UCLG Congress, under the title “Using urban innovation to listen to citizens”.\n\n"
    "We are also working with the Uraía platform on its annual event, to be held in Málaga (date to be "
    "confirmed) under the title “Trends in municipal innovation to achieve the SDGs”."
)


def _highlight(title_fr: str, summary_fr: str, title_en: str, summary_en: str) -> dict[str, Any]:
    return {
        "title": title_fr,
        "summary": summary_fr,
        "translations": {"en": {"title": title_en, "summary": summary_en}},
    }


def _digital_cities_report(activity_ids: dict[str, int], *, with_collaboration: bool) -> dict[str, Any]:
    highlights = [_highlight("Smart Cities Study", STUDY_FR, "Smart Cities Study", STUDY_EN)]
    if with_collaboration:
        highlights.append(_highlight("Collaboration", COLLABORATION_FR, "Collaboration", COLLABORATION_EN))
    return {
        "language": "fr",
        "leadership_note": LEADERSHIP_NOTE_FR,
        "translations": {"en": {"leadership_note": LEADERSHIP_NOTE_EN}},
        "entries": [
            {
                "activity": activity_ids[key],
                "status": status,
                "progress_percent": percent,
                "added_in_period": added,
                "narrative": french,
                "translations": {"en": {"narrative": english}},
            }
            for key, status, percent, added, french, english in DIGITAL_CITIES_ENTRIES
        ],
        "highlights": highlights,
    }


DATA_GOVERNANCE_FR = (
    "En 2020, la plateforme s’est concentrée sur différentes questions de la gouvernance des données. Plusieurs "
    "lignes directrices ont été examinées et développées sur la base des bonnes pratiques actuelles des membres "
    "de la plateforme et d’experts externes."
)
DATACITES_FR = (
    "Durant un an, les partenaires de DataCités 2 ont accompagné cinq territoires pour tester, étudier et rendre "
    "compte des manières de renforcer les capacités d’agir des collectivités en matière de données ; la "
    "restitution du 8 décembre 2020 a présenté 16 préconisations."
)
AUTODIAGNOSTIC_FR = (
    "Le Cerema a mené des entretiens auprès de cinq villes moyennes, dont Cahors, qui ont validé le concept de "
    "l’outil ; une deuxième version est en cours avec Villes de France et le ministère de la Cohésion des "
    "territoires."
)


async def _slot_id(body: str | None = None, member: str | None = None) -> int:
    everything = Scope(everything=True, body_ids=frozenset(), member_ids=frozenset())
    listed = await reporting.list_slots(scope=everything, period="2020", body=body, member=member)
    return listed.items[0].id


async def _save(slot: int, content: dict[str, Any], *, at: datetime) -> None:
    report = await reporting.get_report(slot_id=slot)
    payload = {"revision": report.revision, **content}
    await reporting.save_report(slot_id=slot, data=msgspec.convert(payload, ReportSave), now=at)


async def _entry_report(
    activity_ids: dict[str, int], key: str, status: str, percent: int, narrative: str
) -> dict[str, Any]:
    return {
        "language": "fr",
        "entries": [
            {"activity": activity_ids[key], "status": status, "progress_percent": percent, "narrative": narrative}
        ],
    }


async def load_reports(created: Counter[str], activity_ids: dict[str, int]) -> None:
    """The 2020 annual period and its reports, once: nothing is done if the period exists."""
    try:
        await reporting.get_period(slug="2020")
        return
    except NotFound:
        pass
    with acting_as(SECRETARIAT):
        await reporting.create_period(data=msgspec.convert(PERIOD, PeriodCreate))
    created["reporting periods"] += 1

    # Digital Cities: submitted on time, returned once, resubmitted, approved.
    slot = await _slot_id(body="digital-cities")
    with acting_as(LEAD):
        await _save(slot, _digital_cities_report(activity_ids, with_collaboration=False), at=_at("2021-03-08"))
        await reporting.transition(slot_id=slot, action=ReportAction.submit, now=_at("2021-03-15"))
    with acting_as(SECRETARIAT):
        await reporting.transition(
            slot_id=slot,
            action=ReportAction.return_,
            reason="Merci d’ajouter la collaboration avec la plateforme Uraía (panel du Congrès, événement annuel).",
            now=_at("2021-03-18"),
        )
    with acting_as(LEAD):
        await _save(slot, _digital_cities_report(activity_ids, with_collaboration=True), at=_at("2021-03-22", 9))
        await reporting.transition(slot_id=slot, action=ReportAction.submit, now=_at("2021-03-22"))
    with acting_as(SECRETARIAT):
        await reporting.transition(slot_id=slot, action=ReportAction.approve, now=_at("2021-03-25"))
    created["approved reports"] += 1

    # Germany's dialogue platform: submitted in the grace period, awaiting review.
    slot = await _slot_id(body="smart-cities-dialogue")
    with acting_as(REPORTER):
        await _save(
            slot,
            await _entry_report(activity_ids, "data-governance", "completed", 100, DATA_GOVERNANCE_FR),
            at=_at("2021-04-06"),
        )
        await reporting.transition(slot_id=slot, action=ReportAction.submit, now=_at("2021-04-08"))

    # France urbaine's commission: submitted on time, returned with a reason.
    slot = await _slot_id(body="numerique-innovation")
    with acting_as(REPORTER):
        await _save(
            slot, await _entry_report(activity_ids, "datacites-2", "completed", 100, DATACITES_FR), at=_at("2021-03-26")
        )
        await reporting.transition(slot_id=slot, action=ReportAction.submit, now=_at("2021-03-30"))
    with acting_as(SECRETARIAT):
        await reporting.transition(
            slot_id=slot,
            action=ReportAction.return_,
            reason="Merci de préciser les suites données aux 16 préconisations de DataCités 2.",
            now=_at("2021-04-02"),
        )

    # Mid-sized cities working group: late, returned, resubmitted.
    slot = await _slot_id(body="villes-moyennes")
    with acting_as(REPORTER):
        await _save(
            slot,
            await _entry_report(activity_ids, "autodiagnostic", "ongoing", 70, AUTODIAGNOSTIC_FR),
            at=_at("2021-05-01"),
        )
        await reporting.transition(slot_id=slot, action=ReportAction.submit, now=_at("2021-05-02"))
    with acting_as(SECRETARIAT):
        await reporting.transition(
            slot_id=slot,
            action=ReportAction.return_,
            reason="Merci d’indiquer combien de villes moyennes ont été interrogées et lesquelles.",
            now=_at("2021-05-04"),
        )
    with acting_as(REPORTER):
        await _save(
            slot,
            await _entry_report(
                activity_ids,
                "autodiagnostic",
                "ongoing",
                75,
                AUTODIAGNOSTIC_FR + " Les cinq villes interrogées : Cahors et quatre autres villes moyennes (demo).",
            ),
            at=_at("2021-05-09"),
        )
        await reporting.transition(slot_id=slot, action=ReportAction.submit, now=_at("2021-05-10"))

    # The Committee on Culture: a draft, never submitted.
    slot = await _slot_id(body="culture")
    with acting_as(REPORTER):
        await _save(
            slot,
            {"language": "en", "leadership_note": "Draft: the committee's 2020 work plan is being summarised (demo)."},
            at=_at("2021-03-29"),
        )
    # The Policy Council on Opportunities for all and Antony (a member report) have not started.
