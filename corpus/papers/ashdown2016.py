"""Trauma series counting limbs (32 limbs in 30 patients); British spelling, Vancouver references,
ruled table. All figures invented."""

from corpus.papers.model import Heading, Paper, Para, Table
from corpus.papers.works import ASHDOWN_2016

PAPER = Paper(
    filename="ashdown2016_trauma_limbs.pdf",
    work=ASHDOWN_2016,
    journal_name="Annals of Musculoskeletal Trauma",
    author_names=(("Marguerite Ashdown", "1"), ("Tobias Renwick", "2"), ("Priya Vellanki", "1")),
    affiliations=(
        "^{1}Department of Trauma and Orthopaedics, Northgate General Hospital, Leeds, United Kingdom",
        "^{2}Department of Clinical Neurophysiology, Northgate General Hospital, Leeds, United Kingdom",
    ),
    history="Received 4 January 2016; accepted 22 March 2016; published 15 April 2016",
    published="D:20160415090000Z",
    abstract=(
        (
            "Background",
            "Bleeding into the iliacus and psoas muscles after a fall or a collision is easily "
            "overlooked, yet it can compress the femoral nerve. We describe how often this happened "
            "in our trauma unit and how the affected limbs recovered.",
        ),
        (
            "Methods",
            "Retrospective review of adults admitted between 2009 and 2015 with an iliopsoas "
            "haematoma after pelvic or hip trauma, confirmed on computed tomography. Because some "
            "patients bled on both sides, nerve findings are counted per limb.",
        ),
        (
            "Results",
            "We identified 32 limbs in 30 patients. Femoral nerve palsy was present in 21 of the "
            "32 limbs (65.6%). Most patients were managed without an operation; surgical "
            "evacuation was needed in five patients. After 1 year, 15 of the 21 affected limbs "
            "had recovered completely.",
        ),
        (
            "Conclusions",
            "Femoral nerve palsy is common after traumatic iliopsoas haematoma and usually "
            "improves, but a third of affected limbs keep a deficit at one year.",
        ),
    ),
    keywords=("iliopsoas haematoma", "femoral nerve palsy", "pelvic trauma", "limb outcome"),
    style="numbered",
    body=(
        Heading("Introduction"),
        Para(
            "The iliacus and psoas muscles share a tight fascial compartment with the femoral "
            "nerve, so a modest volume of blood can raise the pressure enough to stop conduction"
            "[[kessler2009]]. Most published series describe spontaneous bleeding in patients on "
            "anti~coagu~lants or with haemophilia[[marchetti2010,varga2012,nguyenba2013]], a "
            "group that grows as oral anticoagulants are prescribed to older adults[[dunmore2015]]; the traumatic form "
            "has received less attention, even though falls in older people are frequent and "
            "the haematoma may not be visible on plain radiographs."
        ),
        Para(
            "Electro~diagnostic studies suggest that recovery depends on how long and how hard the "
            "nerve is compressed[[rowe2011]]. We therefore recorded, limb by limb, the nerve deficit "
            "at presentation and the recovery at fixed intervals."
        ),
        Heading("Patients and methods"),
        Para(
            "We searched the trauma registry of Northgate General Hospital for admissions between "
            "1 January 2009 and 31 December 2015 coded as retro~peritoneal or iliopsoas bleeding. "
            "Adults were included when computed tomography showed a haematoma within the iliacus or "
            "psoas muscle after a documented injury. Patients with a known bleeding disorder were "
            "excluded. Each side with a haematoma was recorded as a separate limb."
        ),
        Para(
            "Femoral nerve palsy was defined as weakness of knee extension with sensory loss over "
            "the anterior thigh, confirmed by nerve conduction studies where available. Quadriceps "
            "power was graded on the Medical Research Council scale. Recovery was graded as "
            "complete (normal power and sensation), partial or absent, at 6 months and after "
            "1 year. Median follow-up was 14 months (range 12-26)."
        ),
        Heading("Results"),
        Para(
            "We identified 32 limbs in 30 patients; two patients had bilateral haematomas. The "
            "median age was 68 years (IQR 57-79) and the injuries were mostly low-energy falls "
            "(Table 1). The median interval from injury to diagnosis was 3 days (range 1-9)."
        ),
        Table(
            caption="Characteristics of the 30 patients (32 limbs).",
            header=("Variable", "Value"),
            rows=(
                ("Age, years, median (IQR)", "68 (57-79)"),
                ("Male sex, n (%)", "13 (43.3%)"),
                ("Fall from standing height, n (%)", "17 (56.7%)"),
                ("Road traffic collision, n (%)", "9 (30.0%)"),
                ("Sports injury, n (%)", "4 (13.3%)"),
                ("Anticoagulant use, n (%)", "8 (26.7%)"),
                ("Bilateral haematoma, n (%)", "2 (6.7%)"),
                ("Femoral nerve palsy, limbs, n/N (%)", "21/32 (65.6%)"),
            ),
            widths=(0.68, 0.32),
            ruled=True,
            note="IQR, interquartile range. Percentages refer to patients except in the last row.",
        ),
        Para(
            "Femoral nerve palsy was present in 21 of the 32 limbs (65.6%). Of the 32 limbs, seven, "
            "three and two also showed lateral femoral cutaneous, obturator and genitofemoral "
            "deficits, respectively. The haemoglobin concentration fell by a median of 24 g/L "
            "during the first 48 hours."
        ),
        Para(
            "Twenty-three patients (76.7%) were treated conservatively with rest, analgesia and "
            "reversal of any anticoagulant. Surgical evacuation was undertaken in five patients "
            "(16.7%) and embolisation of a bleeding lumbar artery[[holloway2014]] in two patients. Eleven patients "
            "(36.7%) received a red cell transfusion. No patient died during the admission. The "
            "median hospital stay was 12 days (IQR 8-19)."
        ),
        Para(
            "Complete recovery at 6 months was seen in 9 of the 21 limbs with palsy (42.9%). "
            "After 1 year, recovery was complete in 15 limbs (71.4%), partial in four (19.0%) and "
            "absent in two (9.5%). Limbs decompressed within 72 hours of injury seemed to do "
            "better, but the numbers were too small for a firm conclusion (p = 0.08)."
        ),
        Heading("Discussion"),
        Para(
            "In this series two thirds of the limbs with a traumatic iliopsoas haematoma had a "
            "femoral nerve palsy, a proportion close to that reported for anticoagulant-related "
            "bleeding[[varga2012]]. The traumatic haematoma seems to behave like the spontaneous "
            "one once the compartment is tense: the nerve suffers whatever the source of the blood"
            "[[kessler2009,marchetti2010]]."
        ),
        Para(
            "Counting limbs rather than patients matters when a patient bleeds on both sides, "
            "because each limb may recover at its own pace. Pooled analyses should not mix "
            "limb-level and patient-level denominators."
        ),
        Para(
            "Our study is small and retro~spective, and nerve conduction studies were not done in "
            "every limb. The decision to operate was made by the treating surgeon, so the surgical "
            "and conservative groups cannot be compared fairly."
        ),
        Heading("Conclusion"),
        Para(
            "After pelvic or hip trauma, an iliopsoas haematoma should be sought in any patient "
            "with new weakness of knee extension. Most limbs recover within a year, but not all."
        ),
    ),
)
