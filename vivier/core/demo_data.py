"""The demo employer: a fictional French regional administration. Every person is generated."""

EMPLOYER = {
    "name": "Région Armor-Océan",
    "legal_name": "Conseil régional d'Armor-Océan (collectivité fictive)",
    "tagline": "Servir le territoire, ensemble",
    "website": "https://region-armor-ocean.example",
    "contact_email": "recrutement@region-armor-ocean.example",
    "privacy_contact": "dpo@region-armor-ocean.example",
    "is_public_sector": True,
    "description": (
        "La **Région Armor-Océan** fait vivre un territoire de 3 millions d'habitants, entre "
        "littoral et bocage. Ses 4 500 agents construisent et entretiennent les lycées, "
        "organisent les transports régionaux, accompagnent les entreprises, protègent "
        "l'environnement et forment les habitants tout au long de la vie.\n\n"
        "Nous recrutons chaque année plus de 300 personnes : fonctionnaires, contractuels, "
        "apprentis et stagiaires. Rejoindre la Région, c'est donner du sens à son travail, "
        "près de chez soi."
    ),
}

VALUES = [
    ("Le service public", "Chaque mission sert les habitants, d'abord et avant tout."),
    ("L'équilibre", "Télétravail, horaires variables, 27 jours de congés et des RTT."),
    ("Apprendre", "Un plan de formation ambitieux et des parcours d'évolution réels."),
    ("La transition écologique", "Des projets concrets pour le climat et la biodiversité."),
]

LOCATIONS = [
    ("Hôtel de Région", "1 place de l'Océan", "35000", "Rennes", "Bretagne"),
    ("Antenne de Brest", "12 quai de la Douane", "29200", "Brest", "Bretagne"),
    ("Antenne de Vannes", "5 rue du Port", "56000", "Vannes", "Bretagne"),
]

SOCIAL_ACCOUNTS = [
    ("linkedin", "https://www.linkedin.com/company/region-armor-ocean-demo"),
    ("facebook", "https://www.facebook.com/region.armor.ocean.demo"),
    ("x", "https://x.com/armor_ocean_demo"),
    ("mastodon", "https://social.example/@armor_ocean"),
    ("youtube", "https://www.youtube.com/@armor-ocean-demo"),
]

VIDEOS = [
    ("Nos métiers dans les lycées", "https://www.youtube.com/watch?v=Vv1erDemo01"),
    ("Une journée au service des transports", "https://www.dailymotion.com/video/x8demo1"),
]

DEPARTMENTS = [
    "Direction du numérique",
    "Direction des lycées",
    "Direction des transports et des mobilités",
    "Direction des finances",
    "Direction des ressources humaines",
    "Direction de l'environnement",
]

# (first name, last name, role) of the team. Fictional.
TEAM = [
    ("Annaïg", "Le Floch", "administrator"),
    ("Yannick", "Kerbrat", "recruiter"),
    ("Sophie", "Marchal", "recruiter"),
    ("Gwenaël", "Tanguy", "hiring_manager"),
    ("Claire", "Béréhouc", "hiring_manager"),
]

FIRST_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Jade", "Louise", "Emma", "Sarah", "Nora",
    "Lucas", "Hugo", "Louis", "Nathan", "Enzo", "Mathis", "Tom", "Théo", "Yanis", "Malo",
    "Maël", "Rose", "Anaïs", "Julien", "Karim", "Amina", "Gaëlle", "Erwan", "Soizic", "Loïc",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Le Gall", "Le Goff", "Guillou", "Morvan", "Caradec", "Benali",
]  # fmt: skip

_COMMON_PROFILE = (
    "- Sens du service public et goût du travail en équipe\n"
    "- Rigueur, autonomie et capacité à rendre compte\n"
    "- Aisance rédactionnelle"
)

