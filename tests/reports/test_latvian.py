from reports.latvian import attribution, genitive, libraries_word


def test_genitive_of_a_parish_library():
    assert genitive("Vērēmu pagasta bibliotēka") == "Vērēmu pagasta bibliotēkas"


def test_genitive_changes_a_definite_adjective_too():
    assert (genitive("Rēzeknes valstspilsētas Centrālā bibliotēka")
            == "Rēzeknes valstspilsētas Centrālās bibliotēkas")


def test_genitive_keeps_numbered_names():
    assert genitive("Kaunatas pagasta 1. bibliotēka") == "Kaunatas pagasta 1. bibliotēkas"


def test_attribution():
    assert attribution("Vērēmu pagasta bibliotēka") == "(no Vērēmu pagasta bibliotēkas pārskata)"


def test_libraries_word_agrees_with_the_number():
    assert libraries_word(1) == "bibliotēka"
    assert libraries_word(21) == "bibliotēka"
    assert libraries_word(11) == "bibliotēkas"
    assert libraries_word(15) == "bibliotēkas"
