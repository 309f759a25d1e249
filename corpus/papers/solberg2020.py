"""Haemophilia series with an inhibitor subgroup and recovery timepoints, as a plain-text paper;
British spelling, bracketed numeric markers. All figures invented."""

from corpus.papers.model import Heading, Paper, Para, Table
from corpus.papers.works import SOLBERG_2020

PAPER = Paper(
    filename="solberg2020_haemophilia_inhibitors.txt",
    work=SOLBERG_2020,
    journal_name="European Journal of Haemorrhage and Compressive Syndromes",
    author_names=(("Ingrid Solberg", "1"), ("Mateus Carvalho", "1"), ("Hannah Whitcombe", "2")),
    affiliations=(
        "1 Haemophilia Comprehensive Care Centre, Fjordvik University Hospital, Bergen, Norway",
        "2 Department of Physiotherapy, Fjordvik University Hospital, Bergen, Norway",
    ),
    history="Received 9 September 2019; accepted 2 December 2019",
    published="D:20200115090000Z",
    abstract=(
        (
            "Background",
            "Iliopsoas bleeds are among the most disabling muscle bleeds in haemophilia, and "
            "inhibitors make them harder to stop. We compared nerve injury and recovery in "
            "patients with and without inhibitors.",
        ),
        (
            "Methods",
            "All patients with haemophilia treated for a first iliopsoas bleed at our centre "
            "between 2010 and 2018 were followed for one year.",
        ),
        (
            "Results",
            "Twenty-four patients were included, six of whom had inhibitors. Femoral nerve palsy "
            "was present at baseline in 15 of 24 patients (62.5%) and in 5 of 6 patients with "
            "inhibitors. Complete recovery after 1 year was seen in 12 of the 15 patients with "
            "palsy (80.0%).",
        ),
        (
            "Conclusion",
            "Femoral nerve palsy is frequent and usually recovers, but patients with inhibitors "
            "recover less often and bleed again more often.",
        ),
    ),
    keywords=("haemophilia", "inhibitors", "iliopsoas bleed", "femoral nerve palsy", "recovery"),
    style="numbered",
    body=(
        Heading("Introduction"),
        Para(
            "A bleed into the iliopsoas muscle can compress the femoral nerve within the iliacus "
            "compartment[[kessler2009]]. In people with haemophilia such bleeds are treated with "
            "factor replacement, but patients with inhibitors depend on bypassing agents, which "
            "act less predictably[[nguyenba2013]]. Series from other settings describe femoral "
            "nerve injury in a third to two thirds of patients[[ashdown2016,decker2019]], yet "
            "data on recovery in haemophilia, and on the effect of inhibitors, are scarce."
        ),
        Heading("Patients and methods"),
        Para(
            "We reviewed the records of all patients with haemophilia A or B treated at Fjordvik "
            "University Hospital for a first iliopsoas bleed from 2010 to 2018. The diagnosis was "
            "made by ultrasound alone in a minority (n = 7) and confirmed by computed tomography "
            "in the remaining patients (n = 17). Inhibitors were defined as a titre of at least "
            "0.6 Bethesda units."
        ),
        Para(
            "Femoral nerve palsy was assessed at baseline, at 6 months and after 1 year by the "
            "same physiotherapist, using quadriceps strength and sensation over the anterior "
            "thigh. Ultrasound was repeated until the haematoma had resolved[[sauer2017]]. "
            "Recovery was called complete when strength and sensation were normal[[rowe2011]]."
        ),
        Heading("Results"),
        Para(
            "Twenty-four patients were included: 19 with haemophilia A and five with haemophilia "
            "B. The median age was 27 years (range 14-58). Six patients (25.0%) had inhibitors, "
            "with a median titre of 12 Bethesda units (IQR 5-40). Patients without inhibitors "
            "received factor concentrate at 50 IU/kg and patients with inhibitors received a "
            "bypassing agent."
        ),
        Table(
            caption="Characteristics of the 24 patients at baseline.",
            header=("Characteristic", "Value"),
            rows=(
                ("Age, years, median (range)", "27 (14-58)"),
                ("Haemophilia A, n (%)", "19 (79.2%)"),
                ("Haemophilia B, n (%)", "5 (20.8%)"),
                ("Severe haemophilia (factor level < 1%), n (%)", "20 (83.3%)"),
                ("Inhibitors, n (%)", "6 (25.0%)"),
                ("Femoral nerve palsy at baseline, n (%)", "15 (62.5%)"),
            ),
            widths=(0.7, 0.3),
            ruled=False,
        ),
        Para(
            "At baseline, femoral nerve palsy was present in 15 of 24 patients (62.5%): in 5 of "
            "6 patients with inhibitors and in 10 of 18 patients without inhibitors (55.6%; "
            "p = 0.34)."
        ),
        Para(
            "Complete recovery at 6 months was seen in 8 of the 15 patients with palsy (53.3%). "
            "After 1 year, 12 of the 15 (80.0%) had recovered completely. In patients with "
            "inhibitors, recovery after 1 year was complete in 2 of 5, whereas all 10 patients "
            "without inhibitors recovered completely."
        ),
        Para(
            "Four patients (16.7%) had a recurrent iliopsoas bleed within the year, including 3 "
            "of the 6 patients with inhibitors. No patient underwent surgical drainage. The median hospital "
            "stay was 9 days."
        ),
        Heading("Discussion"),
        Para(
            "Nearly two thirds of our patients had a femoral nerve palsy when first seen, which "
            "is more than was reported in anticoagulated adults[[decker2019]]. Most recovered "
            "within a year, but inhibitors marked out a group with slower recovery and more "
            "recurrent bleeding, consistent with the difficulty of achieving haemostasis with "
            "bypassing agents[[nguyenba2013]]."
        ),
        Para(
            "The study is small and the inhibitor group especially so; the comparisons should be "
            "read as descriptive."
        ),
        Heading("Conclusion"),
        Para(
            "Patients with haemophilia and inhibitors who bleed into the iliopsoas muscle need "
            "close follow-up for nerve recovery and early treatment of any recurrence."
        ),
    ),
)
