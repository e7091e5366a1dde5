"""Word material for the fictional Haute-Maille: place names and people's names."""

from __future__ import annotations

import random
import unicodedata

ROOTS = (
    "Aubazine", "Bellegarde", "Chaumeil", "Eyrein", "Lostanges", "Marcillac", "Peyrelevade", "Sornac",
    "Treignac", "Uzerche", "Vigeois", "Albussac", "Beaumont", "Chamberet", "Darnets", "Espagnac",
    "Gimel", "Hautefage", "Lapleau", "Meymac", "Neuvic", "Orliac", "Palisse", "Rilhac", "Sarran",
    "Toy", "Vitrac", "Bonnefond", "Chanteix", "Clergoux", "Ladignac", "Masseret", "Perpezac",
    "Rosiers", "Sexcles", "Tarnac", "Veix", "Ambrugeat", "Bugeat", "Couffy", "Davignac", "Estivaux",
    "Favars", "Goulles", "Jugeals", "Lagraulière", "Madranges", "Naves", "Pandrignes", "Rempnat",
    "Servières", "Troche", "Valiergues", "Affieux", "Benayes", "Confolens", "Escurat", "Fournols",
    "Grandsaigne", "Lamazière", "Millevaches", "Noailhac", "Pradines", "Roziers", "Soudeilles",
    "Tudeils", "Vars", "Bort", "Chirac", "Ussac", "Malemort", "Lubersac", "Ségur", "Meyssac",
    "Argentat", "Beynat", "Égletons", "Juillac", "Larche", "Objat", "Allassac",
    "Brivezac", "Collonges", "Curemonte", "Lanteuil", "Monceaux", "Nonards", "Puy-d'Arnac",
    "Queyssac", "Saillac", "Turenne", "Végennes", "Altillac", "Branceilles", "Chauffour", "Ligneyrac",
)
SAINTS = ("Saint-Martin", "Saint-Julien", "Saint-Pardoux", "Saint-Hilaire", "Sainte-Fortunade",
          "Saint-Priest", "Saint-Yrieix", "Saint-Germain", "Sainte-Féréole", "Saint-Bonnet",
          "Saint-Étienne", "Saint-Cyr", "Saint-Paul", "Saint-Sulpice", "Saint-Victour")
SUFFIXES = ("-sur-Maille", "-la-Montagne", "-le-Vieux", "-les-Bois", "-en-Maille", "-la-Plaine",
            "-sur-Vézère", "-le-Lac", "-de-Braize", "-les-Landes", "-d'Auvert", "-la-Forêt")
RIVERS = ("Maille", "Braize", "Vézère", "Auvert", "Doustre", "Luzège")
AREAS = ("du Plateau", "du Val de Maille", "des Monts d'Auvert", "du Pays de Braize", "des Causses",
         "du Bocage", "de la Haute-Vallée", "des Gorges de la Luzège", "de Xaintrie", "du Pays de Maillac",
         "des Combrailles", "de la Vallée de la Doustre", "de Millevaches", "du Pays d'Uzerche",
         "du Pays vert", "du Bas-Pays", "de l'Artense", "de la Marche", "des Puys", "de la Vézère")

FIRST_NAMES = (
    "Camille", "Nathalie", "Sophie", "Isabelle", "Julien", "Thomas", "Nicolas", "Céline", "Claire",
    "Stéphane", "Laurent", "Sandrine", "Émilie", "Mathieu", "Aurélie", "Sébastien", "Karine", "Pascal",
    "Valérie", "Olivier", "Hélène", "Frédéric", "Anne", "Christophe", "Delphine", "Guillaume", "Marion",
    "Yannick", "Inès", "Karim", "Fatima", "Mehdi", "Lucie", "Antoine", "Élodie", "Bruno", "Agnès",
    "Rachid", "Léa", "Hugo", "Chloé", "Damien", "Sylvie", "Patrice", "Virginie", "Jérôme", "Nadia",
)
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Lacombe", "Fontanel", "Delpeuch", "Chastang", "Faurie", "Mazaud",
    "Lagarde", "Vergne", "Peyrat", "Soulier", "Chammard", "Bouysse", "Laval", "Teyssier", "Lachaud",
    "Monteil", "Rouchon", "Besse", "Cisterne", "Dumas", "Estrade", "Farges", "Gaillard", "Jouve",
    "Leymarie", "Maury", "Nouaille", "Plas", "Reynal", "Sage", "Tronche", "Vialle", "Bordas",
    "Chaumont", "Delmas", "Eyrolles", "Fraysse", "Goursat", "Hébrard", "Marty", "Brunie", "Roche",
    "Ben Salem", "Haddad", "Nguyen", "Da Silva", "Kowalski", "Traoré",
)


def fold(text: str) -> str:
    """Accent-free lower-case key, to sort names the way INSEE codes follow them."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def commune_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct plausible commune names, alphabetically sorted (as INSEE numbers them)."""
    names: dict[str, None] = {}
    roots = list(ROOTS)
    rng.shuffle(roots)
    for root in roots[:count]:
        names[root] = None
    while len(names) < count:
        names[_compound(rng)] = None
    return sorted(names, key=fold)


def _compound(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return rng.choice(SAINTS) + rng.choice(SUFFIXES)
    if kind < 0.8:
        return rng.choice(ROOTS) + rng.choice(SUFFIXES)
    return f"{rng.choice(SAINTS)}-de-{rng.choice(ROOTS)}"


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def email(first: str, last: str, domain: str) -> str:
    return f"{fold(first)}.{fold(last).replace(' ', '-')}@{domain}"
