"""Importing members from pasted names or a CSV file: all or nothing, with a clear message."""

from __future__ import annotations

import pytest

from companion.turns.roster import MemberDetails
from companion.turns.roster_import import ImportProblem, parse_csv, parse_csv_bytes, parse_pasted


def test_pasted_names_one_per_line_with_bullets_and_blank_lines() -> None:
    text = "Aisha Rahman\n\n  - Bartosz Wiśniewski \n• 陈美玲\n3. Kwame Mensah\n4) Óscar\r\n"
    assert [m.name for m in parse_pasted(text)] == [
        "Aisha Rahman",
        "Bartosz Wiśniewski",
        "陈美玲",
        "Kwame Mensah",
        "Óscar",
    ]


def test_pasting_nothing_says_what_to_do() -> None:
    with pytest.raises(ImportProblem, match="one name on each line"):
        parse_pasted(" \n\t\n")


def test_two_hundred_pasted_names() -> None:
    names = parse_pasted("\n".join(f"Name {i}" for i in range(200)))
    assert len(names) == 200 and names[199].name == "Name 199"


def test_far_too_many_names_are_refused() -> None:
    with pytest.raises(ImportProblem, match="at most 500"):
        parse_pasted("\n".join(f"N{i}" for i in range(501)))


def test_csv_with_known_columns_in_any_order_and_case() -> None:
    text = (
        "Pronouns,Full name,How to say it,Grade,Access needs\n"
        'she/her,Siobhán Ní Bhriain,shiv-AWN,Band 6,"uses captions, BSL"\n'
        ",Kwame Mensah,,,\n"
    )
    assert parse_csv(text) == [
        MemberDetails("Siobhán Ní Bhriain", "she/her", "shiv-AWN", "Band 6", "uses captions, BSL"),
        MemberDetails("Kwame Mensah"),
    ]


def test_csv_from_excel_with_semicolons_and_a_bom() -> None:
    data = "\ufeffName;Pronouns\r\nÓscar Núñez;he/him\r\n".encode()
    assert parse_csv_bytes(data) == [MemberDetails("Óscar Núñez", "he/him")]


def test_csv_in_windows_1252() -> None:
    data = "name\nJosé Müller\n".encode("cp1252")
    assert parse_csv_bytes(data)[0].name == "José Müller"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("email,team\na@b.c,red\n", "columns Companion does not know ('email', 'team')"),
        ("pronouns\nshe/her\n", "no 'name' column"),
        ("name,email\nSam,s@x\n", "columns Companion does not know ('email')"),
        ("name,,pronouns\nSam,,he\n", "a column without a heading"),
        ("name,grade,role\nSam,6,nurse\n", "more than one column for role"),
        ("name,pronouns\n", "no members"),
        ("name,pronouns\n,she\n", "Line 2 of the CSV file has no name"),
        ("name\nSam,extra\n", "Line 2 of the CSV file has 2 values"),
        ("", "empty"),
    ],
)
def test_csv_with_the_wrong_columns_imports_nothing(text: str, says: str) -> None:
    with pytest.raises(ImportProblem) as problem:
        parse_csv(text)
    message = str(problem.value)
    assert says in message
    assert message.endswith("Nothing was imported.")
    assert message[0].isupper()


def test_a_spreadsheet_file_is_not_csv() -> None:
    with pytest.raises(ImportProblem, match="not a CSV text file"):
        parse_csv_bytes(b"PK\x03\x04\x00\x00 binary xlsx", "'team.xlsx'")
