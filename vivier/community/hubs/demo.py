"""Demo hubs for `manage.py demo`, made through the services: a public hub and an alumni hub
with a few threads (a pinned one, replies, mentions, reactions), an internal hub, a partner
hub, and members' offers waiting for review. Every name is invented."""

from vivier.accounts.models import Role, User
from vivier.community.hubs import discussions, moderation, offers, services
from vivier.community.hubs.models import Hub, MemberOffer, Membership, PartnerOrganisation

# Invented people: (first name, last name, role).
PEOPLE = [
    ("Nolwenn", "Guivarc'h", Role.ALUMNUS),
    ("Brieuc", "Le Goff", Role.ALUMNUS),
    ("Katell", "Riou", Role.EMPLOYEE),
    ("Yann", "Daniel", Role.CANDIDATE),
    ("Lena", "Cadiou", Role.CANDIDATE),
]


def _person(first_name, last_name, role, password, domain) -> User:
    local = f"{first_name}.{last_name}".lower().replace(" ", "-").replace("'", "")
    email = local.translate(str.maketrans("éèëïç", "eeeic")) + "@" + domain
    user = User.objects.filter(email=email).first()
    return user or User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, role=role
    )


def load_hubs(*, password: str, domain: str) -> None:
    recruiter = User.objects.filter(role=Role.RECRUITER).order_by("pk").first()
    people = [_person(*spec, password, domain) for spec in PEOPLE]
    nolwenn, brieuc, katell, yann, lena = people
    public = services.create_hub(
        hub=Hub(
            name="Parlons métiers",
            slug="parlons-metiers",
            kind=Hub.Kind.PUBLIC,
            description=(
                "L'espace ouvert à toutes et à tous : posez vos questions sur nos métiers, "
                "nos concours et nos stages, nos équipes vous répondent."
            ),
        ),
        moderators=[katell],
        by=recruiter,
    )
    alumni = services.create_hub(
        hub=Hub(
            name="Anciens de la Région",
            slug="anciens",
            kind=Hub.Kind.ALUMNI,
            description="Les anciens agents gardent le contact et partagent des offres.",
        ),
        moderators=[nolwenn],
        by=recruiter,
    )
    internal = services.create_hub(
        hub=Hub(
            name="Équipes de la Région",
            slug="equipes",
            kind=Hub.Kind.INTERNAL,
            description="Entre collègues : cooptation, mobilité, vie des services.",
        ),
        by=recruiter,
    )
    partner_members = User.objects.filter(role=Role.PARTNER, email__endswith="@" + domain)
    organisation = PartnerOrganisation.objects.filter(members__in=partner_members).first()
    if organisation is None:
        organisation = PartnerOrganisation.objects.create(
            name="Lycée maritime de Paimpol (démo)", kind=PartnerOrganisation.Kind.SCHOOL
        )
    partner = services.create_hub(
        hub=Hub(
            name="Écoles et partenaires",
            slug="partenaires",
            kind=Hub.Kind.PARTNER,
            description="Avec nos écoles partenaires : stages, alternances, forums.",
        ),
        by=recruiter,
    )
    partner.partner_organisations.add(organisation)

    rules = discussions.start_thread(
        hub=public,
        author=katell,
        title="Bienvenue : les règles de l'espace",
        body=(
            "Bienvenue ! Quelques règles :\n\n- restez courtois ;\n- pas de données "
            "personnelles ;\n- une question par fil.\n\nLes modérateurs peuvent masquer un message."
        ),
    )
    moderation.pin_thread(thread=rules, by=katell, pinned=True)
    internship = discussions.start_thread(
        hub=public,
        author=yann,
        title="Stage au service des ports : comment candidater ?",
        body="Bonjour, je suis en BTS et je cherche un **stage de deux mois** au printemps.",
    )
    discussions.reply(
        thread=internship,
        author=katell,
        body="Bonjour Yann, les offres de stage sont publiées en janvier ; suivez ce fil.",
    )
    discussions.reply(thread=internship, author=lena, body="Même question pour une alternance !")
    discussions.toggle_reaction(post=internship.posts.last(), user=yann, kind="like")
    discussions.start_thread(
        hub=public,
        author=lena,
        title="Préparer le concours d'adjoint technique",
        body="Des conseils pour l'épreuve pratique ?",
    )

    network = discussions.start_thread(
        hub=alumni,
        author=nolwenn,
        title="Où en êtes-vous depuis votre départ ?",
        body="Je suis partie au port de Lorient : présentez-vous en une ligne !",
    )
    discussions.reply(
        thread=network,
        author=brieuc,
        body=f"Bureau d'études à Quimper. Merci @{discussions.mention_handle(nolwenn)} !",
    )
    services.join_hub(hub=internal, user=katell)
    discussions.start_thread(
        hub=internal,
        author=katell,
        title="Mobilité interne : les postes du trimestre",
        body="Les fiches de poste sont dans l'intranet ; parlez-en ici.",
    )

    offers.propose_offer(
        member_offer=MemberOffer(
            hub=alumni,
            title="Technicien·ne bureau d'études",
            contract_type="cdi",
            source=MemberOffer.Source.OTHER,
            organisation_name="Bureau d'études de Cornouaille (démo)",
            city="Quimper",
            description="Mon employeur cherche un technicien ; candidatures par son site.",
            external_url="https://bureau-etudes.example/offres/technicien",
        ),
        by=brieuc,
    )
    shared = offers.propose_offer(
        member_offer=MemberOffer(
            hub=alumni,
            title="Agent·e d'exploitation portuaire",
            contract_type="cdd",
            source=MemberOffer.Source.OTHER,
            organisation_name="Port de Lorient (démo)",
            city="Lorient",
            description="Un CDD de six mois à l'exploitation du port.",
            external_url="https://port.example/emplois/agent",
        ),
        by=nolwenn,
    )
    offers.approve_member_offer(
        member_offer=shared, by=recruiter, outcome=MemberOffer.Outcome.HUB_POST, note="Merci !"
    )
    Membership.objects.get_or_create(hub=alumni, user=brieuc)
