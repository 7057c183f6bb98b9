"""The best mix in "cheapest option that meets every requirement" (planner.analyses.fit):
it counts when every place it uses meets the requirements as is."""

from __future__ import annotations

from planner.analyses.fit import assess, mix_meets
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values

KIOSK = "Microsoft Exchange Online Kiosk (typed quote)"


def test_a_placement_meets_when_every_place_it_uses_does() -> None:
    # places: 0 in-house, j + 1 plan j; in-house meets, plan 0 meets, plan 1 does not
    assert mix_meets((0, 1, 1), True, [True, False])
    assert not mix_meets((0, 2), True, [True, False])
    assert not mix_meets((0, 1), False, [True, False])
    assert mix_meets((1, 1), False, [True, False])  # in-house unused: its gap does not count


def test_the_best_mix_is_the_cheapest_meeting_the_presets_requirements() -> None:
    """The preset asks for nothing beyond the defaults, so the answer is the cheapest option
    that fits, the best mix (529,715 USD), not the cheapest single plan that fits."""
    s = load_scenario(preset_files()["segments_hybrid"])
    fit = assess(s)
    p = project_scenario(s)
    summary = summarise(p)
    assert p.mix_index is not None
    assert fit.cheapest_meeting_all == p.mix_index
    assert fit.name(p.mix_index) == "Best mix"
    assert round(fit.tco[p.mix_index]) == round(float(summary.tco[0, p.mix_index])) == 529_715


def test_a_place_with_unknown_offers_keeps_the_mix_out() -> None:
    """With litigation hold required, the typed Kiosk quote (offers unknown) does not meet
    it, so the mix that puts Frontline on Kiosk is not the answer."""
    s = with_values(
        load_scenario(preset_files()["segments_hybrid"]),
        {"requirements.needs_litigation_hold": True},
    )
    p = project_scenario(s)
    assert p.mix is not None
    kiosk = [plan.label for plan in s.plans].index(KIOSK) + 1
    assert kiosk in p.mix.best.places
    fit = assess(s, p)
    kiosk_row = fit.matrix.cells[fit.matrix.options.index(KIOSK)]
    assert any(c.meets == "unknown" for c in kiosk_row)
    assert fit.cheapest_meeting_all != p.mix_index