# Each offer: fields of JobOffer, plus "status" (what the demo does with it), "department"
# (index in DEPARTMENTS), "managers" (indexes of hiring managers in TEAM) and "days_left".
OFFERS = [
    {
        "title": "Développeuse ou développeur Python / Django",
        "department": 0, "contract_type": "public_contract", "public_service_category": "A",
        "contract_duration_months": 36, "city": "Rennes", "postcode": "35000",
        "remote_policy": "hybrid", "salary_min": 38000, "salary_max": 48000,
        "salary_period": "year", "status": "published", "managers": [3], "days_left": 45,
        "summary": "Concevoir les services en ligne de la Région avec une équipe produit.",
        "description": (
            "La direction du numérique (80 agents) développe les services en ligne utilisés "
            "chaque jour par les lycéens, les usagers des transports et les entreprises du "
            "territoire : aides régionales, cartes de transport, inscriptions.\n\n"
            "Vous rejoignez une équipe produit de six personnes qui travaille en méthode agile, "
            "en logiciel libre et au plus près des usagers."
        ),
        "missions": (
            "- Développer de nouvelles fonctionnalités en Python et Django\n"
            "- Écrire des tests et faire des revues de code\n"
            "- Améliorer l'accessibilité (RGAA) et les performances des services\n"
            "- Participer aux ateliers avec les usagers"
        ),
        "profile": (
            "- Trois ans d'expérience en développement web\n"
            "- Maîtrise de Python, de Django et de PostgreSQL\n"
            "- Intérêt pour le logiciel libre et l'accessibilité\n" + _COMMON_PROFILE
        ),
    },
    {
        "title": "Agent ou agente d'entretien et de restauration des lycées",
        "department": 1, "contract_type": "civil_servant", "public_service_category": "C",
        "city": "Brest", "postcode": "29200", "remote_policy": "on_site",
        "salary_min": 1850, "salary_max": 2100, "salary_period": "month",
        "status": "published", "managers": [4], "days_left": 30,
        "summary": "Contribuer chaque jour au bien-être de 1 200 lycéens.",
        "description": (
            "Au sein du lycée maritime de Brest, vous assurez l'entretien des locaux et "
            "participez au service de restauration, dans une équipe de 25 agents."
        ),
        "missions": (
            "- Entretenir les salles, les couloirs et les espaces communs\n"
            "- Participer à la préparation et au service des repas\n"
            "- Appliquer les règles d'hygiène et de sécurité (HACCP)"
        ),
        "profile": "- Première expérience appréciée, débutants bienvenus\n" + _COMMON_PROFILE,
    },
    {
        "title": "Comptable (gestionnaire budgétaire et comptable)",
        "department": 3, "contract_type": "civil_servant", "public_service_category": "B",
        "city": "Rennes", "postcode": "35000", "remote_policy": "hybrid",
        "salary_min": 2100, "salary_max": 2600, "salary_period": "month",
        "status": "published", "managers": [], "days_left": 21,
        "summary": "Exécuter le budget régional et veiller à la qualité comptable.",
        "description": (
            "Le service de l'exécution budgétaire traite 60 000 mandats par an. Vous y "
            "rejoignez une équipe de douze gestionnaires."
        ),
        "missions": (
            "- Engager, liquider et mandater les dépenses\n"
            "- Émettre les titres de recettes\n"
            "- Répondre aux fournisseurs et aux services"
        ),
        "profile": "- Connaissance de la comptabilité publique (M57)\n" + _COMMON_PROFILE,
    },
    {
        "title": "Directrice ou directeur des finances",
        "department": 3, "contract_type": "civil_servant", "public_service_category": "A",
        "city": "Rennes", "postcode": "35000", "remote_policy": "on_site",
        "salary_min": 65000, "salary_max": 80000, "salary_period": "year",
        "status": "published", "managers": [], "days_left": 40,
        "summary": "Piloter la stratégie financière d'un budget de 1,8 milliard d'euros.",
        "description": (
            "Membre du comité de direction, vous préparez et exécutez le budget régional et "
            "conseillez les élus sur la trajectoire financière."
        ),
        "missions": (
            "- Diriger une direction de 45 agents\n"
            "- Préparer le budget et la prospective financière\n"
            "- Piloter la dette et la trésorerie"
        ),
        "profile": "- Expérience confirmée de direction financière\n" + _COMMON_PROFILE,
    },
    {
        "title": "Chargée ou chargé de mission mobilités durables",
        "department": 2, "contract_type": "public_contract", "public_service_category": "A",
        "contract_duration_months": 24, "city": "Vannes", "postcode": "56000",
        "remote_policy": "hybrid", "salary_min": 36000, "salary_max": 44000,
        "salary_period": "year", "status": "published", "managers": [3], "days_left": 35,
        "summary": "Développer le covoiturage, le vélo et les cars express régionaux.",
        "description": (
            "La Région organise les transports interurbains et ferroviaires. Vous pilotez le "
            "plan régional des mobilités durables avec les intercommunalités."
        ),
        "missions": (
            "- Animer le réseau des partenaires locaux\n"
            "- Suivre les lignes de cars express et les aires de covoiturage\n"
            "- Évaluer les actions et proposer des améliorations"
        ),
        "profile": "- Formation en aménagement ou en transports\n" + _COMMON_PROFILE,
    },
    {
        "title": "Alternance — Assistante ou assistant ressources humaines",
        "department": 4, "contract_type": "apprenticeship", "contract_duration_months": 24,
        "city": "Rennes", "postcode": "35000", "remote_policy": "on_site",
        "salary_min": 1100, "salary_max": 1400, "salary_period": "month",
        "status": "published", "managers": [], "days_left": 60,
        "summary": "Préparer un diplôme RH en découvrant le recrutement public.",
        "description": (
            "Vous rejoignez le service recrutement et mobilité pendant votre formation (licence "
            "ou master RH), au rythme de l'alternance."
        ),
        "missions": (
            "- Publier les offres et suivre les candidatures\n"
            "- Organiser les jurys de recrutement\n"
            "- Participer aux forums et salons de l'emploi"
        ),
        "profile": "- Inscription dans une formation RH en alternance\n" + _COMMON_PROFILE,
    },
    {
        "title": "Stage — Biodiversité et trame verte et bleue",
        "department": 5, "contract_type": "internship", "contract_duration_months": 6,
        "city": "Brest", "postcode": "29200", "remote_policy": "on_site",
        "salary_min": 4, "salary_max": 5, "salary_period": "hour",
        "status": "published", "managers": [4], "days_left": 25,
        "summary": "Cartographier les continuités écologiques du territoire.",
        "description": (
            "Stage de fin d'études (master) au service du patrimoine naturel, de février à "
            "juillet."
        ),
        "missions": (
            "- Analyser les données naturalistes existantes\n"
            "- Réaliser des relevés de terrain\n"
            "- Rédiger des recommandations pour les documents d'urbanisme"
        ),
        "profile": "- Master en écologie ou en géographie, pratique d'un SIG\n",
    },
    {
        "title": "Cheffe ou chef de projet SIG",
        "department": 0, "contract_type": "cdd", "contract_duration_months": 18,
        "city": "Rennes", "postcode": "35000", "remote_policy": "hybrid",
        "salary_min": 40000, "salary_max": 47000, "salary_period": "year",
        "status": "published", "managers": [3], "days_left": 50,
        "summary": "Faire des données géographiques un bien commun du territoire.",
        "description": (
            "Vous pilotez la plateforme régionale de données géographiques, partagée avec les "
            "collectivités et ouverte à tous."
        ),
        "missions": (
            "- Administrer la plateforme et ses flux de données\n"
            "- Accompagner les services dans leurs projets cartographiques\n"
            "- Publier des jeux de données ouverts"
        ),
        "profile": "- Maîtrise de QGIS, PostGIS et des standards OGC\n" + _COMMON_PROFILE,
    },
    {
        "title": "Technicienne ou technicien de maintenance des bâtiments (intérim)",
        "department": 1, "contract_type": "interim", "contract_duration_months": 3,
        "city": "Vannes", "postcode": "56000", "remote_policy": "on_site",
        "salary_min": 14, "salary_max": 16, "salary_period": "hour",
        "status": "published", "managers": [4], "days_left": 15,
        "summary": "Renfort de trois mois pour la maintenance de cinq lycées.",
        "description": "Mission d'intérim pour assurer la maintenance courante pendant l'été.",
        "missions": (
            "- Interventions en plomberie, électricité et menuiserie\n"
            "- Suivi des entreprises extérieures"
        ),
        "profile": "- CAP ou BEP dans un métier du bâtiment, permis B\n",
    },
    {
        "title": "Consultante ou consultant accessibilité numérique (freelance)",
        "department": 0, "contract_type": "freelance", "contract_duration_months": 4,
        "city": "Rennes", "postcode": "35000", "remote_policy": "remote",
        "salary_min": 60, "salary_max": 75, "salary_period": "hour",
        "status": "published", "managers": [3], "days_left": 20,
        "summary": "Auditer nos services en ligne selon le RGAA 4.1.",
        "description": (
            "Mission de quatre mois, entièrement à distance, pour auditer six services et "
            "former les équipes."
        ),
        "missions": "- Audits RGAA\n- Formation des équipes produit",
        "profile": "- Références d'audits RGAA\n",
    },
    {
        "title": "Part-time — English-speaking project officer, European funds",
        "department": 3, "contract_type": "public_contract", "public_service_category": "A",
        "contract_duration_months": 12, "working_time": "part_time", "weekly_hours": 28,
        "city": "Rennes", "postcode": "35000", "remote_policy": "hybrid", "language": "en",
        "salary_min": 30000, "salary_max": 34000, "salary_period": "year",
        "status": "published", "managers": [], "days_left": 30,
        "summary": "Manage Interreg projects with our partner regions in Ireland and Wales.",
        "description": (
            "The European affairs team manages €120 million of EU funds. You coordinate our "
            "Interreg Atlantic Area projects."
        ),
        "missions": "- Follow project budgets\n- Organise partner meetings\n- Report to the EU",
        "profile": "- Fluent English and French\n- Experience of EU-funded projects\n",
    },
    {
        "title": "Conductrice ou conducteur de car scolaire",
        "department": 2, "contract_type": "cdi", "city": "Brest", "postcode": "29200",
        "remote_policy": "on_site", "salary_min": 1900, "salary_max": 2200,
        "salary_period": "month", "status": "closed", "managers": [], "days_left": 10,
        "summary": "Transporter chaque jour les élèves en toute sécurité.",
        "description": "Offre pourvue : merci à toutes les personnes qui ont candidaté.",
        "missions": "- Conduire sur les lignes scolaires\n- Veiller à la sécurité des élèves",
        "profile": "- Permis D et FIMO voyageurs\n",
    },
    {
        "title": "Chargée ou chargé de communication numérique",
        "department": 4, "contract_type": "public_contract", "public_service_category": "B",
        "city": "Rennes", "postcode": "35000", "remote_policy": "hybrid",
        "salary_min": 2300, "salary_max": 2700, "salary_period": "month",
        "status": "draft", "managers": [], "days_left": 40,
        "summary": "Faire connaître nos métiers sur les réseaux sociaux.",
        "description": "Brouillon en cours de relecture par la direction.",
        "missions": "- Animer nos comptes\n- Produire des vidéos métiers",
        "profile": "- Maîtrise des réseaux sociaux\n",
    },
    {
        "title": "Gestionnaire des aides aux entreprises",
        "department": 3, "contract_type": "civil_servant", "public_service_category": "B",
        "city": "Vannes", "postcode": "56000", "remote_policy": "hybrid",
        "salary_min": 2000, "salary_max": 2500, "salary_period": "month",
        "status": "archived", "managers": [], "days_left": 5,
        "summary": "Instruire les dossiers d'aides économiques.",
        "description": "Recrutement terminé l'an dernier.",
        "missions": "- Instruire les dossiers\n- Conseiller les entreprises",
        "profile": "- Connaissance des aides publiques\n",
    },
]  # fmt: skip

