"""The fields of each register, declared once: name, Dutch label, kind, length, choices, rules of filling.

This module is the single source of what a register field may hold. :mod:`wijkdata.registers.models`
derives every column (type, length, nullability) from it, :mod:`wijkdata.registers.checks`
validates against the same lengths and choices, and the pages build forms from it. Changing a
length here changes the model; ``tests/registers/test_models.py`` then demands a migration.

No database and no pandas here: only plain data, so every other register module may import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "CHOICE_LENGTH",
    "FIELDS",
    "TAG_LENGTH",
    "TEXT_LENGTH",
    "LONGTEXT_LENGTH",
    "ROLES",
    "THEMES",
    "Field",
    "FieldKind",
    "empty",
]

FieldKind = Literal["text", "longtext", "choice", "date", "money", "codes", "tags", "keys", "ref", "coord"]

#: Default most characters of a short text field (a title, an organisation): ``VARCHAR(200)``.
TEXT_LENGTH = 200
#: Most characters of a long text (a description, a note); stored as ``TEXT``.
LONGTEXT_LENGTH = 10_000
#: Column width of a choice field (``VARCHAR(30)``); every choice must fit.
CHOICE_LENGTH = 30
#: Most characters of one theme in a list of themes.
TAG_LENGTH = 60

#: Suggested themes (free text is allowed too).
THEMES: tuple[str, ...] = (
    "armoede en schulden",
    "werk en inkomen",
    "jeugd",
    "onderwijs",
    "zorg en welzijn",
    "meedoen en ontmoeten",
    "wonen",
    "energie",
    "mobiliteit",
    "veiligheid",
    "leefbaarheid",
    "groen en openbare ruimte",
)

#: Suggested roles of who writes a field note or reports a signal (free text is allowed too).
ROLES: tuple[str, ...] = (
    "wijkwerker",
    "jongerenwerker",
    "opbouwwerker",
    "buurtsportcoach",
    "wijkverpleegkundige",
    "wijkagent",
    "wijkcoördinator",
    "gebiedsregisseur",
    "beleidsadviseur",
    "medewerker woningcorporatie",
    "bewoner",
)

_DEFAULT_LENGTH = {"text": TEXT_LENGTH, "longtext": LONGTEXT_LENGTH, "choice": CHOICE_LENGTH}


@dataclass(frozen=True)
class Field:
    """One field of a register: name (column and CSV header), Dutch label, kind and constraints.

    ``length`` overrides the kind's default most characters (text 200, long text 10 000, choice
    30); it is the column's ``VARCHAR`` length for text and choice fields. ``suggestions`` are
    offered in a pick-list for a text field that also takes its own words.
    """

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    personal: bool = False
    help: str = ""
    required_message: str = ""
    length: int | None = None
    suggestions: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        """True for fields holding a list of strings (areas, themes, indicators)."""
        return self.kind in ("codes", "tags", "keys")

    @property
    def max_length(self) -> int | None:
        """Most characters a value may have (``None`` for kinds without a length: dates, lists, numbers)."""
        return self.length if self.length is not None else _DEFAULT_LENGTH.get(self.kind)

    @property
    def nullable(self) -> bool:
        """Whether the column may be NULL: not for required fields, nor for lists (empty is ``[]``)."""
        return not (self.required or self.is_list)


def empty(value: Any) -> bool:
    """True for ``None``, blank text and empty lists: what counts as "not filled in"."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set):
        return len(value) == 0
    try:
        return bool(value != value)  # NaN / NaT / pd.NA
    except (TypeError, ValueError):
        return False


_AREAS_HELP = "Codes van wijken of buurten, bijv. WK999903 of BU99990301; meerdere met komma's."
_INDICATORS_HELP = (
    "Kerncijfers die het moet bewegen; typ om te zoeken op titel. In bestanden: de sleutel, bijv. HuishoudensMetEenLaagInkomen."
)
_AREAS_REQUIRED = "kies minstens één wijk of buurt"


