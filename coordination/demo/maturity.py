"""The demo's maturity framework and its 2020 campaign, with the five DataCités 2 territories' assessments.

The themes are those of Cerema's self-diagnostic sheets (seed 004): relationship with users, data management,
citizen participation, internal organisation, and the governance and territorial project the seed's director
insists on ("a territorial project with identified needs and uses… its governance, its internal organisation
and its public data policy"). The seed gives the themes and the shape of a sheet (context, stakes, signs of
success, skills needed) but not their text, nor the levels: those, and the two further themes a network would
expect (digital infrastructure, digital inclusion), are written for the demo and marked "(demo)". The seed is
in French; the English and Spanish are translations. The levels' answers are invented for the demo.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import msgspec

from coordination.core.actor import Actor, acting_as
from coordination.core.errors import InvalidInput, NotFound
from coordination.maturity import services as maturity
from coordination.maturity.schemas import AnswerIn, AssessmentSave, CampaignCreate, FrameworkCreate

FRAMEWORK_SLUG = "smart-city-self-diagnostic"
CAMPAIGN_SLUG = "digital-maturity-2020"

# The scale every theme of the demo uses (demo): five levels, from nothing yet to a practice others learn from.
LEVELS: list[dict[str, dict[str, str]]] = [
    {
        "title": {"en": "Not yet (demo)", "fr": "Pas encore (démo)", "es": "Todavía no (demo)"},
        "description": {
            "en": "The subject has not been raised in the administration.",
            "fr": "Le sujet n’a pas encore été abordé dans la collectivité.",
            "es": "El tema aún no se ha planteado en la administración.",
        },
    },
    {
        "title": {"en": "Emerging (demo)", "fr": "Émergent (démo)", "es": "Emergente (demo)"},
        "description": {
            "en": "A few people or services act on it, without a shared plan.",
            "fr": "Quelques personnes ou services s’en saisissent, sans plan partagé.",
            "es": "Algunas personas o servicios actúan, sin un plan compartido.",
        },
    },
    {
        "title": {"en": "Structuring (demo)", "fr": "En structuration (démo)", "es": "En estructuración (demo)"},
        "description": {
            "en": "A plan, a lead and resources exist; first results are measured.",
            "fr": "Un plan, un pilote et des moyens existent ; les premiers résultats sont mesurés.",
            "es": "Existen un plan, un responsable y recursos; se miden los primeros resultados.",
        },
    },
    {
        "title": {"en": "Integrated (demo)", "fr": "Intégré (démo)", "es": "Integrado (demo)"},
        "description": {
            "en": "The practice runs across services and is reviewed regularly.",
            "fr": "La pratique est transversale aux services et revue régulièrement.",
            "es": "La práctica es transversal a los servicios y se revisa con regularidad.",
        },
    },
    {
        "title": {"en": "Exemplary (demo)", "fr": "Exemplaire (démo)", "es": "Ejemplar (demo)"},
        "description": {
            "en": "Other territories learn from it; users help improve it.",
            "fr": "D’autres territoires s’en inspirent ; les usagers contribuent à l’améliorer.",
            "es": "Otros territorios aprenden de ella; los usuarios contribuyen a mejorarla.",
        },
    },
]


def _theme(code: str, title: dict[str, str], **sheet: dict[str, str]) -> dict[str, Any]:
    levels = [{"level": number, **level} for number, level in enumerate(LEVELS, start=1)]
    return {"code": code, "title": title, **sheet, "levels": levels}


THEMES: list[dict[str, Any]] = [
    _theme(
        "users",
        {"en": "Relationship with users", "fr": "Relation avec l’usager", "es": "Relación con los usuarios"},
        context={
            "en": "How residents reach the administration's services, online and at the counter (demo).",
            "fr": "Comment les habitants accèdent aux services de la collectivité, en ligne et au guichet (démo).",
            "es": "Cómo acceden los habitantes a los servicios de la administración, en línea y en ventanilla (demo).",
        },
        stakes={
            "en": "Services designed around needs and uses, not around the tools (demo).",
            "fr": "Des services pensés à partir des besoins et des usages, non des outils (démo).",
            "es": "Servicios pensados a partir de las necesidades y los usos, no de las herramientas (demo).",
        },
        success={
            "en": "Users' feedback is collected and changes the services (demo).",
            "fr": "Les retours des usagers sont recueillis et font évoluer les services (démo).",
            "es": "Se recogen las opiniones de los usuarios y hacen evolucionar los servicios (demo).",
        },
        skills={
            "en": "Service design, user research (demo).",
            "fr": "Conception de services, recherche utilisateur (démo).",
            "es": "Diseño de servicios, investigación con usuarios (demo).",
        },
    ),
    _theme(
        "data",
        {"en": "Data management", "fr": "Gestion des données", "es": "Gestión de datos"},
        context={
            "en": "The data the territory produces and uses, and the public data policy (demo).",
            "fr": "Les données que produit et utilise le territoire, et la politique publique de la donnée (démo).",
            "es": "Los datos que produce y usa el territorio, y la política pública de datos (demo).",
        },
        stakes={
            "en": "Keeping control of public data and opening it where useful (demo).",
            "fr": "Garder la maîtrise des données publiques et les ouvrir lorsque c’est utile (démo).",
            "es": "Mantener el control de los datos públicos y abrirlos cuando sea útil (demo).",
        },
        success={
            "en": "A data inventory, a named data lead, open datasets that are reused (demo).",
            "fr": "Un inventaire des données, un référent désigné, des jeux ouverts et réutilisés (démo).",
            "es": "Un inventario de datos, un responsable designado, conjuntos abiertos y reutilizados (demo).",
        },
        skills={
            "en": "Data governance, law (GDPR), data engineering (demo).",
            "fr": "Gouvernance des données, droit (RGPD), ingénierie des données (démo).",
            "es": "Gobernanza de datos, derecho (RGPD), ingeniería de datos (demo).",
        },
    ),
    _theme(
        "participation",
        {"en": "Citizen participation", "fr": "Participation citoyenne", "es": "Participación ciudadana"},
        context={
            "en": "How residents take part in the territory's choices (demo).",
            "fr": "Comment les habitants prennent part aux choix du territoire (démo).",
            "es": "Cómo participan los habitantes en las decisiones del territorio (demo).",
        },
        stakes={
            "en": "Collective intelligence rather than technology alone (demo).",
            "fr": "L’intelligence collective davantage que le numérique seul (démo).",
            "es": "La inteligencia colectiva más que la tecnología sola (demo).",
        },
        success={
            "en": "Residents are involved from the start of projects, online and in person (demo).",
            "fr": "Les habitants sont associés dès le début des projets, en ligne et en présentiel (démo).",
            "es": "Los habitantes participan desde el inicio de los proyectos, en línea y en persona (demo).",
        },
        skills={
            "en": "Facilitation, civic technology (demo).",
            "fr": "Animation, outils de participation (civic tech) (démo).",
            "es": "Facilitación, tecnología cívica (demo).",
        },
    ),
    _theme(
        "organisation",
        {"en": "Internal organisation", "fr": "Organisation interne", "es": "Organización interna"},
        context={
            "en": "How services work together on digital projects (demo).",
            "fr": "Comment les services travaillent ensemble sur les projets numériques (démo).",
            "es": "Cómo trabajan juntos los servicios en los proyectos digitales (demo).",
        },
        stakes={
            "en": "Agile management across silos, a strength of medium-sized cities (demo).",
            "fr": "Un management agile et décloisonné, force des villes moyennes (démo).",
            "es": "Una gestión ágil y sin compartimentos, fortaleza de las ciudades medianas (demo).",
        },
        success={
            "en": "Cross-service project teams, shared tools, trained staff (demo).",
            "fr": "Des équipes projet transversales, des outils partagés, des agents formés (démo).",
            "es": "Equipos de proyecto transversales, herramientas compartidas, personal formado (demo).",
        },
        skills={
            "en": "Project management, change management (demo).",
            "fr": "Gestion de projet, conduite du changement (démo).",
            "es": "Gestión de proyectos, gestión del cambio (demo).",
        },
    ),
    _theme(
        "governance",
        {
            "en": "Governance and territorial project",
            "fr": "Gouvernance et projet de territoire",
            "es": "Gobernanza y proyecto territorial",
        },
        context={
            "en": "A territorial project with identified needs and uses comes first (seed 004).",
            "fr": "Avoir d’abord un projet de territoire avec des besoins et des usages identifiés (seed 004).",
            "es": "Tener primero un proyecto territorial con necesidades y usos identificados (seed 004).",
        },
        stakes={
            "en": "Rethinking governance so that digital tools serve the project (demo).",
            "fr": "Repenser sa gouvernance pour que le numérique serve le projet (démo).",
            "es": "Repensar la gobernanza para que lo digital sirva al proyecto (demo).",
        },
        success={
            "en": "Elected officials carry a strategy that partners share (demo).",
            "fr": "Les élus portent une stratégie partagée avec les partenaires (démo).",
            "es": "Los cargos electos impulsan una estrategia compartida con los socios (demo).",
        },
        skills={
            "en": "Strategy, partnerships, public procurement (demo).",
            "fr": "Stratégie, partenariats, commande publique (démo).",
            "es": "Estrategia, alianzas, contratación pública (demo).",
        },
    ),
    _theme(
        "infrastructure",
        {
            "en": "Digital infrastructure (demo)",
            "fr": "Infrastructures numériques (démo)",
            "es": "Infraestructura digital (demo)",
        },
        context={
            "en": "Networks, sensors and platforms the territory relies on (demo).",
            "fr": "Réseaux, capteurs et plateformes sur lesquels s’appuie le territoire (démo).",
            "es": "Redes, sensores y plataformas en los que se apoya el territorio (demo).",
        },
    ),
    _theme(
        "inclusion",
        {"en": "Digital inclusion (demo)", "fr": "Inclusion numérique (démo)", "es": "Inclusión digital (demo)"},
        context={
            "en": "Residents who cannot use online services are not left behind (demo).",
            "fr": "Les habitants éloignés du numérique ne sont pas laissés de côté (démo).",
            "es": "No se deja atrás a quienes no pueden usar los servicios en línea (demo).",
        },
    ),
]

FRAMEWORK: dict[str, Any] = {
    "slug": FRAMEWORK_SLUG,
    "name": {
        "en": "Smart city self-diagnostic (after Cerema, demo)",
        "fr": "Autodiagnostic ville intelligente (d’après le Cerema, démo)",
        "es": "Autodiagnóstico de ciudad inteligente (según el Cerema, demo)",
    },
    "themes": THEMES,
}

CAMPAIGN = CampaignCreate(
    slug=CAMPAIGN_SLUG,
    name="Digital maturity 2020 (DataCités 2)",
    start_date=date(2020, 1, 1),
    end_date=date(2020, 12, 31),
    framework=FRAMEWORK_SLUG,
    published=True,
)

# member -> levels in the themes' order (users, data, participation, organisation, governance, infrastructure,
# inclusion), and whether it shares its answers. Invented for the demo.
ASSESSMENTS: dict[str, tuple[list[int], bool]] = {
    "antony": ([3, 2, 2, 3, 2, 3, 1], False),
    "bassin-de-pompey": ([2, 1, 3, 2, 3, 2, 2], False),
    "grand-poitiers": ([3, 2, 2, 3, 3, 4, 2], True),
    "la-rochelle": ([4, 3, 3, 3, 4, 3, 3], True),
    "geneve": ([4, 4, 3, 4, 3, 4, 2], False),
}
JUSTIFICATION = {
    "fr": "Autoévaluation de l’atelier DataCités 2 (démo).",
}

FOCAL = Actor(user_id=None, label="focal point (demo)", via="demo")


async def load_maturity(created: Counter[str]) -> None:
    """The framework, the 2020 campaign and the five assessments, each made once."""
    try:
        await maturity.latest_framework(slug=FRAMEWORK_SLUG)
    except InvalidInput:
        await maturity.create_framework(data=msgspec.convert(FRAMEWORK, FrameworkCreate))
        created["maturity frameworks"] += 1
    try:
        await maturity.get_campaign(slug=CAMPAIGN_SLUG)
    except NotFound:
        await maturity.create_campaign(data=CAMPAIGN)
        created["maturity campaigns"] += 1
    codes = [theme["code"] for theme in THEMES]
    for member, (levels, shared) in ASSESSMENTS.items():
        current = await maturity.get_assessment(campaign=CAMPAIGN_SLUG, member=member)
        if current.submissions:
            continue
        with acting_as(FOCAL):
            answers = [
                AnswerIn(theme=code, level=level, justification=JUSTIFICATION["fr"])
                for code, level in zip(codes, levels, strict=True)
            ]
            saved = await maturity.save_answers(
                campaign=CAMPAIGN_SLUG, member=member, data=AssessmentSave(revision=current.revision, answers=answers)
            )
            if shared:
                saved = await maturity.set_shared(
                    campaign=CAMPAIGN_SLUG, member=member, revision=saved.revision, shared=True
                )
            await maturity.submit(campaign=CAMPAIGN_SLUG, member=member, revision=saved.revision)
        created["maturity assessments"] += 1
