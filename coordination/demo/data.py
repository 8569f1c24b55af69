"""The demo network's content, taken from the seed documents.

UCLG's report on the Digital Cities community (001) gives the bodies,
leadership, activities and the Málaga event; DataCités 2 (002) the
restitution and its five territories; France urbaine (003) the commission and
its forums; Germany's dialogue platform (000) the data-governance work; the
Cerema article (004) the self-diagnostic pilot. Where the seeds are silent
(the other 23 cities of the Smart Cities Study, a focal point's name, a
members-only meeting, a cancelled meeting) the demo invents plausible values
so that every feature has something to show; those are marked "(demo)".
Text stays in the language of its seed.
"""

from __future__ import annotations

from typing import Any

NETWORK: dict[str, Any] = {
    "name": "United Cities and Local Governments — demo network",
    "short_name": "UCLG demo",
    "languages": ["en", "fr", "es"],
    "default_language": "en",
}

PRIORITIES: list[dict[str, str]] = [
    {"code": "A", "title_en": "Implementation", "title_fr": "Mise en œuvre", "title_es": "Implementación"},
    {"code": "B", "title_en": "Advocacy", "title_fr": "Plaidoyer", "title_es": "Incidencia"},
    {
        "code": "C",
        "title_en": "Monitoring and reporting",
        "title_fr": "Suivi et rapport",
        "title_es": "Seguimiento e informes",
    },
    {"code": "D", "title_en": "Learning", "title_fr": "Apprentissage", "title_es": "Aprendizaje"},
    {
        "code": "E",
        "title_en": "Strengthening the network",
        "title_fr": "Renforcement du réseau",
        "title_es": "Fortalecimiento de la red",
    },
]

# slug, name, kind, country
MEMBERS: list[tuple[str, str, str, str]] = [
    ("bilbao", "Bilbao", "city", "ES"),
    # DataCités 2's five territories (002)
    ("antony", "Ville d’Antony", "city", "FR"),
    ("bassin-de-pompey", "Communauté de communes du Bassin de Pompey", "intercommunal", "FR"),
    ("grand-poitiers", "Grand Poitiers Communauté urbaine", "intercommunal", "FR"),
    ("la-rochelle", "Communauté d’agglomération de La Rochelle", "intercommunal", "FR"),
    ("geneve", "République et canton de Genève", "region", "CH"),
    # France urbaine's commission (003)
    ("besancon", "Besançon", "city", "FR"),
    ("dijon-metropole", "Dijon Métropole", "intercommunal", "FR"),
    ("mulhouse", "Mulhouse", "city", "FR"),
    ("clermont-auvergne-metropole", "Clermont Auvergne Métropole", "intercommunal", "FR"),
    ("metropole-de-lyon", "Métropole de Lyon", "intercommunal", "FR"),
    ("paris", "Ville de Paris", "city", "FR"),
    # Cerema's pilot (004)
    ("cahors", "Cahors", "city", "FR"),
    ("cerema", "Cerema", "academic", "FR"),
    ("villes-de-france", "Villes de France", "civil_society", "FR"),
    ("ministere-cohesion-territoires", "Ministère de la Cohésion des territoires", "national_ministry", "FR"),
    # Germany's dialogue platform (000)
    ("bmi", "Bundesministerium des Innern, für Bau und Heimat", "national_ministry", "DE"),
    ("bbsr", "Bundesinstitut für Bau-, Stadt- und Raumforschung", "academic", "DE"),
    # Smart Cities Study participants besides Bilbao (demo): 23 more cities, 24 in all as in 001.
    ("barcelona", "Barcelona", "city", "ES"),
    ("lisboa", "Lisboa", "city", "PT"),
    ("montevideo", "Montevideo", "city", "UY"),
    ("buenos-aires", "Buenos Aires", "city", "AR"),
    ("ciudad-de-mexico", "Ciudad de México", "city", "MX"),
    ("bogota", "Bogotá", "city", "CO"),
    ("medellin", "Medellín", "city", "CO"),
    ("quito", "Quito", "city", "EC"),
    ("sao-paulo", "São Paulo", "city", "BR"),
    ("seoul", "Seoul", "city", "KR"),
    ("taipei", "Taipei", "city", "TW"),
    ("moscow", "Moscow", "city", "RU"),
    ("montreal", "Montréal", "city", "CA"),
    ("rabat", "Rabat", "city", "MA"),
    ("ethekwini", "eThekwini (Durban)", "city", "ZA"),
    ("bordeaux", "Bordeaux", "city", "FR"),
    ("strasbourg", "Strasbourg", "city", "FR"),
    ("hamburg", "Hamburg", "city", "DE"),
    ("amsterdam", "Amsterdam", "city", "NL"),
    ("guangzhou", "Guangzhou", "city", "CN"),
    ("jakarta", "Jakarta", "city", "ID"),
    ("kazan", "Kazan", "city", "RU"),
    ("terrassa", "Terrassa", "city", "ES"),
]

