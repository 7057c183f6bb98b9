"""Microsoft's sizing formulas against cases worked by hand."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from planner.engine import sizing


class TestMailboxOnDisk:
    def test_microsoft_design_example_gives_2301_mb(self) -> None:
        """2 GB quota, 100 msgs/day, 75 KB, 14 days, 0.012 and 0.058 -> 2,301 MB (ee832789).

        whitespace = 100 x 75 / 1024 = 7.324 MB
        dumpster   = 7.324 x 14 + 2048 x 0.012 + 2048 x 0.058 = 102.54 + 24.58 + 118.78 = 245.9
        on disk    = 2048 + 7.32 + 245.9 = 2301.2 MB, about 2.25 GB
        """
        mb = float(sizing.mailbox_on_disk_mb(2048, 100, 75, 14, 0.012, 0.058))
        assert mb == pytest.approx(2301.2, abs=0.05)
        assert mb / 1024 == pytest.approx(2.25, abs=0.005)

    def test_calendar_factor_0_03_gives_2_19_gb(self) -> None:
        """Copies printing 0.03: dumpster = 102.54 + 24.58 + 61.44 -> 2,243.9 MB = 2.19 GB."""
        mb = float(sizing.mailbox_on_disk_mb(2048, 100, 75, 14, 0.012, 0.03))
        assert mb == pytest.approx(2243.9, abs=0.05)
        assert mb / 1024 == pytest.approx(2.19, abs=0.005)

    def test_broadcasts_over_arrays(self) -> None:
        out = sizing.mailbox_on_disk_mb([1024, 2048], 100, 75, 14)
        assert out.shape == (2,)
        assert_allclose(out[1], 2301.2, atol=0.05)


class TestLogs:
    def test_150_messages_of_75_kb_make_30_logs(self) -> None:
        """Ross Smith IV: 150 msgs/day at 75 KB -> about 30 one-MB logs per mailbox per day."""
        assert float(sizing.log_mb_per_mailbox_day(150, 75, 0.2)) == pytest.approx(30.0)

    def test_doubling_message_size_multiplies_logs_by_1_9(self) -> None:
        ratio = sizing.log_mb_per_mailbox_day(150, 150) / sizing.log_mb_per_mailbox_day(150, 75)
        assert float(ratio) == pytest.approx(1.9)


class TestDatabaseAndVolume:
    def test_database_copy_is_users_times_on_disk_plus_overhead(self) -> None:
        """1,000 users x 2,301.2 MB / 1024 x 1.2 = 2,696.7 GB."""
        gb = float(sizing.database_copy_gb(1000, 2301.2, 20))
        assert gb == pytest.approx(2696.72, abs=0.01)

    def test_volume_adds_index_and_logs_then_keeps_free_space(self) -> None:
        """(1,000 x 1.2 + 50) / 0.8 = 1,562.5 GB."""
        assert float(sizing.volume_gb(1000, 50, 20, 20)) == pytest.approx(1562.5)

    def test_databases_needed_rounds_up_and_is_at_least_one(self) -> None:
        assert_allclose(sizing.databases_needed([0.0, 2048.0, 2049.0, 5000.0], 2048), [1, 1, 2, 3])


class TestCpu:
    def test_baseline_core_supplies_2000_megacycles(self) -> None:
        assert float(sizing.megacycles_per_core(33.75)) == pytest.approx(2000.0)
