"""Whole numbers in English words, the way Odoo's amounts in words read them
("One Thousand, Two Hundred And Thirty-Four"): thousands groups separated by
commas, "and" before the tens of a group with hundreds (or of the last group
after a larger one), hyphens between tens and units, every word capitalised."""

from __future__ import annotations

UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = ("", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion")


def _below_hundred(number: int) -> str:
    if number < 20:
        return UNITS[number]
    tens, units = divmod(number, 10)
    return TENS[tens] + (f"-{UNITS[units]}" if units else "")


def _group(number: int) -> str:
    """1 to 999 in words."""
    hundreds, rest = divmod(number, 100)
    if not hundreds:
        return _below_hundred(rest)
    words = f"{UNITS[hundreds]} hundred"
    return f"{words} and {_below_hundred(rest)}" if rest else words


def number_to_words(number: int) -> str:
    """``number`` (a whole number) in English words, capitalised."""
    if number < 0:
        return f"Minus {number_to_words(-number)}"
    if number == 0:
        return "Zero"
    groups: list[int] = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    if len(groups) > len(SCALES):
        raise ValueError("number too large to be written in words")
    parts = [
        (_group(value) + (f" {SCALES[scale]}" if scale else ""), scale, value)
        for scale, value in reversed(list(enumerate(groups)))
        if value
    ]
    text = parts[0][0]
    for words, scale, value in parts[1:]:
        # a last group under a hundred joins with "and", the others with a comma
        text += f" and {words}" if scale == 0 and value < 100 else f", {words}"
    return text.title()
