"""The declared layout of every workbook sheet: one place, used by export, template and import.

A sheet is found by its exact name, a table by its exact header cells, a key/value field by its
label and key. Anything that does not match what is declared here is reported by the importer as
an error naming ``sheet!cell``; nothing is read by guesswork. Row and column numbers below are
0-based (XlsxWriter's convention); `a1` turns them into the A1 names users see.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

FORMAT_VERSION = 2  # 2: spare rows, end markers, Kontrol/Lister sheets, range formulas

# Sheet names (Danish: users see them).
FORSIDE = "Forside"
FORUDSAETNINGER = "Forudsætninger"
KONSEKVENSER = "Konsekvenser"
PRISER = "Priser"
BEREGNING = "Beregning"
RESULTAT = "Resultat"
KILDER = "Kilder"
ANTAGELSER = "Antagelser"
VEJLEDNING = "Vejledning"  # template only
KONTROL = "Kontrol"  # every input check, INPUT_OK and the first problem
LISTER = "Lister"  # hidden: the knowledge base's ids, prices, profiles (drop-downs, look-ups)
HIDDEN = "_som"  # very hidden: format version and the knowledge-base values as exported

INPUT_SHEETS = (FORUDSAETNINGER, KONSEKVENSER, PRISER, ANTAGELSER)
EXPORT_SHEETS = (FORSIDE, FORUDSAETNINGER, KONSEKVENSER, PRISER, BEREGNING, RESULTAT, "Udvalg",
                 KONTROL, KILDER, ANTAGELSER)

MAX_YEARS = 50  # settings.horizon_years <= 50: the template offers every year column
EXCEL_MAX_TEXT = 32_767

# Shared rows of every input sheet (as exported; the importer finds headers by content).
TITLE_ROW, HELP_ROW, CHECK_ROW, HEADER_ROW, FIRST_ROW = 0, 1, 2, 3, 4

# The last row of every table: rows are inserted above it; anything below it is an error.
END_MARKER = "Tabellens slutning – indsæt nye rækker over denne række"
BELOW_END = ("værdi under tabellens slutning; flyt den op over rækken "
             f"'{END_MARKER.split(' –')[0]}' (indsæt en række der)")

# Danish labels of closed lists (file value -> label in the sheet).
COST_TYPES = {"startup": "opstart", "operating": "drift", "per_participant": "pr. deltager"}
KINDS = {"expenditure": "udgift", "revenue": "indtægt"}
CONSEQUENCE_START = {"completion_year": "afslutningsåret", "year_after": "året efter"}
PAYERS = ("kommune", "region", "stat")
SHARED = "fordelt"
PAYER_CHOICES = (*PAYERS, SHARED)
PRICE_ORIGINS = {"file": "beregning", "kb": "vidensbase"}
CONSEQUENCE_ORIGINS = {"file": "beregning", "kb": "målgruppe"}
INDEX_SOURCES = {"kb": "vidensbasen", "file": "beregningen"}
STATUS = {"published": "offentliggjort", "derived": "afledt", "calibrated": "kalibreret",
          "illustrative": "illustrativ"}
OWN_STATUS = "egen"
SUSI_PHASES = ("screening", "modning", "afprøvning", "udbredelse")
AREAS = ("voksne", "børn og unge")
FINANSMINISTERIET = "finansministeriet"

TOPICS = {
    "target_group": "Målgruppe",
    "success_measure": "Succesmål",
    "deadweight": "Dødvægt",
    "costs": "Omkostninger og sparede udgifter",
    "consequences": "Konsekvenser og tidshorisont",
    "local_prices": "Lokale priser",
    "price_level": "Prisniveau",
    "other": "Andet",
}
TOPIC_QUESTIONS = {
    "target_group": "Svarer borgerne i indsatsen til målgruppen, som konsekvenserne er beskrevet for?",
    "success_measure": "Hvad tæller som en succes, og hvordan måles den?",
    "deadweight": "Hvor mange ville have klaret sig uden indsatsen (dødvægt), og er den trukket fra?",
    "costs": "Er alle indsatsens omkostninger med, og er sparede udgifter til det, indsatsen "
             "erstatter, med?",
    "consequences": "Hvilke konsekvenser er valgt, hvorfor, og hvor længe antages de at vare?",
    "local_prices": "Bruges lokale priser i stedet for vidensbasens, og hvorfra?",
    "price_level": "Hvilket prisniveau er brugt, og hvordan er priser fra andre år fremskrevet?",
    "other": "Andre antagelser, som læseren bør kende.",
}


def a1(row: int, col: int) -> str:
    """(3, 1) -> 'B4'."""
    return xl_rowcol_to_cell(row, col)


def where(sheet: str, row: int, col: int) -> str:
    """'Forudsætninger!B4' — how every problem names its place."""
    return f"{sheet}!{a1(row, col)}"


def ref(sheet: str, row: int, col: int, absolute: bool = True) -> str:
    """A formula reference to another sheet: 'Forudsætninger'!$B$4."""
    return f"'{sheet}'!{xl_rowcol_to_cell(row, col, absolute, absolute)}"


def col_name(col: int) -> str:
    return xl_col_to_name(col)


# --- Forudsætninger: a key/value block, then sections (marker in column A, header row below).

@dataclass(frozen=True)
class Field:
    key: str  # dotted key in the calculation data ("tg" keys are the custom target group)
    label: str
    kind: str  # text | title | int | year | number | rate | choice | discount | lines | index_source
    help: str = ""
    choices: tuple[str, ...] = ()
    optional: bool = False  # may be missing (workbooks written before the field existed)


FIELD_HEADERS = ("Felt", "Værdi", "Nøgle", "Forklaring")
FIELD_VALUE_COL, FIELD_KEY_COL, FIELD_HELP_COL = 1, 2, 3

FIELDS: tuple[Field, ...] = (
    Field("meta.title", "Titel", "title", "Beregningens titel (skal udfyldes)."),
    Field("meta.organisation", "Organisation", "text"),
    Field("meta.author", "Udarbejdet af", "text"),
    Field("meta.description", "Beskrivelse", "text"),
    Field("meta.susi_phase", "SUSI-fase", "choice", "Valgfri.", SUSI_PHASES),
    Field("settings.start_year", "Startår", "year", "Kalenderåret for år 1."),
    Field("settings.horizon_years", "Tidshorisont (år)", "int", "1–50 år."),
    Field("settings.price_year", "Prisniveau (år)", "year", "Alle resultater er i dette års priser."),
    Field("settings.discount_rate", "Diskonteringsrente", "discount",
          "Et tal (fx 0,035) eller 'finansministeriet'. Bruges kun til nutidsværdien."),
    Field("settings.consequence_start", "Konsekvenser regnes fra", "choice",
          "Afslutningsåret eller året efter.", tuple(CONSEQUENCE_START.values())),
    Field("settings.price_index_source", "Prisindeks fra", "index_source",
          "'vidensbasen' eller 'beregningen' (tabellen Prisindeks nedenfor).",
          tuple(INDEX_SOURCES.values())),
    Field("settings.kb_overlay", "Vidensbase-tillæg", "lines", "Mapper med egne priser; én pr. linje."),
    Field("target_group", "Målgruppe (id i vidensbasen)", "text",
          "Udfyld enten dette id eller en egen målgruppe nedenfor."),
    Field("tg.name", "Egen målgruppe: navn", "text"),
    Field("tg.description", "Egen målgruppe: beskrivelse", "text"),
    Field("tg.area", "Egen målgruppe: område", "choice", "", AREAS),
    Field("tg.age_band", "Egen målgruppe: alder", "text"),
    Field("tg.success_criterion", "Egen målgruppe: succeskriterium", "text"),
    Field("intervention.name", "Indsats", "title", "Indsatsens navn (skal udfyldes)."),
    Field("intervention.course_years", "Forløbets længde (hele år)", "int",
          "0 = afsluttes samme år, som borgeren starter."),
    Field("intervention.completion_rate", "Gennemførelsesrate", "rate", "Andel af de startende."),
    Field("intervention.success_rate", "Succesrate (netto)", "rate",
          "Andel med succes ud over dem, der ville have klaret sig alligevel. Udfyld denne "
          "eller de to nedenfor."),
    Field("intervention.success_rate_intervention", "Succesrate med indsats", "rate"),
    Field("intervention.success_rate_baseline", "Succesrate uden indsats (dødvægt)", "rate"),
    Field("settings.budget_period_years", "Budgetperiode (år)", "int",
          "Budgetår + overslagsår fra startåret; tom = 4 år (højst tidshorisonten).",
          optional=True),
    Field("settings.budget_areas_source", "Udvalg fra", "choice",
          "'beregningen': tabellen Udvalg nedenfor fordeler konsekvensområder på udvalg; "
          "'vidensbasen': vidensbasens tillæg (eller ingen fordeling).",
          ("beregningen", "vidensbasen"), optional=True),
)
FIELD_ROW = {f.key: FIRST_ROW + n for n, f in enumerate(FIELDS)}
FIELD_BY_KEY = {f.key: f for f in FIELDS}


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str  # text | title | choice | number | share | year | money | output
    choices: tuple[str, ...] = ()
    width: float = 12


# Tables with year columns on Forudsætninger put their first year in this column (J; I in
# workbooks written before spec v2, which had no Udvalg column).
YEAR_COL0 = 9
YEAR_COL0_V1 = 8

PARTICIPANTS_MARKER = "Deltagere"
PARTICIPANTS_COLUMNS = (Column("Række", "label", "output", width=34),)
PARTICIPANTS_LABEL = "Startende deltagere"

COST_COLUMNS_V1 = (
    Column("Navn", "name", "title", width=34),
    Column("Type", "type", "choice", tuple(COST_TYPES.values()), 13),
    Column("Betaler", "payer", "choice", PAYER_CHOICES, 11),
    Column("Andel kommune", "share.kommune", "share", width=10),
    Column("Andel region", "share.region", "share", width=10),
    Column("Andel stat", "share.stat", "share", width=10),
    Column("Prisår", "price_year", "year", width=8),
    Column("Beløb pr. deltager", "amount", "money", width=14),
)
# Spec v2: the committee (udvalg) whose budget a line is; years move one column right.
COST_COLUMNS = (*COST_COLUMNS_V1, Column("Udvalg", "budget_area", "text", width=20))
COSTS_MARKER = "Omkostninger"
SAVED_MARKER = "Sparede udgifter"
INDEX_MARKER = "Prisindeks"
INDEX_COLUMNS = (
    Column("År", "year", "year"),
    Column("Indeks", "value", "number"),
    Column("Oprindelse", "origin", "choice", tuple(PRICE_ORIGINS.values())),
)
# Spec v2 §2.12: settings.budget_areas, one consequence area per row.
BUDGET_MARKER = "Udvalg"
BUDGET_COLUMNS = (
    Column("Konsekvensområde", "area", "text"),
    Column("Udvalg", "committee", "text"),
)
BUDGET_SOURCES = ("beregningen", "vidensbasen")
UNASSIGNED = "Ikke fordelt"  # = som.build.UNASSIGNED

# The optional `uncertainty:` block (issue 5): fixed rows by label, then one row per line range
# with its target (costs[0], prices.<item>, ...) as the label.
UNCERTAINTY_MARKER = "Usikkerhed"
UNCERTAINTY_COLUMNS = (
    Column("Størrelse", "label", "text"),
    Column("Lav", "low", "number"),
    Column("Høj", "high", "number"),
)
UNC_ENABLED = "Usikkerhedsanalyse"  # ja: the file has an uncertainty block (even an empty one)
UNC_DRAWS = "Antal trækninger"
UNC_SEED = "Frø (seed)"
UNC_RANGES = {"success_rate": "Succesrate (netto)", "costs": "Omkostninger (faktor)",
              "consequences": "Konsekvenser (faktor)", "prices": "Priser (faktor)"}
YES, NO = "ja", "nej"

SECTIONS = (PARTICIPANTS_MARKER, COSTS_MARKER, SAVED_MARKER, INDEX_MARKER, BUDGET_MARKER,
            UNCERTAINTY_MARKER)
# Workbooks from before issue 5 have no Usikkerhed, from before spec v2 no Udvalg.
OPTIONAL_SECTIONS = (BUDGET_MARKER, UNCERTAINTY_MARKER)
SECTION_COLUMNS = {PARTICIPANTS_MARKER: PARTICIPANTS_COLUMNS, COSTS_MARKER: COST_COLUMNS,
                   SAVED_MARKER: COST_COLUMNS, INDEX_MARKER: INDEX_COLUMNS,
                   BUDGET_MARKER: BUDGET_COLUMNS, UNCERTAINTY_MARKER: UNCERTAINTY_COLUMNS}
SECTION_HAS_YEARS = {PARTICIPANTS_MARKER: True, COSTS_MARKER: True, SAVED_MARKER: True,
                     INDEX_MARKER: False, BUDGET_MARKER: False, UNCERTAINTY_MARKER: False}

# --- Konsekvenser, Priser, Antagelser: one table each, header in HEADER_ROW.

CONSEQUENCE_COLUMNS = (
    Column("Id", "item", "title", width=28),
    Column("Oprindelse", "origin", "choice", tuple(CONSEQUENCE_ORIGINS.values()), 12),
    Column("Status", "status", "output", width=13),
    Column("Navn", "name", "output", width=34),
)
CONSEQUENCE_YEAR_COL0 = len(CONSEQUENCE_COLUMNS)


def consequence_year_header(k: int) -> str:
    """Header of the k-th year since success (k = 0 is the year of success itself)."""
    return f"År {k}"


def course_year_header(k: int) -> str:
    """Header of the k-th year since starting, per starter during the course (spec v2 §2.5b);
    these columns follow the years since success."""
    return f"Forløb år {k}"


PRICE_COLUMNS = (
    Column("Id", "id", "title", width=28),
    Column("Navn", "name", "text", width=34),
    Column("Enhed", "unit", "text", width=10),
    Column("Art", "kind", "choice", tuple(KINDS.values()), 9),
    Column("Prisår", "price_year", "year", width=8),
    Column("Kommune", "kommune", "money", width=13),
    Column("Region", "region", "money", width=13),
    Column("Stat", "stat", "money", width=13),
    Column("Område", "area", "text", width=18),
    Column("Udvalg", "budget_area", "text", width=20),
    Column("Kilde (titel)", "source.title", "text", width=30),
    Column("Kilde (link)", "source.url", "text", width=30),
    Column("Oprindelse", "origin", "choice", tuple(PRICE_ORIGINS.values()), 12),
    Column("Status", "status", "output", width=13),
)
PRICE_COL = {c.key: n for n, c in enumerate(PRICE_COLUMNS)}
# Before spec v2 Priser had no Område and Udvalg columns.
PRICE_COLUMNS_V1 = tuple(c for c in PRICE_COLUMNS if c.key not in ("area", "budget_area"))
COST_COL = {c.key: n for n, c in enumerate(COST_COLUMNS)}

ASSUMPTION_COLUMNS = (
    Column("Emne", "topic", "choice", tuple(TOPICS.values()), 32),
    Column("Antagelse", "text", "text", width=60),
    Column("Kilde / dokumentation", "source", "text", width=30),
    Column("Tjekspørgsmål (SØM)", "question", "output", width=50),
    Column("Fra beregningen", "derived", "output", width=50),
)

SHEET_COLUMNS = {KONSEKVENSER: CONSEQUENCE_COLUMNS, PRISER: PRICE_COLUMNS,
                 ANTAGELSER: ASSUMPTION_COLUMNS}


def reverse(labels: dict[str, str]) -> dict[str, str]:
    """Label -> file value."""
    return {v: k for k, v in labels.items()}


# --- Defined names (docs/excel.md): stable handles for tools and for the workbook's formulas.

FIELD_NAMES = {
    "meta.title": "IN_TITLE", "intervention.name": "IN_INTERVENTION",
    "settings.start_year": "IN_START_YEAR", "settings.horizon_years": "IN_HORIZON",
    "settings.price_year": "IN_PRICE_YEAR", "settings.discount_rate": "IN_DISCOUNT_RATE",
    "settings.consequence_start": "IN_CONSEQUENCE_START",
    "settings.price_index_source": "IN_INDEX_SOURCE", "settings.kb_overlay": "IN_KB_OVERLAY",
    "target_group": "IN_TARGET_GROUP", "intervention.course_years": "IN_COURSE_YEARS",
    "intervention.completion_rate": "IN_COMPLETION_RATE",
    "intervention.success_rate": "IN_SUCCESS_RATE",
    "intervention.success_rate_intervention": "IN_SUCCESS_RATE_INTERVENTION",
    "intervention.success_rate_baseline": "IN_SUCCESS_RATE_BASELINE",
    "settings.budget_period_years": "IN_BUDGET_PERIOD",
    "settings.budget_areas_source": "IN_BUDGET_AREAS_SOURCE",
}
IN_PARTICIPANTS = "IN_PARTICIPANTS"  # the row of starters under the year columns
# Each table's name covers its header row, every line (spare lines too) and the row that closes
# it (the next section's marker or the end marker), so a line inserted anywhere in between is
# inside the name for the formulas and for the importer alike.
TBL_PARTICIPANTS, TBL_COSTS, TBL_SAVED, TBL_INDEX, TBL_UNCERTAINTY = (
    "TBL_PARTICIPANTS", "TBL_COSTS", "TBL_SAVED_COSTS", "TBL_PRICE_INDEX", "TBL_UNCERTAINTY")
TBL_BUDGET_AREAS = "TBL_BUDGET_AREAS"
TBL_CONSEQUENCES, TBL_PRICES, TBL_ASSUMPTIONS = "TBL_CONSEQUENCES", "TBL_PRICES", "TBL_ASSUMPTIONS"
SECTION_NAMES = {PARTICIPANTS_MARKER: TBL_PARTICIPANTS, COSTS_MARKER: TBL_COSTS,
                 SAVED_MARKER: TBL_SAVED, INDEX_MARKER: TBL_INDEX,
                 BUDGET_MARKER: TBL_BUDGET_AREAS, UNCERTAINTY_MARKER: TBL_UNCERTAINTY}
SECTION_BY_NAME = {name: marker for marker, name in SECTION_NAMES.items()}
ENDED_TABLES = (TBL_UNCERTAINTY, TBL_CONSEQUENCES, TBL_PRICES, TBL_ASSUMPTIONS)
# Spec v2 (core v2): consequences past the horizon are cut, not refused.
CUT_CONSEQUENCES = True
KB_GROUPS, KB_PRICES, KB_PROFILES = "KB_TARGET_GROUPS", "KB_PRICES", "KB_PROFILES"
KB_PRICE_IDS, KB_GROUP_IDS, KB_INDEX = "KB_PRICE_IDS", "KB_TARGET_GROUP_IDS", "KB_PRICE_INDEX"
KB_AREAS, KB_AREA_IDS, KB_BUDGET_MAP = "KB_AREAS", "KB_AREA_IDS", "KB_BUDGET_MAP"
INPUT_OK, FIRST_PROBLEM = "INPUT_OK", "FIRST_PROBLEM"
RESULT_NAMES = ("NET_TOTAL", "NPV_TOTAL", "COSTS_TOTAL", "GAINS_TOTAL", "SAVED_TOTAL",
                "NET_KOMMUNE", "NET_REGION", "NET_STAT", "NET_BUDGET_PERIOD")

# Blank, styled lines inside each table (export; the template has more).
SPARE = {"costs": 5, "saved": 5, "index": 3, "budget": 3, "uncertainty": 4, "consequences": 5,
         "prices": 5, "assumptions": 3, "committees": 3}
TEMPLATE_SPARE = {"costs": 20, "saved": 15, "index": 10, "budget": 10, "uncertainty": 10,
                  "consequences": 30, "prices": 30, "assumptions": 10, "committees": 3}
COURSE_YEARS_MIN = 3  # "Forløb år" columns of an export (more when a vector is longer)
UDVALG = "Udvalg"  # the sheet: the kommune's net by committee and the transfer proposal
