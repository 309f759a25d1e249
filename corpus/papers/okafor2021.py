"""Comparison cohort, conservative versus surgical management (41 vs 17 patients); American
spelling, author-year (Harvard) references, ruled four-column table. All figures invented."""

from corpus.papers.model import Heading, Paper, Para, Table
from corpus.papers.works import OKAFOR_2021

PAPER = Paper(
    filename="okafor2021_conservative_vs_surgical.pdf",
    work=OKAFOR_2021,
    journal_name="Clinical Neurovascular Reports",
    author_names=(("Chidi E. Okafor", "1"), ("Laura Benning", "2"), ("Tomasz Wrobel", "1")),
    affiliations=(
        "^{1}Department of Neurosurgery, Riverside Regional Hospital, Columbus, OH, USA",
        "^{2}Department of Physical Medicine and Rehabilitation, Riverside Regional Hospital, Columbus, OH, USA",
    ),
    history="Received 14 June 2021; accepted 30 August 2021",
    published="D:20211020090000Z",
    abstract=(
        (
            "Background",
            "Whether surgical decompression improves nerve recovery in iliopsoas hematoma with "
            "femoral neuropathy is uncertain. We compared patients managed conservatively with "
            "those who underwent surgery.",
        ),
        (
            "Methods",
            "Retrospective cohort of adults with iliopsoas hematoma and femoral neuropathy treated "
            "at one hospital between 2010 and 2020, grouped by initial management.",
        ),
        (
            "Results",
            "Of 58 patients, 41 were managed conservatively and 17 underwent surgical "
            "decompression. Complete recovery at 6 months was reached by 46.3% (19/41) of the "
            "conservative group and 64.7% (11/17) of the surgical group (p = 0.21).",
        ),
        (
            "Conclusions",
            "Surgery was followed by a numerically higher rate of complete recovery, but the "
            "difference was not significant and the groups differed at baseline.",
        ),
    ),
    keywords=("iliopsoas hematoma", "femoral neuropathy", "decompression", "conservative treatment"),
    style="author-year",
    body=(
        Heading("Introduction"),
        Para(
            "Femoral neuropathy is the most feared complication of iliopsoas hematoma because it "
            "can leave a patient unable to climb stairs[[rowe2011]]. The nerve lies in a closed "
            "compartment[[kessler2009]], which has led some surgeons to argue for early "
            "decompression[[lindgren2018]]. Others treat the hematoma conservatively, reverse any "
            "anticoagulant and reserve embolization or surgery for continued bleeding"
            "[[decker2019]]."
        ),
        Para(
            "Published series are small and mostly describe a single cause: trauma"
            "[[ashdown2016]], anticoagulation[[decker2019]] or hemophilia[[solberg2020]]. We "
            "therefore compared nerve recovery after conservative and surgical management in a "
            "mixed cohort."
        ),
        Heading("Methods"),
        Para(
            "We identified adults treated at Riverside Regional Hospital between 2010 and 2020 "
            "with a CT-confirmed iliopsoas hematoma and a femoral neuropathy documented on "
            "admission. Patients were grouped by the management decided within 72 hours: "
            "conservative (bed rest, correction of coagulopathy, analgesia, physical therapy) or "
            "surgical decompression through an extraperitoneal approach."
        ),
        Para(
            "Hematomas were graded on CT with the modified Kessler classification. The primary "
            "outcome was complete recovery of the femoral nerve at 6 months, defined as normal "
            "quadriceps strength and no sensory deficit; the secondary outcomes were complete "
            "recovery at 12 months, rebleeding, transfusion and death within 30 days. Groups were "
            "compared with Fisher's exact test."
        ),
        Heading("Results"),
        Para(
            "Of 58 patients, 41 were managed conservatively and 17 underwent surgical "
            "decompression, a median of 2 days (IQR 1-4) after diagnosis. The hematoma was "
            "related to anticoagulant use in 29 patients (50.0%), hemophilia in 11 (19.0%), "
            "trauma in 10 (17.2%) and no identifiable cause in 8 (13.8%). Hematomas were grades "
            "II, III and IV in 19, 22 and 17 patients, respectively. Surgical patients were "
            "younger (Table 1)."
        ),
        Table(
            caption="Baseline characteristics and outcomes by management.",
            header=("Variable", "Conservative\n(n = 41)", "Surgical\n(n = 17)", "p"),
            rows=(
                ("Age, years, median (IQR)", "69 (58-77)", "61 (49-70)", "0.04"),
                ("Anticoagulant use, n (%)", "23 (56.1%)", "6 (35.3%)", "0.25"),
                ("Hemophilia, n (%)", "6 (14.6%)", "5 (29.4%)", "0.27"),
                ("Trauma, n (%)", "7 (17.1%)", "3 (17.6%)", "1.00"),
                ("No identifiable cause, n (%)", "5 (12.2%)", "3 (17.6%)", "0.68"),
                ("Complete recovery, 6 months", "19 (46.3%)", "11 (64.7%)", "0.21"),
                ("Complete recovery, 12 months", "26 (63.4%)", "13 (76.5%)", "0.33"),
                ("Rebleeding, n (%)", "4 (9.8%)", "0 (0.0%)", "0.31"),
                ("Transfusion, n (%)", "18 (43.9%)", "12 (70.6%)", "0.06"),
                ("Death within 30 days, n (%)", "3 (7.3%)", "1 (5.9%)", "1.00"),
            ),
            widths=(0.44, 0.22, 0.22, 0.12),
            ruled=True,
            note="p values from Fisher's exact test, except age (Mann-Whitney U test).",
        ),
        Para(
            "Complete recovery at 6 months occurred in 19 of 41 conservatively treated patients "
            "(46.3%) and in 11 of 17 surgically treated patients (64.7%; p = 0.21). At 12 months "
            "the corresponding figures were 26/41 (63.4%) and 13/17 (76.5%; p = 0.33)."
        ),
        Para(
            "Rebleeding occurred in 4 conservatively treated patients, whereas none of the 17 "
            "surgically treated patients rebled. Transfusion was more frequent after surgery. "
            "Four patients died within 30 days: three in the conservative group and one in the "
            "surgical group."
        ),
        Heading("Discussion"),
        Para(
            "Patients who underwent decompression recovered more often, by about 18 percentage "
            "points at 6 months, but the confidence interval of the difference was wide and "
            "included no effect (95% CI -9 to 45 points). Surgical patients were younger and had "
            "fewer anticoagulant-related bleeds, and both factors may favor recovery"
            "[[lindgren2018]]."
        ),
        Para(
            "Our recovery rates in the conservative group resemble those reported in trauma"
            "[[ashdown2016]] and hemophilia[[solberg2020]] series, and the rebleeding rate after "
            "conservative care agrees with the experience of [[@decker2019]]. The standard "
            "advice to decompress only a progressive deficit[[marchetti2010]] is not contradicted "
            "by our data."
        ),
        Para(
            "The study is retrospective and the treatment was not randomized. A trial comparing "
            "early decompression with conservative care in patients with a complete palsy would "
            "settle the question."
        ),
        Heading("Conclusion"),
        Para(
            "In a mixed cohort, surgery for iliopsoas hematoma with femoral neuropathy was "
            "followed by a higher but not significantly different rate of complete recovery at "
            "6 months."
        ),
    ),
)