def _areas(help: str = _AREAS_HELP, required_message: str = _AREAS_REQUIRED) -> Field:
    return Field("gebieden", "Wijken en buurten", "codes", required=True, help=help, required_message=required_message)


_BUDGET = Field("budget", "Budget", "money", help="In euro's, bijv. 7.500 of 12.500,50.")
_INDICATORS = Field("indicatoren", "Doelindicatoren", "keys", help=_INDICATORS_HELP)

#: The fields of every register, by kind, in display order.
FIELDS: dict[str, tuple[Field, ...]] = {
    "initiatieven": (
        Field("titel", "Titel", required=True),
        Field("omschrijving", "Omschrijving", "longtext"),
        _areas(),
        Field("themas", "Thema's", "tags"),
        Field("status", "Status", "choice", required=True, choices=("idee", "lopend", "afgerond", "gestopt")),
        Field("startdatum", "Startdatum", "date"),
        Field("einddatum", "Einddatum", "date"),
        Field("initiatiefnemer", "Initiatiefnemer (organisatie)", required=True),
        Field("contactpersoon", "Contactpersoon", personal=True, help="Persoonsgegeven: niet in lijsten en exports."),
        _BUDGET,
        Field("financieringsbron", "Financieringsbron"),
        _INDICATORS,
        Field(
            "locatie_x",
            "Locatie x (RD)",
            "coord",
            help="Optioneel punt (RD, EPSG:28992, meters): kies het met een adres of op de kaart.",
        ),
        Field("locatie_y", "Locatie y (RD)", "coord"),
    ),
    "interventies": (
        Field("titel", "Titel", required=True),
        Field("omschrijving", "Omschrijving", "longtext"),
        Field("eigenaar", "Eigenaar (afdeling of organisatie)", required=True),
        Field(
            "beleidsdomein",
            "Beleidsdomein",
            "choice",
            required=True,
            choices=("kansengelijkheid", "leefbaarheid", "veiligheid", "wonen", "energie", "mobiliteit", "overig"),
        ),
        _areas(),
        Field("startdatum", "Startdatum", "date"),
        Field("einddatum", "Einddatum", "date"),
        _BUDGET,
        _INDICATORS,
        Field("status", "Status", "choice", required=True, choices=("gepland", "lopend", "afgerond", "gestopt")),
    ),
    "signalen": (
        Field("titel", "Wat blokkeert", required=True),
        Field("omschrijving", "Toelichting", "longtext"),
        Field("initiatief_id", "Betreft initiatief (nr.)", "ref"),
        _areas(
            help=_AREAS_HELP + " Leeg laten mag bij een gekozen initiatief: dan gelden diens gebieden.",
            required_message="kies een wijk of buurt, of een initiatief waar het signaal over gaat",
        ),
        Field("soort", "Soort knelpunt", "choice", required=True, choices=("regel", "afdeling", "organisatie", "anders")),
        Field("betrokken", "Welke regel, afdeling of organisatie", required=True),
        Field("gemeld_door", "Gemeld door (rol of organisatie)", required=True, suggestions=ROLES),
        Field("gemeld_op", "Gemeld op", "date", required=True),
        Field("eigenaar_opvolging", "Eigenaar opvolging"),
        Field("status", "Status", "choice", required=True, choices=("nieuw", "in behandeling", "opgelost", "niet oplosbaar")),
        Field("oplossing", "Oplossing", "longtext"),
        Field("afgehandeld_op", "Afgehandeld op", "date"),
    ),
    "veldnotities": (
        Field("datum", "Datum", "date", required=True),
        _areas(),
        Field("thema", "Thema", required=True, length=100, suggestions=THEMES),
        Field("tekst", "Notitie", "longtext", required=True, help="Zonder namen of andere persoonsgegevens van bewoners."),
        Field(
            "rol_auteur",
            "Rol van de auteur",
            required=True,
            length=100,
            help="Een rol, geen naam: bijv. wijkwerker, jongerenwerker.",
            suggestions=ROLES,
        ),
    ),
}