SMART_CITIES_STUDY_CITIES = ["bilbao", *[slug for slug, *_ in MEMBERS[18:]]]

# member slug -> people (name, title, email, is_focal_point)
PEOPLE: dict[str, list[tuple[str, str, str, bool]]] = {
    "bilbao": [
        ("Juan Mari Aburto", "Mayor of Bilbao", "alcaldia@bilbao.example.org", False),
        (
            "Ane Etxeberria (demo)",
            "International relations, Digital Cities focal point",
            "ane@bilbao.example.org",
            True,
        ),
    ],
    "besancon": [("Jean-Louis Fousseret", "Maire de Besançon, premier vice-président de France urbaine", "", False)],
    "dijon-metropole": [("Denis Hameau", "Conseiller municipal de Dijon et conseiller de Dijon Métropole", "", False)],
    "mulhouse": [("Jean Rottner", "Maire de Mulhouse, vice-président de France urbaine", "", False)],
    "clermont-auvergne-metropole": [
        ("Olivier Bianchi", "Maire de Clermont-Ferrand, président de la Métropole", "", False)
    ],
    "cerema": [("Florent Boithias", "Directeur de projet Villes et territoires intelligents", "", True)],
    "antony": [("Focal point (demo)", "Direction du numérique", "numerique@antony.example.org", True)],
}

PARTNERS: list[tuple[str, str, str]] = [
    ("un-habitat", "UN-Habitat", "https://unhabitat.org"),
    ("uraia", "Uraía platform (UN-Habitat and FMDV)", ""),
    ("we-go", "WeGO", ""),
    ("wba", "WBA", ""),
    ("lab-ouishare-chronos", "Lab Ouishare x Chronos", ""),
    ("chaire-eti", "Chaire ETI (IAE Paris – Sorbonne Business School)", ""),
    ("la-tribune", "La Tribune", ""),
    ("syntec-numerique", "Syntec numérique", ""),
]

