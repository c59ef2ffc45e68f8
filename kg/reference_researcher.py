"""The reference researcher the product was designed from, and their fixed world.

The demo data always includes them with exactly these works, co-authors and topics under these ids
(short ids as the graph stores them, docs/graph-model.md); the generator builds the rest of its
world around them, and tests and benchmarks check the graph against them.
"""

REFERENCE_AUTHOR_ID = "A5100000001"
REFERENCE_AUTHOR_NAME = "Kuba Perlin"

# fmt: off
REFERENCE_WORK_IDS = ("W5100000001", "W5100000002")
REFERENCE_COAUTHORS = {
    "A5100000002": "Aidan N. Gomez",
    "A5100000003": "Oscar Key",
    "A5100000004": "Stephen Gou",
    "A5100000005": "Nick Frosst",
    "A5100000006": "Jeff Dean",
    "A5100000007": "Yarin Gal",
    "A5100000008": "Joanna Yoo",
    "A5100000009": "Siddhartha Rao Kamalakara",
    "A5100000010": "João G. M. Araújo",
}
REFERENCE_COAUTHOR_IDS = tuple(REFERENCE_COAUTHORS)
# Newman strength >= 0.25: Aidan (1/6 + 1/4) and the three others of the five-author paper (1/4).
REFERENCE_CLOSE_COLLABORATOR_IDS = ("A5100000002", "A5100000008", "A5100000009", "A5100000010")
REFERENCE_TOPIC_IDS = ("T10001", "T10002", "T10003")
REFERENCE_TOPICS = (  # (id, name, subfield id)
    ("T10001", "Neural Networks and Deep Learning", 1702),
    ("T10002", "Distributed and Parallel Computing", 1705),
    ("T10003", "Natural Language Processing Techniques", 1702),
)
REFERENCE_WORKS = (  # (title, date, arXiv id, author ids in order, abstract)
    (
        "Interlocking Backpropagation: Improving depthwise model-parallelism",
        "2022-07-01",
        "2010.04116",
        ("A5100000002", "A5100000003", REFERENCE_AUTHOR_ID, "A5100000004", "A5100000005",
         "A5100000006", "A5100000007"),
        "Neural networks have grown so large that training them needs many devices, and "
        "model-parallel training tends to leave those devices idle, while local learning keeps "
        "them busy at a cost in accuracy. We propose interlocking backpropagation, a family of "
        "strategies between local and global learning that keeps most of the efficiency of local "
        "optimisation and recovers most of the accuracy of global optimisation, and evaluate it on "
        "ResNet image classifiers and Transformer language models.",
    ),
    (
        "Scalable Training of Language Models using JAX pjit and TPUv4",
        "2022-04-13",
        "2204.06514",
        ("A5100000008", REFERENCE_AUTHOR_ID, "A5100000009", "A5100000010", "A5100000002"),
        "Large language models must be trained across many accelerators because of their size. "
        "This technical report describes the design of a scalable training framework built on JAX "
        "pjit and TPUv4, the problems met along the way, and a quantitative account of the "
        "efficiency gained from the newer software and hardware.",
    ),
)
REFERENCE_ARXIV_IDS = frozenset(work[2] for work in REFERENCE_WORKS)
# Productivity weight and career (first, last year) of the co-authors in the generated world.
REFERENCE_CAREERS = {
    "A5100000002": (40.0, 2016), "A5100000003": (6.0, 2018), "A5100000004": (5.0, 2017),
    "A5100000005": (8.0, 2016), "A5100000006": (150.0, 1990), "A5100000007": (90.0, 2011),
    "A5100000008": (5.0, 2018), "A5100000009": (6.0, 2017), "A5100000010": (6.0, 2017),
}

# fmt: on
