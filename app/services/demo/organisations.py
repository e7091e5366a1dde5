"""GIP identity settings, organisations (members, funders, carriers, partners) and member services."""

from __future__ import annotations

import uuid

from app.domain.enums import OrganisationType, TerritoryLevel
from app.domain.ids import natural_id
from app.domain.settings import GIP_SETTINGS
from app.models.organisation import Organisation, Service
from app.models.settings import Setting
from app.services.demo.common import DEPT_CODE, DEPT_NAME, PREFECTURE, Ctx, luhn_complete
from app.services.demo.names import email, person

MEMBER, CARRIER, FUNDER, PARTNER = (
    OrganisationType.MEMBER,
    OrganisationType.CARRIER,
    OrganisationType.FUNDER,
    OrganisationType.PARTNER,
)
GIP_NAME = "GIP Insertion et Territoires de Haute-Maille"
PRESIDENT = "Jean-Marc Delpeuch"
DIRECTOR = "Claire Fontanel"
ACCOUNTANT = "Pascal Meunier"  # the agent comptable: the budget's rapporteur, a guest of the CA
SEAT = f"12 rue des Tanneurs, {DEPT_CODE}000 {PREFECTURE}"

# key, name, short name, kind, SIREN prefix, address
INSTITUTIONS = (
    (
        "etat",
        f"Préfecture de la {DEPT_NAME}",
        "État",
        MEMBER,
        "1300",
        f"Place de la Préfecture, {DEPT_CODE}000",
    ),
    (
        "departement",
        f"Département de la {DEPT_NAME}",
        "Département",
        MEMBER,
        "2296",
        f"Hôtel du Département, 9 place Martial-Brigouleix, {DEPT_CODE}000",
    ),
    (
        "caf",
        f"Caisse d'allocations familiales de la {DEPT_NAME}",
        "CAF",
        MEMBER,
        "7796",
        f"4 avenue du Général-Leclerc, {DEPT_CODE}000",
    ),
    (
        "ft",
        f"France Travail – Direction territoriale de la {DEPT_NAME}",
        "France Travail",
        MEMBER,
        "1300",
        f"22 boulevard du Puy-Pinçon, {DEPT_CODE}000",
    ),
    ("msa", "MSA Limousin-Maille", "MSA", MEMBER, "7775", f"15 rue Jean-Jaurès, {DEPT_CODE}000"),
    (
        "fse",
        "Union européenne – Fonds social européen plus (FSE+)",
        "FSE+",
        FUNDER,
        "1302",
        "DREETS, service FSE+, 2 rue de la Cité, 87000 Limoges",
    ),
    ("gip", GIP_NAME, "GIP ITHM", CARRIER, "1396", SEAT),
    (
        "cpam",
        f"Caisse primaire d'assurance maladie de la {DEPT_NAME}",
        "CPAM",
        PARTNER,
        "7806",
        f"3 rue Émile-Zola, {DEPT_CODE}000",
    ),
    (
        "cci",
        f"Chambre de commerce et d'industrie de la {DEPT_NAME}",
        "CCI",
        PARTNER,
        "1896",
        f"10 avenue Maréchal-Leclerc, {DEPT_CODE}000",
    ),
    (
        "udaf",
        f"Union départementale des associations familiales de la {DEPT_NAME}",
        "UDAF",
        PARTNER,
        "7781",
        f"6 rue du Docteur-Massénat, {DEPT_CODE}000",
    ),
    (
        "fas",
        "Fédération des acteurs de la solidarité – délégation Haute-Maille",
        "FAS",
        PARTNER,
        "7840",
        f"18 rue de la Liberté, {DEPT_CODE}000",
    ),
)
CARRIERS = (
    ("Mission locale de la Haute-Maille", "Mission locale"),
    ("Association Mobil'Emploi 96", "Mobil'Emploi 96"),
    ("Relais Solidarité Maille (atelier et chantier d'insertion)", "Relais Solidarité"),
    ("Recyclerie du Val de Maille (entreprise d'insertion)", "Recyclerie du Val"),
    (f"Centre communal d'action sociale de {PREFECTURE}", f"CCAS de {PREFECTURE}"),
    ("Association Lire et Écrire en Maille", "Lire et Écrire"),
    ("Centre social Les Tilleuls", "CS Les Tilleuls"),
    (f"Régie de quartier de {PREFECTURE}", "Régie de quartier"),
    ("Les Jardins du Plateau (chantier d'insertion)", "Jardins du Plateau"),
    ("GEIQ Bâtiment et Travaux publics Haute-Maille", "GEIQ BTP"),
    ("Habitat Jeunes du Pays de Maille", "Habitat Jeunes"),
    (f"Communauté Emmaüs de {PREFECTURE}", "Emmaüs"),
    ("Familles Rurales – fédération de la Haute-Maille", "Familles Rurales"),
    ("Coopérative numérique solidaire 96", "Coop'Num 96"),
    ("Maison de santé pluriprofessionnelle du Plateau", "MSP du Plateau"),
)
CARRIER_KINDS = (
    "Association d'insertion",
    "Atelier chantier d'insertion",
    "Centre social",
    "CCAS",
    "Association intermédiaire",
    "Entreprise d'insertion",
    "Espace de vie sociale",
)
SERVICES = (
    ("etat", "DDETS – Pôle insertion professionnelle"),
    ("etat", "DDETS – Service de l'IAE"),
    ("departement", "Direction de l'insertion et de l'emploi"),
    ("departement", "Service social départemental"),
    ("departement", "Direction de l'enfance et de la famille (PMI)"),
    ("caf", "Service d'action sociale"),
    ("caf", "Service du travail social"),
    ("ft", f"Agence France Travail de {PREFECTURE}"),
    ("ft", "Équipe accompagnement global"),
    ("msa", "Service d'action sanitaire et sociale"),
)