BODIES: list[dict[str, Any]] = [
    {
        "slug": "digital-cities",
        "name": "Digital Cities Community of Practice",
        "kind": "community_of_practice",
        "mandate": (
            "Update the Smart Cities Study every two to three years: a global, cross-cutting analysis of the levers "
            "of a city's potential for growth and transformation; prepare related documents with other institutions."
        ),
        "history": [
            {
                "name": "Digital Cities and Knowledge Commission",
                "kind": "commission",
                "valid_from": None,
                "changed_on": "2019-11-15",
                "note": "Converted into a community of practice when UCLG adopted its new structure of "
                "consultation mechanisms (policy councils, commissions, working groups, communities of "
                "practice and forums); it remains under the leadership of the City of Bilbao.",
            }
        ],
        "members": SMART_CITIES_STUDY_CITIES,
        "leadership": [("bilbao", "Juan Mari Aburto", "lead", "2016-10-15", None)],
    },
    {
        "slug": "opportunities-for-all",
        "name": "Policy Council on Opportunities for all, culture and city diplomacy: "
        "keys to sustainable development and peace",
        "kind": "policy_council",
        "mandate": "",
        "members": ["bilbao", "barcelona", "montevideo", "rabat"],
        "leadership": [("bilbao", "Juan Mari Aburto", "co_chair", "2019-11-15", None)],
    },
    {
        "slug": "culture",
        "name": "Committee on Culture",
        "kind": "commission",
        "mandate": "",
        "members": ["bilbao", "barcelona", "buenos-aires", "lisboa"],
        "leadership": [("bilbao", "Juan Mari Aburto", "vice_chair", "2019-11-15", None)],
    },
    {
        "slug": "smart-cities-dialogue",
        "language": "fr",  # written in French; the pages mark it so for other readers
        "name": "Plateforme nationale de dialogue Smart Cities",
        "kind": "forum",
        "mandate": (
            "Accompagner la mise en œuvre de la charte de la ville intelligente (Smart City Charta) et continuer à "
            "la développer ; élaborer des lignes directrices sur les stratégies des données pour le développement "
            "urbain ; formuler des recommandations d’actions concrètes."
        ),
        "members": ["bmi", "bbsr", "hamburg"],
        "leadership": [("bmi", None, "chair", "2016-01-01", None)],
    },
    {
        "slug": "numerique-innovation",
        "language": "fr",  # written in French; the pages mark it so for other readers
        "name": "Commission Développement économique, numérique et innovation",
        "kind": "commission",
        "mandate": (
            "Lieu d’échange et de partage d’expérience : créer des synergies entre les acteurs du numérique et de "
            "l’innovation, et contribuer à la mise en place de solutions économiques ou de gestion numérique "
            "de la ville."
        ),
        "members": [
            "besancon",
            "dijon-metropole",
            "mulhouse",
            "clermont-auvergne-metropole",
            "metropole-de-lyon",
            "paris",
            "antony",
            "bassin-de-pompey",
            "grand-poitiers",
            "la-rochelle",
            "geneve",
        ],
        "leadership": [],
    },
    {
        "slug": "villes-moyennes",
        "language": "fr",  # written in French; the pages mark it so for other readers
        "name": "Groupe de travail Villes moyennes intelligentes",
        "kind": "working_group",
        "mandate": "Accompagner les villes moyennes dans leur démarche de ville intelligente.",
        "members": ["cahors", "cerema", "villes-de-france", "ministere-cohesion-territoires"],
        "leadership": [("cerema", "Florent Boithias", "lead", "2019-01-01", None)],
    },
]

