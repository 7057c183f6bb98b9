"""The engine: stage two. A scenario (or a batch of them) in, costs by year out.

``batch`` (scenarios as arrays with a leading batch axis), ``timeline`` (headcount, mailbox
size and price indices by year), ``sizing`` (Microsoft's storage and CPU method), ``inhouse``
(in-house Exchange as a sequence of named cost steps), ``hosted`` (per-user plans),
``categories`` (the cost lines), ``projection`` (everything composed) and ``summary``
(TCO, NPV, cost per user-month, break-even). Pure and vectorised; reads only the model stage.
"""
