"""Titles and abstracts from the vocabulary, and OpenAlex's inverted abstract index."""

from __future__ import annotations

import random

from synthetic.taxonomy import Taxonomy
from synthetic.vocabulary import (
    ADJECTIVES,
    CONDITIONS,
    NOUNS,
    SENTENCES,
    STUDIES,
    TITLE_PATTERNS,
)


def _words(rng: random.Random, tax: Taxonomy, topic: int) -> dict[str, str]:
    r = rng.random
    adjective = ADJECTIVES[int(r() * len(ADJECTIVES))]
    noun = NOUNS[int(r() * len(NOUNS))]
    return {
        "a": adjective,
        "A": adjective[0].upper() + adjective[1:],
        "n": noun,
        "N": noun.capitalize(),
        "n2": NOUNS[int(r() * len(NOUNS))],
        "study": STUDIES[int(r() * len(STUDIES))],
        "c": CONDITIONS[int(r() * len(CONDITIONS))],
        "t": tax.topics[topic]["display_name"],
        "s": tax.subfield_names[tax.topic_subfield[topic]].lower(),
        "k": str(3 + int(r() * 38)),
    }


def title(rng: random.Random, tax: Taxonomy, topic: int) -> str:
    return rng.choice(TITLE_PATTERNS).format(**_words(rng, tax, topic))


def abstract(rng: random.Random, tax: Taxonomy, topic: int) -> str:
    sentences = rng.sample(SENTENCES, rng.randint(3, 5))
    return " ".join(sentence.format(**_words(rng, tax, topic)) for sentence in sentences)


def inverted_index(text: str) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, word in enumerate(text.split()):
        index.setdefault(word, []).append(position)
    return index
