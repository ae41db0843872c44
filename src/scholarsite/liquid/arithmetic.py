"""Liquid 4's math filters with Ruby's number conversion (``Liquid::Utils.to_number``).

Ruby reads a string as a decimal only when it is one whole (``"1.5"``); anything else is
``String#to_i``: the leading integer, so ``"1000px" | minus: 30`` is 970 (al-folio
computes its image ``sizes=`` that way), ``"3.5em"`` is 3 and ``"abc"`` is 0. nil, true
and other objects are 0. Floats take part as BigDecimals, and a result that is a
BigDecimal is printed as a Float (``291.0``).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext
from typing import Any

from liquid.exceptions import FilterArgumentError

DECIMAL = re.compile(r"-?\d+\.\d+")
LEADING_INTEGER = re.compile(r"[ \t\n\v\f\r]*([-+]?\d+(?:_\d+)*)")


def to_number(value: Any) -> int | Decimal:
    """``Liquid::Utils.to_number``: an int, or a Decimal where Ruby has a BigDecimal."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return Decimal(value)
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        if DECIMAL.fullmatch(value.strip()):
            return Decimal(value.strip())
        match = LEADING_INTEGER.match(value)
        return int(match.group(1).replace("_", "")) if match else 0
    return 0


def result(value: int | Decimal) -> int | float:
    return float(value) if isinstance(value, Decimal) else value


def operate(name: str, left: Any, right: Any) -> int | float:
    a, b = to_number(left), to_number(right)
    with localcontext() as context:
        context.prec = 40
        context.traps[DivisionByZero] = context.traps[InvalidOperation] = True
        try:
            if name == "plus":
                return result(a + b)
            if name == "minus":
                return result(a - b)
            if name == "times":
                return result(a * b)
            if b == 0:
                raise FilterArgumentError(f"{name}: divided by 0", token=None)
            if isinstance(a, int) and isinstance(b, int):  # Ruby's integer / and % floor
                return a // b if name == "divided_by" else a % b
            if name == "divided_by":
                return result(Decimal(a) / Decimal(b))
            remainder = Decimal(a) % Decimal(b)  # Ruby's % takes the divisor's sign
            if remainder != 0 and (remainder < 0) != (Decimal(b) < 0):
                remainder += Decimal(b)
            return result(remainder)
        except (InvalidOperation, DivisionByZero, OverflowError) as err:
            raise FilterArgumentError(f"{name}: {err}", token=None) from None


def plus(value: Any, other: Any = None) -> int | float:
    return operate("plus", value, other)


def minus(value: Any, other: Any = None) -> int | float:
    return operate("minus", value, other)


def times(value: Any, other: Any = None) -> int | float:
    return operate("times", value, other)


def divided_by(value: Any, other: Any = None) -> int | float:
    return operate("divided_by", value, other)


def modulo(value: Any, other: Any = None) -> int | float:
    return operate("modulo", value, other)


def abs_(value: Any) -> int | float:
    return result(abs(to_number(value)))


def ceil(value: Any) -> int:
    return math.ceil(to_number(value))


def floor(value: Any) -> int:
    return math.floor(to_number(value))


def round_(value: Any, digits: Any = 0) -> int | float:
    number, places = to_number(value), to_number(digits)
    places = int(places)
    if isinstance(number, int):
        rounded = number if places >= 0 else int(Decimal(number).quantize(
            Decimal(f"1E{-places}"), rounding="ROUND_HALF_UP"))
    else:  # BigDecimal#round rounds half away from zero
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
    return int(rounded) if places == 0 else result(rounded)


def at_least(value: Any, other: Any = None) -> int | float:
    number, bound = to_number(value), to_number(other)
    return result(bound if bound > number else number)


def at_most(value: Any, other: Any = None) -> int | float:
    number, bound = to_number(value), to_number(other)
    return result(bound if bound < number else number)


MATH_FILTERS = {
    "plus": plus, "minus": minus, "times": times, "divided_by": divided_by,
    "modulo": modulo, "abs": abs_, "ceil": ceil, "floor": floor, "round": round_,
    "at_least": at_least, "at_most": at_most,
}
