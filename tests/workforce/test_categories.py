"""Category derivation over every answer combination, against a reference written from the legal texts."""

from __future__ import annotations

import itertools
from functools import cache

import pytest

from teilhabe.workforce import categories
from teilhabe.workforce.categories import Person, derive
from teilhabe.workforce.models import Birthplace, Citizenship, ImmigrationPeriod

BIRTHPLACES = list(Birthplace.values)
PERIODS = list(ImmigrationPeriod.values)
CITIZENSHIPS = list(Citizenship.values)
KA = "ka"


def reference_person(birthplace: str, period: str, birth: str, now: str) -> tuple[bool, bool, bool]:
    """(meets § 4 no. 1 or 2 TIntG, immigrated since 1950, not German at birth) for fully answered components."""
    not_german = now == "andere"
    born_abroad_after_1955 = birthplace == "ausland" and period == "ab1956"
    since_1950 = birthplace == "ausland" and period in ("1950_1955", "ab1956")
    return (not_german or born_abroad_after_1955, since_1950, birth == "andere")


@cache
def possible(person: Person) -> frozenset[tuple[bool, bool, bool]]:
    """Every value the reference can take when each unanswered component may be any answer."""
    person = categories.normalise(person)
    birthplaces = ["de", "ausland"] if person.birthplace == KA else [person.birthplace]
    out = set()
    for bp in birthplaces:
        periods = ["vor1950", "1950_1955", "ab1956"] if person.immigration == KA else [person.immigration]
        for period in periods if bp == "ausland" else ["-"]:
            for birth in ["de", "andere"] if person.citizenship_birth == KA else [person.citizenship_birth]:
                for now in ["de", "andere"] if person.citizenship_now == KA else [person.citizenship_now]:
                    out.add(reference_person(bp, period, birth, now))
    return frozenset(out)


@cache
def reference(s: frozenset, p1: frozenset, p2: frozenset) -> dict[str, str]:
    """Decided where every completion of the unanswered components gives the same result, else "ka"."""
    results: dict[str, set[bool]] = {"eg_tintg": set(), "eg_destatis": set(), "mh_mikrozensus": set()}
    for a, b, c in itertools.product(s, p1, p2):
        results["eg_tintg"].add(a[0] or b[0] or c[0])
        results["eg_destatis"].add(a[1] or (b[1] and c[1]))
        results["mh_mikrozensus"].add(a[2] or b[2] or c[2])
    return {k: ("ka" if len(v) > 1 else ("ja" if v.pop() else "nein")) for k, v in results.items()}


ALL_PEOPLE = [Person(*combo) for combo in itertools.product(BIRTHPLACES, PERIODS, CITIZENSHIPS, CITIZENSHIPS)]
#: The distinct people after normalising (a period counts only for someone born abroad): 6 × 3 × 3 = 54.
NORMALISED = sorted({categories.normalise(p) for p in ALL_PEOPLE}, key=repr)


def test_normalising_keeps_the_period_only_for_people_born_abroad() -> None:
    assert len(ALL_PEOPLE) == 108
    assert len(NORMALISED) == 54
    for person in ALL_PEOPLE:
        normalised = categories.normalise(person)
        if person.birthplace == "ausland":
            assert normalised == person
        else:
            assert normalised.immigration == KA


@pytest.mark.parametrize("respondent", NORMALISED, ids=repr)
def test_every_combination_matches_the_reference(respondent: Person) -> None:
    """54 respondents × 54 first parents × 54 second parents = 157,464 combinations."""
    s = possible(respondent)
    for parent1 in NORMALISED:
        p1 = possible(parent1)
        for parent2 in NORMALISED:
            assert derive(respondent, parent1, parent2) == reference(s, p1, possible(parent2)), (
                respondent,
                parent1,
                parent2,
            )


@pytest.mark.parametrize("person", ALL_PEOPLE, ids=repr)
def test_raw_answers_derive_like_their_normalised_form(person: Person) -> None:
    """The other 54 raw answers per person (a period given with birthplace Germany or none) change nothing."""
    for other in (Person(), Person("de", KA, "de", "de"), Person("ausland", "ab1956", "andere", "andere")):
        assert derive(person, other, other) == derive(categories.normalise(person), other, other)
        assert derive(other, person, other) == derive(other, categories.normalise(person), other)


GERMAN = Person("de", KA, "de", "de")


@pytest.mark.parametrize(
    ("person", "parent1", "parent2", "expected"),
    [
        # born here to parents born here, all German: none of the three
        (GERMAN, GERMAN, GERMAN, ("nein", "nein", "nein")),
        # nobody answered anything: "keine Angabe" in every category
        (Person(), Person(), Person(), ("ka", "ka", "ka")),
        # immigrated 1960, German at birth (Spätaussiedler): TIntG and Destatis yes, Mikrozensus no
        (Person("ausland", "ab1956", "de", "de"), GERMAN, GERMAN, ("ja", "ja", "nein")),
        # immigrated 1953: Destatis yes (since 1950), TIntG no (not after 1955)
        (Person("ausland", "1950_1955", "de", "de"), GERMAN, GERMAN, ("nein", "ja", "nein")),
        # one parent immigrated after 1955 and was foreign at birth: TIntG and Mikrozensus yes, Destatis no
        (GERMAN, Person("ausland", "ab1956", "andere", "de"), GERMAN, ("ja", "nein", "ja")),
        # both parents immigrated since 1950: Destatis yes
        (
            GERMAN,
            Person("ausland", "ab1956", "de", "de"),
            Person("ausland", "1950_1955", "de", "de"),
            ("ja", "ja", "nein"),
        ),
        # one parent unknown, the other immigrated: Destatis cannot be decided, TIntG can
        (GERMAN, Person(), Person("ausland", "ab1956", "de", "de"), ("ja", "ka", "ka")),
        # not German now: TIntG yes even without any other answer
        (Person(KA, KA, KA, "andere"), Person(), Person(), ("ja", "ka", "ka")),
        # born abroad, immigrated before 1950: none under Destatis or TIntG
        (Person("ausland", "vor1950", "de", "de"), GERMAN, GERMAN, ("nein", "nein", "nein")),
    ],
)
def test_named_cases(person: Person, parent1: Person, parent2: Person, expected: tuple[str, str, str]) -> None:
    result = derive(person, parent1, parent2)
    assert (result["eg_tintg"], result["eg_destatis"], result["mh_mikrozensus"]) == expected


def test_kleene_connectives() -> None:
    assert categories.any_of([None, True]) is True
    assert categories.any_of([None, False]) is None
    assert categories.any_of([False, False]) is False
    assert categories.all_of([None, False]) is False
    assert categories.all_of([None, True]) is None
    assert categories.all_of([True, True]) is True
