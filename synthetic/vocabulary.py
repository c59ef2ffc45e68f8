"""Word lists and taxonomies that the synthetic generator draws from (data, not logic)."""

# fmt: off
DOMAINS = {1: "Life Sciences", 2: "Social Sciences", 3: "Physical Sciences", 4: "Health Sciences"}
FIELDS = (  # (field id, name, domain id, ((subfield id, name), ...)); ids follow OpenAlex's scheme
    (11, "Agricultural and Biological Sciences", 1, ((1102, "Agronomy and Crop Science"),
     (1104, "Aquatic Science"), (1105, "Ecology, Evolution, Behavior and Systematics"),
     (1110, "Plant Science"))),
    (12, "Arts and Humanities", 2, ((1202, "History"), (1203, "Language and Linguistics"),
     (1208, "Literature and Literary Theory"), (1211, "Philosophy"))),
    (13, "Biochemistry, Genetics and Molecular Biology", 1, ((1303, "Biochemistry"),
     (1307, "Cell Biology"), (1311, "Genetics"), (1312, "Molecular Biology"))),
    (14, "Business, Management and Accounting", 2, ((1402, "Accounting"),
     (1404, "Management Information Systems"), (1406, "Marketing"),
     (1408, "Strategy and Management"))),
    (16, "Chemistry", 3, ((1602, "Analytical Chemistry"), (1603, "Electrochemistry"),
     (1605, "Organic Chemistry"), (1606, "Physical and Theoretical Chemistry"))),
    (17, "Computer Science", 3, ((1702, "Artificial Intelligence"),
     (1705, "Computer Networks and Communications"),
     (1707, "Computer Vision and Pattern Recognition"), (1712, "Software"))),
    (19, "Earth and Planetary Sciences", 3, ((1902, "Atmospheric Science"), (1907, "Geology"),
     (1908, "Geophysics"), (1910, "Oceanography"))),
    (20, "Economics, Econometrics and Finance", 2, ((2002, "Economics and Econometrics"),
     (2003, "Finance"), (2001, "Economic History"))),
    (21, "Energy", 3, ((2102, "Energy Engineering and Power Technology"), (2103, "Fuel Technology"),
     (2105, "Renewable Energy, Sustainability and the Environment"))),
    (22, "Engineering", 3, ((2203, "Automotive Engineering"),
     (2205, "Civil and Structural Engineering"), (2207, "Control and Systems Engineering"),
     (2208, "Electrical and Electronic Engineering"), (2210, "Mechanical Engineering"))),
    (23, "Environmental Science", 3, ((2303, "Ecology"), (2304, "Environmental Chemistry"),
     (2305, "Environmental Engineering"), (2312, "Water Science and Technology"))),
    (24, "Immunology and Microbiology", 1, ((2403, "Immunology"), (2404, "Microbiology"),
     (2406, "Virology"))),
    (25, "Materials Science", 3, ((2502, "Biomaterials"), (2505, "Materials Chemistry"),
     (2507, "Polymers and Plastics"), (2508, "Surfaces, Coatings and Films"))),
    (26, "Mathematics", 3, ((2602, "Algebra and Number Theory"), (2604, "Applied Mathematics"),
     (2605, "Computational Mathematics"), (2613, "Statistics and Probability"))),
    (27, "Medicine", 4, ((2705, "Cardiology and Cardiovascular Medicine"), (2713, "Epidemiology"),
     (2728, "Neurology"), (2730, "Oncology"), (2740, "Pulmonary and Respiratory Medicine"))),
    (28, "Neuroscience", 1, ((2802, "Behavioral Neuroscience"),
     (2804, "Cellular and Molecular Neuroscience"), (2805, "Cognitive Neuroscience"))),
    (30, "Pharmacology, Toxicology and Pharmaceutics", 1, ((3003, "Pharmaceutical Science"),
     (3004, "Pharmacology"), (3005, "Toxicology"))),
    (31, "Physics and Astronomy", 3, ((3103, "Astronomy and Astrophysics"),
     (3104, "Condensed Matter Physics"), (3106, "Nuclear and High Energy Physics"),
     (3107, "Atomic and Molecular Physics, and Optics"))),
    (32, "Psychology", 2, ((3202, "Applied Psychology"),
     (3204, "Developmental and Educational Psychology"), (3207, "Social Psychology"))),
    (33, "Social Sciences", 2, ((3304, "Education"), (3305, "Geography, Planning and Development"),
     (3312, "Sociology and Political Science"),
     (3320, "Political Science and International Relations"))),
    (36, "Health Professions", 4, ((3612, "Physical Therapy, Sports Therapy and Rehabilitation"),
     (3614, "Radiological and Ultrasound Technology"))),
)
BIG_FIELDS = {17: 2.5, 27: 3.0, 13: 1.5, 22: 1.5}  # relative size of the busiest fields
CONFERENCE_SHARE = {17: 0.4, 22: 0.2, 26: 0.1}  # of articles in fields that publish at conferences
TOPIC_PATTERNS = (
    "Advances in {s}", "Computational {s}", "{s}: Methods and Applications",
    "Experimental Studies in {s}", "Theoretical Foundations of {s}", "Data-Driven {s}",
    "{s} and Emerging Technologies", "Applied {s}", "Modeling and Simulation in {s}",
    "Quantitative {s}",
)

