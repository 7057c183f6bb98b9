"""The hybrid lines by hand, and the segment rules a scenario must meet (clear messages).

Hybrid lines (planner.engine.mix.hybrid_lines) on the hand case with a 7-year horizon,
servers refreshed every 5 years and 10% inflation (price index of year t = 1.1^max(t-1, 0)):

    one-time (capital)      set-up 5,000 in year 0
    hardware (capital)      the directory-sync host for year 1, paid in year 0 at the index of
                            year 0 (1.0): 2,000; the host for year 6 (year 1 + 5), paid in
                            year 5 at the index of year 5: 2,000 x 1.1^4 = 2,928.20
    hardware (residual)     at the horizon (year 7) the year-6 host has served 2 of 5 years:
                            -(1 - 2/5) x 2,928.20 = -1,756.92 (the year-1 host is spent)
    operations (operating)  1,000 x 1.1^(t-1) in years 1..7: 1,000, 1,100, 1,210, 1,331,
                            1,464.1, 1,610.51, 1,771.561
"""

from __future__ import annotations

from typing import Any

import pytest
from numpy.testing import assert_allclose

from planner.engine.categories import Line
from planner.engine.mix import hybrid_lines, mix_lines, subset_costs, tco_of
from planner.engine.scenario_arrays import Batch
from planner.engine.timeline import Timeline
from planner.errors import ScenarioValueError
from planner.model.fields import segment_spec
from planner.model.files import from_data
from planner.model.scenario import MAX_SEGMENTS
from tests.unit.hand_case import HAND_CASE, hand_case

HYBRID = {"setup_cost": 5000.0, "directory_sync_host_price": 2000.0, "running_per_year": 1000.0}


def hybrid_case(provider: str = "Microsoft", **finance: Any) -> Batch:
    """Hand case over 7 years at 10% inflation with two segments; its plan in a Microsoft
    tenant (Exchange hybrid beside in-house) unless another provider is named."""
    scenario = hand_case(
        organisation={"horizon_years": 7},
        finance={"inflation_pct_per_year": 10.0, **finance},
        hybrid=HYBRID,
        segments=[{"name": "A", "users": 60}, {"name": "B", "users": 40}],
        plans=[{**HAND_CASE["plans"][0], "provider": provider}],  # type: ignore[index]
    )
    return Batch.of(scenario)


class TestHybridLinesByHand:
    def lines(self) -> dict[Line, Any]:
        batch = hybrid_case()
        return hybrid_lines(batch, Timeline.of(batch))

    def test_setup_in_year_zero(self) -> None:
        assert_allclose(self.lines()[Line("one_time", "capital")][0], [5000] + [0] * 7)

    def test_directory_sync_host_bought_and_refreshed(self) -> None:
        host = [2000, 0, 0, 0, 0, 2928.20, 0, 0]  # 2,000 x 1.1^4 = 2,000 x 1.4641
        assert_allclose(self.lines()[Line("hardware", "capital")][0], host)

    def test_host_value_left_at_the_horizon(self) -> None:
        residual = [0] * 7 + [-(1 - 2 / 5) * 2928.20]
        assert_allclose(self.lines()[Line("hardware", "residual")][0], residual, atol=1e-6)

    def test_running_every_operating_year(self) -> None:
        running = [0, 1000, 1100, 1210, 1331, 1464.1, 1610.51, 1771.561]
        assert_allclose(self.lines()[Line("operations", "operating")][0], running)

    def test_tco_of_the_hybrid_on_both_bases(self) -> None:
        # cash: 5,000 + 2,000 + 2,928.20 + (1,000 + ... + 1,771.561 = 9,487.171) = 19,415.371
        # net of residual: 19,415.371 - 1,756.92 = 17,658.451
        for basis, expected in (("cash", 19415.371), ("net_of_residual", 17658.451)):
            batch = hybrid_case(tco_basis=basis)
            lines = hybrid_lines(batch, Timeline.of(batch))
            net = batch["finance.tco_basis"] == 0
            assert float(tco_of(lines, net)[0]) == pytest.approx(expected)

    def test_hybrid_only_when_both_parts_hold_users(self) -> None:
        # A in-house and B hosted carries the hybrid once; everyone in one place carries none
        batch = hybrid_case(tco_basis="cash")
        tl = Timeline.of(batch)
        costs = subset_costs(batch, 8)
        assert costs.hybrid == pytest.approx(19415.371)
        net = batch["finance.tco_basis"] == 0

        def tco(places: tuple[int, ...]) -> float:
            lines = {k: v.sum(axis=1) for k, v in mix_lines(batch, tl, places).items()}
            return float(tco_of(lines, net)[0])

        # subset rows: bit 0 = A, bit 1 = B
        split = costs.inhouse[1] + costs.hosted[2] + costs.groups[2, 0] + 19415.371
        assert tco((0, 1)) == pytest.approx(split)
        assert tco((0, 0)) == pytest.approx(costs.inhouse[3])
        assert tco((1, 1)) == pytest.approx(costs.hosted[3] + costs.groups[3, 0])

    def test_a_non_microsoft_provider_beside_in_house_is_cross_organisation(self) -> None:
        # no Exchange hybrid with another provider: the cross-organisation set-up 6,000 and
        # running 3,000 a year (defaults) at 10% inflation: 6,000 + 3,000 x (1 + 1.1 + ...
        # + 1.1^6 = 9.487171) = 34,461.513
        batch = hybrid_case(provider="Test", tco_basis="cash")
        tl = Timeline.of(batch)
        costs = subset_costs(batch, 8)
        assert costs.cross_organisation == pytest.approx(34_461.513)
        net = batch["finance.tco_basis"] == 0
        lines = {k: v.sum(axis=1) for k, v in mix_lines(batch, tl, (0, 1)).items()}
        split = costs.inhouse[1] + costs.hosted[2] + costs.groups[2, 0] + 34_461.513
        assert float(tco_of(lines, net)[0]) == pytest.approx(split)