# Planned periods: (precision, first day, last day); "end_of_year" is the seed's "Fin 2019".
ACTIVITIES: list[dict[str, Any]] = [
    {
        "key": "study-finalisation",
        "body": "digital-cities",
        "priority": "A",
        "title": "Finalisation of the Smart Cities Study, third edition",
        "description": (
            "The study is finished in the last months of 2019 for its official publication. The third edition "
            "looks at smart governance: open government (transparency, participation, open data, accountability "
            "and collaboration) and advanced strategic management, and the main technology trends for the next "
            "four to five years. Twenty-four cities took part, most of them members of the community."
        ),
        "planned": ("end_of_year", "2019-10-01", "2019-12-31"),
        "actual_start": "2019-01-15",
        "actual_end": "2019-12-20",
        "status": "completed",
        "progress_percent": 100,
        "deliverables": [
            {"title": "Smart Cities Study, third edition: Smart governance", "delivered_on": "2019-12-20"}
        ],
        "partners": [],
        "participants": SMART_CITIES_STUDY_CITIES,
    },
    {
        "key": "study-promotion",
        "body": "digital-cities",
        "priority": "A",
        "title": "Promotion and dissemination of the Smart Cities Study",
        "description": (
            "Define and carry out the communication plan: official launch through the community's and UCLG's "
            "channels (website, social networks, newsletter), and presentation of the main conclusions at "
            "suitable international forums. Prepare further documents on smart-city topics with other institutions."
        ),
        "planned": ("year", "2020-01-01", "2020-12-31"),
        "actual_start": "2020-01-20",
        "actual_end": None,
        "status": "ongoing",
        "progress_percent": 40,
        "deliverables": [
            {"title": "Launch of the study on the website, social networks and newsletter"},
            {"title": "Presentation of the conclusions at international forums"},
        ],
        "partners": [],
        "participants": ["bilbao"],
    },
    {
        "key": "synergies",
        "body": "digital-cities",
        "priority": "B",
        "title": "Synergies across UCLG's consultation mechanisms",
        "description": (
            "The City of Bilbao, represented by its mayor Juan Mari Aburto, leads the community and also "
            "co-chairs the Policy Council on Opportunities for all, culture and city diplomacy, and is "
            "vice-chair of the Committee on Culture, which helps create synergies."
        ),
        "planned": ("year", "2020-01-01", "2020-12-31"),
        "actual_start": None,
        "actual_end": None,
        "status": "ongoing",
        "progress_percent": 50,
        "deliverables": [],
        "partners": [],
        "participants": ["bilbao"],
    },
    {
        "key": "reporting",
        "body": "digital-cities",
        "priority": "C",
        "title": "Periodic progress reports to the World Secretariat",
        "description": (
            "The community reports periodically to the World Secretariat on the progress of its activities, "
            "in particular the third edition of the Smart Cities Study."
        ),
        "planned": ("year", "2019-01-01", "2020-12-31"),
        "actual_start": "2019-01-01",
        "actual_end": None,
        "status": "ongoing",
        "progress_percent": 60,
        "deliverables": [],
        "partners": [],
        "participants": ["bilbao"],
    },
    {
        "key": "learning-meetings",
        "body": "digital-cities",
        "priority": "D",
        "title": "Learning meetings with international institutions working on smart cities",
        "description": (
            "Co-organise learning meetings with UN-Habitat, the Uraía platform, WeGO, WBA and others, to position "
            "new technologies as tools for the sustainable development of cities."
        ),
        "planned": ("year", "2019-01-01", "2020-12-31"),
        "actual_start": "2019-03-01",
        "actual_end": None,
        "status": "ongoing",
        "progress_percent": 50,
        "deliverables": [],
        "partners": ["un-habitat", "uraia", "we-go", "wba"],
        "participants": ["bilbao"],
    },
    {
        "key": "network-participation",
        "body": "digital-cities",
        "priority": "E",
        "title": "Involving the network in the third edition of the study",
        "description": (
            "The third edition sought the widest possible participation of the community's and UCLG's members."
        ),
        "planned": ("year", "2019-01-01", "2019-12-31"),
        "actual_start": "2019-01-15",
        "actual_end": "2019-12-20",
        "status": "completed",
        "progress_percent": 100,
        "deliverables": [],
        "partners": [],
        "participants": SMART_CITIES_STUDY_CITIES,
    },
    {
        "key": "data-governance",
        "language": "fr",
        "body": "smart-cities-dialogue",
        "priority": "D",
        "title": "Axe prioritaire Gouvernance des données",
        "description": (
            "En 2020, la plateforme s’est concentrée sur différentes questions de la gouvernance des données. "
            "Plusieurs lignes directrices ont été examinées et développées sur la base des bonnes pratiques "
            "actuelles des membres de la plateforme et d’experts externes."
        ),
        "planned": ("year", "2020-01-01", "2020-12-31"),
        "actual_start": "2020-01-01",
        "actual_end": "2020-12-31",
        "status": "completed",
        "progress_percent": 100,
        "deliverables": [
            {
                "title": "Ligne directrice relative aux compétences en matière de données",
                "description": "Comment promouvoir la transmission et le renforcement des compétences en matière de "
                "données dans les administrations municipales et la société urbaine ?",
            }
        ],
        "partners": [],
        "participants": ["bmi", "bbsr", "hamburg"],
    },
    {
        "key": "datacites-2",
        "language": "fr",
        "body": "numerique-innovation",
        "priority": "D",
        "title": "DataCités 2 : renforcer les capacités d’agir des collectivités en matière de données",
        "description": (
            "Durant un an, les partenaires de DataCités 2 ont accompagné cinq territoires pour tester, étudier et "
            "rendre compte des manières de renforcer les capacités d’agir des collectivités en matière "
            "d’intégration, d’usage et de partage de la donnée numérique."
        ),
        "planned": ("year", "2020-01-01", "2020-12-31"),
        "actual_start": "2019-12-01",
        "actual_end": "2020-12-08",
        "status": "completed",
        "progress_percent": 100,
        "deliverables": [{"title": "16 préconisations", "delivered_on": "2020-12-08"}],
        "partners": ["lab-ouishare-chronos", "chaire-eti"],
        "participants": ["antony", "bassin-de-pompey", "grand-poitiers", "la-rochelle", "geneve"],
    },
    {
        "key": "autodiagnostic",
        "language": "fr",
        "body": "villes-moyennes",
        "priority": "D",
        "title": "Outil de sensibilisation et d’autodiagnostic sur la ville intelligente",
        "description": (
            "Le Cerema a mené des entretiens auprès de cinq villes moyennes, dont Cahors, qui ont validé le concept "
            "de l’outil ; une deuxième version, élaborée avec Villes de France et le ministère de la Cohésion des "
            "territoires, doit répondre mieux aux besoins de ces collectivités."
        ),
        "planned": ("quarter", "2020-04-01", "2020-06-30"),
        "actual_start": "2019-09-01",
        "actual_end": None,
        "status": "ongoing",
        "progress_percent": 70,
        "deliverables": [{"title": "Deuxième version de l’outil d’autodiagnostic"}],
        "partners": [],
        "participants": ["cahors", "cerema", "villes-de-france", "ministere-cohesion-territoires"],
    },
]

