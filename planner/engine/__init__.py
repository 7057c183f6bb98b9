"""The engine: stage two. A scenario (or a batch of them) in, costs by year out.

``scenario_arrays`` (scenarios as arrays with a leading batch axis: the ``Batch``),
``timeline`` (headcount, mailbox size and price indices by year), ``sizing`` (Microsoft's
storage and CPU method), ``inhouse`` (in-house Exchange as a sequence of named cost steps),
``hosted`` (per-user plans), ``categories`` (the cost lines), ``current``,
``platform_paths`` and ``migration`` (an existing Exchange: upgrade in place, move or stay),
``path_notes`` (those paths as sentences), ``mix`` (user segments and the best mix),
``fit_notes`` (why a plan fits or not, in words), ``per_user`` (list price to loaded cost
per user-month), ``tax`` (the after-tax view), ``projection`` (everything composed) and
``summary`` (TCO, NPV, cost per user-month, break-even). Pure and vectorised; reads only the
model stage.
"""