def write_settings(ctx: Ctx) -> None:
    """The GIP identity printed on every official document (keys of app.domain.settings)."""
    values = {
        "gip.name": GIP_NAME,
        "gip.short_name": "GIP ITHM",
        "gip.seat": SEAT,
        "gip.department_code": DEPT_CODE,
        "gip.department_name": DEPT_NAME,
        "gip.logo_path": "",
        "gip.director": DIRECTOR,
        "gip.president": f"{PRESIDENT}, vice-président du Département",
        "gip.city": PREFECTURE,
        "gip.convention_date": "2014-06-30",
    }
    for spec in GIP_SETTINGS:
        ctx.add(Setting, id=natural_id("setting", spec.key), key=spec.key, value=values[spec.key])


def write_organisations(ctx: Ctx) -> None:
    """Queue members, funders, partners, carriers and EPCI; ctx.refs["orgs"] maps keys to ids."""
    sirens: set[str] = set()
    orgs: dict[str, uuid.UUID] = {}
    for key, name, short, kind, prefix, address in INSTITUTIONS:
        orgs[key] = _org(ctx, sirens, name, short, kind, prefix, f"{address} {PREFECTURE}")
    for epci in ctx.refs["groups"][TerritoryLevel.EPCI]:
        orgs[f"epci:{epci.code}"] = _org(
            ctx,
            sirens,
            epci.name,
            _epci_short(epci.name),
            FUNDER,
            "",
            f"Siège communautaire, {DEPT_NAME}",
            siren=epci.code,
        )
    ctx.refs["orgs"] = orgs
    ctx.refs["carriers"] = [orgs["gip"], *(_carrier(ctx, sirens, n) for n in range(ctx.scale.carriers))]
    ctx.refs["partners"] = [orgs[key] for key in ("cpam", "cci", "udaf", "fas", "msa")]
    ctx.refs["services"] = [_service(ctx, orgs, n, key, name) for n, (key, name) in enumerate(SERVICES)]


def _epci_short(name: str) -> str:
    return name.replace("Communauté de communes", "CC").replace("Communauté d'agglomération", "CA")


def _carrier(ctx: Ctx, sirens: set[str], number: int) -> uuid.UUID:
    communes = ctx.refs["communes"]
    if number < len(CARRIERS):
        name, short = CARRIERS[number]
    else:
        commune = communes[number % len(communes)]
        kind = CARRIER_KINDS[number % len(CARRIER_KINDS)]
        name = short = f"{kind} de {commune.name} ({number // len(CARRIER_KINDS) + 1})"
    prefix = ctx.rng.choice(("7", "8", "4", "3"))
    postcode = f"{DEPT_CODE}{ctx.rng.randint(0, 9)}{ctx.rng.randint(0, 9)}0"
    address = (
        f"{ctx.rng.randint(1, 60)} rue de la République, {postcode} {communes[number % len(communes)].name}"
    )
    return _org(ctx, sirens, name, short, CARRIER, prefix, address)


def _org(
    ctx: Ctx,
    sirens: set[str],
    name: str,
    short: str,
    kind: OrganisationType,
    prefix: str,
    address: str,
    *,
    siren: str = "",
) -> uuid.UUID:
    while not siren or siren in sirens:
        siren = luhn_complete(prefix + "".join(ctx.rng.choice("0123456789") for _ in range(8 - len(prefix))))
    sirens.add(siren)
    siret = luhn_complete(siren + f"{ctx.rng.randint(1, 9) * 10 + 1:04d}")
    org_id = natural_id("siren", siren)
    ctx.add(
        Organisation,
        id=org_id,
        name=name,
        short_name=short,
        siren=siren,
        siret=siret,
        kind=kind,
        address=address,
    )
    return org_id


def _service(ctx: Ctx, orgs: dict[str, uuid.UUID], number: int, key: str, name: str) -> uuid.UUID:
    first, last = person(ctx.rng)
    service_id = ctx.id("service", number)
    ctx.add(
        Service,
        id=service_id,
        organisation_id=orgs[key],
        name=name,
        contact=f"{first} {last} – {email(first, last, key.replace('departement', 'haute-maille') + '.fr')}",
    )
    return service_id