NAMES = (  # (first names, family names), by naming tradition
    ("James Emily Oliver Charlotte Henry Amelia Thomas Grace William Lucy George Hannah",
     "Whitfield Ashdown Pembrook Caldwell Hartley Linwood Marsh Thornton Blakemore Fairbanks"),
    ("Lukas Anna Felix Lena Jonas Marie Tobias Katrin Matthias Sabine",
     "Brenner Hofmann Kessler Lindner Vogt Steinmetz Richter Albrecht Wendt Krüger"),
    ("Wei Fang Jun Li Ming Xiaoyu Hao Yan Jing Zhen Yiming Lan",
     "Zhang Wang Chen Liu Zhao Huang Zhou Wu Xu Sun Ma Lin"),
    ("Arjun Priya Rahul Ananya Vikram Kavya Rohan Sneha Aditya Meera",
     "Sharma Iyer Reddy Nair Gupta Menon Patel Rao Banerjee Kulkarni"),
    ("Lucía Mateo Sofía Diego Valentina Javier Camila Andrés Elena Pablo",
     "García Fernández Morales Ortega Castillo Romero Navarro Vargas Herrera Delgado"),
    ("Haruto Yui Takeshi Aoi Kenji Sakura Ren Hina Daiki Mei",
     "Sato Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Matsumoto"),
    ("Omar Layla Youssef Nour Khalid Amira Tariq Salma Hassan Rania",
     "Haddad Mansour Nasser Khalil Saleh Farouk Aziz Hamdan Qureshi Rahman"),
    ("Chinedu Ngozi Oluwaseun Adaeze Emeka Folake Tunde Ifeoma Kelechi Yetunde",
     "Okafor Adeyemi Nwosu Balogun Eze Okonkwo Adebayo Obi Chukwu Olawale"),
    ("Piotr Agnieszka Tomasz Katarzyna Marek Zofia Paweł Magdalena Krzysztof Ewa",
     "Nowak Kowal Mazur Krawczyk Wójcik Kaczmarek Pawlak Dudek Sikora Baran"),
    ("Giulia Marco Chiara Luca Francesca Alessandro Martina Davide Sara Matteo",
     "Rossi Bianchi Ferrari Esposito Ricci Marino Greco Bruno Gallo Conti"),
    ("Camille Julien Manon Antoine Chloé Mathieu Léa Nicolas Inès Hugo",
     "Dubois Lefèvre Moreau Laurent Girard Bonnet Fontaine Rousseau Mercier Chevalier"),
    ("Min-jun Seo-yeon Ji-ho Ha-eun Do-hyun Su-bin Jae-won Ye-jin",
     "Kim Lee Park Choi Jung Kang Cho Yoon"),
    ("Reza Maryam Ali Zahra Mehdi Fatemeh Hossein Shirin",
     "Hosseini Ahmadi Karimi Moradi Rezaei Jafari Ghorbani Sadeghi"),
    ("João Ana Pedro Beatriz Gabriel Larissa Rafael Juliana",
     "Silva Santos Oliveira Souza Pereira Costa Almeida Carvalho"),
    ("Erik Ingrid Lars Astrid Nils Sigrid Johan Freya",
     "Lindqvist Halvorsen Berg Nyström Dahl Sandberg Eklund Solheim"),
)
COUNTRIES = (  # (code, name, weight)
    ("US", "United States", 20), ("CN", "China", 14), ("GB", "United Kingdom", 6),
    ("DE", "Germany", 6), ("JP", "Japan", 5), ("IN", "India", 5), ("FR", "France", 4),
    ("CA", "Canada", 3), ("IT", "Italy", 3), ("ES", "Spain", 3), ("AU", "Australia", 3),
    ("KR", "South Korea", 3), ("BR", "Brazil", 3), ("NL", "Netherlands", 2),
    ("CH", "Switzerland", 2), ("SE", "Sweden", 2), ("PL", "Poland", 2), ("IR", "Iran", 2),
    ("TR", "Turkey", 2), ("SA", "Saudi Arabia", 1), ("EG", "Egypt", 1), ("NG", "Nigeria", 1),
    ("ZA", "South Africa", 1), ("MX", "Mexico", 1), ("NO", "Norway", 1),
)
PLACE_HEADS = ("North", "West", "East", "South", "Ash", "Oak", "Silver", "Lake", "Stone", "Elm",
                "Brook", "Fair", "Green", "Red", "High", "Clear", "Maple", "Rose", "Iron", "Wolf",
                "Raven", "Sun", "Amber", "Cedar")
