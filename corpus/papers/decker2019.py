"""Anticoagulant-related series of 36 patients; American spelling, author-year (Harvard)
references, unruled table. All figures invented."""

from corpus.papers.model import Heading, Paper, Para, Table
from corpus.papers.works import DECKER_2019

PAPER = Paper(
    filename="decker2019_anticoagulant_hematoma.pdf",
    work=DECKER_2019,
    journal_name="Clinical Neurovascular Reports",
    author_names=(
        ("Ruth J. Decker", "1"),
        ("Martin A. Fallon", "1"),
        ("Kenji Ito", "2"),
        ("Sabine Brandt", "1"),
    ),
    affiliations=(
        "^{1}Division of Hospital Medicine, Lakeshore University Medical Center, Milwaukee, WI, USA",
        "^{2}Department of Interventional Radiology, Lakeshore University Medical Center, Milwaukee, WI, USA",
    ),
    history="Received 11 February 2019; revised 2 May 2019; accepted 20 May 2019",
    published="D:20190614090000Z",
    abstract=(
        (
            "Objective",
            "To describe the presentation, treatment and in-hospital outcome of iliopsoas hematoma "
            "in patients receiving anticoagulant therapy, with attention to femoral neuropathy.",
        ),
        (
            "Methods",
            "Single-center retrospective review of consecutive adults admitted from 2012 to 2018 "
            "with a CT-confirmed iliopsoas hematoma while taking warfarin, a direct oral "
            "anticoagulant or heparin.",
        ),
        (
            "Results",
            "We included 36 patients with a mean age of 72.4 years. Femoral neuropathy was "
            "diagnosed in 14 of 36 patients (38.9%). Treatment was conservative in 23 patients, "
            "9 underwent embolization and 4 underwent surgical evacuation. Five patients died in "
            "the hospital (13.9%).",
        ),
        (
            "Conclusion",
            "In anticoagulated patients, iliopsoas hematoma carries a substantial risk of femoral "
            "neuropathy and death; early CT and reversal of anticoagulation are advised.",
        ),
    ),
    keywords=("iliopsoas hematoma", "anticoagulants", "femoral neuropathy", "embolization"),
    style="author-year",
    body=(
        Heading("Introduction"),
        Para(
            "Spontaneous bleeding into the iliopsoas muscle is a recognized complication of "
            "anticoagulant therapy[[varga2012]]. Its incidence may be rising as the population "
            "ages and as direct oral anticoagulants are prescribed more widely[[dunmore2015]]. The "
            "hematoma can compress the femoral nerve as it runs between the psoas and iliacus "
            "muscles[[kessler2009]], and weakness of the quadriceps may be the first sign."
        ),
        Para(
            "Previous reports have mostly come from trauma or hemophilia centers[[ashdown2016]]. "
            "We reviewed our experience with anticoagulated patients to estimate how often femoral "
            "neuropathy occurs and how the hematoma was treated."
        ),
        Heading("Methods"),
        Para(
            "We searched the radiology database of Lakeshore University Medical Center for CT "
            "reports mentioning iliopsoas, psoas or iliacus hematoma between January 2012 and "
            "December 2018. Adults were included if they were taking an oral or parenteral "
            "anticoagulant at the time of the bleed. Patients with trauma in the preceding week "
            "or a known inherited bleeding disorder were excluded."
        ),
        Para(
            "Femoral neuropathy was defined as new weakness of hip flexion or knee extension with "
            "reduced sensation in the femoral nerve territory, documented by a neurologist. "
            "Embolization was performed by interventional radiology when CT angiography showed "
            "active extravasation[[holloway2014]]. We recorded transfusion, the need for surgery "
            "and death before discharge. Continuous variables are given as mean \u00b1 standard "
            "deviation or median (IQR)."
        ),
        Heading("Results"),
        Para(
            "Thirty-six patients met the inclusion criteria. Their mean age was 72.4 \u00b1 9.1 "
            "years and 20 were men. The anticoagulant was warfarin in 17 patients, a direct oral "
            "anticoagulant in 11 and heparin in 8 (Table 1). Among the warfarin users, the median "
            "INR at presentation was 3.8 (IQR 2.9-5.6). The median time from admission to CT was "
            "11 hours."
        ),
        Table(
            caption="Characteristics and outcomes of 36 patients with anticoagulant-related iliopsoas hematoma.",
            header=("Characteristic", "n (%)"),
            rows=(
                ("Age, years, mean \u00b1 SD", "72.4 \u00b1 9.1"),
                ("Male sex", "20 (55.6%)"),
                ("Warfarin", "17 (47.2%)"),
                ("Direct oral anticoagulant", "11 (30.6%)"),
                ("Heparin (LMWH or UFH)", "8 (22.2%)"),
                ("Concomitant antiplatelet agent", "9 (25.0%)"),
                ("INR > 3.0 (warfarin users, n = 17)", "12 (70.6%)"),
                ("Femoral neuropathy", "14 (38.9%)"),
                ("Red cell transfusion", "22 (61.1%)"),
                ("Embolization", "9 (25.0%)"),
                ("Surgical evacuation", "4 (11.1%)"),
                ("In-hospital death", "5 (13.9%)"),
            ),
            widths=(0.7, 0.3),
            ruled=False,
            note="LMWH, low-molecular-weight heparin; UFH, unfractionated heparin; INR, international normalized ratio.",
        ),
        Para(
            "Femoral neuropathy was diagnosed in 14 of 36 patients (38.9%), and quadriceps "
            "weakness was present in 12 of these 14 patients. The hematoma was larger in patients "
            "with neuropathy (median volume 182 mL vs 96 mL); a volume above 150 mL was associated "
            "with neuropathy (odds ratio 4.2, 95% CI 1.1-16.0; p = 0.04)."
        ),
        Para(
            "Anticoagulation was reversed in all patients. Twenty-three patients (63.9%) were "
            "managed conservatively, 9 (25.0%) underwent embolization and 4 (11.1%) underwent "
            "surgical evacuation. A red cell transfusion was given to 22 patients (61.1%), with a "
            "median of 3 units. None of the 36 patients had a recurrent bleed before discharge."
        ),
        Para(
            "Five patients (13.9%) died in the hospital, most of them from the hemorrhage itself. "
            "Among the 11 survivors with femoral neuropathy, complete, "
            "partial and no recovery at 6 months were recorded in six, four and one patient, "
            "respectively."
        ),
        Heading("Discussion"),
        Para(
            "Femoral neuropathy affected more than a third of our anticoagulated patients, fewer "
            "than in trauma series in which the palsy is counted per limb[[ashdown2016]]. The "
            "difference may reflect the older age of our patients, in whom weakness is easily "
            "attributed to immobility and may go unrecorded."
        ),
        Para(
            "Embolization controlled the bleeding in every patient in whom it was attempted, in "
            "line with [[@holloway2014]]. Surgery was reserved for patients with a rapidly "
            "progressive deficit, as suggested in the standard text[[marchetti2010]]. The deaths "
            "in our series are a reminder that these patients are frail."
        ),
        Para(
            "This study has the limitations of a retrospective single-center design. Neurological "
            "examination was not standardized, so mild neuropathy may have been missed."
        ),
        Heading("Conclusion"),
        Para(
            "One in three anticoagulated patients with an iliopsoas hematoma develops femoral "
            "neuropathy. Rapid CT, reversal of anticoagulation and early embolization of active "
            "bleeding are reasonable first steps."
        ),
    ),
)
