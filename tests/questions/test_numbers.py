"""Reading numbers the way learners type them, printing them back, and the sig-fig rule."""

import contextlib
import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questions.numbers import (
    GENERIC_MESSAGE,
    FormatError,
    distinct_beyond_tolerance,
    format_number,
    format_plain,
    parse_number,
    tolerance,
    within_sigfigs,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.0822", 0.0822),
        ("-.5", -0.5),
        ("+3", 3.0),
        ("5.", 5.0),
        ("8.2e-2", 0.082),
        ("8.2E-2", 0.082),
        ("8.2e+2", 820.0),
        ("8.2×10^-2", 0.082),
        ("8.2x10^-2", 0.082),
        ("8.2X10^-2", 0.082),
        ("8.2*10**-2", 0.082),
        ("8.2·10^-2", 0.082),
        ("8.2⋅10^-2", 0.082),
        ("8.2 × 10^(-2)", 0.082),
        ("8.2 * 10 ** -2", 0.082),
        ("8.2×10^{-2}", 0.082),
        ("8.2×10⁻²", 0.082),
        ("10^-3", 0.001),
        ("-10^2", -100.0),
        ("1/3", 1 / 3),
        ("-1/3", -1 / 3),
        ("1 / -4", -0.25),
        ("3÷4", 0.75),
        ("8.2e-2/2", 0.041),
        ("\u22120.5", -0.5),  # Unicode minus sign
        ("\u20130.5", -0.5),  # en dash
        ("\u20140.5", -0.5),  # em dash
        ("\uff0d0.5", -0.5),  # full-width hyphen-minus
        ("8.2×10^\u22122", 0.082),
        ("  0.25\t\n", 0.25),
        ("\u00a00.25\u2009", 0.25),  # no-break and thin spaces around
        ("- 0.5", -0.5),
        ("1e-400", 0.0),  # underflows to zero, which is still a number
    ],
)
def test_accepted_forms(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value, rel=1e-15, abs=0)


def test_scientific_notation_is_exactly_the_e_notation_value() -> None:
    assert parse_number("8.2×10^-2") == parse_number("8.2e-2") == 0.082


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("nan", "finite"),
        ("NaN", "finite"),
        ("inf", "finite"),
        ("-Infinity", "finite"),
        ("∞", "finite"),
        ("1e999", "finite"),
        ("-1e999", "finite"),
        ("1e300/1e-300", "finite"),
        ("1/0", "Division by zero"),
        ("0/0.0", "Division by zero"),
        ("abc", "without words"),
        ("0.5 V", "without words"),
        ("0x1p3", "without words"),
        ("1 2", "single number"),
        ("0.1, 0.2", "single number"),
        ("1 000", "single number"),
        ("0,082", "decimal mark"),
        ("1,000", "decimal mark"),
        ("1/2/3", "one '/'"),
        ("1" * 101, "too long"),
        ("8.2×10", GENERIC_MESSAGE),
        ("8.2^2", GENERIC_MESSAGE),
        ("8.2×5^2", GENERIC_MESSAGE),
        ("1e2e3", GENERIC_MESSAGE),
        ("e", GENERIC_MESSAGE),
        ("1_000", GENERIC_MESSAGE),
        ("--1", GENERIC_MESSAGE),
        ("1+2", GENERIC_MESSAGE),
        (".", GENERIC_MESSAGE),
        ("٣", GENERIC_MESSAGE),  # an Arabic-Indic digit: float() would take it, we do not
        ("__import__('os')", "without words"),
    ],
)
def test_rejected_forms_say_why(text: str, says: str) -> None:
    with pytest.raises(FormatError) as caught:
        parse_number(text)
    assert says in str(caught.value)


def test_format_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_number("twelve")


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_any_text_is_a_finite_float_or_a_format_error(text: str) -> None:
    try:
        value = parse_number(text)
    except FormatError as error:
        assert str(error)
    else:
        assert isinstance(value, float)
        assert math.isfinite(value)


@settings(max_examples=200)
@given(st.text(alphabet="0123456789.eE+-−×x*^()/ ", max_size=20))
def test_number_like_text_is_a_finite_float_or_a_format_error(text: str) -> None:
    with contextlib.suppress(FormatError):
        assert math.isfinite(parse_number(text))


@settings(max_examples=200)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_printed_floats_round_trip(x: float) -> None:
    assert parse_number(repr(x)) == x
    assert parse_number(str(x)) == x
    rounded = format(x, ".4e")
    if math.isfinite(float(rounded)):
        assert parse_number(rounded) == float(rounded)
    else:  # the largest floats round up past the range, e.g. to 1.7977e+308
        with pytest.raises(FormatError, match="finite"):
            parse_number(rounded)
    assert parse_number(f" {x!r} ") == x


@settings(max_examples=200)
@given(
    st.floats(min_value=-1e300, max_value=1e300, allow_subnormal=False),
    st.integers(min_value=1, max_value=8),
)
def test_format_number_reads_back_within_its_own_figures(x: float, sigfigs: int) -> None:
    assert within_sigfigs(parse_number(format_number(x, sigfigs)), x, sigfigs, zero_band=0.0)


