"""The one Danish number parser (som.numparse) over a table of what people type (issue 10).

Oracle: the expected values are written by hand from what a Dane means by each text; the refusals
are the issue's own examples of ambiguous or invalid input.
"""

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import som.fmt
import som.numparse
from som import fmt
from som.numparse import (
    COUNT,
    MONEY,
    NUMBER,
    PERCENT,
    RATE,
    WHOLE,
    YEAR,
    NumberError,
    editable,
    parse,
    read,
    understood,
)
from som.views.ranges import DEVIATION

ACCEPTED = [  # (text, kind, value)
    ("18,5", COUNT, 18.5),
    ("3,5 %", RATE, 0.035),
    ("3,5", RATE, 0.035),
    ("26 %", PERCENT, 0.26),
    ("26", PERCENT, 0.26),
    ("26%", PERCENT, 0.26),
    ("26\u00a0%", PERCENT, 0.26),
    ("0,5 %", PERCENT, 0.005),   # below 1 in a percent field: only with its "%" sign
    ("0,25%", PERCENT, 0.0025),
    ("0", PERCENT, 0.0),         # 0 is 0 whether share or percent
    ("1", PERCENT, 0.01),
    ("0,035 %", RATE, 0.00035),
    ("-0,5 %", DEVIATION, -0.005),
    ("-10", DEVIATION, -0.1),
    ("100", PERCENT, 1.0),
    ("300.000", MONEY, 300_000.0),
    ("300000", MONEY, 300_000.0),
    ("300.000 kr.", MONEY, 300_000.0),
    ("300.000 kr", MONEY, 300_000.0),
    ("500,-", MONEY, 500.0),
    ("1.234.567,50", MONEY, 1_234_567.5),
    ("1.234.567,5", NUMBER, 1_234_567.5),
    ("-5.000", NUMBER, -5_000.0),
    ("\u22125.000", NUMBER, -5_000.0),  # typographic minus, as Word writes it
    ("- 4", NUMBER, -4.0),
    ("+3", NUMBER, 3.0),
    (" 12 ", COUNT, 12.0),
    ("12", WHOLE, 12.0),
    ("2025", YEAR, 2025.0),
    ("0", MONEY, 0.0),
    ("0,1", NUMBER, 0.1),
]

REFUSED = [  # (text, kind, words the Danish message must contain)
    ("1,2,3", NUMBER, "mere end ét komma"),
    ("12a", NUMBER, "ikke et tal"),
    ("300,000.5", MONEY, "300.000,5"),
    ("1.5", NUMBER, "tvetydigt"),
    ("1.50", NUMBER, "tvetydigt"),
    ("1e5", NUMBER, "ikke et tal"),
    ("300 000", MONEY, "mellemrum"),
    ("-5.000", MONEY, "negativ"),
    ("-5000", MONEY, "negativ"),
    ("101", PERCENT, "højst 100 %"),
    ("100", RATE, "under 100 %"),
    ("-1", PERCENT, "negativ"),
    ("18,5", WHOLE, "helt tal"),
    ("1800", YEAR, "mindst 1900"),
    ("", MONEY, "udfyldes"),
    ("   ", COUNT, "udfyldes"),
    ("26 %", MONEY, "procent"),
    ("5 kr.", PERCENT, "beløb"),
    ("abc", NUMBER, "ikke et tal"),
    ("1.00.000", NUMBER, "100.000"),
    # A share typed in a percent field (YAML, Excel and `som effekt` write shares): refused with
    # what to type instead, never read as 0,25 % in silence.
    ("0,25", PERCENT, "Skriv procent: 25 for 25 %. Mener du 0,25 %, så skriv '0,25 %'."),
    ("0,5", PERCENT, "Skriv procent: 50 for 50 %"),
    ("0,035", RATE, "Skriv procent: 3,5 for 3,5 %"),
    ("-0,1", DEVIATION, "Skriv procent: -10 for -10 %. Mener du -0,1 %"),
    ("0,999", PERCENT, "'0,999 %'"),
]


@pytest.mark.parametrize(("text", "kind", "value"), ACCEPTED)
def test_danish_forms_mean_what_a_dane_means(text, kind, value):
    assert parse(text, kind) == value
    assert read(text, kind).ok


@pytest.mark.parametrize(("text", "kind", "words"), REFUSED)
def test_ambiguous_or_invalid_text_is_refused_in_danish(text, kind, words):
    with pytest.raises(NumberError, match=words):
        parse(text, kind)
    reading = read(text, kind)
    assert reading.value is None and words in reading.error


def test_blank_may_be_allowed():
    assert parse("", MONEY, required=False) is None
    assert read(" ", COUNT, required=False).ok


def test_understood_value_is_said_back():
    assert understood(parse("300000", MONEY), MONEY) == "= 300.000 kr."
    assert understood(parse("26", PERCENT), PERCENT) == "= 26 %"
    assert understood(parse("3,5 %", RATE), RATE) == "= 3,5 %"
    assert understood(parse("18,5", COUNT), COUNT) == "= 18,5"
    assert understood(parse("0,25 %", PERCENT), PERCENT) == "= 0,25 %"


@pytest.mark.parametrize("kind", [PERCENT, RATE, DEVIATION])
@pytest.mark.parametrize("share", [0.0025, 0.005, 0.0099, -0.001, 0.0, 0.01, 0.26])
def test_a_small_percentage_is_shown_with_its_sign_and_reads_back(kind, share):
    if share < kind.minimum / 100:
        return
    text = editable(share, kind)
    assert text.endswith("%") == (0 < abs(share) < 0.01)
    assert parse(text, kind) == pytest.approx(share, abs=1e-18)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_what_a_field_shows_reads_back_exactly(value):
    assert parse(editable(value, NUMBER), NUMBER) == value


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_a_share_shown_in_percent_reads_back(value):
    # Percent text carries every digit of share × 100; reading it back divides by 100 again.
    assert parse(editable(value, PERCENT), PERCENT) == pytest.approx(value, rel=1e-15, abs=1e-18)


def test_formatting_is_danish_and_rounds_half_up():
    assert fmt.kr(1_234_567.4) == "1.234.567 kr."
    assert fmt.kr(2.5) == "3 kr."
    assert fmt.kr(-0.4) == "0 kr."
    assert fmt.number(62_583.3333, 2) == "62.583,33"
    assert fmt.percent(0.048767) == "4,9 %"
    assert fmt.exact(0.1) == "0,1"


def test_local_time_is_copenhagen():
    assert fmt.local_time("2026-07-01T09:33:56Z") == "01.07.2026 kl. 11:33"  # summer: UTC+2
    assert fmt.local_time("2026-11-23T09:33:56Z") == "23.11.2026 kl. 10:33"  # winter: UTC+1


def test_doctests():
    assert doctest.testmod(som.numparse).failed == 0
    assert doctest.testmod(som.fmt).failed == 0


def test_som_run_json_does_not_load_babel(tmp_path):
    """Babel is imported where numbers are formatted or read, never by `som run --format json`."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = ("import sys\nfrom som.cli import main\n"
            "try:\n    main(['run', 'examples/move.yaml', '--format', 'json'])\n"
            "except SystemExit:\n    pass\n"
            "print('BABEL' if 'babel' in sys.modules else 'NO-BABEL', file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         timeout=60)
    assert out.stderr.strip().endswith("NO-BABEL"), out.stderr
