"""Narrative review citing the other six papers and restating their figures. One figure is
deliberately misquoted for the citation claim check: Decker et al. reported femoral neuropathy in
14 of 36 patients (38.9%); this review says 28 of 36 (77.8%), in the text and in its table (so the
review stays internally consistent). Every other restated figure is correct. British spelling,
Vancouver references, unruled table."""

from corpus.papers.model import Heading, Paper, Para, Table
from corpus.papers.works import WHITFIELD_2024

PAPER = Paper(
    filename="whitfield2024_narrative_review.pdf",
    work=WHITFIELD_2024,
    journal_name="European Journal of Haemorrhage and Compressive Syndromes",
    author_names=(("Eleanor Whitfield", "1"), ("Samuel Adeyemi", "2")),
    affiliations=(
        "^{1}Department of Neurology, St Aldhelm's Hospital, Bristol, United Kingdom",
        "^{2}Department of Vascular and Interventional Radiology, St Aldhelm's Hospital, Bristol, United Kingdom",
    ),
    history="Received 2 February 2024; accepted 19 March 2024",
    published="D:20240410090000Z",
    abstract=(
        (
            "Background",
            "Femoral nerve palsy is the main cause of lasting disability after an iliopsoas "
            "haematoma. We reviewed recent case series to compare how often it occurs and how "
            "it recovers across causes of bleeding.",
        ),
        (
            "Methods",
            "Narrative review of case series and cohort studies published from 2015 to 2023 "
            "that reported femoral nerve findings in iliopsoas haematoma.",
        ),
        (
            "Results",
            "Six series met our criteria. They counted patients, limbs or bleeding episodes, "
            "which prevents simple pooling. Reported rates of femoral nerve involvement ranged "
            "from about two fifths to nine tenths.",
        ),
        (
            "Conclusions",
            "Femoral nerve palsy is common whatever the cause of the haematoma. Future series "
            "should state their unit of analysis and report recovery at fixed timepoints.",
        ),
    ),
    keywords=("iliopsoas haematoma", "femoral nerve palsy", "review", "unit of analysis"),
    style="numbered",
    body=(
        Heading("Introduction"),
        Para(
            "The femoral nerve runs in the groove between the psoas and iliacus muscles, inside a "
            "fascial compartment that does not stretch[[kessler2009]]. Bleeding into this "
            "compartment, whether from trauma, anticoagulation or haemophilia, can compress the "
            "nerve and cause weakness of knee extension, numbness of the anterior thigh and "
            "long-term disability[[rowe2011]]. Textbook accounts describe the syndrome well"
            "[[marchetti2010]], but the recent literature consists of small series whose "
            "figures are hard to compare."
        ),
        Heading("Search strategy"),
        Para(
            "We searched two bibliographic databases for case series and cohort studies "
            "published between 2015 and 2023 that reported femoral nerve findings in adults or "
            "adolescents with an iliopsoas haematoma. Single case reports were excluded. For each "
            "series we noted the cause of bleeding, the unit of analysis and the reported "
            "frequency of femoral nerve involvement."
        ),
        Heading("Findings"),
        Para(
            "Six series were included (Table 1). In the trauma series of Ashdown et al., femoral "
            "nerve palsy affected 21 of 32 limbs (65.6%) in 30 patients[[ashdown2016]]; recovery "
            "was complete after 1 year in 15 of the 21 limbs. [[@decker2019]] found femoral "
            "neuropathy in 28 of their 36 anticoagulated patients (77.8%), and 5 of the 36 "
            "(13.9%) died in hospital."
        ),
        Table(
            caption="Femoral nerve involvement in the six series.",
            header=("Series", "Cause", "Unit", "n/N (%)"),
            rows=(
                ("Ashdown 2016", "Trauma", "limbs", "21/32 (65.6%)"),
                ("Decker 2019", "Anticoagulant", "patients", "28/36 (77.8%)"),
                ("Solberg 2020", "Haemophilia", "patients", "15/24 (62.5%)"),
                ("Okafor 2021", "Mixed", "patients", "inclusion criterion"),
                ("Ferreira 2022", "Haemophilia", "episodes", "28/44 (63.6%)"),
                ("Tao 2023", "Mixed", "patients", "25/28 (89.3%)"),
            ),
            widths=(0.28, 0.27, 0.17, 0.28),
            ruled=False,
            note="In the series of Okafor et al. femoral neuropathy was required for inclusion.",
        ),
        Para(
            "In haemophilia, Solberg et al. recorded femoral nerve palsy at baseline in 15 of "
            "24 patients (62.5%), and in 5 of 6[[solberg2020]] patients with inhibitors. Ferreira "
            "et al. counted bleeding episodes instead and found femoral neuropathy in 28 out of "
            "44 episodes[[ferreira2022]] among 20 patients."
        ),
        Para(
            "The mixed-cause series of Tao et al. included 28 patients; 25 patients (89.3%) had "
            "femoral nerve involvement and 15 had involvement of the lateral femoral cutaneous "
            "nerve[[tao2023]]. Okafor et al. compared treatments in patients who all had "
            "femoral neuropathy: complete recovery at 6 months was reached by 19/41 (46.3%) "
            "after conservative treatment and 11/17 (64.7%) after surgery[[okafor2021]]."
        ),
        Heading("Discussion"),
        Para(
            "Femoral nerve involvement was frequent in every series, and the highest rate, "
            "89.3% (n = 25), came from the only series that examined all three nerves of the "
            "lumbar plexus in a systematic way[[tao2023]]. The lowest rates came from series "
            "that relied on routine clinical notes, in which mild weakness is easily missed."
        ),
        Para(
            "The series used three different units of analysis: limbs, patients and bleeding "
            "episodes. A patient with bilateral haematomas contributes two limbs, and a patient "
            "with haemophilia may contribute several episodes, so these proportions must not be "
            "pooled as if they were the same quantity. Recovery was also reported at different "
            "timepoints, from 3 months to 1 year."
        ),
        Para(
            "Whether decompression helps remains unsettled: the only comparative series was "
            "retrospective[[okafor2021]], and the timing of surgery may matter more than the "
            "choice of treatment[[lindgren2018]]."
        ),
        Heading("Conclusion"),
        Para(
            "Femoral nerve palsy complicates a large share of iliopsoas haematomas of every "
            "cause. Authors should state whether they count patients, limbs or episodes and "
            "report nerve recovery at 6 months and 1 year."
        ),
    ),
)
