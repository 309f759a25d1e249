"""Mixed-cause series of 28 patients with planted internal inconsistencies for the audit, modelled
on a real preprint (Li et al., Research Square 2023, doi:10.21203/rs.3.rs-3346582/v1, CC BY 4.0):
femoral nerve 25/28 (89.28%), lateral femoral cutaneous nerve 15/28, coagulation dysfunction
16 (57.14%) in the abstract but 18 (64.28%) in the table and discussion, >50% pain reduction at
one week 18 (64.28%) in the abstract but 17 (60.71%) in the results, and "male 24, 46.15%".
Percentages are truncated, not rounded, to two decimals, as in the preprint. American spelling,
Vancouver references, ruled table. Other figures are invented."""

from corpus.papers.model import Heading, Paper, Para, Table
from corpus.papers.works import TAO_2023

PAPER = Paper(
    filename="tao2023_mixed_etiology.pdf",
    work=TAO_2023,
    journal_name="Clinical Neurovascular Reports",
    author_names=(("Yuhan Tao", "1"), ("Meilin Guo", "1"), ("Arjun Bhatt", "2"), ("Weiran Zhang", "1")),
    affiliations=(
        "^{1}Department of Orthopedics, Eastbrook Medical University Hospital, Hangzhou, China",
        "^{2}Department of Neurology, Eastbrook Medical University Hospital, Hangzhou, China",
    ),
    history="Received 21 September 2023; accepted 5 December 2023",
    published="D:20231220090000Z",
    abstract=(
        (
            "Purpose",
            "To describe the peripheral nerves involved in iliopsoas hematoma of any cause and "
            "the early response of pain to treatment.",
        ),
        (
            "Methods",
            "We retrospectively reviewed 28 patients (male 24, 46.15%) treated for iliopsoas "
            "hematoma between 2016 and 2022 and recorded nerve findings, coagulation tests, "
            "treatment and pain scores.",
        ),
        (
            "Results",
            "Coagulation dysfunction was present in 16 (57.14%). Femoral nerve involvement was "
            "found in 25 (89.28%) and lateral femoral cutaneous nerve involvement in 15 (53.57%). "
            "At one week, 18 (64.28%) patients reported more than 50% pain reduction.",
        ),
        (
            "Conclusion",
            "Iliopsoas hematoma involves the femoral nerve in most patients and often the lateral "
            "femoral cutaneous nerve as well; pain usually improves within a week.",
        ),
    ),
    keywords=("iliopsoas hematoma", "femoral nerve", "lateral femoral cutaneous nerve", "coagulation"),
    style="numbered",
    body=(
        Heading("Introduction"),
        Para(
            "The lumbar plexus gives off the femoral, lateral femoral cutaneous and obturator "
            "nerves close to the iliopsoas muscle[[kessler2009]], and a hematoma there can "
            "injure one or several of them. Earlier series, each limited to one cause, reported "
            "femoral neuropathy in between a third and two thirds of cases"
            "[[ashdown2016,decker2019,ferreira2022]]. Less is known about the other nerves and "
            "about patients whose bleeding has mixed causes."
        ),
        Heading("Methods"),
        Para(
            "We reviewed all patients treated for iliopsoas hematoma at Eastbrook Medical "
            "University Hospital from 2016 to 2022. The diagnosis was confirmed by CT or MRI"
            "[[varga2012]]. Coagulation dysfunction was defined as an INR above 1.5, an APTT "
            "above 45 s or a platelet count below 100 \u00d7 10^{9}/L. Nerve involvement was "
            "diagnosed from motor and sensory examination and, where possible, "
            "electro~myography[[rowe2011]]."
        ),
        Para(
            "Pain was scored on a 0-10 numerical scale at admission and at one week. A reduction "
            "of more than 50% from the admission score was considered a clinically important "
            "response. Percentages are given to two decimals."
        ),
        Heading("Results"),
        Para(
            "Twenty-eight patients were included, with a mean age of 58.6 \u00b1 14.2 years. The "
            "bleeding was attributed to anticoagulant therapy in 9 patients (32.14%), hemophilia "
            "in 7 (25.00%), trauma in 5 (17.85%) and other or unknown causes in 7 (25.00%) "
            "(Table 1). The median hemoglobin at admission was 84 g/L (IQR 76-97)."
        ),
        Table(
            caption="Clinical characteristics of the 28 patients.",
            header=("Characteristic", "n (%)"),
            rows=(
                ("Age, years, mean \u00b1 SD", "58.6 \u00b1 14.2"),
                ("Male, n (%)", "24 (85.71%)"),
                ("Anticoagulant therapy, n (%)", "9 (32.14%)"),
                ("Hemophilia, n (%)", "7 (25.00%)"),
                ("Trauma, n (%)", "5 (17.85%)"),
                ("Other or unknown cause, n (%)", "7 (25.00%)"),
                ("Coagulation dysfunction, n (%)", "18 (64.28%)"),
                ("Femoral nerve involvement, n (%)", "25 (89.28%)"),
                ("LFCN involvement, n (%)", "15 (53.57%)"),
                ("Obturator nerve involvement, n (%)", "3 (10.71%)"),
                ("Surgical drainage, n (%)", "4 (14.28%)"),
                ("Conservative treatment, n (%)", "24 (85.71%)"),
            ),
            widths=(0.68, 0.32),
            ruled=True,
            note="LFCN, lateral femoral cutaneous nerve.",
        ),
        Para(
            "Femoral nerve involvement was found in 25 patients (89.28%), lateral femoral "
            "cutaneous nerve involvement in 15 (53.57%) and obturator nerve involvement in "
            "3 (10.71%). Surgical drainage was performed in 4 patients (14.28%); the other "
            "24 (85.71%) were treated conservatively."
        ),
        Para(
            "The median pain score fell from 7 (IQR 6-8) at admission to 3 (IQR 2-4) at one "
            "week, and 17 patients (60.71%) reported more than 50% pain reduction at one week. "
            "At 3 months, femoral nerve function had recovered fully in 19 of the 25 patients "
            "with involvement (76.00%). None of the 28 patients died."
        ),
        Heading("Discussion"),
        Para(
            "Almost every patient in this series had femoral nerve involvement, and more than half "
            "also had a deficit of the lateral femoral cutaneous nerve, which is easily missed "
            "when only motor function is examined. Coagulation dysfunction, present in 18 "
            "(64.28%) of our patients, was the most common associated finding, in keeping with "
            "reports from anticoagulated[[decker2019]] and haemophilic[[ferreira2022]] patients."
        ),
        Para(
            "Most patients were treated conservatively and pain improved quickly. Embolization is "
            "an option when CT shows active bleeding[[holloway2014]], and whether early surgery "
            "improves nerve recovery remains uncertain[[okafor2021]]."
        ),
        Para(
            "This was a small retrospective study from a single center, and electromyography was "
            "not available for every patient."
        ),
        Heading("Conclusion"),
        Para(
            "In iliopsoas hematoma of mixed cause, the femoral nerve is involved in most patients "
            "and the lateral femoral cutaneous nerve in about half. Both should be examined at "
            "presentation."
        ),
    ),
)
