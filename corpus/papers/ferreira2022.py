"""Haemophilia series of 44 episodes in 20 patients; British spelling, Vancouver references,
unruled table. The cohort size and "femoral neuropathy in 28 of 44 episodes" are taken from a
published haemophilia series (Int J Hematol 2022); every other figure is invented."""

from corpus.papers.model import Heading, Paper, Para, Table
from corpus.papers.works import FERREIRA_2022

PAPER = Paper(
    filename="ferreira2022_haemophilia_episodes.pdf",
    work=FERREIRA_2022,
    journal_name="European Journal of Haemorrhage and Compressive Syndromes",
    author_names=(("Beatriz Ferreira", "1"), ("Jonas Lindahl", "2"), ("Aoife Brennan", "1")),
    affiliations=(
        "^{1}Centro de Hemofilia, Hospital de Santa Clara, Porto, Portugal",
        "^{2}Department of Haematology, Vastra Lanes Hospital, Lund, Sweden",
    ),
    history="Received 18 March 2022; accepted 27 June 2022",
    published="D:20220801090000Z",
    abstract=(
        (
            "Introduction",
            "Bleeding into the iliopsoas muscle is a serious event in haemophilia. We describe how "
            "often it injured the femoral nerve in our centre and how the nerve recovered.",
        ),
        (
            "Methods",
            "Retrospective review of every iliopsoas bleed treated in patients with haemophilia "
            "between 2008 and 2020. Because several patients bled more than once, the unit of "
            "analysis for nerve outcomes is the episode.",
        ),
        (
            "Results",
            "Twenty patients had 44 episodes. Femoral neuropathy complicated 28 of the 44 "
            "episodes (63.6%). Recovery was complete in 23 of the 28 affected episodes after "
            "1 year.",
        ),
        (
            "Conclusion",
            "Femoral neuropathy accompanies most iliopsoas bleeds in haemophilia and is slow to "
            "recover; repeat bleeds are common.",
        ),
    ),
    keywords=("haemophilia", "iliopsoas haemorrhage", "femoral neuropathy", "episodes"),
    style="numbered",
    body=(
        Heading("Introduction"),
        Para(
            "In haemophilia, bleeds into the iliopsoas muscle are less common than joint bleeds "
            "but can be more dangerous, because the haematoma may compress the femoral nerve in "
            "its narrow compartment[[kessler2009]]. Recurrence is frequent when prophylaxis is "
            "inadequate, and inhibitors make haemostasis harder to achieve[[nguyenba2013]]."
        ),
        Para(
            "Earlier series reported patients rather than bleeding episodes[[solberg2020]], so a "
            "patient who bled three times was counted once. We counted every episode, because "
            "each one is a new insult to the nerve."
        ),
        Heading("Patients and methods"),
        Para(
            "The Porto haemophilia registry was searched for iliopsoas bleeds from January 2008 to "
            "December 2020. Each bleed confirmed by ultrasound or computed tomography and treated "
            "at least 30 days after the previous one was counted as a separate episode[[sauer2017]]. "
            "Femoral neuropathy was diagnosed clinically and graded by quadriceps strength; "
            "recovery was assessed at 6 months and after 1 year[[rowe2011]]."
        ),
        Para(
            "Treatment followed national guidance: factor concentrate to a trough level above "
            "50% for at least 7 days, or a bypassing agent in patients with inhibitors. "
            "Embolisation was considered for bleeding that continued despite replacement."
        ),
        Heading("Results"),
        Para(
            "Twenty patients (A17, B3) contributed 44 episodes; 15 patients had severe disease. "
            "Four patients (20.0%) had inhibitors, and 11 patients (55.0%) had more than one "
            "episode. The median age at the first episode was 24 years (IQR 17-35) (Table 1)."
        ),
        Table(
            caption="The 20 patients and their 44 episodes.",
            header=("Variable", "Value"),
            rows=(
                ("Age at first episode, years, median (IQR)", "24 (17-35)"),
                ("Haemophilia A, patients, n (%)", "17 (85.0%)"),
                ("Haemophilia B, patients, n (%)", "3 (15.0%)"),
                ("Severe haemophilia, patients, n (%)", "15 (75.0%)"),
                ("Inhibitors, patients, n (%)", "4 (20.0%)"),
                ("More than one episode, patients, n (%)", "11 (55.0%)"),
                ("Femoral neuropathy, episodes, n (%)", "28 (63.6%)"),
                ("Embolisation, episodes, n (%)", "1 (2.3%)"),
            ),
            widths=(0.72, 0.28),
            ruled=False,
            note="Percentages of patients use 20 as denominator; percentages of episodes use 44.",
        ),
        Para(
            "Femoral neuropathy was present at diagnosis in most episodes (28/44, 63.6%). It "
            "complicated 7 of the 9 episodes in patients with inhibitors. Twenty-one of the 35 "
            "episodes in patients without inhibitors (60.0%) were also complicated by neuropathy. "
            "Quadriceps weakness was recorded in 24 of the 28 episodes with neuropathy (85.7%), "
            "and the lateral cutaneous nerve of the thigh was affected as well in 6 of the 44 "
            "episodes."
        ),
        Para(
            "Complete recovery at 6 months was documented in 17 of the 28 episodes with "
            "neuropathy (60.7%); after 1 year the figure was 23 of 28 (82.1%). The median hospital "
            "stay was 8 days (IQR 5-13). Embolisation was needed in one episode (2.3%), and none "
            "of the 20 patients underwent surgery. No patient died."
        ),
        Heading("Discussion"),
        Para(
            "Counting episodes, our rate of femoral neuropathy was 63.6% (28/44), comparable to "
            "that reported per patient in another haemophilia centre[[solberg2020]] and higher "
            "than in anticoagulated adults[[decker2019]]. The high proportion of patients with "
            "repeat bleeds supports secondary prophylaxis after a first iliopsoas bleed."
        ),
        Para(
            "Recovery was slower than after trauma[[ashdown2016]], perhaps because repeated "
            "compression of the same nerve leaves it less able to recover. Patients with "
            "inhibitors had a high rate of nerve injury, in keeping with the difficulty of "
            "stopping these bleeds[[nguyenba2013]]."
        ),
        Para(
            "Because episodes within a patient are not independent, our proportions should not "
            "be pooled with per-patient rates without adjustment. The study is retrospective and "
            "nerve conduction studies were not available for most episodes."
        ),
        Heading("Conclusion"),
        Para(
            "Two of every three iliopsoas bleeds in our patients with haemophilia injured the "
            "femoral nerve. Recovery is usually complete within a year."
        ),
    ),
)
