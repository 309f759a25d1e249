"""Every work the example papers cite, written once so each citation of it reads the same.

All are fictional. The first group are the example papers themselves (so a citation resolver can
match them by DOI or by title, year and first author); the rest are outside works, several of which
are cited by more than one paper and should merge into one node of the citation graph.
"""

from __future__ import annotations

from corpus.papers.model import Work

ASHDOWN_2016 = Work(
    key="ashdown2016",
    authors=("Ashdown M", "Renwick T", "Vellanki P"),
    year=2016,
    title="Iliopsoas haematoma after pelvic and hip trauma: femoral nerve palsy in 32 limbs of 30 patients",
    journal="Ann Musculoskelet Trauma",
    volume="9",
    issue="2",
    pages="77-85",
    doi="10.5555/amt.2016.0077",
)
DECKER_2019 = Work(
    key="decker2019",
    authors=("Decker RJ", "Fallon MA", "Ito K", "Brandt S"),
    year=2019,
    title="Anticoagulant-related iliopsoas hematoma: femoral neuropathy, treatment and in-hospital mortality in 36 patients",
    journal="Clin Neurovasc Rep",
    volume="11",
    issue="3",
    pages="201-209",
    doi="10.5555/cnr.2019.0201",
)
SOLBERG_2020 = Work(
    key="solberg2020",
    authors=("Solberg I", "Carvalho M", "Whitcombe H"),
    year=2020,
    title="Iliopsoas bleeds in haemophilia with and without inhibitors: femoral nerve palsy and recovery over one year",
    journal="Eur J Haemorrh Compr Syndr",
    volume="12",
    issue="1",
    pages="31-38",
    doi="10.5555/ejhcs.2020.0031",
)
OKAFOR_2021 = Work(
    key="okafor2021",
    authors=("Okafor CE", "Benning L", "Wrobel T"),
    year=2021,
    title="Conservative versus surgical management of iliopsoas hematoma with femoral neuropathy: a retrospective cohort study",
    journal="Clin Neurovasc Rep",
    volume="13",
    issue="4",
    pages="310-318",
    doi="10.5555/cnr.2021.0310",
)
FERREIRA_2022 = Work(
    key="ferreira2022",
    authors=("Ferreira B", "Lindahl J", "Brennan A"),
    year=2022,
    title="Femoral neuropathy after iliopsoas haemorrhage in haemophilia: 44 episodes in 20 patients",
    journal="Eur J Haemorrh Compr Syndr",
    volume="14",
    issue="3",
    pages="144-152",
    doi="10.5555/ejhcs.2022.0144",
)
TAO_2023 = Work(
    key="tao2023",
    authors=("Tao Y", "Guo M", "Bhatt A", "Zhang W"),
    year=2023,
    title="Peripheral nerve involvement in iliopsoas hematoma of mixed etiology: a retrospective series of 28 patients",
    journal="Clin Neurovasc Rep",
    volume="15",
    issue="2",
    pages="112-120",
    doi="10.5555/cnr.2023.0112",
)
WHITFIELD_2024 = Work(
    key="whitfield2024",
    authors=("Whitfield E", "Adeyemi S"),
    year=2024,
    title="Femoral nerve palsy complicating iliopsoas haematoma: a narrative review of six recent series",
    journal="Eur J Haemorrh Compr Syndr",
    volume="16",
    issue="1",
    pages="9-17",
    doi="10.5555/ejhcs.2024.0009",
)

OUTSIDE = (
    Work(
        key="kessler2009",
        authors=("Kessler HW", "Pardo L"),
        year=2009,
        title="Compressive neuropathies of the lumbar plexus: anatomy of the iliacus compartment",
        journal="J Clin Neuroanat",
        volume="22",
        issue="4",
        pages="311-319",
        doi="10.5555/jcn.2009.0311",
    ),
    Work(
        key="marchetti2010",
        authors=("Marchetti P",),
        year=2010,
        title="Retroperitoneal haemorrhage: diagnosis and management. 2nd ed",
        publisher="Oxford: Halden Medical Press",
    ),
    Work(
        key="rowe2011",
        authors=("Rowe AC",),
        year=2011,
        title="Femoral nerve palsy: electrodiagnostic patterns and prognosis",
        journal="Muscle Nerve Pract",
        volume="44",
        issue="5",
        pages="540-548",
        doi="10.5555/mnp.2011.0540",
    ),
    Work(
        key="varga2012",
        authors=("Varga M", "Lindqvist E"),
        year=2012,
        title="Computed tomography of retroperitoneal bleeding in anticoagulated patients",
        journal="Radiol Emerg Pract",
        volume="7",
        issue="2",
        pages="88-95",
        doi="10.5555/rep.2012.0088",
    ),
    Work(
        key="nguyenba2013",
        authors=("Nguyen-Ba T", "Castellanos F"),
        year=2013,
        title="Management of muscle bleeds in haemophilia with inhibitors",
        journal="Haemost Pract",
        volume="5",
        issue="1",
        pages="14-22",
        doi="10.5555/hp.2013.0014",
    ),
    Work(
        key="holloway2014",
        authors=("Holloway J", "Mbeki T", "Sato R"),
        year=2014,
        title="Transcatheter arterial embolization for spontaneous iliopsoas hemorrhage",
        journal="Interv Vasc Rev",
        volume="19",
        issue="3",
        pages="201-208",
        doi="10.5555/ivr.2014.0201",
    ),
    Work(
        key="dunmore2015",
        authors=("Dunmore K", "Achterberg L", "Field R", "Osei P"),
        year=2015,
        title="Direct oral anticoagulants and major bleeding in older adults: a registry analysis",
        journal="Thromb Outcomes",
        volume="3",
        issue="2",
        pages="45-53",
        doi="10.5555/tho.2015.0045",
    ),
    Work(
        key="sauer2017",
        authors=("Sauer F", "Quintero A"),
        year=2017,
        title="Ultrasound follow-up of iliopsoas bleeds in haemophilia",
        journal="Haemost Pract",
        volume="9",
        issue="4",
        pages="201-207",
        doi="10.5555/hp.2017.0201",
    ),
    Work(
        key="lindgren2018",
        authors=("Lindgren O", "Haddad N", "Price M"),
        year=2018,
        title="Timing of decompression for femoral nerve compression by retroperitoneal haematoma",
        journal="J Clin Neuroanat",
        volume="31",
        issue="1",
        pages="22-30",
        doi="10.5555/jcn.2018.0022",
    ),
)

ALL_WORKS = {
    work.key: work
    for work in (
        ASHDOWN_2016,
        DECKER_2019,
        SOLBERG_2020,
        OKAFOR_2021,
        FERREIRA_2022,
        TAO_2023,
        WHITFIELD_2024,
        *OUTSIDE,
    )
}
