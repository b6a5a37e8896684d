"""The official categories, derived in code from the neutral components a respondent gives for themself and for
each parent (birthplace, period of immigration, citizenship at birth, German under Art. 116 GG now).

Pure functions with three-valued logic: ``True`` (ja), ``False`` (nein) and ``None`` (cannot be decided from the
answers given, counted as "keine Angabe"). A component answered "keine Angabe" makes a result undecidable only
where it matters: one component that settles the question is enough (Kleene's logic).

- **Einwanderungsgeschichte nach § 4 TIntG NRW** (Teilhabe- und Integrationsgesetz, 2022): a person who is not
  German within the meaning of Art. 116 (1) GG, or who was born outside today's territory of the Federal Republic
  and immigrated after 31 December 1955, or at least one of whose parents meets one of these criteria.
- **Einwanderungsgeschichte nach Destatis** (Mikrozensus since 2023): the person themself, or both parents,
  immigrated to today's territory of the Federal Republic since 1950.
- **Migrationshintergrund nach Mikrozensus** (2005–2022 definition): the person or at least one parent did not
  have German citizenship at birth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from teilhabe.workforce.models import Answer, Birthplace, Citizenship, ImmigrationPeriod

Tri = bool | None


@dataclass(frozen=True)
class Person:
    """The neutral components of one person (the respondent or a parent); values of the models' choices."""

    birthplace: str = Birthplace.NO_ANSWER
    immigration: str = ImmigrationPeriod.NO_ANSWER
    citizenship_birth: str = Citizenship.NO_ANSWER
    citizenship_now: str = Citizenship.NO_ANSWER


def any_of(values: Iterable[Tri]) -> Tri:
    """Kleene OR: true if one is true, false if all are false, otherwise undecided."""
    undecided = False
    for value in values:
        if value is True:
            return True
        if value is None:
            undecided = True
    return None if undecided else False


def all_of(values: Iterable[Tri]) -> Tri:
    """Kleene AND: false if one is false, true if all are true, otherwise undecided."""
    undecided = False
    for value in values:
        if value is False:
            return False
        if value is None:
            undecided = True
    return None if undecided else True


def _citizenship(value: str, *, not_german: bool) -> Tri:
    if value == Citizenship.NO_ANSWER:
        return None
    return (value == Citizenship.OTHER) == not_german


def not_german_art116(person: Person) -> Tri:
    return _citizenship(person.citizenship_now, not_german=True)


def without_german_citizenship_at_birth(person: Person) -> Tri:
    return _citizenship(person.citizenship_birth, not_german=True)


def _immigrated(person: Person, periods: frozenset[str]) -> Tri:
    if person.birthplace == Birthplace.GERMANY:
        return False
    if person.birthplace == Birthplace.NO_ANSWER or person.immigration == ImmigrationPeriod.NO_ANSWER:
        return None
    return person.immigration in periods


_AFTER_1955 = frozenset({ImmigrationPeriod.FROM_1956})
_SINCE_1950 = frozenset({ImmigrationPeriod.FROM_1950, ImmigrationPeriod.FROM_1956})


def immigrated_after_1955(person: Person) -> Tri:
    return _immigrated(person, _AFTER_1955)


def immigrated_since_1950(person: Person) -> Tri:
    return _immigrated(person, _SINCE_1950)


def _tintg_criteria(person: Person) -> Tri:
    return any_of([not_german_art116(person), immigrated_after_1955(person)])


def einwanderungsgeschichte_tintg(person: Person, parent1: Person, parent2: Person) -> Tri:
    """§ 4 TIntG NRW: the person meets criterion 1 or 2, or at least one parent does."""
    return any_of([_tintg_criteria(person), _tintg_criteria(parent1), _tintg_criteria(parent2)])


def einwanderungsgeschichte_destatis(person: Person, parent1: Person, parent2: Person) -> Tri:
    """Destatis since 2023: the person immigrated since 1950, or both parents did."""
    return any_of(
        [immigrated_since_1950(person), all_of([immigrated_since_1950(parent1), immigrated_since_1950(parent2)])]
    )


def migrationshintergrund_mikrozensus(person: Person, parent1: Person, parent2: Person) -> Tri:
    """Mikrozensus: the person or at least one parent without German citizenship at birth."""
    return any_of([without_german_citizenship_at_birth(p) for p in (person, parent1, parent2)])


def as_answer(value: Tri) -> str:
    if value is None:
        return Answer.NO_ANSWER
    return Answer.YES if value else Answer.NO


def normalise(person: Person) -> Person:
    """A period of immigration counts only for a person born abroad (a form may still send one)."""
    if person.birthplace != Birthplace.ABROAD and person.immigration != ImmigrationPeriod.NO_ANSWER:
        return Person(person.birthplace, ImmigrationPeriod.NO_ANSWER, person.citizenship_birth, person.citizenship_now)
    return person


def derive(person: Person, parent1: Person, parent2: Person) -> dict[str, str]:
    """The three categories as stored on a response (field name -> ja/nein/ka)."""
    people = (normalise(person), normalise(parent1), normalise(parent2))
    return {
        "eg_tintg": as_answer(einwanderungsgeschichte_tintg(*people)),
        "eg_destatis": as_answer(einwanderungsgeschichte_destatis(*people)),
        "mh_mikrozensus": as_answer(migrationshintergrund_mikrozensus(*people)),
    }
