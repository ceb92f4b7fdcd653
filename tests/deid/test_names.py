"""People, places and organisations the records do not know: cues, lists, capitalisation."""

from __future__ import annotations

import pytest

from tests.deid.helpers import covered, found


@pytest.mark.parametrize(
    "text, name",
    [
        ("Seen with Dr. Hulse this morning.", "Hulse"),
        ("DR. SPARKES AWARE OF THE PLAN.", "SPARKES"),
        ("spoke at length w/dr vasquez today", "vasquez"),
        ("Mrs. O'Rourke arrived late.", "O'Rourke"),
        ("MR. EDWIN PRZYBYLO IS AN 83 YR OLD MALE", "EDWIN PRZYBYLO"),
        ("AS PER E. WELSH: BILAT PLEURAL EFFUSIONS", "E. WELSH"),
        ("Drs' Ballou and Dutter pronounced.", "Dutter"),
        ("Ms. Alvarez missed the session.", "Alvarez"),
    ],
)
def test_titles(text: str, name: str) -> None:
    assert covered(text, name, "person"), found(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Joyce Jacobson, RN", "Joyce Jacobson"),
        ("ANTHONY C. KOZICKI, RRT", "ANTHONY C. KOZICKI"),
        ("LAST ABG STABLE.\n DAN A. FORMAN-LYONS, RRT\n", "DAN A. FORMAN-LYONS"),
        ("all is well at this time. q. lander rrt\n", "q. lander"),
        ("Note by Maria Lopez, LCSW.", "Maria Lopez"),
    ],
)
def test_credentials(text: str, name: str) -> None:
    assert covered(text, name, "person"), found(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Her husband Tom came to the session.", "Tom"),
        ("son bill consented for the peg.", "bill"),
        ("SOCIAL: DAUGHTER EMILY IN THIS EVENING", "EMILY"),
        ("SOCIAL:DAUGHTER-KRISSY---301 944-5032", "KRISSY"),
        ("Sons Smokey, Morris and Roger in to visit.", "Smokey"),
        ("Sons Smokey, Morris and Roger in to visit.", "Roger"),
        ("communication with husband milovan.", "milovan"),
        ("his wife, Carol Buckley, confirms the story.", "Carol Buckley"),
    ],
)
def test_relationship_cues(text: str, name: str) -> None:
    assert covered(text, name, "person"), found(text)


def test_a_name_found_once_is_found_everywhere() -> None:
    text = "Mr. Masci slept well. Later MASCI asked for water; masci is calm."
    spans = [t for t, k in found(text) if k == "person"]
    assert spans == ["Masci", "MASCI", "masci"]


@pytest.mark.parametrize(
    "text",
    [
        "PT ALERT AND ORIENTED, MD AWARE OF LABS.",
        "O2 sat 98% on 4L NP. Lungs clear.",
        "MS- unchanged, HO made aware.",
        "Continue supportive care, son in to visit.",
        "Sinus brady 38-50, team aware.",
    ],
)
def test_clinical_shorthand_is_not_a_name(text: str) -> None:
    assert not [f for f in found(text) if f[1] == "person"], found(text)


def test_listed_names_in_lower_and_upper_case_notes() -> None:
    assert covered("pt's friend jennifer visited tonight", "jennifer", "person")
    assert covered("PT'S FRIEND JENNIFER VISITED TONIGHT", "JENNIFER", "person")


@pytest.mark.parametrize(
    "text, place, kind",
    [
        ("TRANSFERRED FROM CALVERT HOSPITAL FOR CARE", "CALVERT", "location"),
        ("Accepted at Holy Cross tomorrow.", "Holy Cross", "location"),
        ("She attends Lincoln High School.", "Lincoln", "organization"),
        ("He works at Acme Widgets Inc in sales.", "Acme Widgets", "organization"),
        ("Transfer to St. Mary's tomorrow.", "Mary's", "location"),
        ("Lives in Hampton with her sister.", "Hampton", "location"),
        ("Her family moved from Baltimore last year.", "Baltimore", "location"),
        ("PT TRANSFERRED TO GH FOR CATH.", "GH", "location"),
        ("ADMITTED TO QUARTERMAIN 3 FOR SOB.", "QUARTERMAIN", "location"),
        ("Studied at the University of Maryland.", "University of Maryland", "organization"),
    ],
)
def test_places_and_organisations(text: str, place: str, kind: str) -> None:
    assert covered(text, place, kind), found(text)


