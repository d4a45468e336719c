"""What the extraction finds in a text, with no database: the gazetteer and a site list."""

from broadsheet.entities.extraction import Vocabulary, extract

QALIBAF = 1
PUTIN = 2
NYT = 3

VOCABULARY = Vocabulary.build(
    site_names=[
        ("Mohammad Bagher Qalibaf", QALIBAF),
        ("Muhammad Baqir Qalibaf", QALIBAF),
        ("Ghalibaf", QALIBAF),
        ("Vladimir Putin", PUTIN),
        ("New York Times", NYT),
    ],
    person_names=[("Mohammad Bagher Qalibaf", QALIBAF), ("Vladimir Putin", PUTIN)],
)


def places(*segments):
    return {
        place.name: count for place, count in extract(list(segments), VOCABULARY).places.items()
    }


def known(*segments):
    return dict(extract(list(segments), VOCABULARY).known)


def test_countries_are_found_by_name_official_name_and_demonym():
    found = places(
        "Iranian officials met Russian envoys. The Islamic Republic of Iran said Iranians "
        "would vote; the Russian Federation agreed."
    )
    assert found == {"Iran": 3, "Russia": 2}


def test_the_united_kingdom_and_the_united_states_by_their_everyday_names():
    found = places(
        "Britain, the UK and British ministers met U.S. and American officials in the US."
    )
    assert found == {"United Kingdom": 3, "United States": 3}


def test_turkey_under_both_of_its_names():
    assert places("Türkiye, long called Turkey, hosted talks in Ankara.") == {
        "Turkey": 2,
        "Ankara": 1,
    }


def test_the_longest_name_wins():
    found = places("South Sudan and Sudan signed; South Sudanese troops left New York for York.")
    assert found == {"South Sudan": 2, "Sudan": 1, "New York City": 1}


def test_names_inside_other_words_are_not_matched():
    assert places("The Sudanese envoy read Omanis' notes on Iranology and Parisian cafés.") == {
        "Sudan": 1,
        "Oman": 1,
    }


def test_matching_is_case_sensitive():
    assert places("We ate turkey and china plates, then a nice mobile reading.") == {}


def test_city_names_that_are_common_words_or_shared_by_big_cities_are_left_out():
    assert places("Nice weather in Reading; Mobile phones Split the vote. Valencia won.") == {}


def test_a_capital_is_kept_though_a_smaller_city_shares_its_name():
    assert places("Fighting reached Tripoli overnight.") == {"Tripoli": 1}


def test_names_that_contain_places_but_are_not_them():
    found = places(
        "The New York Times and the Washington Post covered Latin America; Paris Hilton "
        "flew on American Airlines, as Agence France-Presse reported."
    )
    assert found == {}


def test_washington_alone_is_the_government_and_the_city_goes_by_its_full_name():
    assert places("Washington said it would respond.") == {"United States": 1}
    assert places("Talks in Washington, D.C. ended. Xi Jinping left.") == {"Washington, D.C.": 1}
    assert places("George Washington crossed the Delaware; Washington State voted.") == {}


def test_a_country_name_that_is_someones_name_is_skipped():
    found = places(
        "Jordan Peterson and Michael Jordan spoke. Chad Smith drummed. King Abdullah of "
        "Jordan flew to Chad's capital."
    )
    assert found == {"Jordan": 1, "Chad": 1}


def test_a_city_name_that_is_part_of_a_persons_name_is_skipped():
    assert places("Whitney Houston sang as Joaquin Phoenix watched.") == {}


def test_georgia_the_country_needs_a_sign_when_the_text_reads_american():
    assert places("The Georgia runoff in Atlanta drew Republican money.") == {"Atlanta": 1}
    assert places("Protesters in Georgia marched on parliament in Tbilisi.") == {
        "Georgia": 1,
        "Tbilisi": 1,
    }
    assert places("Georgia and Armenia signed a transit deal.") == {"Georgia": 1, "Armenia": 1}


def test_turkey_the_bird_is_not_the_country():
    assert places("Turkey is best roasted slowly, with gravy.") == {}
    assert places("Turkey roasted its rivals, Erdogan said in Ankara.") == {
        "Turkey": 1,
        "Ankara": 1,
    }


def test_niger_delta_is_not_niger():
    assert places("Oil spills in the Niger Delta angered Nigerians.") == {"Nigeria": 1}


def test_people_by_name_and_alias():
    found = known(
        "Mohammad Bagher Qalibaf, also written Muhammad Baqir Qalibaf or Ghalibaf, met "
        "Vladimir Putin."
    )
    assert found == {QALIBAF: 3, PUTIN: 1}


def test_a_surname_alone_counts_after_the_full_name():
    assert known("Vladimir Putin spoke first. Then Putin left.") == {PUTIN: 2}
    assert known("Putin spoke.") == {}


def test_a_known_organisation_named_like_a_place_is_the_organisation():
    segments = ["The New York Times reported from New York."]
    result = extract(segments, VOCABULARY)
    assert dict(result.known) == {NYT: 1}
    assert {p.name: c for p, c in result.places.items()} == {"New York City": 1}


def test_headlines_in_title_case_still_find_places():
    assert places("Speaker Visits Moscow After Talks In Tehran") == {"Moscow": 1, "Tehran": 1}


def test_curly_apostrophes_and_accents_match_the_plain_spelling():
    assert places("Côte d’Ivoire and Cote d'Ivoire; Bogota and Bogotá.") == {
        "Côte d'Ivoire": 2,
        "Bogotá": 2,
    }


def test_gaza_is_palestine_and_emirati_the_emirates():
    assert places("Emirati aid reached Gaza and the West Bank.") == {
        "United Arab Emirates": 1,
        "Palestine": 2,
    }


def test_unknown_recurring_names_are_candidates_without_titles_or_sentence_starts():
    result = extract(
        [
            "Officials said Foreign Minister Abbas Araghchi met the European Union's envoy. "
            "Bashar al-Assad fled. Officials denied it."
        ],
        VOCABULARY,
    )
    assert result.candidates == {"Abbas Araghchi", "European Union", "Bashar al-Assad"}


def test_romanian_letters_with_a_comma_or_a_cedilla_are_one_spelling():
    assert places("Talks in Chișinău, also written Chişinău.") == {"Chisinau": 2}


def test_saint_is_also_written_st():
    assert places("The ferry left St Helier for Saint Helier's twin.") == {"Saint Helier": 2}


def test_a_province_named_after_a_people_is_not_their_country():
    assert places("Vigils were held in British Columbia.") == {}