@pytest.mark.parametrize(
    ("value", "sigfigs", "text"),
    [
        (0.0822046, 3, "0.0822"),
        (0.1, 3, "0.100"),
        (100.0, 3, "100"),
        (1234.5, 3, "1.23e3"),
        (-4.0, 2, "-4.0"),
        (1e-7, 3, "1.00e-7"),
        (0.0, 3, "0"),
    ],
)
def test_format_number(value: float, sigfigs: int, text: str) -> None:
    assert format_number(value, sigfigs) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(5.1e-5, "0.000051"), (510.0, "510"), (0.001, "0.001"), (5.1e-9, "5.1e-9"), (0.0, "0")],
)
def test_format_plain(value: float, text: str) -> None:
    assert format_plain(value) == text


def test_tolerance_is_half_a_unit_in_the_last_figure_plus_a_little() -> None:
    assert tolerance(0.0822, 3) == 5.1e-5
    assert tolerance(-0.0822, 3) == 5.1e-5
    assert tolerance(822.0, 3) == 0.51
    assert tolerance(0.001, 3) == 5.1e-6  # exact power of ten: log10 is -3, not -3.0000001
    assert tolerance(1e23, 1) == 5.1e22  # the float below 1e23 is still read as 1e23
    assert tolerance(0.0822, 1) == 5.1e-3
    assert tolerance(0.0, 3, zero_band=0.01) == 0.01


@settings(max_examples=500)
@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != 0))
def test_tolerance_reads_the_exponent_of_the_value_as_written(truth: float) -> None:
    # The definition: the leading exponent of the shortest repr, then 0.51 units in the
    # last asked figure, as one correctly rounded literal.
    exponent = Decimal(repr(abs(truth))).adjusted()
    assert tolerance(truth, 3) == float(f"51e{exponent - 4}")


def test_tolerance_at_and_around_powers_of_ten() -> None:
    for exponent in range(-320, 308):
        power = float(f"1e{exponent}")
        below, above = math.nextafter(power, 0.0), math.nextafter(power, math.inf)
        for value in (below, power, above):
            expected = Decimal(repr(value)).adjusted()
            assert tolerance(value, 2) == float(f"51e{expected - 3}"), value


def test_tolerance_needs_at_least_one_figure() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        tolerance(1.0, 0)


@pytest.mark.parametrize(
    ("response", "accepted"),
    [
        (0.0822, True),
        (0.08225, True),
        (0.0822509, True),
        (0.0821491, True),
        (0.0822511, False),  # just beyond 0.0822 + 0.000051
        (0.0821489, False),
        (0.08226, False),
        (0.0823, False),
        (0.082, False),
        (-0.0822, False),
    ],
)
def test_within_sigfigs_at_the_edges_of_the_band(response: float, accepted: bool) -> None:
    assert within_sigfigs(response, 0.0822, 3) is accepted


def test_within_sigfigs_for_negative_truths() -> None:
    assert within_sigfigs(-0.08225, -0.0822, 3)
    assert not within_sigfigs(-0.08226, -0.0822, 3)
    assert not within_sigfigs(0.0822, -0.0822, 3)


def test_within_sigfigs_follows_the_truths_magnitude() -> None:
    assert within_sigfigs(1234.4, 1234.0, 4)
    assert not within_sigfigs(1234.6, 1234.0, 4)
    assert within_sigfigs(1.0005e-7, 1.0e-7, 3)
    assert not within_sigfigs(1.006e-7, 1.0e-7, 3)


def test_zero_truth_uses_the_inclusive_absolute_band() -> None:
    assert within_sigfigs(0.0, 0.0)
    assert within_sigfigs(-0.001, 0.0, zero_band=1e-3)
    assert not within_sigfigs(0.0011, 0.0, zero_band=1e-3)
    assert not within_sigfigs(1e-9, 0.0, zero_band=0.0)


def test_an_exact_match_is_accepted_even_where_the_band_underflows() -> None:
    assert tolerance(5e-324, 1) == 0.0
    assert within_sigfigs(5e-324, 5e-324, 1)


def test_distinct_beyond_tolerance() -> None:
    assert distinct_beyond_tolerance([0.0822, 0.0823, -0.0822, 0.0], 3, 1e-3)
    assert not distinct_beyond_tolerance([0.0822, 0.08224], 3, 1e-3)
    assert not distinct_beyond_tolerance([0.0, 0.0005], 3, 1e-3)  # inside zero's band
    assert distinct_beyond_tolerance([], 3, 1e-3)
    assert distinct_beyond_tolerance([1.0], 3, 1e-3)


def test_distinct_beyond_tolerance_checks_both_bands() -> None:
    # Bands are asymmetric: 9.99 lies in 10.02's band (±0.051), not 10.02 in 9.99's (±0.0051).
    assert within_sigfigs(9.99, 10.02, 3)
    assert not within_sigfigs(10.02, 9.99, 3)
    assert not distinct_beyond_tolerance([9.99, 10.02], 3, 1e-3)
    assert not distinct_beyond_tolerance([10.02, 9.99], 3, 1e-3)
