"""Analyses: stage three. Many engine runs in one batch, read as answers.

``uncertainty`` (sampling inputs from ranges), ``simulation`` (Monte Carlo percentiles and the
chance each option is cheapest), ``sensitivity`` (tornado and break-even values),
``breakeven_map`` (the cheapest option over a grid of two inputs) and ``comparison`` (2 to 4
scenarios side by side). Reads the model and engine stages only.
"""
