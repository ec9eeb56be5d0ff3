"""The shared ordering rule for intervals (times of a booking or a schedule block, date ranges)."""
from datetime import date, time

import pytest
from marshmallow import ValidationError

from app.utils.validation import en_orden


def test_an_end_before_the_start_is_refused_on_the_end_field():
    with pytest.raises(ValidationError) as exc:
        en_orden({"desde": date(2026, 5, 2), "hasta": date(2026, 5, 1)}, "desde", "hasta")
    assert exc.value.field_name == "hasta" and exc.value.messages == ["Debe ser igual o posterior a desde."]


def test_a_strict_interval_refuses_an_empty_one_and_a_loose_range_accepts_one_day():
    with pytest.raises(ValidationError, match="Debe ser posterior a hora_inicio"):
        en_orden({"hora_inicio": time(10), "hora_fin": time(10)}, "hora_inicio", "hora_fin", estricto=True)
    en_orden({"desde": date(2026, 5, 1), "hasta": date(2026, 5, 1)}, "desde", "hasta")


def test_midnight_counts_as_a_value_and_a_missing_bound_is_not_checked():
    with pytest.raises(ValidationError):
        en_orden({"hora_inicio": time(9), "hora_fin": time(0)}, "hora_inicio", "hora_fin", estricto=True)
    en_orden({"hora_fin": time(0)}, "hora_inicio", "hora_fin", estricto=True)
