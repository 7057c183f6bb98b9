"""The saved scenarios as a link parameter and as a comparison file: round trips, tampered
and oversized data (each refused in one line, never a traceback), and the bounds."""

from __future__ import annotations

import base64
import json
import random
import string
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.errors import ScenarioError, ScenarioFileError
from planner.model.files import default_scenario, with_values
from ui.scenario_library import (
    FILE_FORMAT,
    MAX_LIBRARY_BYTES,
    MAX_SAVED_PARAM_CHARS,
    MAX_SAVED_SCENARIOS,
    ScenarioLibrary,
    Unpacked,
    decode_library,
    encode_library,
    library_toml,
    link_too_long,
    read_upload,
)


def _pack(data: object) -> str:
    """JSON, zlib, base64url: what a link carries (built here, not by the app)."""
    raw = zlib.compress(json.dumps(data).encode("utf-8"))
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


@pytest.fixture
def two() -> ScenarioLibrary:
    lib = ScenarioLibrary()
    lib.offer("Head office", default_scenario(), "saved from the screen")
    branch = with_values(default_scenario(), {"organisation.users": 25})
    lib.offer("Branch <b>x</b> =1+1", branch, "saved from the screen")
    return lib


def test_the_link_brings_back_every_scenario_and_the_picks(two: ScenarioLibrary) -> None:
    back = decode_library(encode_library(two, ["Branch <b>x</b> =1+1", "Head office"]))
    assert [s.name for s in back.scenarios] == ["Head office", "Branch <b>x</b> =1+1"]
    assert back.scenarios == [e.scenario for e in two.entries.values()]
    assert back.scenarios[1].organisation.users == 25
    assert back.compared == ["Branch <b>x</b> =1+1", "Head office"]
    assert back.problems == []


def test_the_link_is_url_safe_and_short(two: ScenarioLibrary) -> None:
    encoded = encode_library(two, [])
    assert set(encoded) <= set(string.ascii_letters + string.digits + "-_")
    assert len(encoded) < 2_000  # two scenarios near the defaults: a short link
    assert link_too_long(encoded, 2) is None


def test_the_comparison_file_brings_back_every_scenario(two: ScenarioLibrary) -> None:
    text = library_toml(two, ["Head office"])
    assert text.startswith(f'format = "{FILE_FORMAT}"')
    back = read_upload("saved.toml", text.encode("utf-8"))
    assert isinstance(back, Unpacked)
    assert back.scenarios == [e.scenario for e in two.entries.values()]
    assert back.compared == ["Head office"]


def test_a_scenario_file_is_still_read_as_one_scenario() -> None:
    back = read_upload("one.toml", b'name = "One"\n[organisation]\nusers = 40\n')
    assert not isinstance(back, Unpacked)
    assert back.name == "One"
    assert back.organisation.users == 40


def test_a_bad_scenario_file_keeps_its_own_message() -> None:
    with pytest.raises(ScenarioFileError, match=r"^empty\.toml: the file is empty"):
        read_upload("empty.toml", b"   \n")


@pytest.mark.parametrize(
    ("param", "says"),
    [
        ("not base64 at all!*", "damaged or cut short"),
        (base64.urlsafe_b64encode(b"not zlib").decode(), "damaged or cut short"),
        (base64.urlsafe_b64encode(zlib.compress(b"{not json")).decode(), "damaged or cut short"),
        (_pack(["a", "list"]), "no list of saved scenarios"),
        (_pack({"saved": "text"}), "no list of saved scenarios"),
        (_pack({"saved": [], "compared": [1, 2]}), "'compared' is not a list of names"),
        (_pack({"saved": [{}] * (MAX_SAVED_SCENARIOS + 1)}), f"at most {MAX_SAVED_SCENARIOS}"),
    ],
)
def test_tampered_link_data_is_refused_in_one_line(param: str, says: str) -> None:
    with pytest.raises(ScenarioFileError) as info:
        decode_library(param)
    message = str(info.value)
    assert says in message
    assert message.startswith("link: the saved scenarios in the address (parameter saved)")
    assert "\n" not in message