PLACE_TAILS = ("field", "ford", "haven", "bridge", "ton", "vale", "mont", "wick", "bury", "port",
                "stead", "moor", "ridge", "dale", "gate", "holm")
INSTITUTION_KINDS = (  # (type, weight, name patterns)
    ("education", 70, ("University of {p}", "{p} University", "{p} Institute of Technology",
                       "{p} State University", "{p} College")),
    ("healthcare", 8, ("{p} University Hospital", "{p} Medical Center")),
    ("facility", 7, ("{p} National Laboratory", "{p} Research Centre")),
    ("company", 6, ("{p} Labs", "{p} Analytics", "{p} Instruments")),
    ("government", 5, ("{p} Geological Survey", "{p} Institute of Public Health")),
    ("nonprofit", 4, ("{p} Research Institute", "{p} Foundation for Science")),
)
PUBLISHERS = ("Meridian Academic Press", "Northgate Scientific", "Halcyon Publishing Group",
               "Bluewater University Press", "Corvid Science", "Lanternfield Publishers",
               "Society for Synthetic Research", "Aster & Vale")
JOURNAL_PATTERNS = ("Journal of {s}", "{p} Journal of {s}", "Annals of {s}", "{s} Letters",
                     "International Journal of {s}", "Reviews in {s}", "Advances in {f}",
                     "{p} Transactions on {s}", "Frontiers of {f}", "{p} Review of {f}")
CONFERENCE_PATTERNS = ("Proceedings of the {p} Conference on {s}",
                        "International Symposium on {s}", "{p} Workshop on {s}")
CONFERENCE_HOST = "Association for Synthetic Computing"
REPOSITORIES = (  # (name, host, domains it serves)
    ("Life Sciences Preprint Server", "Meridian Academic Press", (1, 4)),
    ("Social Science Preprint Exchange", "Society for Synthetic Research", (2,)),
    ("Open Engineering Preprints", "Northgate Scientific", (3,)),
)
ADJECTIVES = ("robust", "scalable", "adaptive", "efficient", "hierarchical", "Bayesian",
               "multiscale", "longitudinal", "stochastic", "interpretable", "sparse", "nonlinear",
               "distributed", "comparative", "integrated")
NOUNS = ("estimation", "variability", "dynamics", "inference", "representation", "assessment",
          "characterization", "optimization", "mechanisms", "transport", "stability",
          "classification", "synthesis", "response", "coupling")
STUDIES = ("systematic review", "case study", "cohort study", "field study", "benchmark",
            "meta-analysis", "simulation study", "survey")
CONDITIONS = ("limited data", "uncertainty", "changing conditions", "resource constraints",
               "heterogeneous settings")
TITLE_PATTERNS = (
    "{A} {n} for {t}", "On the {n} of {s}", "{N} and {n2} in {s}: a {study}",
    "Towards {a} {n} in {s}", "A {study} of {n} in {t}", "{A} approaches to {n} under {c}",
)
SENTENCES = (
    "This {study} examines {n} in {s}.",
    "We propose a {a} framework for {n} based on {n2}.",
    "Using data from {k} sites, we estimate {n} and {n2} under {c}.",
    "Results indicate that {a} {n} improves {n2} by {k} percent.",
    "The approach is evaluated against {k} baselines drawn from {t}.",
    "These findings have implications for {t} and for {s} more broadly.",
)

# fmt: on
