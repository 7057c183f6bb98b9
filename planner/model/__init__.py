"""The scenario model and its files: stage one of the pipeline.

``scenario`` (Pydantic models with bounds and descriptions), ``fields`` (the field registry:
every field's label, unit, bounds, format, help and source, read by every surface), ``ranges``
(uncertainty ranges on inputs), ``defaults`` (the sourced defaults and the plan catalogue in
``data/``), ``files`` (loading, merging, validating and saving scenario files), ``field_errors``
(messages naming the field, the value and what is allowed), ``paths`` (fields as dotted paths
and their text), ``currencies`` (display currencies and their dated rates), ``option_names``
(the names of the options the planner builds, which plans and segments may not take),
``locations`` (where the catalogue and presets are read from), ``security_updates`` (the dated
periods of paid security updates for Exchange 2016 / 2019), ``describe`` (a scenario's name
and description that follow its inputs) and ``regions`` (where the organisation is: its
currency, local sourced defaults and the size-dependent defaults fitted to its headcount)
and ``start`` (a scenario from the guided start's answers).
Imports nothing from the later stages.
"""