def test_a_link_cut_short_is_refused(two: ScenarioLibrary) -> None:
    encoded = encode_library(two, [])
    with pytest.raises(ScenarioFileError, match="damaged or cut short"):
        decode_library(encoded[: len(encoded) // 2])


def test_a_scenario_that_does_not_validate_is_named_and_the_others_kept() -> None:
    param = _pack(
        {
            "saved": [
                {"name": "Good"},
                {"name": "Bad", "organisation": {"users": -5}},
                {"name": "Good", "organisation": {"users": 30}},
            ],
            "compared": ["Good", "Bad", "Nowhere"],
        }
    )
    back = decode_library(param)
    assert [s.name for s in back.scenarios] == ["Good"]
    assert back.compared == ["Good"]
    assert len(back.problems) == 2
    assert "saved scenario 2" in back.problems[0]
    assert "Users today (organisation.users) = -5" in back.problems[0]
    assert "saved scenario 3" in back.problems[1]
    assert "used twice" in back.problems[1]


def test_a_parameter_over_the_limit_is_not_even_decoded() -> None:
    with pytest.raises(ScenarioFileError, match="16,385 characters; at most 16,384"):
        decode_library("A" * (MAX_SAVED_PARAM_CHARS + 1))


def test_a_link_that_inflates_past_the_limit_is_refused() -> None:
    """About 1 KiB of link that would inflate to 2 MiB (a zip bomb) stops at 1 MiB."""
    bomb = json.dumps({"saved": [{"name": "x", "description": " " * (2 * MAX_LIBRARY_BYTES)}]})
    param = base64.urlsafe_b64encode(zlib.compress(bomb.encode(), 9)).decode()
    assert len(param) < 8_000
    with pytest.raises(ScenarioFileError, match="over the 1,048,576-byte limit"):
        decode_library(param)


def test_a_link_nested_too_deeply_is_refused() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    param = base64.urlsafe_b64encode(zlib.compress(deep.encode(), 9)).decode()
    with pytest.raises(ScenarioFileError, match="nested too deeply"):
        decode_library(param)


def test_too_many_scenarios_for_a_link_get_a_message_naming_the_file_instead() -> None:
    """Random letters compress to about 5.7 bits each (log2 of 52): 48 descriptions of 400
    letters need about 48 * 400 * 5.7 / 8 = 13,700 bytes compressed, some 18,300 characters
    of base64, over the 16,384 a link holds."""
    rng = random.Random(7)
    lib = ScenarioLibrary()
    for i in range(48):
        text = "".join(rng.choice(string.ascii_letters) for _ in range(400))
        lib.offer(f"Variant {i}", with_values(default_scenario(), {"description": text}), "test")
    encoded = encode_library(lib, [])
    assert len(encoded) > MAX_SAVED_PARAM_CHARS
    message = link_too_long(encoded, len(lib))
    assert message is not None
    assert message.startswith(f"The 48 saved scenarios are too many for the link ({len(encoded):,}")
    assert "'Download saved scenarios'" in message
    # The file has no such limit: every one comes back from it.
    back = read_upload("many.toml", library_toml(lib, []).encode("utf-8"))
    assert isinstance(back, Unpacked)
    assert len(back.scenarios) == 48


def test_a_comparison_file_over_the_limit_is_refused() -> None:
    big = f'format = "{FILE_FORMAT}"\n'.encode() + b"#" * MAX_LIBRARY_BYTES
    with pytest.raises(ScenarioFileError, match="over the 1,048,576-byte limit"):
        read_upload("big.toml", big)


def test_a_comparison_file_with_a_tampered_scenario_keeps_the_others(
    two: ScenarioLibrary,
) -> None:
    text = library_toml(two, []).replace("users = 25", "users = -25")
    back = read_upload("saved.toml", text.encode("utf-8"))
    assert isinstance(back, Unpacked)
    assert [s.name for s in back.scenarios] == ["Head office"]
    assert back.problems == [
        "saved.toml: saved scenario 2: Users today (organisation.users) = -25: "
        + back.problems[0].split(" = -25: ", 1)[1]
    ]


def test_a_file_offered_again_holds_other_values_until_replaced(two: ScenarioLibrary) -> None:
    """Same names: the same values change nothing; other values wait for a confirmation."""
    changed = with_values(default_scenario(), {"organisation.users": 99})
    lib = ScenarioLibrary()
    lib.offer("Head office", default_scenario(), "screen")
    added, held = lib.offer_many([default_scenario().model_copy(update={"name": "New"})], "f")
    assert (added, held) == (1, [])
    added, held = lib.offer_many([changed.model_copy(update={"name": "Head office"})], "f")
    assert (added, held) == (0, ["Head office"])
    assert lib["Head office"].scenario.organisation.users == 200  # not replaced yet
    lib.keep_held()
    assert lib["Head office"].scenario.organisation.users == 200
    lib.offer_many([changed.model_copy(update={"name": "Head office"})], "f")
    assert lib.replace_held() == ["Head office"]
    assert lib["Head office"].scenario.organisation.users == 99
    assert lib["Head office"].colour == 0  # keeps its colour


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)


def _read(param: str) -> Unpacked | str:
    """The scenarios read back, or the message refusing them."""
    try:
        return decode_library(param)
    except ScenarioError as exc:
        return str(exc)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_as_the_parameter_is_read_or_refused_in_one_line(param: str) -> None:
    read = _read(param)
    assert isinstance(read, Unpacked) or "\n" not in read


@settings(max_examples=60, deadline=None)
@given(_JSON)
def test_any_json_behind_a_valid_encoding_is_read_or_refused(data: object) -> None:
    """Well-formed packing around any JSON: the shape and every scenario are checked."""
    for carried in (data, {"saved": [data]}, {"saved": [], "compared": data}):
        read = _read(_pack(carried))
        if isinstance(read, str):
            assert "\n" not in read
        else:
            assert len(read.scenarios) + len(read.problems) <= MAX_SAVED_SCENARIOS
