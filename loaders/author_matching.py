"""Who is who among one work's authorships: the author identity rules (docs/graph-model.md).

OpenAlex sometimes lists one person twice in a work, once with an author id and once with
`author.id: null` (often as "Last, First"), and sometimes repeats an author id. One person must stay
one node, never collaborate with themself, and count once in Newman's `n`. The rules, in order:

1. Authorships with the same author id are one person.
2. An authorship without an id whose ORCID is that of an identified author of the same work is that
   author.
3. Else, one whose name matches the name of exactly one identified author of the work is that
   author. Names match when, folded (accents, case, punctuation; "Last, First" turned round),
   their surnames are equal and their given names agree in order, an initial standing for any name
   it begins ("J. Smith" is "John Smith", "Zoheir, Basem" is "Basem Zoheir"; "J. Smith" is not
   "K. Smith"). A name that fits two identified authors is not guessed at.
4. Else it is a person known only by name, keyed by the normalised name (`name:<name>`);
   such authorships with the same key are one person.
5. An authorship with neither id nor name is someone nobody can link to: they count in `n` but
   get no node.

Authorships merged into one person keep the first one's position; the person is corresponding if
any of them is, and is affiliated with every institution any of them names.

These rules only look inside one work. Across works, a name-only author is merged into an
identified one when a record of the same work later names them (loaders/openalex.py and
cypher/load/arxiv_absorb.cypher).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from loaders import identity, models

_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass
class Person:
    """One author of a work, as the graph stores them."""

    key: str  # an OpenAlex author id, or name:<normalised name>
    name: str | None
    orcid: str | None
    unresolved: bool
    position: int  # the index of their first authorship
    author_position: str | None  # what that authorship says ("first", "middle", "last")
    corresponding: bool
    institutions: list[models.InstitutionRef] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # every name the work gives them


@dataclass
class Team:
    people: list[Person]
    size: int  # Newman's n: people, plus the authorships with neither id nor name


def name_parts(name: str) -> tuple[str, tuple[str, ...]] | None:
    """(surname, given names) of a name, folded; None when it has no letters.

    'Zoheir, Basem' -> ('zoheir', ('basem',));
    'Khalid Al\u2013Ramadan' (an en dash) -> ('ramadan', ('khalid', 'al')).
    """
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    if text.count(",") == 1:
        last, first = text.split(",")
        text = f"{first} {last}"
    words = _LETTERS.findall(text)
    if not words:
        return None
    return words[-1], tuple(words[:-1])


def same_name(one: tuple[str, tuple[str, ...]], other: tuple[str, tuple[str, ...]]) -> bool:
    """Equal surnames, and given names that agree in order where both have one."""
    if one[0] != other[0]:
        return False
    for mine, theirs in zip(one[1], other[1], strict=False):
        if mine == theirs:
            continue
        short, long = sorted((mine, theirs), key=len)
        if len(short) == 1 and long.startswith(short):
            continue
        return False
    return True


def people_of(authorships: Sequence[models.Authorship]) -> Team:
    """The distinct people of one work's authorships, in order of first appearance."""
    people: dict[str, Person] = {}
    by_orcid: dict[str, Person] = {}
    identified: list[tuple[tuple[str, tuple[str, ...]], Person]] = []
    anonymous = 0
    # Identified authorships first, so that a null-id one can match any of them.
    for index, authorship in enumerate(authorships):
        author = authorship.author
        if author.id is None:
            continue
        person = people.get(author.id)
        if person is None:
            person = Person(
                key=author.id,
                name=author.display_name or authorship.raw_author_name,
                orcid=author.orcid,
                unresolved=False,
                position=index,
                author_position=authorship.author_position,
                corresponding=False,
            )
            people[author.id] = person
            if author.display_name:
                parts = name_parts(author.display_name)
                if parts is not None:
                    identified.append((parts, person))
        if person.orcid is None:
            person.orcid = author.orcid
        if person.orcid is not None:
            by_orcid.setdefault(person.orcid, person)
        _absorb(person, authorship)

    for index, authorship in enumerate(authorships):
        author = authorship.author
        if author.id is not None:
            continue
        display = author.display_name or authorship.raw_author_name or ""
        person = by_orcid.get(author.orcid) if author.orcid else None
        if person is None:
            parts = name_parts(display)
            fits = [p for known, p in identified if parts and same_name(parts, known)]
            person = fits[0] if len({id(p) for p in fits}) == 1 else None
        if person is None:
            key = identity.name_key(display)
            if key is None:
                anonymous += 1
                continue
            person = people.get(key)
            if person is None:
                person = Person(
                    key=key,
                    name=display,
                    orcid=author.orcid,
                    unresolved=True,
                    position=index,
                    author_position=authorship.author_position,
                    corresponding=False,
                )
                people[key] = person
        _absorb(person, authorship)

    ordered = sorted(people.values(), key=lambda person: person.position)
    return Team(ordered, len(ordered) + anonymous)


def _absorb(person: Person, authorship: models.Authorship) -> None:
    person.corresponding = person.corresponding or bool(authorship.is_corresponding)
    known = {inst.id for inst in person.institutions}
    for inst in authorship.institutions:
        if inst.id is not None and inst.id not in known:
            person.institutions.append(inst)
            known.add(inst.id)
    for name in (authorship.author.display_name, authorship.raw_author_name):
        if name and name not in person.aliases:
            person.aliases.append(name)