def scenario(segments: list[dict[str, Any]], users: int = 100, **more: Any) -> Any:
    """Validate a scenario with these segments (defaults elsewhere)."""
    return from_data({"name": "v", "organisation": {"users": users}, "segments": segments, **more})


def refused(segments: list[dict[str, Any]], users: int = 100, **more: Any) -> str:
    """The message of the refusal."""
    with pytest.raises(ScenarioValueError) as caught:
        scenario(segments, users, **more)
    return str(caught.value)


class TestSegmentRules:
    def test_users_and_share_both_given(self) -> None:
        message = refused(
            [{"name": "A", "users": 50, "share_pct": 50.0}, {"name": "B", "users": 50}]
        )
        assert "segments[0]" in message
        assert "'A'" in message
        assert "either users or share_pct" in message

    def test_neither_users_nor_share(self) -> None:
        message = refused([{"name": "A"}, {"name": "B", "users": 100}])
        assert "segments[0]" in message
        assert "either users or share_pct" in message

    def test_shares_not_adding_up(self) -> None:
        message = refused([{"name": "A", "share_pct": 30.0}, {"name": "B", "users": 50}])
        assert "add up to 80.0" in message
        assert "organisation.users is 100" in message

    def test_within_half_a_user_is_accepted(self) -> None:
        # 3 x 33.3% of 100 = 99.9 users: within half a user of 100
        third = {"share_pct": 33.3}
        ok = scenario([{"name": n, **third} for n in "ABC"])
        assert len(ok.segments) == 3
        assert "add up to 99.0" in refused([{"name": n, "share_pct": 33.0} for n in "ABC"])

    def test_unknown_allowed_place(self) -> None:
        message = refused([{"name": "A", "users": 100, "allowed": ["in-house", "Nope Plan"]}])
        assert "segments[0].allowed = 'Nope Plan'" in message
        assert "allowed: 'in-house'" in message
        assert "'Microsoft Exchange Online Plan 1'" in message  # a catalogue label is listed

    def test_duplicate_names(self) -> None:
        message = refused([{"name": "A", "users": 50}, {"name": "A", "users": 50}])
        assert "segment names must be unique; repeated: A" in message

    def test_nine_segments(self) -> None:
        nine = [{"name": f"S{i}", "users": 10} for i in range(MAX_SEGMENTS + 1)]
        message = refused(nine, users=90)
        assert "segments: 9 segments given; allowed: at most 8 segments" in message

    def test_eight_segments_are_fine(self) -> None:
        eight = [{"name": f"S{i}", "users": 10} for i in range(MAX_SEGMENTS)]
        assert len(scenario(eight, users=80).segments) == MAX_SEGMENTS

    def test_very_long_name(self) -> None:
        message = refused([{"name": "L" * 41, "users": 100}])
        assert "Segment (segments[0].name) = 'LLLL" in message
        assert "allowed: text of 1 to 40 characters" in message

    @pytest.mark.parametrize("name", ["a\nb", "tab\there", "   ", "nul\x00"])
    def test_unprintable_or_blank_name(self, name: str) -> None:
        message = refused([{"name": name, "users": 100}])
        assert "segments[0].name" in message
        assert "printable text, not only spaces" in message

    @pytest.mark.parametrize(
        ("field", "value", "allowed"),
        [
            ("mailbox_gb", -3.0, "a number from 0.01 to 2,000"),
            ("share_pct", 0.0, "a number above 0 to 100"),
            ("growth_pct_per_year", 101.0, "a number from -50 to 100"),
            ("users", 0, "a whole number from 1 to 1,000,000"),
        ],
    )
    def test_out_of_range_numbers(self, field: str, value: float, allowed: str) -> None:
        seg: dict[str, Any] = {"name": "A", "users": 100, field: value}
        if field == "share_pct":
            del seg["users"]
        message = refused([seg])
        assert f"{segment_spec(field).title} (segments[0].{field}) = {value!r}" in message
        assert f"allowed: {allowed}" in message

    def test_unknown_field(self) -> None:
        message = refused([{"name": "A", "users": 100, "colour": "red"}])
        assert "segments[0].colour: unknown field" in message

    def test_hybrid_cost_below_zero(self) -> None:
        message = refused([{"name": "A", "users": 100}], hybrid={"setup_cost": -1.0})
        assert "Hybrid set-up project (hybrid.setup_cost) = -1.0" in message