# Timing: ("timed", start, end, zone) | ("all_day", first day, last day) | ("to_be_confirmed", year, month or None)
EVENTS: list[dict[str, Any]] = [
    {
        "key": "congress-panel",
        "body": "digital-cities",
        "activity": "learning-meetings",
        "title": "City panel: Using urban innovation to listen to citizens",
        "description": "A panel of cities at the sixth UCLG Congress, organised with the Uraía platform "
        "(UN-Habitat and FMDV).",
        "kind": "panel",
        "timing": ("to_be_confirmed", 2019, 11),  # the congress ran 11–15 November; the panel's day is not in the seed
        "location": "Sixth UCLG World Congress, eThekwini (Durban), South Africa",
        "online_url": "",
        "status": "confirmed",
        "visibility": "public",
    },
    {
        "key": "uraia-malaga",
        "language": "fr",
        "body": "digital-cities",
        "activity": "learning-meetings",
        "title": "Tendances de l’innovation municipale pour atteindre les ODD",
        "description": "Événement annuel de la plateforme Uraía, organisé en collaboration avec la Communauté de "
        "pratiques. Date à confirmer.",
        "kind": "forum",
        "timing": ("to_be_confirmed", 2020, None),
        "location": "Málaga, España",
        "online_url": "",
        "status": "tentative",
        "visibility": "public",
    },
    {
        "key": "study-members-briefing",
        "body": "digital-cities",
        "activity": "study-promotion",
        "title": "Smart Cities Study: results for member cities (demo)",
        "description": "A members-only briefing on the study's findings before its public launch.",
        "kind": "webinar",
        "timing": ("timed", "2020-02-11T16:00", "2020-02-11T17:30", "Europe/Madrid"),
        "location": "",
        "online_url": "https://meet.example.org/digital-cities-briefing",
        "status": "confirmed",
        "visibility": "members",
    },
    {
        "key": "wba-learning-meeting",
        "body": "digital-cities",
        "activity": "learning-meetings",
        "title": "Learning meeting with WBA in Bilbao (demo)",
        "description": "Cancelled because of the pandemic.",
        "kind": "learning_meeting",
        "timing": ("timed", "2020-04-22T10:00", "2020-04-22T13:00", "Europe/Madrid"),
        "location": "Bilbao",
        "online_url": "",
        "status": "cancelled",
        "visibility": "public",
    },
    {
        "key": "datacites-restitution",
        "language": "fr",
        "body": "numerique-innovation",
        "activity": "datacites-2",
        "title": "Restitution de DataCités 2 : quels retours d’expérience et quelles suites aux enseignements "
        "et 16 préconisations ?",
        "description": (
            "Deux tables rondes dans lesquelles les territoires, institutions et entreprises qui ont coproduit et "
            "participé à cette exploration font part de leurs expériences, des apports de DataCités 2 et des actions "
            "qu’ils poursuivent ou souhaitent engager."
        ),
        "kind": "webinar",
        "timing": ("timed", "2020-12-08T09:30", "2020-12-08T11:30", "Europe/Paris"),
        "location": "",
        "online_url": "https://meet.example.org/datacites-2-restitution",
        "status": "confirmed",
        "visibility": "public",
        "sessions": [
            {
                "title": "Table ronde 1 : Comment bien engager la coproduction d’un service numérique avec les "
                "acteurs d’un territoire ?",
                "description": "Les participants présenteront les actions concrètes qu’ils mettent en place ou qu’ils "
                "souhaitent développer pour partager des données numériques à l’échelle d’un territoire et "
                "coproduire des services.",
                "start": "2020-12-08T09:30",
                "end": "2020-12-08T10:30",
            },
            {
                "title": "Table ronde 2 : Comment parvenir à un « socle culturel commun » de la donnée numérique "
                "entre les acteurs d’un territoire ?",
                "description": "Concevoir des services numériques territoriaux suppose de connaître, partager et "
                "valoriser les données d’une diversité d’acteurs publics et privés.",
                "start": "2020-12-08T10:30",
                "end": "2020-12-08T11:30",
            },
        ],
    },
    {
        "key": "interconnectes",
        "language": "fr",
        "body": "numerique-innovation",
        "activity": None,
        "title": "14e Forum des Interconnectés : Construire les territoires innovants",
        "description": "France urbaine, fondatrice du Réseau des Territoires Innovants et co-organisatrice du Forum "
        "National des Interconnectés, invite à participer à la 14e édition.",
        "kind": "forum",
        "timing": ("all_day", "2017-12-06", "2017-12-07"),
        "location": "Lyon",
        "online_url": "",
        "status": "confirmed",
        "visibility": "public",
    },
    {
        "key": "smart-city-grand-paris",
        "language": "fr",
        "body": "numerique-innovation",
        "activity": None,
        "title": "Forum Smart City du Grand Paris",
        "description": "Organisé par La Tribune pour la 4e année consécutive, en partenariat avec la Mairie de Paris.",
        "kind": "forum",
        "timing": ("all_day", "2017-11-28", "2017-11-29"),
        "location": "Paris",
        "online_url": "",
        "status": "confirmed",
        "visibility": "public",
    },
    {
        "key": "syntec-smart-city",
        "language": "fr",
        "body": "numerique-innovation",
        "activity": None,
        "title": "Tendances de la smart city (Syntec numérique et France urbaine)",
        "description": "Une demi-journée consacrée aux tendances de la smart city et aux stratégies à mener pour que "
        "les territoires s’inscrivent pleinement dans la transformation digitale.",
        "kind": "round_table",
        "timing": ("all_day", "2017-10-17", "2017-10-17"),
        "location": "Paris",
        "online_url": "",
        "status": "confirmed",
        "visibility": "public",
    },
]
