"""Domain tests: phone numbers, accent-free keys, ticket secrets."""
import math
import re
import unicodedata

import pytest

from portal import phones, text, tokens


@pytest.mark.parametrize("typed, stored", [
    ("0912345678", "0912345678"),
    ("0912.345.678", "0912345678"),
    ("0912 345 678", "0912345678"),
    ("+84 912 345 678", "0912345678"),
    ("84912345678", "0912345678"),
    ("0084-912-345-678", "0912345678"),
    ("(+84) 383.123.456", "0383123456"),
    ("024 3385 1234", "02433851234"),
])
def test_phone_numbers_are_normalised(typed, stored):
    assert phones.normalise(typed) == stored


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


@pytest.mark.parametrize("typed", [
    "0912345678".translate(FULLWIDTH),
    "０９１２\u3000３４５\u3000６７８",  # ideographic spaces, as a Japanese/Chinese keyboard types them
    "＋８４ ９１２ ３４５ ６７８",
    "0912３４５678",
])
def test_fullwidth_digits_are_the_same_number(typed):
    assert phones.normalise(typed) == "0912345678"


@pytest.mark.parametrize("typed", [
    "0912345678".translate(ARABIC_INDIC),
    "0912345678".translate(DEVANAGARI),
    "0912٣٤٥678",
    "+84 ٩١٢ ٣٤٥ ٦٧٨",
])
def test_digits_of_other_scripts_are_refused_as_not_digits(typed):
    with pytest.raises(phones.PhoneError) as error:
        phones.normalise(typed)
    assert "chỉ gồm chữ số" in str(error.value.args[0])


def test_fullwidth_short_codes_are_read_and_other_digits_are_kept_apart():
    assert tokens.clean_short_code("ｋ７ｈｍ－３ｑｐｘ") == "K7HM3QPX"
    assert tokens.clean_short_code("K7HM-3QP٩") != "K7HM3QP9"


def test_old_eleven_digit_number_is_told_its_new_form():
    with pytest.raises(phones.PhoneError) as error:
        phones.normalise("0168 123 4567")
    assert "0381234567" in str(error.value.args[0])


@pytest.mark.parametrize("typed", ["", "abc", "0912345", "09123456789", "0112345678", "1912345678", "0912345678<script>"])
def test_unusable_phone_numbers_are_refused_with_a_message(typed):
    with pytest.raises(phones.PhoneError) as error:
        phones.normalise(typed)
    assert str(error.value.args[0])


def test_masked_phone_shows_only_the_last_three_digits():
    assert phones.mask("0912345678") == "•••••••678"


@pytest.mark.parametrize("typed, key", [
    ("Thường Tín", "thuong tin"),
    ("Xã Hòa Bình", "xa hoa binh"),
    ("Xã Hoà Bình", "xa hoa binh"),
    ("Đỗ Đức Dũng", "do duc dung"),
    ("  Nguyễn   Văn  A ", "nguyen van a"),
    (unicodedata.normalize("NFD", "Thường Tín"), "thuong tin"),
])
def test_search_keys_ignore_accents_and_tone_mark_styles(typed, key):
    assert text.fold(typed) == key


def test_names_are_stored_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoà")
    assert text.squash(decomposed) == unicodedata.normalize("NFC", "Nguyễn Thị Hoà")
    assert text.is_name(text.squash(decomposed))


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "Lan 😀", "Lan123", "---"])
def test_markup_emoji_and_digits_are_not_names(name):
    assert not text.is_name(name)


def test_like_wildcards_typed_by_a_person_are_taken_literally():
    assert text.like_pattern("50%_off") == "%50\\%\\_off%"


def test_tokens_carry_at_least_128_random_bits_and_never_repeat():
    seen = {tokens.new_token() for _ in range(2000)}
    assert len(seen) == 2000
    for token in list(seen)[:50]:
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
        assert len(token) * math.log2(64) >= 128


def test_consecutive_tokens_are_not_a_sequence():
    """Could someone guess the next ticket from their own? Consecutive tokens agree in about 1 of 64 places."""
    pairs = [(tokens.new_token(), tokens.new_token()) for _ in range(100)]
    same = sum(x == y for a, b in pairs for x, y in zip(a, b))
    assert same < 150  # 3,200 positions compared; a counter or timestamp would share far more


def test_short_codes_avoid_characters_people_confuse():
    codes = [tokens.new_short_code() for _ in range(500)]
    assert all(len(code) == 8 for code in codes)
    assert not set("".join(codes)) & set("0O1IL2Z5S8B6G")
    assert tokens.clean_short_code(" k7hm-3qpx ") == "K7HM3QPX"
    assert tokens.format_short_code("K7HM3QPX") == "K7HM-3QPX"


@pytest.mark.parametrize("ordered", [
    ["A", "Ă", "Â", "Ba", "Da", "Dương", "Đà Nẵng", "Em", "Ê"],
    ["On", "Ôn", "Ơn", "Uy", "Ưng"],
    ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Man"],  # a syllable's letters first, then its tone
    ["Ma Bb", "Mạ Ba"],  # syllable by syllable, as in a dictionary
    ["Thôn 1", "Thôn 2", "Thôn 10", "Thôn 10A"],  # numbers in a name count as numbers
])
def test_vietnamese_dictionary_order(ordered):
    assert sorted(reversed(ordered), key=text.collation_key) == ordered


def test_one_collation_key_for_both_tone_mark_styles_and_any_case():
    assert text.collation_key("Xã Hòa Bình") == text.collation_key("xã hoà  bình")
    assert text.collation_key("Thủy") == text.collation_key("THUỶ")
    assert text.collation_key("Thôn Đông") != text.collation_key("Thôn Đồng")