def test_states_and_weekdays_are_left() -> None:
    assert found("She drove to Texas on Monday.") == []


@pytest.mark.parametrize(
    "text, value, kind",
    [
        ("Her son lives in Germantown with his wife.", "Germantown", "location"),
        ("Son from Pikesville called last night.", "Pikesville", "location"),
        ("pt was sent to gh for further eval.", "gh", "location"),
        ("TRANSFERRED TO QUARTERMAIN 3. LATER QUARTERMAIN TEAM CALLED.", "LATER QUARTERMAIN", None),
        ("Z. MILLER AWARE AND WILL FOLLOW", "Z. MILLER", "person"),
        ("Directed by Johannes Varvio last year.", "Johannes Varvio", "person"),
        ("Her name is Rubija and she is new.", "Rubija", "person"),
        ("URSLA MORETTI (DAUGHTER)- SPOKESPERSON", "URSLA MORETTI", "person"),
        ("Bernard Foley CRT\n", "Bernard Foley", "person"),
        ("Gerry Masci arrived in micu at 11pm", "Gerry Masci", "person"),
    ],
)
def test_more_cues(text: str, value: str, kind: str | None) -> None:
    needle = value.split()[-1] if value.startswith("LATER") else value
    start = text.index(value) + (len(value) - len(needle))
    assert covered(text, needle, kind, start), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Will continue to support pt off bipap.",
        "E. COLI IN URINE, C. DIFF NEG.",
        "Resp Care Note: pt cont on vent.",
        "MD'S PREFER TO HAVE PT ON MORE HEPARIN.",
        "SINUS R. RATE 90 TO 100 OFF DILTIAZEM.",
    ],
)
def test_more_non_names(text: str) -> None:
    assert not [f for f in found(text) if f[1] in {"person", "location"}], found(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("very devoted. Lopie Certusi cell# 410-322-1419 Home# 603-960-5357", "Lopie Certusi"),
        ("CONTACT PERSON CAROLE HAYES (135-442-9738). BROTHER IN", "CAROLE HAYES"),
    ],
)
def test_names_before_phone_numbers(text: str, name: str) -> None:
    assert covered(text, name, "person"), found(text)


def test_names_after_meeting_verbs_in_prose() -> None:
    text = "She met with Jonah and Priya after work, then broke up with Tyler."
    assert [t for t, k in found(text) if k == "person"] == ["Jonah", "Priya", "Tyler"]
    assert not [f for f in found("She spoke with Pharmacy about refills.") if f[1] == "person"]


def test_clinical_vocabulary_in_therapy_prose_is_kept() -> None:
    text = (
        "Client meets criteria for Major Depressive Disorder and Generalized Anxiety Disorder. "
        "We continued Dialectical Behavior Therapy skills and reviewed the Safety Plan; "
        "consider a Child Protective Services report. Her friend Nadia Petrova came."
    )
    assert found(text) == [("Nadia Petrova", "person")]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Co-led the group (facilitator note: (T. Abernathy)).", "T. Abernathy"),
        ("Spoke with R. Okwuosa and then with B. Ndiaye.", "B. Ndiaye"),
        ("Letter copied, cc: J. Vandermeer, to the school.", "J. Vandermeer"),
        ("Later M. Oyelaran phoned back.", "M. Oyelaran"),
    ],
)
def test_an_initial_and_a_surname_no_dictionary_holds(text: str, name: str) -> None:
    assert (name, "person") in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    ["Take vitamin D. Prozac helps her sleep.", "Positive for E. Coli today.",
     "Plan A. Monitor closely.", "Rales R>L. Suct copious secretions.",
     "Keep careful I & O. Check K+ daily.", "Tube close to R. mainstem, pulled back."],
)  # fmt: skip
def test_a_capital_and_a_full_stop_before_a_word_is_no_name(text: str) -> None:
    assert not [f for f in found(text) if f[1] == "person"], found(text)


