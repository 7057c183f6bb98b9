"""Analyses: stage three. Many engine runs in one batch, read as answers.

``uncertainty`` (sampling inputs from ranges), ``simulation`` (Monte Carlo percentiles and the
chance each option is cheapest), ``sensitivity`` (tornado and break-even values),
``breakeven_map`` (the cheapest option over a grid of two inputs), ``scalability`` (cost per
user-month by headcount and where plans cross in-house), ``dr_levels`` (in-house at each
disaster-recovery level against every plan), ``fit`` (capability fit: what each option
offers against the requirements), ``placement`` (whether a fixed placement of segments still
fits a variant), ``comparison`` (2 to 4 scenarios side by side) and ``recommendation`` (the
answer first: one sentence, its numbers and what would change it). Reads the model and
engine stages only.
"""