# How many applications reach each stage kind, per published or closed offer, in order.
STAGE_PLAN = ["new", "new", "screening", "interview", "offer", "hired", "rejected", "withdrawn"]
DECLARED_SOURCES = [
    "linkedin", "facebook", "careers_site", "x", "job_board", "mastodon", "referral", "event",
    "linkedin", "careers_site",
]  # fmt: skip
COVER_LETTER = (
    "Madame, Monsieur,\n\nVotre offre a retenu toute mon attention : travailler au service des "
    "habitants de la région correspond à ce que je recherche. Mon expérience me permettra de "
    "contribuer rapidement aux missions décrites.\n\nJe me tiens à votre disposition pour un "
    "entretien.\n\nBien cordialement."
)
NOTES = {
    "screening": "Profil intéressant, expérience solide. À recevoir en entretien.",
    "interview": "Entretien prévu avec le responsable du service.",
    "offer": "Très bon entretien, proposition en préparation.",
    "hired": "Prise de poste confirmée.",
}

# Channels: sandbox accounts (the local servers of `manage.py sandbox`) and job-board feeds.
# (kind, name, extra fields); cost per month in euros where the channel is paid.
CHANNELS = [
    ("linkedin", "LinkedIn — page de la Région", {"hashtags": "emploi Bretagne servicepublic"}),
    ("x", "X — @armor_ocean", {"hashtags": "emploi"}),
    ("facebook", "Facebook — Région Armor-Océan", {"hashtags": "recrutement"}),
    ("mastodon", "Mastodon — social.example", {"hashtags": "emploi fediemploi"}),
    ("webhook", "Intranet des agents", {}),
    ("email", "Liste des écoles partenaires", {}),
    ("job_board", "Indeed", {"slug": "indeed", "cost_per_month": 150}),
    ("job_board", "Hellowork", {"slug": "hellowork", "cost_per_month": 90}),
    ("atom", "Flux Atom", {}),
    ("google_jobs", "Moteurs de recherche (Google for Jobs)", {}),
]