@pytest.mark.parametrize(
    "text",
    ["The family are moving from Florida. Currently with friends.", "She lives in Ohio now.",
     "Wrapped in kling and restrained.", "Family does not speak eng, one daughter does.",
     "See data per care vue.", "PERLA 3mm, brisk.", "PMHX: COPD, Wegner's syndrome.",
     "WILL HANG WHEN AVAILABLE.", "PACER TO BOX OFF."],
)  # fmt: skip
def test_states_supplies_and_misspelt_terms_are_no_identifiers(text: str) -> None:
    assert not [f for f in found(text) if f[1] in ("person", "location")], found(text)


def test_moving_to_a_town_names_a_place_not_a_person() -> None:
    assert ("Dayton", "location") in found("They moved to Dayton, Ohio last year.")
    assert ("Priya", "person") in found("She talked to Priya after group.")


@pytest.mark.parametrize(
    "text, name",
    [
        ("Presenting concerns: Seo-yeon is a 29-year-old nurse.", "Seo-yeon"),
        ("He asked Jae-hyun for help with the move.", "Jae-hyun"),
        ("CLIENT: CHOI, HYE-JIN    DOB on file", "HYE-JIN"),
        ("Xiao-ming and her sister came together.", "Xiao-ming"),
        ("we met, min-jun was late and tired.", "min-jun"),
    ],
)
def test_hyphenated_romanized_given_names(text: str, name: str) -> None:
    assert covered(text, name, "person"), found(text)


@pytest.mark.parametrize(
    "text",
    ["Ha-ha, she said.", "A long-term plan.", "A so-so week.", "Her go-to friend.",
     "PT IN SIMV-AC MODE.", "Follow-up in two weeks.", "She is a do-er."],
)  # fmt: skip
def test_hyphenated_words_are_no_names(text: str) -> None:
    assert not [f for f in found(text) if f[1] == "person"], found(text)


def test_initials_a_note_declares_after_a_name_are_the_persons() -> None:
    text = 'Intake: Seo-yeon ("SY") is 29. Later SY said she slept.'
    assert [f for f in found(text) if f == ("SY", "person")] == [("SY", "person")] * 2, found(text)
    assert not [f for f in found('He said "OK" and left.') if f[1] == "person"]


def test_a_quoted_nickname_between_a_given_name_and_a_surname() -> None:
    text = 'Couple session with Beatrix "Bea" Oyelaran today.'
    assert covered(text, "Beatrix", "person") and covered(text, "Oyelaran", "person"), found(text)


def test_an_everyday_word_given_name_before_a_listed_surname_and_its_repeats() -> None:
    text = "Session with Hope Johnson and her son. Later Hope cried. I hope it helps."
    assert covered(text, "Hope Johnson", "person"), found(text)
    assert ("Hope", "person") in found(text)
    assert found(text).count(("hope", "person")) == 0


@pytest.mark.parametrize(
    "text, place",
    [
        ("Transferred from Mt. Sinai last week.", "Mt. Sinai"),
        ("Followed at UCSF for years.", "UCSF"),
        ("Seen at Cedars-Sinai in March.", "Cedars-Sinai"),
        ("Inpatient at NY Presbyterian twice.", "NY Presbyterian"),
        ("Referred by the VA Puget Sound American Lake clinic.", "VA Puget Sound American Lake"),
        ("She climbed Mount Hood in May.", "Mount Hood"),
    ],
)
def test_named_facilities_and_prefixed_places(text: str, place: str) -> None:
    assert covered(text, place, "location"), found(text)


@pytest.mark.parametrize(
    "text", ["Chop the onions, she said.", "VA benefits pending.", "MUSC: OOB to chair."]
)
def test_facility_abbreviations_only_in_capitals_and_not_shorthand(text: str) -> None:
    assert not [f for f in found(text) if f[1] == "location"], found(text)
